import { createLogger } from '../../src/observability/logger.js';
import { startReminders, type ReminderWorker } from '../../src/reminders/index.js';
import { FORM_BLOCKS } from '../../src/slack/blocks/ids.js';
import { channelStoreFor } from '../../src/store/channel-store.js';
import { FAKE_CHANNEL, type RecordedCall } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { isReminder } from '../support/reminder-messages.js';
import { choosePost, openUpdateForm, submitForm } from '../support/update-form-driver.js';

// A reminder Slack fails to take is not lost to a passing failure: rate limits, 5xx and network errors leave it
// to be tried again a minute later (by this worker or another replica), for up to an hour past its due time.
// Only a refusal no retry fixes (the channel is gone or archived, the bot is not in it) drops it at once.

const MINUTE = 60_000;

describe.each(['sqlite', 'postgres'] as const)('a reminder Slack fails to take, on %s', (engine) => {
  let h: Harness;
  let now = Date.now();
  const clock = () => new Date(now);
  let worker: ReminderWorker;

  beforeAll(async () => {
    h = await startHarness({ clock, engine, channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] });
    // Ticked by hand: the test decides when the worker looks.
    worker = startReminders({ store: h.store, catalog: h.catalog, client: h.herald.app.client, logger: createLogger('silent'), clock, pollMs: 3_600_000 });
  });
  afterAll(async () => {
    await worker.stop();
    await h.close();
  });

  const postedOk = (call: RecordedCall) => (call.response as { ok?: boolean } | undefined)?.ok === true;
  const remindersSince = (since: number) => h.slack.calls.slice(since).filter(isReminder);
  const stateOf = async (id: string) => (await channelStoreFor(h.store).getReminders([id])).get(id)?.state;

  /** Publishes an update with "Next update in 15 minutes" on a post of its own; its submission id. */
  async function publishDueIn15(title: string): Promise<string> {
    const seed = h.pagerduty.seed!;
    const post = h.pagerduty.state.addPost(seed.pageId, { title, postType: 'incident' });
    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `incident:${post.id}`);
    await submitForm(h, view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: `${title}: working on it.`,
      [FORM_BLOCKS.nextUpdate]: '15',
    });
    await h.herald.publisher.idle();
    const submission = await channelStoreFor(h.store).latestPublished('pagerduty', seed.pageId, post.id);
    expect(submission).not.toBeNull();
    return submission!.id;
  }

  it('is tried again a minute after Slack rate limits it or fails with a 5xx, and posted once', async () => {
    const id = await publishDueIn15('Rate limited reminder');
    now += 15 * MINUTE;
    const since = h.slack.calls.length;

    h.slack.inject('chat.postMessage', { error: 'ratelimited', retryAfter: 0 });
    await worker.tick();
    expect(remindersSince(since).filter(postedOk)).toEqual([]);
    expect(await stateOf(id)).toBe('claimed');

    // Not hammered: the next tick within the minute leaves it alone.
    const attempts = remindersSince(since).length;
    now += 30_000;
    await worker.tick();
    expect(remindersSince(since)).toHaveLength(attempts);

    h.slack.inject('chat.postMessage', { status: 503 });
    now += 31_000;
    await worker.tick();
    expect(remindersSince(since).filter(postedOk)).toEqual([]);
    expect(await stateOf(id)).toBe('claimed');

    now += MINUTE + 1000;
    await worker.tick();
    const posted = remindersSince(since).filter(postedOk);
    expect(posted).toHaveLength(1);
    expect(String(posted[0]!.args.text)).toContain('Rate limited reminder');
    expect(await stateOf(id)).toBe('sent');

    now += 10 * MINUTE;
    await worker.tick();
    expect(remindersSince(since).filter(postedOk)).toHaveLength(1);
    expect(h.slack.violations).toEqual([]);
  }, 60_000);

  it('is given up, not retried for ever, once Slack has failed it for an hour past its due time', async () => {
    const id = await publishDueIn15('Slack down reminder');
    now += 15 * MINUTE;
    const since = h.slack.calls.length;

    h.slack.inject('chat.postMessage', { status: 500 }, 3);
    await worker.tick();
    expect(await stateOf(id)).toBe('claimed');
    now += 30 * MINUTE;
    await worker.tick();
    expect(await stateOf(id)).toBe('claimed');
    now += 31 * MINUTE;
    await worker.tick();
    expect(await stateOf(id)).toBe('skipped');
    const tries = remindersSince(since).length;
    expect(tries).toBe(3);

    now += 10 * MINUTE;
    await worker.tick();
    expect(remindersSince(since)).toHaveLength(tries);
  }, 60_000);

  it('is dropped at once when Slack refuses it for good (the channel is archived)', async () => {
    const id = await publishDueIn15('Archived channel reminder');
    now += 15 * MINUTE;
    const since = h.slack.calls.length;

    h.slack.inject('chat.postMessage', { error: 'is_archived' });
    await worker.tick();
    expect(remindersSince(since)).toHaveLength(1);
    expect(await stateOf(id)).toBe('skipped');

    now += 2 * MINUTE;
    await worker.tick();
    expect(remindersSince(since)).toHaveLength(1);
  }, 60_000);
});
