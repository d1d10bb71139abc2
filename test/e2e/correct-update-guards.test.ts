import { jest } from '@jest/globals';
import { FAKE_CHANNEL, FAKE_USER, FAKE_WORKSPACE, type StoredMessage } from '../fakes/fake-slack.js';
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
import type { PayloadUser } from '../support/slack-payloads.js';
import { isSummaryCall, isSummaryMessage } from '../support/summary-messages.js';
import { choosePost, openUpdateForm, publishIncidentUpdate, submitForm, waitForResultView } from '../support/update-form-driver.js';
import { CORRECTION_MESSAGE_BLOCK_ID } from '../../src/slack/corrections/correction-ids.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Who may correct, and when a correction is no longer about the last update: HERALD_PUBLISHERS applies to
// corrections as to publishing (button and submit), and an update still being published counts as newer.
// Also: the channel's live summary shows the corrected text.

jest.setTimeout(60_000);

const OUTSIDER: PayloadUser = { id: 'U0OUTSIDER', username: 'outsider', name: 'outsider', team_id: FAKE_WORKSPACE.teamId };
const REFUSAL = 'Only members of @sre can publish status updates. Ask one of them, or ask an admin to add you.';

/**
 * Submits an update to the seeded incident whose creation on PagerDuty is held up, so it stays stored and
 * unpublished for a while. Resolves once it is stored (the modal was acknowledged); `published` once it is out.
 */
async function submitSlowUpdate(h: Harness, message: string): Promise<{ published: Promise<void> }> {
  const seed = h.pagerduty.seed!;
  const view = await choosePost(h, await openUpdateForm(h), `incident:${seed.incidentPostId}`);
  h.pagerduty.inject({ route: 'createPostUpdate', fault: { type: 'latency', ms: 1000 } });
  const since = h.slack.calls.length;
  const ack = await submitForm(h, view, {
    [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
    [FORM_BLOCKS.severity]: seed.severities.incident.major!,
    [FORM_BLOCKS.message]: message,
  });
  expect(ack.response_action).toBe('update');
  const published = waitForResultView(h, view.id, since).then(() => h.herald.publisher.idle());
  return { published };
}

describe('Correct last update with HERALD_PUBLISHERS set', () => {
  let h: Harness;
  let echo: StoredMessage;
  beforeAll(async () => {
    h = await startCorrectionHarness({ publishers: 'sre' });
    h.slack.addUsergroup({ id: 'S0SRE00001', handle: 'sre', name: 'SRE', users: [FAKE_USER.id] });
    await publishIncidentUpdate(h, 'Payments fail for some cards');
    echo = echoesIn(h).at(-1)!;
  });
  afterAll(() => h.close());

  it('the button tells someone outside the groups privately who may, and opens nothing', async () => {
    const { text, since } = await clickCorrectExpectingAnswer(h, echo, OUTSIDER);
    expect(text).toBe(REFUSAL);
    expect(h.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(false);
  });

  it('a correction submitted by someone outside the groups is refused on the field, with the text kept and nothing sent', async () => {
    const form = await openCorrectionForm(h, echo); // opened by a member
    const putsBefore = correctionPuts(h).length;
    const { ack } = await submitCorrection(h, form, 'Payments fail for all cards', OUTSIDER);
    expect(ack).toEqual({ response_action: 'errors', errors: { [CORRECTION_MESSAGE_BLOCK_ID]: REFUSAL } });
    expect(await h.stores.corrections.list(correctButton(echo)!.value)).toEqual([]);
    expect(correctionPuts(h)).toHaveLength(putsBefore);

    // The member submitting the same modal corrects it: the text was never lost.
    const { result } = await submitCorrection(h, form, 'Payments fail for all cards');
    expect(result!.title.text).toBe('Update corrected');
    expect(correctionPuts(h)).toHaveLength(putsBefore + 1);
  });
});

describe('Correct last update while a newer update is being published', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCorrectionHarness();
  });
  afterAll(() => h.close());
  afterEach(() => h.pagerduty.clearFaults());

  it('the button says privately that a newer update is on its way, and opens nothing', async () => {
    await publishIncidentUpdate(h, 'First update');
    const echo = echoesIn(h).at(-1)!;
    const { published } = await submitSlowUpdate(h, 'Second update, still on its way');

    const { text, since } = await clickCorrectExpectingAnswer(h, echo);
    expect(text).toContain('no longer the last update');
    expect(text).toContain('is publishing a newer one right now');
    expect(h.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(false);
    await published;
  });

  it('a correction submitted meanwhile is not sent, and says why with the text kept', async () => {
    await publishIncidentUpdate(h, 'Third update');
    const form = await openCorrectionForm(h, echoesIn(h).at(-1)!);
    const { published } = await submitSlowUpdate(h, 'Fourth update, still on its way');
    const putsBefore = correctionPuts(h).length;

    const { result } = await submitCorrection(h, form, 'Third update, corrected');
    expect(result!.title.text).toBe('Not corrected');
    const text = JSON.stringify(result!.blocks);
    expect(text).toContain('through Herald');
    expect(text).toContain('Third update, corrected');
    expect(correctionPuts(h)).toHaveLength(putsBefore);
    await published;
  });
});

