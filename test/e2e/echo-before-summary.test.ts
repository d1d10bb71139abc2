import { FAKE_CHANNEL, type RecordedCall } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { isSummaryCall, isSummaryMessage } from '../support/summary-messages.js';
import { publishIncidentUpdate } from '../support/update-form-driver.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';

// The channel's live summary comes after everything the author waits for: the echo is recorded as posted
// before the summary is touched (a crash while it is refreshed must not post the echo again after a restart),
// and the modal shows the result without waiting on the summary's Slack calls, which can take a while
// (several rounds of post, edit and pin, each possibly rate limited). The refresh still runs to the end.

/** Long enough that the test sees the modal's result while the summary's edit is still on its way. */
const SLOW_SUMMARY_EDIT_MS = 1_500;

describe('the echo and the result before the live summary', () => {
  let h: Harness;
  let now = Date.parse('2026-03-01T10:00:00.000Z');
  const clock = () => new Date(now);

  beforeAll(async () => {
    h = await startHarness({ clock, channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] });
  });
  afterAll(async () => {
    await h.close();
  });

  const isResultView = (call: RecordedCall) =>
    call.method === 'views.update' && (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID;
  const isEchoOf = (message: string) => (call: RecordedCall) =>
    call.method === 'chat.postMessage' && !isSummaryCall(call) && JSON.stringify(call.args).includes(message);

  it('records the echo and shows the result before the summary is edited, then brings the summary up to date', async () => {
    // The summary comes with the channel's second update (the first update's echo is its own summary).
    await publishIncidentUpdate(h, 'First look: card payments fail.');
    now += 60_000;
    await publishIncidentUpdate(h, 'Cause found: a bad deploy.');
    expect(h.slack.messagesIn(FAKE_CHANNEL.id).filter(isSummaryMessage)).toHaveLength(1);
    now += 60_000;

    h.slack.inject('chat.update', { latencyMs: SLOW_SUMMARY_EDIT_MS });
    const since = h.slack.calls.length;
    const published = publishIncidentUpdate(h, 'Rolled back: payments recovering.');
    await h.slack.waitFor(isResultView, { since, timeoutMs: 10_000 });

    // The author has the result while the summary's edit is still held up.
    expect(h.slack.calls.slice(since).filter(isSummaryCall)).toEqual([]);
    const seed = h.pagerduty.seed!;
    const submission = await h.stores.channels.latestPublished('pagerduty', seed.pageId, seed.incidentPostId);
    expect(submission?.draft.message).toContain('Rolled back');
    const stored = await h.stores.submissions.getSubmission(submission!.id);
    expect(stored?.echoState).toBe('posted');
    expect(stored?.echoTs).not.toBeNull();

    // And the summary is still brought up to date: the publisher's idle (and stop) waits for it.
    await published;
    const summaryCalls = h.slack.calls.slice(since).filter(isSummaryCall);
    expect(summaryCalls.map((call) => call.method)).toEqual(['chat.update']);
    expect(JSON.stringify(h.slack.messagesIn(FAKE_CHANNEL.id).filter(isSummaryMessage)[0]!.blocks)).toContain('payments recovering');
    expect(h.slack.calls.slice(since).filter(isEchoOf('payments recovering'))).toHaveLength(1);
    expect(h.slack.violations).toEqual([]);
  }, 30_000);

  it('finishes the update when the summary refresh fails: no second echo after a restart, and the next update repairs it', async () => {
    now += 60_000;
    // The summary edit fails as Slack fails: the refresh gives up, logs it, and the update is still finished.
    h.slack.inject('chat.update', { status: 503 });
    const since = h.slack.calls.length;
    await publishIncidentUpdate(h, 'Monitoring the fix.');
    expect(h.slack.calls.slice(since).filter(isEchoOf('Monitoring the fix'))).toHaveLength(1);
    expect(h.logs.some((line) => line.includes('could not refresh the channel summary'))).toBe(true);

    await h.restart();
    await h.herald.publisher.idle();
    expect(h.slack.calls.slice(since).filter(isEchoOf('Monitoring the fix'))).toHaveLength(1);

    // The next update repairs the summary: it is derived from the stored updates.
    now += 60_000;
    await publishIncidentUpdate(h, 'Resolved for all customers.');
    const summary = JSON.stringify(h.slack.messagesIn(FAKE_CHANNEL.id).filter(isSummaryMessage)[0]!.blocks);
    expect(summary).toContain('Resolved for all customers');
    expect(h.slack.violations).toEqual([]);
  }, 30_000);
});
