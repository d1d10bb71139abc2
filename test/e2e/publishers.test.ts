import { REMINDER_ACTIONS_BLOCK_ID, REMINDER_POST_UPDATE_ACTION } from '../../src/reminders/reminder-message.js';
import { FAKE_CHANNEL, FAKE_USER, FAKE_WORKSPACE } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { blockActionsPayload, valuesFromView, viewSubmissionPayload, type PayloadUser } from '../support/slack-payloads.js';
import { choosePost, openUpdateForm, publishIncidentUpdate } from '../support/update-form-driver.js';
import { FORM_BLOCKS, MESSAGE_BLOCK_ID } from '../../src/slack/update-form/blocks/update-form-ids.js';

// HERALD_PUBLISHERS: only members of the named Slack user groups may publish. Checked when the command
// runs, when the form is submitted and when a reminder's "Post update" is clicked; when Slack cannot
// say (no usergroups:read, Slack down), nobody may.

const OUTSIDER: PayloadUser = { id: 'U0OUTSIDER', username: 'outsider', name: 'outsider', team_id: FAKE_WORKSPACE.teamId };
const REFUSAL = 'Only members of @incident-commanders or @sre can publish status updates. Ask one of them, or ask an admin to add you.';

function addGroups(h: Harness): void {
  h.slack.addUsergroup({ id: 'S0COMMAND1', handle: 'incident-commanders', name: 'Incident commanders', users: ['U0COMMANDER'] });
  h.slack.addUsergroup({ id: 'S0SRE00001', handle: 'sre', name: 'SRE', users: [FAKE_USER.id, 'U0SRE0002'] });
  h.slack.addUsergroup({ id: 'S0OLDSRE01', handle: 'old-sre', name: 'Old SRE', users: [OUTSIDER.id], disabled: true });
}

/** Runs the command as `userId`; resolves with what Herald said privately (null if it said nothing) and whether a form opened. */
async function runCommand(h: Harness, userId: string, text = ''): Promise<{ said: string | null; opened: boolean }> {
  const since = h.slack.calls.length;
  const responseUrl = h.slack.newResponseUrl();
  const answer = await h.requester.command({ text, user_id: userId, response_url: responseUrl });
  expect(answer.status).toBe(200);
  const outcome = await h.slack.waitFor(
    (call) =>
      call.method === 'views.open' ||
      (call.method === 'response_url' && call.responseUrlId !== undefined && responseUrl.endsWith(call.responseUrlId)),
    { since },
  );
  if (outcome.method === 'views.open') return { said: null, opened: true };
  const [reply] = h.slack.responses(responseUrl);
  expect(reply!.response_type).toBe('ephemeral');
  return { said: String(reply!.text), opened: h.slack.calls.slice(since).some((call) => call.method === 'views.open') };
}

