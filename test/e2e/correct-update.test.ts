import { jest } from '@jest/globals';
import {
  clickCorrectExpectingAnswer,
  correctButton,
  correctionPuts,
  echoesIn,
  openCorrectionForm,
  startCorrectionHarness,
  submitCorrection,
} from '../support/correction-driver.js';
import type { Harness } from '../support/herald-harness.js';
import {
  choosePost,
  openUpdateForm,
  publishIncidentUpdate,
  submitForm,
  waitForBlock,
  waitForResultView,
} from '../support/update-form-driver.js';
import { CORRECTION_MESSAGE_BLOCK_ID } from '../../src/slack/corrections/correction-ids.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// "Correct last update" on the echo: the same timeline entry edited in place (PagerDuty PUT, Statuspage PATCH
// of the incident update), never a second one; the echo edited to match; refusals said in the modal with the
// text kept; an older echo saying it is no longer the last; DevHelm saying plainly it cannot.

jest.setTimeout(60_000);

type Block = { type: string; block_id?: string };

describe('Correct last update (PagerDuty)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCorrectionHarness();
  });
  afterAll(() => h.close());
  afterEach(() => h.pagerduty.clearFaults());

  const puts = () => correctionPuts(h);

  it('edits the same entry in place, keeps everything but the text, and updates the echo', async () => {
    const seed = h.pagerduty.seed!;
    await publishIncidentUpdate(h, 'Root cause: a bad deploy of the API gateway, rolling bak now');
    const echo = echoesIn(h).at(-1)!;
    const submissionId = correctButton(echo)!.value;
    const entriesBefore = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
    const submission = (await h.stores.submissions.getSubmission(submissionId))!;
    const original = h.pagerduty.state.updates.find((update) => update.id === submission.entryId)!;
    const originalCopy = { ...original };

    const form = await openCorrectionForm(h, echo);
    const text = JSON.stringify(form.blocks);
    expect(text).toContain('Root cause: a bad deploy of the API gateway, rolling bak now'); // prefilled
    expect(text).toContain(`published by <@${submission.userId}>`);

    const since = h.slack.calls.length;
    const { ack, result } = await submitCorrection(h, form, 'Root cause: a bad deploy of the API gateway, *rolling back* now. <!channel>');
    expect(ack.view!.title.text).toBe('Correcting…');
    expect(JSON.stringify(ack.view!.blocks)).toContain('rolling back'); // the text stays on screen meanwhile
    expect(result!.title.text).toBe('Update corrected');

    expect(puts()).toHaveLength(1);
    expect(puts()[0]!.path).toBe(`/status_pages/${seed.pageId}/posts/${seed.incidentPostId}/post_updates/${submission.entryId}`);
    const sent = (puts()[0]!.body as { post_update: Record<string, unknown> }).post_update;
    expect(sent).toMatchObject({
      message: '<p>Root cause: a bad deploy of the API gateway, <strong>rolling back</strong> now. &lt;!channel&gt;</p>',
      status: { id: originalCopy.statusId },
      severity: { id: originalCopy.severityId },
      notify_subscribers: false,
      update_frequency_ms: originalCopy.updateFrequencyMs,
    });
    // No second entry: the same one now reads the corrected text.
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(entriesBefore);
    expect(h.pagerduty.state.updates.find((update) => update.id === submission.entryId)!.message).toBe(sent.message);
    expect(h.pagerduty.violations).toEqual([]);

    const updated = await h.slack.waitFor((call) => call.method === 'chat.update', { since });
    expect(updated.args.ts).toBe(echo.ts);
    const echoText = JSON.stringify(updated.args.blocks);
    expect(echoText).toContain('*rolling back* now. &lt;!channel&gt;');
    expect(echoText).toContain('Corrected by <@');
    expect(h.slack.violations).toEqual([]);

    const trail = await h.stores.submissions.listAttempts(submissionId);
    // The trail holds the HTTP exchanges the correction made; the correction itself is kept on its own.
    expect(trail.map((row) => row.method)).toEqual(expect.arrayContaining(['GET', 'PUT']));
    expect(trail.map((row) => row.method)).not.toContain('CORRECTION');
    expect((await h.stores.corrections.list(submissionId)).map((record) => record.stage)).toEqual(['requested', 'applied']);
  });

  it('says the page refused, in its words, keeps the text, and offers it again', async () => {
    await publishIncidentUpdate(h, 'Second update, to be corrected');
    const echo = echoesIn(h).at(-1)!;
    const form = await openCorrectionForm(h, echo);
    h.pagerduty.inject({
      route: 'correctPostUpdate',
      fault: { status: 400, body: { error: { code: 2001, message: 'Invalid Input Provided', errors: ['Message is locked for review'] } } },
    });

    const { result } = await submitCorrection(h, form, 'Second update, corrected');
    expect(result!.title.text).toBe('Not corrected');
    const text = JSON.stringify(result!.blocks);
    expect(text).toContain('Message is locked for review');
    expect(text).toContain('The page still shows the earlier text');
    expect(text).toContain('Second update, corrected');
    expect(text).toContain('Try again');

    // The next click starts from the correction that failed, and says so.
    const again = await openCorrectionForm(h, echo);
    const input = again.blocks.find((block) => (block as Block).block_id === CORRECTION_MESSAGE_BLOCK_ID) as {
      element: { initial_value: string };
    };
    expect(input.element.initial_value).toBe('Second update, corrected');
    expect(JSON.stringify(again.blocks)).toContain('An earlier correction did not go through');
  });

  it('offers a correction left unconfirmed by a crash again, with its text', async () => {
    await publishIncidentUpdate(h, 'Third update');
    const echo = echoesIn(h).at(-1)!;
    const submissionId = correctButton(echo)!.value;
    // What a process that died after storing the correction, before the provider answered, leaves behind.
    await h.stores.corrections.record(submissionId, {
      correctionId: 'c-crashed',
      stage: 'requested',
      userId: 'U0CRASH',
      message: 'Third update, fixed before the crash',
      at: new Date(),
      failure: null,
    });

    const form = await openCorrectionForm(h, echo);
    const input = form.blocks.find((block) => (block as Block).block_id === CORRECTION_MESSAGE_BLOCK_ID) as {
      element: { initial_value: string };
    };
    expect(input.element.initial_value).toBe('Third update, fixed before the crash');
    expect(JSON.stringify(form.blocks)).toContain('was never confirmed');

    const { result } = await submitCorrection(h, form, 'Third update, fixed before the crash');
    expect(result!.title.text).toBe('Update corrected');
  });

  it('refuses a correction that changes nothing, in the form', async () => {
    await publishIncidentUpdate(h, 'Fourth update');
    const form = await openCorrectionForm(h, echoesIn(h).at(-1)!);
    const { ack } = await submitCorrection(h, form, 'Fourth update');
    expect(ack.response_action).toBe('errors');
    expect(ack.errors![CORRECTION_MESSAGE_BLOCK_ID]).toContain('already');
  });

  it('stops before sending when a newer update was posted straight on the status page', async () => {
    const seed = h.pagerduty.seed!;
    await publishIncidentUpdate(h, 'Fifth update');
    const form = await openCorrectionForm(h, echoesIn(h).at(-1)!);
    const { id: _id, ...last } = h.pagerduty.state.updatesOf(seed.incidentPostId).at(-1)!;
    h.pagerduty.state.addUpdate({ ...last, message: '<p>Posted by hand</p>', reportedAt: new Date(Date.now() + 60_000).toISOString() });
    const putsBefore = puts().length;

    const { result } = await submitCorrection(h, form, 'Fifth update, corrected');
    expect(result!.title.text).toBe('Not corrected');
    const text = JSON.stringify(result!.blocks);
    expect(text).toContain('straight on the status page');
    expect(text).toContain('Fifth update, corrected');
    expect(text).not.toContain('Try again');
    expect(puts()).toHaveLength(putsBefore);
  });

  it('tells privately that an older echo is no longer the last update, and opens nothing', async () => {
    const echoes = echoesIn(h);
    const older = echoes.at(-2)!;
    const putsBefore = puts().length;
    const { text, since } = await clickCorrectExpectingAnswer(h, older);
    expect(text).toContain('no longer the last update');
    expect(h.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(false);
    expect(puts()).toHaveLength(putsBefore);
  });
});

