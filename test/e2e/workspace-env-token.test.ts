import { FAKE_CHANNEL, FAKE_WORKSPACE } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';

// OAuth with SLACK_BOT_TOKEN still set: the environment's token serves its own workspace (whatever
// HERALD_ALLOWED_TEAMS says: the operator put it there) until that workspace removes Herald. Then Slack has
// revoked the token, and Herald must say it is not installed rather than fail on every call with invalid_auth.

describe('SLACK_BOT_TOKEN beside OAuth', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      oauth: { keepBotToken: true, allowedTeams: 'T0SOMEONE1' },
      channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves its own workspace, and stops when that workspace uninstalls Herald', async () => {
    const since = h.slack.calls.length;
    expect((await h.requester.command({ text: '' })).status).toBe(200);
    expect((await h.slack.waitFor('views.open', { since })).teamId).toBe(FAKE_WORKSPACE.teamId);

    // Slack revokes the token, then tells Herald.
    h.slack.workspaces.revoke(FAKE_WORKSPACE.teamId);
    const uninstalled = await h.requester.raw({
      contentType: 'application/json',
      body: JSON.stringify({
        token: 'unused',
        team_id: FAKE_WORKSPACE.teamId,
        api_app_id: FAKE_WORKSPACE.appId,
        type: 'event_callback',
        event_id: 'Ev0UNINSTALL',
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_uninstalled' },
      }),
    });
    expect(uninstalled.status).toBe(200);

    // Bolt answers an event before its listener runs: ask until Herald has taken it in (briefly).
    let text: string | undefined;
    for (let i = 0; i < 100 && text === undefined; i += 1) {
      text = ((await h.requester.command({ text: '' })).json as { text?: string } | undefined)?.text;
      if (text === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(text).toContain('Herald is not installed in this workspace any more');
    expect(h.logs.join('')).not.toContain('invalid_auth');
  });
});