describe('HERALD_PUBLISHERS: who may publish', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ publishers: '@incident-commanders, SRE' });
    addGroups(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('someone outside the groups is told privately who can publish, and no form opens', async () => {
    const { said, opened } = await runCommand(h, OUTSIDER.id);
    expect(said).toBe(REFUSAL);
    expect(opened).toBe(false);
    // A disabled group of the same shape does not count, and only the named groups were asked about.
    const asked = h.slack.callsOf('usergroups.users.list').map((call) => call.args.usergroup);
    expect(new Set(asked)).toEqual(new Set(['S0COMMAND1', 'S0SRE00001']));
  });

  it('a member of one of the groups gets the form and publishes', async () => {
    const before = h.pagerduty.state.updatesOf(h.pagerduty.seed!.incidentPostId).length;
    const result = await publishIncidentUpdate(h, 'Members may publish.');
    expect((result.title as { text: string }).text).not.toBe('Not published');
    expect(h.pagerduty.state.updatesOf(h.pagerduty.seed!.incidentPostId)).toHaveLength(before + 1);
  });

  it('group lookups are cached: a burst of commands asks Slack for the groups once', async () => {
    const listsBefore = h.slack.callsOf('usergroups.list').length;
    await Promise.all([runCommand(h, OUTSIDER.id), runCommand(h, 'U0OTHER02'), runCommand(h, OUTSIDER.id)]);
    expect(h.slack.callsOf('usergroups.list').length).toBe(listsBefore);
  });

  it('a form submitted by someone outside the groups is refused on the message, with the text kept and nothing stored', async () => {
    const seed = h.pagerduty.seed!;
    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
    const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
    const values = valuesFromView(view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: 'Typed by someone else at the same laptop.',
    });
    const response = await h.requester.viewSubmission(viewSubmissionPayload({ view, values, user: OUTSIDER }));
    expect(response.json).toEqual({ response_action: 'errors', errors: { [MESSAGE_BLOCK_ID]: REFUSAL } });
    expect(await h.stores.submissions.findSubmissionByKey(`${view.id}:${view.hash}`)).toBeNull();
    await h.herald.publisher.idle();
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before);
    // The member submitting the same form publishes it: the text was never lost.
    const accepted = await h.requester.viewSubmission(viewSubmissionPayload({ view, values }));
    expect((accepted.json as { response_action: string }).response_action).toBe('update');
    await h.herald.publisher.idle();
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
  });

  it("a reminder's Post update is refused to someone outside the groups", async () => {
    const submissionId = await latestSubmissionId(h);
    const responseUrl = h.slack.newResponseUrl();
    const since = h.slack.calls.length;
    await h.requester.blockActions(
      blockActionsPayload({
        message: { ts: '1700000000.000100', text: 'Time for the next update', blocks: [] } as never,
        action: {
          type: 'button',
          block_id: REMINDER_ACTIONS_BLOCK_ID,
          action_id: REMINDER_POST_UPDATE_ACTION,
          value: submissionId,
          text: { type: 'plain_text', text: 'Post update' },
        },
        trigger_id: h.slack.newTriggerId(),
        response_url: responseUrl,
        user: OUTSIDER,
      }),
    );
    await h.slack.waitFor((call) => call.method === 'response_url' && responseUrl.endsWith(call.responseUrlId ?? '-'), { since });
    expect(h.slack.responses(responseUrl)[0]).toMatchObject({ response_type: 'ephemeral', text: REFUSAL });
    expect(h.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(false);
  });
});

async function latestSubmissionId(h: Harness): Promise<string> {
  const seed = h.pagerduty.seed!;
  const mine = await h.stores.channels.latestPublished('pagerduty', seed.pageId, seed.incidentPostId);
  if (!mine || mine.channelId !== FAKE_CHANNEL.id) throw new Error('no published submission to remind about');
  return mine.id;
}