describe('Correct last update (Statuspage)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCorrectionHarness({ statuspage: true, pagerdutyConfigured: false });
  });
  afterAll(() => h.close());

  it('patches the incident update itself, as plain text, without notifying again', async () => {
    const seed = h.statuspage!.seed!;
    const opened = await openUpdateForm(h);
    const view = await choosePost(h, await waitForBlock(h, opened.id, FORM_BLOCKS.post), `incident:${seed.incidentId}`);
    const since = h.slack.calls.length;
    await submitForm(h, view, { [FORM_BLOCKS.status]: 'identified', [FORM_BLOCKS.message]: 'Login fails for some usrs' });
    await waitForResultView(h, view.id, since);
    await h.herald.publisher.idle();
    const incident = h.statuspage!.state.incidents.get(seed.incidentId)!;
    const updatesBefore = incident.updates.length;

    const form = await openCorrectionForm(h, echoesIn(h).at(-1)!);
    const { result } = await submitCorrection(h, form, 'Login fails for *some users*: see <https://acme.test/pm|notes>');
    expect(result!.title.text).toBe('Update corrected');

    const patch = h.statuspage!.calls.find(
      (call) => call.operationId === 'patchPagesPageIdIncidentsIncidentIdIncidentUpdatesIncidentUpdateId',
    )!;
    expect(patch.body).toEqual({
      incident_update: { body: 'Login fails for some users: see notes (https://acme.test/pm)', deliver_notifications: false },
    });
    expect(incident.updates).toHaveLength(updatesBefore);
    expect(incident.updates.at(-1)!.body).toBe('Login fails for some users: see notes (https://acme.test/pm)');
    expect(incident.status).toBe('identified');
    expect(h.statuspage!.violations).toEqual([]);
  });
});

describe('Correct last update (DevHelm)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCorrectionHarness({ devhelm: true, pagerdutyConfigured: false, tuning: { timeoutMs: 500, retries: 1, backoffMs: 5 } });
  });
  afterAll(() => h.close());

  it('offers no button and says plainly to post a new update instead', async () => {
    const seed = h.devhelm!.seed!;
    const view = await choosePost(h, await openUpdateForm(h), `incident:${seed.incidentId}`);
    const since = h.slack.calls.length;
    await submitForm(h, view, { [FORM_BLOCKS.status]: 'MONITORING', [FORM_BLOCKS.message]: 'Watching the error rates.' });
    await h.slack.waitFor('chat.postMessage', { since, timeoutMs: 8000 });
    const echo = echoesIn(h).at(-1)!;
    expect(correctButton(echo)).toBeUndefined();
    expect(JSON.stringify(echo.blocks)).toContain(
      'DevHelm does not allow editing a published update: to correct it, post a new update with `/status-update`.',
    );
  });
});
