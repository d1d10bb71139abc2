import type { ReminderWorker } from '../../src/reminders/index.js';
import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { isReminder } from '../support/reminder-messages.js';
import { postedOk, publishDueIn15, reminderStateOf, startHandTickedReminders } from '../support/reminder-scenario.js';

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
    worker = startHandTickedReminders(h, clock);
  });
  afterAll(async () => {
    await worker.stop();
    await h.close();
  });

  const remindersSince = (since: number) => h.slack.calls.slice(since).filter(isReminder);
  const stateOf = (id: string) => reminderStateOf(h, id);

  it('is tried again a minute after Slack rate limits it or fails with a 5xx, and posted once', async () => {
    const id = await publishDueIn15(h, 'Rate limited reminder');
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
    const id = await publishDueIn15(h, 'Slack down reminder');
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
    const id = await publishDueIn15(h, 'Archived channel reminder');
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