describe('HERALD_PUBLISHERS when Slack cannot tell', () => {
  it('without the usergroups:read scope: tells them an admin must reinstall Herald with it, and logs it', async () => {
    const h = await startHarness({ publishers: 'sre', slackScopes: ['chat:write', 'chat:write.public', 'commands'] });
    try {
      addGroups(h);
      const { said, opened } = await runCommand(h, FAKE_USER.id);
      expect(opened).toBe(false);
      expect(said).toContain('usergroups:read');
      expect(said).toContain('reinstall');
      expect(h.logs.some((line) => line.includes('missing_scope'))).toBe(true);
      // Commands that publish nothing still work.
      const help = await h.requester.command({ text: 'help' });
      expect((help.json as { text: string }).text).toContain('/status-update');
    } finally {
      await h.close();
    }
  });

  it('when Slack fails to answer, nobody may publish, the cause is named, and the next try asks again', async () => {
    const h = await startHarness({ publishers: 'sre' });
    try {
      addGroups(h);
      h.slack.inject('usergroups.list', { status: 500 });
      const { said, opened } = await runCommand(h, FAKE_USER.id);
      expect(opened).toBe(false);
      expect(said).toBe(
        'Herald cannot check who may publish: Slack did not answer about user groups (slack_webapi_http_error). Nothing was published; try again in a moment.',
      );
      expect(h.logs.some((line) => line.includes('could not check HERALD_PUBLISHERS'))).toBe(true);
      // The failure is not remembered: the next command asks Slack again and gets through.
      expect(await runCommand(h, FAKE_USER.id)).toEqual({ said: null, opened: true });
      expect(h.slack.violations).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('handles that are not user groups: logged once by name; when none exists, nobody may publish', async () => {
    const h = await startHarness({ publishers: '@ghosts, @phantoms' });
    try {
      addGroups(h);
      const first = await runCommand(h, FAKE_USER.id);
      expect(first.opened).toBe(false);
      expect(first.said).toContain('HERALD_PUBLISHERS names @ghosts or @phantoms');
      await runCommand(h, FAKE_USER.id);
      const warnings = h.logs.filter((line) => line.includes('user groups this Slack workspace does not have'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('ghosts');
    } finally {
      await h.close();
    }
  });

  it('one unknown handle among known ones: logged, and members of the known group still publish', async () => {
    const h = await startHarness({ publishers: '@ghosts, @sre' });
    try {
      addGroups(h);
      expect(await runCommand(h, FAKE_USER.id)).toEqual({ said: null, opened: true });
      expect((await runCommand(h, OUTSIDER.id)).said).toBe(
        'Only members of @sre can publish status updates. Ask one of them, or ask an admin to add you.',
      );
      expect(h.logs.some((line) => line.includes('"ghosts"'))).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('without HERALD_PUBLISHERS, anyone in the channel may publish and Slack is never asked about groups', async () => {
    const h = await startHarness();
    try {
      expect(await runCommand(h, OUTSIDER.id)).toEqual({ said: null, opened: true });
      expect(h.slack.callsOf('usergroups.list')).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

// The check runs before the form opens (Slack's trigger_id lasts 3 s) and before a submission is
// answered (Slack waits 3 s): it must never take long, however Slack answers.
describe("HERALD_PUBLISHERS within Slack's 3 seconds", () => {
  it('a slow Slack on a first check: refused within the 1.5 s budget, saying so; the next try uses the late answer', async () => {
    const h = await startHarness({ publishers: 'sre' });
    try {
      addGroups(h);
      h.slack.inject('usergroups.list', { latencyMs: 2_500 });
      const started = Date.now();
      const { said, opened } = await runCommand(h, FAKE_USER.id);
      expect(Date.now() - started).toBeLessThan(2_400);
      expect(opened).toBe(false);
      expect(said).toBe(
        'Herald cannot check who may publish: Slack did not answer about user groups in time. Nothing was published; try again in a moment.',
      );
      // Slack's late answer was kept: once it has come, the member gets the form.
      await h.slack.waitFor((call) => call.method === 'usergroups.users.list', { since: 0 });
      expect(await runCommand(h, FAKE_USER.id)).toEqual({ said: null, opened: true });
      expect(h.slack.callsOf('usergroups.list')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('a rate limit on a first check is a refusal at once, not a wait for Retry-After', async () => {
    const h = await startHarness({ publishers: 'sre' });
    try {
      addGroups(h);
      h.slack.inject('usergroups.list', { error: 'ratelimited', retryAfter: 30 });
      const started = Date.now();
      const { said, opened } = await runCommand(h, FAKE_USER.id);
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(opened).toBe(false);
      expect(said).toContain('Nothing was published; try again in a moment.');
      expect(h.slack.callsOf('usergroups.list')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('a workspace checked before never waits: past the cache time its last answer is used while Slack is asked again', async () => {
    let now = Date.now();
    const h = await startHarness({ publishers: 'sre', clock: () => new Date(now) });
    try {
      addGroups(h);
      expect(await runCommand(h, FAKE_USER.id)).toEqual({ said: null, opened: true });
      now += 10 * 60_000; // past both the groups' and the members' cache time
      h.slack.inject('usergroups.list', { latencyMs: 2_500 });
      h.slack.inject('usergroups.users.list', { latencyMs: 2_500 }, 2);
      const since = h.slack.calls.length;
      const started = Date.now();
      expect(await runCommand(h, FAKE_USER.id)).toEqual({ said: null, opened: true });
      expect(Date.now() - started).toBeLessThan(1_000);
      // Slack was asked again, behind the answer (the fake records a call when it answers).
      await h.slack.waitFor('usergroups.list', { since });
      await h.slack.waitFor('usergroups.users.list', { since });
      expect(h.slack.callsOf('usergroups.list')).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});
