import { LINK_FORM_BLOCKS, linkOptionValue } from '../../src/slack/channel-links/link-form.js';
import { FAKE_CHANNEL, FAKE_USER, type StoredMessage, type StoredView } from '../fakes/fake-slack.js';
import { correctButton } from '../support/correction-driver.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { actionFromView, blockActionsPayload, valuesFromView, viewSubmissionPayload } from '../support/slack-payloads.js';
import { currentView, waitUntilLoaded } from '../support/update-form-driver.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import {
  CORRECT_LAST_UPDATE_ACTION,
  CORRECTION_FORM_CALLBACK_ID,
  CORRECTION_MESSAGE_BLOCK_ID,
  ECHO_ACTIONS_BLOCK_ID,
} from '../../src/slack/corrections/correction-ids.js';
import { FORM_BLOCKS, POST_SELECT_ACTION } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Herald installed into two workspaces through OAuth (/slack/install → Slack → /slack/oauth_redirect, state
// cookie and all): each workspace's requests and background work (echo, result view) use that workspace's own
// token, tokens are stored encrypted, uninstall and revocation delete them, and a restart keeps the rest. Only the
// workspaces in HERALD_ALLOWED_TEAMS may install Herald or use it.

const ACME = { id: 'T0ACME0001', name: 'Acme', domain: 'acme' };
const GLOBEX = { id: 'T0GLOBEX01', name: 'Globex', domain: 'globex' };
const INITECH = { id: 'T0INITECH1', name: 'Initech', domain: 'initech' };
/** Allowed, never installed. */
const NOBODY = { id: 'T0NOBODY01', name: 'Nobody', domain: 'nobody' };
type Team = typeof ACME;

const userOf = (team: Team) => ({ id: FAKE_USER.id, username: FAKE_USER.name, name: FAKE_USER.name, team_id: team.id });
const payloadTeamOf = (team: Team) => ({ id: team.id, domain: team.domain });

async function install(h: Harness, team: Team): Promise<Response> {
  const started = await fetch(`${h.baseUrl}/slack/install`, { redirect: 'manual' });
  expect(started.status).toBe(302);
  const consent = new URL(started.headers.get('location')!);
  expect(consent.origin + consent.pathname).toBe('https://slack.com/oauth/v2/authorize');
  const cookie = started.headers.get('set-cookie')!.split(';')[0]!;
  // The admin approves in Slack; Slack sends the browser back with a code and the same state.
  const code = h.slack.workspaces.issueCode({ id: team.id, name: team.name }, consent.searchParams.get('scope')!.split(','));
  return fetch(`${h.baseUrl}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(consent.searchParams.get('state')!)}`, {
    headers: { cookie },
  });
}

function command(h: Harness, team: Team, text = '') {
  return h.requester.command({ text, team_id: team.id, team_domain: team.domain });
}

/** A responder of `team` publishes an update on the seeded incident; resolves with the calls Slack saw meanwhile. */
async function publishAs(h: Harness, team: Team, message: string) {
  const seed = h.pagerduty.seed!;
  const user = userOf(team);
  const payloadTeam = payloadTeamOf(team);
  const since = h.slack.calls.length;
  expect((await command(h, team)).status).toBe(200);
  const opened = await h.slack.waitFor('views.open', { since });
  let view: StoredView = await waitUntilLoaded(h, (opened.response as { view: { id: string } }).view.id, since);
  const picked = h.slack.calls.length;
  await h.requester.blockActions(
    blockActionsPayload({
      view,
      user,
      team: payloadTeam,
      action: actionFromView(view, FORM_BLOCKS.post, `incident:${seed.incidentPostId}`, POST_SELECT_ACTION),
    }),
  );
  view = await waitUntilLoaded(h, view.id, picked);
  const values = valuesFromView(view, {
    [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
    [FORM_BLOCKS.severity]: seed.severities.incident.major!,
    [FORM_BLOCKS.message]: message,
  });
  const submission = viewSubmissionPayload({ view, values, user, team: payloadTeam }) as { view: Record<string, unknown> };
  // Slack's view carries the workspace it was opened in (the fake Slack's views all name its default one).
  Object.assign(submission.view, { team_id: team.id, app_installed_team_id: team.id });
  const ack = (await h.requester.viewSubmission(submission)).json as Record<string, unknown>;
  expect(JSON.stringify(ack)).toContain('"response_action":"update"');
  h.slack.applyViewAck(view.id, ack as never);
  await h.slack.waitFor(
    (call) =>
      call.method === 'views.update' &&
      call.args.view_id === view.id &&
      (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
    { since },
  );
  await h.herald.publisher.idle();
  expect(currentView(h, view.id).callback_id).toBe(RESULT_VIEW_CALLBACK_ID);
  return h.slack.calls.slice(since);
}

/** `team`'s echo in the channel, its "Correct last update" button clicked as someone of that team. */
async function clickCorrect(h: Harness, team: Team, echo: StoredMessage, responseUrl = h.slack.newResponseUrl()) {
  const answer = await h.requester.blockActions(
    blockActionsPayload({
      message: echo as unknown as Record<string, unknown> & { ts: string },
      action: { action_id: CORRECT_LAST_UPDATE_ACTION, block_id: ECHO_ACTIONS_BLOCK_ID, type: 'button', value: correctButton(echo)!.value },
      trigger_id: h.slack.newTriggerId(),
      response_url: responseUrl,
      user: userOf(team),
      team: payloadTeamOf(team),
    }),
  );
  expect(answer.status).toBe(200);
  return responseUrl;
}

/** Submits `view` as someone of `team`, with `values` typed in; resolves with Slack's ack body. */
async function submitAs(h: Harness, team: Team, view: StoredView, values: Record<string, string>) {
  const submission = viewSubmissionPayload({
    view,
    values: valuesFromView(view, values),
    user: userOf(team),
    team: payloadTeamOf(team),
  }) as { view: Record<string, unknown> };
  Object.assign(submission.view, { team_id: team.id, app_installed_team_id: team.id });
  const answer = await h.requester.viewSubmission(submission);
  expect(answer.status).toBe(200);
  return answer.json as { response_action?: string; errors?: Record<string, string> };
}

function event(h: Harness, team: Team, body: Record<string, unknown>) {
  return h.requester.raw({
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'unused',
      team_id: team.id,
      api_app_id: 'A0HERALD01',
      type: 'event_callback',
      event_id: `Ev${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
      ...body,
    }),
  });
}

describe('Herald in several workspaces (OAuth)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      oauth: { allowedTeams: `${ACME.id}, ${GLOBEX.id}, ${NOBODY.id}` },
      channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a redirect that did not start in this browser, and stores nothing', async () => {
    const code = h.slack.workspaces.issueCode({ id: ACME.id, name: ACME.name }, ['commands']);
    const answer = await fetch(`${h.baseUrl}/slack/oauth_redirect?code=${code}&state=forged`);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('not started in this browser');
    expect(await h.stores.installations.listInstallations()).toEqual([]);
  });

  it('installs two workspaces, each with its own token, stored encrypted', async () => {
    for (const team of [ACME, GLOBEX]) {
      const done = await install(h, team);
      expect(done.status).toBe(200);
      expect(await done.text()).toContain(`Herald is installed in ${team.name}`);
    }
    const rows = await h.stores.installations.listInstallations();
    expect(rows.map((row) => row.teamId).sort()).toEqual([ACME.id, GLOBEX.id]);
    for (const row of rows) {
      const [token] = h.slack.workspaces.tokensOf(row.teamId!);
      expect(token).toMatch(/^xoxb-/);
      expect(row.sealedInstallation).toMatch(/^v1\./);
      expect(row.sealedInstallation).not.toContain(token);
      expect(row.sealedInstallation).not.toContain('xoxb-');
    }
  });

  it('refuses to install a workspace HERALD_ALLOWED_TEAMS leaves out: nothing stored, its token given back', async () => {
    const refused = await install(h, INITECH);
    expect(refused.status).toBe(403);
    const page = await refused.text();
    expect(page).toContain(
      'This Herald only serves the workspaces its operator chose, and Initech is not one of them, so nothing was installed.',
    );
    expect(page).toContain('HERALD_ALLOWED_TEAMS');
    const rows = await h.stores.installations.listInstallations();
    expect(rows.map((row) => row.teamId).sort()).toEqual([ACME.id, GLOBEX.id]);
    expect(h.slack.workspaces.tokensOf(INITECH.id)).toEqual([]);
    const answer = await command(h, INITECH);
    expect((answer.json as { text: string }).text).toContain('This Herald only serves the workspaces its operator chose');
  });

  it("publishes from each workspace with that workspace's token, the echo and result view included", async () => {
    for (const team of [ACME, GLOBEX]) {
      const calls = await publishAs(h, team, `Checkout errors at ${team.name}.`);
      const slackApi = calls.filter((call) => call.method !== 'response_url');
      expect(slackApi.map((call) => call.method)).toEqual(expect.arrayContaining(['views.open', 'views.update', 'chat.postMessage']));
      expect(new Set(slackApi.map((call) => call.teamId))).toEqual(new Set([team.id]));
      const echo = calls.find((call) => call.method === 'chat.postMessage')!;
      expect(echo.args.channel).toBe(FAKE_CHANNEL.id);
      expect(JSON.stringify(echo.args.blocks)).toContain(`Checkout errors at ${team.name}.`);
    }
  });

  it('answers a workspace it was never installed in, in words', async () => {
    const answer = await command(h, NOBODY);
    expect(answer.status).toBe(200);
    expect((answer.json as { text: string }).text).toContain('Herald is not installed in this workspace');
  });

  it('keeps installations over a restart, and refuses to read them with another key without crashing', async () => {
    await h.restart();
    let since = h.slack.calls.length;
    await command(h, ACME);
    expect((await h.slack.waitFor('views.open', { since })).teamId).toBe(ACME.id);

    await h.restart({ HERALD_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('hex') });
    expect(h.logs.join('')).toContain('2 of the 2 stored workspace installations cannot be read with this HERALD_ENCRYPTION_KEY');
    const refused = await command(h, ACME);
    expect((refused.json as { text: string }).text).toContain('Herald is not installed in this workspace');

    // Globex taken off the list: its stored installation is kept but no longer served.
    await h.restart({ HERALD_ALLOWED_TEAMS: ACME.id });
    const dropped = await command(h, GLOBEX);
    expect((dropped.json as { text: string }).text).toContain('this workspace is not (or no longer) one of them');
    since = h.slack.calls.length;
    await command(h, ACME);
    expect((await h.slack.waitFor('views.open', { since })).teamId).toBe(ACME.id);

    await h.restart({});
    since = h.slack.calls.length;
    await command(h, GLOBEX);
    expect((await h.slack.waitFor('views.open', { since })).teamId).toBe(GLOBEX.id);
  });

  it("deletes a workspace's tokens when it uninstalls Herald or revokes the bot token, and tells its users", async () => {
    // Modals open when Herald is removed: the link modal at Acme, a correction of Globex's (the newest) update.
    let since = h.slack.calls.length;
    await command(h, ACME, 'link');
    const linkView = (await h.slack.waitFor('views.open', { since })).response as { view: StoredView };
    const seed = h.pagerduty.seed!;
    const incident = linkOptionValue({ provider: 'pagerduty', id: seed.pageId }, { kind: 'incident', id: seed.incidentPostId });
    await h.slack.waitFor(
      (call) =>
        call.method === 'views.update' && call.args.view_id === linkView.view.id && JSON.stringify(call.args.view).includes(incident),
      { since },
    );
    const linkModal = currentView(h, linkView.view.id);
    const globexEcho = h.slack
      .messagesIn(FAKE_CHANNEL.id)
      .find((message) => correctButton(message) && JSON.stringify(message.blocks).includes('Checkout errors at Globex.'))!;
    since = h.slack.calls.length;
    await clickCorrect(h, GLOBEX, globexEcho);
    const correction = ((await h.slack.waitFor('views.open', { since })).response as { view: StoredView }).view;
    expect(correction.callback_id).toBe(CORRECTION_FORM_CALLBACK_ID);

    expect((await event(h, ACME, { event: { type: 'app_uninstalled' } })).status).toBe(200);
    const revoked = await event(h, GLOBEX, { event: { type: 'tokens_revoked', tokens: { oauth: [], bot: ['UBOT0GLOBEX01'] } } });
    expect(revoked.status).toBe(200);
    const installations = h.stores.installations;
    // Bolt answers an event before its listener runs: wait (briefly) for the deletions.
    for (let i = 0; i < 100 && (await installations.listInstallations()).length > 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await installations.listInstallations()).toEqual([]);
    for (const team of [ACME, GLOBEX]) {
      const answer = await command(h, team);
      expect((answer.json as { text: string }).text).toContain('Herald is not installed in this workspace any more');
    }

    // Every modal keeps its text and says why under its input; a button answers privately through its response_url.
    const linkAck = await submitAs(h, ACME, linkModal, { [LINK_FORM_BLOCKS.post]: incident });
    expect(linkAck.response_action).toBe('errors');
    expect(linkAck.errors?.[LINK_FORM_BLOCKS.post]).toContain('Herald is not installed in this workspace any more');
    const correctionAck = await submitAs(h, GLOBEX, currentView(h, correction.id), { [CORRECTION_MESSAGE_BLOCK_ID]: 'Fixed wording.' });
    expect(correctionAck.response_action).toBe('errors');
    expect(correctionAck.errors?.[CORRECTION_MESSAGE_BLOCK_ID]).toContain('Herald is not installed in this workspace any more');
    since = h.slack.calls.length;
    const responseUrl = await clickCorrect(h, GLOBEX, globexEcho);
    await h.slack.waitFor((call) => call.method === 'response_url' && responseUrl.endsWith(call.responseUrlId ?? '-'), { since });
    expect(h.slack.responses(responseUrl).at(-1)).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: expect.stringContaining('Herald is not installed in this workspace any more'),
    });
  });

  it('never logs the client secret, state secret, encryption key or any workspace token', () => {
    const logs = h.logs.join('');
    const tokens = [ACME, GLOBEX].flatMap((team) => h.slack.workspaces.tokensOf(team.id));
    for (const secret of [...h.secrets, ...tokens]) expect(logs).not.toContain(secret);
  });
});
