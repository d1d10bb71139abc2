import { slashCommandBody } from '../support/slack-payloads.js';
import { startHarness, type Harness } from '../support/herald-harness.js';

const FORM = 'application/x-www-form-urlencoded';

describe('requests that claim to come from Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it.each([
    ['wrong', 'signature mismatch'],
    ['stale', 'request is stale'],
    ['none', 'signature headers are missing'],
  ] as const)('a %s signature gets 401, reaches no listener, and the log says why', async (sign, reason) => {
    const before = h.slack.calls.length;
    const logsBefore = h.logs.length;
    const body = new URLSearchParams(slashCommandBody({ trigger_id: h.slack.newTriggerId() })).toString();
    const response = await h.requester.raw({ body, contentType: FORM, sign });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.slack.calls.slice(before).filter((call) => call.method !== 'auth.test')).toEqual([]);
    expect(h.pagerduty.calls.filter((call) => call.method !== 'GET')).toEqual([]);
    const refusals = h.logs.slice(logsBefore).filter((line) => line.includes('signature did not verify'));
    expect(refusals).toEqual([expect.stringContaining(reason)]);
  });

  it('a correctly signed command is acknowledged at once and opens the form', async () => {
    const since = h.slack.calls.length;
    const response = await h.requester.command({ text: '' });
    expect(response.status).toBe(200);
    const opened = await h.slack.waitFor('views.open', { since });
    expect((opened.response as { ok: boolean }).ok).toBe(true);
  });

  it('`help` answers privately with the usage, and opens nothing', async () => {
    const since = Date.now();
    const response = await h.requester.command({ text: 'help' });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ response_type: 'ephemeral', text: expect.stringContaining('/status-update help') });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.slack.calls.filter((call) => call.at >= since && call.method === 'views.open')).toEqual([]);
  });

  it('an unknown word is named back, with the usage', async () => {
    const response = await h.requester.command({ text: '<!channel> please' });
    expect(response.status).toBe(200);
    const text = (response.json as { text: string }).text;
    expect(text).toContain('does not know `&lt;!channel&gt;`');
    expect(text).toContain('/status-update help');
  });

  it('a form that can no longer be read gets a clear field error instead of a crash', async () => {
    const payload = {
      type: 'view_submission',
      team: { id: 'T0HERALD01', domain: 'herald-test' },
      user: { id: 'U0RESPOND1', username: 'responder', name: 'responder', team_id: 'T0HERALD01' },
      api_app_id: 'A0HERALD01',
      token: 'verification-token',
      trigger_id: '1.2.3',
      view: {
        id: 'V0TAMPERED',
        team_id: 'T0HERALD01',
        type: 'modal',
        callback_id: 'status_update_form',
        hash: '1.a',
        private_metadata: '{"v":1,"channelId":',
        blocks: [],
        state: { values: {} },
        title: { type: 'plain_text', text: 'Status update' },
      },
    };
    const response = await h.requester.viewSubmission(payload);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ response_action: 'errors', errors: { message: expect.stringContaining('run /status-update again') } });
  });
});