describe('The live summary after a correction', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCorrectionHarness();
  });
  afterAll(() => h.close());

  const summaryText = (): string =>
    JSON.stringify(
      h.slack
        .messagesIn(FAKE_CHANNEL.id)
        .filter(isSummaryMessage)
        .map((message) => message.blocks),
    );

  it('shows the corrected text at once, and keeps showing it after the next refresh', async () => {
    const seed = h.pagerduty.seed!;
    // The summary comes with the channel's second update.
    await publishIncidentUpdate(h, 'Investigating failed card payments.');
    await publishIncidentUpdate(h, 'Root cause: a bad deploy, rolling bak now');
    expect(summaryText()).toContain('rolling bak now');

    const form = await openCorrectionForm(h, echoesIn(h).at(-1)!);
    const since = h.slack.calls.length;
    const { result } = await submitCorrection(h, form, 'Root cause: a bad deploy, rolling back now');
    expect(result!.title.text).toBe('Update corrected');
    const refreshed = await h.slack.waitFor((call) => isSummaryCall(call) && call.method === 'chat.update', { since });
    expect(JSON.stringify(refreshed.args.blocks)).toContain('rolling back now');
    expect(summaryText()).toContain('rolling back now');
    expect(summaryText()).not.toContain('rolling bak now');
    // The corrected echo keeps the compact shape it was posted in: the summary still carries the facts.
    const corrected = JSON.stringify(echoesIn(h).at(-1)!.blocks);
    expect(corrected).toContain('rolling back now');
    expect(corrected).toContain('Corrected by');
    expect(corrected).not.toContain('"header"');
    expect(corrected).not.toContain('Next update due');
    expect(JSON.stringify(echoesIn(h)[0]!.blocks)).toContain('"header"'); // the first update's, full

    // An update to another post re-renders the whole summary from the store: the correction is still there.
    const maintenance = await choosePost(h, await openUpdateForm(h), `maintenance:${seed.maintenancePostId}`);
    await submitForm(h, maintenance, {
      [FORM_BLOCKS.status]: Object.values(seed.statuses.maintenance)[1]!,
      [FORM_BLOCKS.severity]: seed.severities.maintenance.major!,
      [FORM_BLOCKS.message]: 'Upgrade under way.',
    });
    await h.herald.publisher.idle();
    expect(summaryText()).toContain('Upgrade under way.');
    expect(summaryText()).toContain('rolling back now');
    expect(summaryText()).not.toContain('rolling bak now');
    expect(h.slack.violations).toEqual([]);
  });
});
