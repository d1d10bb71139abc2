import type { ReminderWorker } from '../../src/reminders/index.js';
import { REMINDER_POST_UPDATE_ACTION, REMINDER_SNOOZE_ACTIONS } from '../../src/reminders/reminder-message.js';
import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { postOnPagerDutyDirectly } from '../support/post-on-pagerduty.js';
import { clickReminderButton, isReminder, reminderButton } from '../support/reminder-messages.js';
import { choosePost, openUpdateForm, submitForm, waitUntilLoaded } from '../support/update-form-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';
import { startRemindersOn } from '../support/reminder-scenario.js';

// Reminders when "Next update in" comes due, with a clock the test moves: no test waits real minutes.

const MINUTE = 60_000;

describe('reminders when the next update is due', () => {
  let h: Harness;
  let now = Date.now();
  const clock = () => new Date(now);
  let worker: ReminderWorker;

  beforeAll(async () => {
    // The incident channel exists, so Slack takes the reminders (one it refuses is marked skipped, not sent).
    h = await startHarness({ clock, channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] });
    worker = startRemindersOn(h, clock, { pollMs: 25 });
  });
  afterAll(async () => {
    await worker.stop();
    await h.close();
  });

  const remindersSince = (since: number) => h.slack.calls.slice(since).filter(isReminder);

  /** Publishes an update to the incident through the form, with "Next update in" when given. */
  async function publish(postId: string, status: string, nextUpdate: string | null): Promise<void> {
    const seed = h.pagerduty.seed!;
    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `incident:${postId}`);
    await submitForm(h, view, {
      [FORM_BLOCKS.status]: status,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: 'Working on it.',
      ...(nextUpdate ? { [FORM_BLOCKS.nextUpdate]: nextUpdate } : {}),
    });
    await h.herald.publisher.idle();
  }

  it('fires once at the due time, naming the incident and how long since the last update', async () => {
    const seed = h.pagerduty.seed!;
    await publish(seed.incidentPostId, seed.statuses.incident.identified!, '30');
    const since = h.slack.calls.length;

    now += 29 * MINUTE;
    await worker.tick();
    expect(remindersSince(since)).toEqual([]);

    now += 1 * MINUTE;
    // The worker's own timer (25 ms here) finds it: nothing but the clock moved.
    const reminder = await h.slack.waitFor(isReminder, { since });
    expect(reminder.args.channel).toBe(FAKE_CHANNEL.id);
    expect(String(reminder.args.text)).toContain('Elevated API errors');
    expect(String(reminder.args.text)).toContain('30 minutes ago');

    now += 10 * MINUTE;
    await worker.tick();
    await worker.tick();
    expect(remindersSince(since)).toHaveLength(1);
    expect(h.slack.violations).toEqual([]);
  });

  it('Snooze brings it back after 15 minutes, and Post update opens the form on the incident', async () => {
    const reminder = h.slack.calls.filter(isReminder).at(-1)!;

    // The same button replayed from another channel changes nothing.
    const submissionId = reminderButton(reminder, REMINDER_SNOOZE_ACTIONS[15]).value;
    await clickReminderButton(h, reminder, REMINDER_SNOOZE_ACTIONS[30], { channel: { id: 'C0OTHER', name: 'elsewhere' } });
    expect((await h.stores.reminders.getReminder(submissionId))?.state).toBe('sent');

    const snoozedAt = h.slack.calls.length;
    await clickReminderButton(h, reminder, REMINDER_SNOOZE_ACTIONS[15]);
    const edited = await h.slack.waitFor('chat.update', { since: snoozedAt });
    expect(String(edited.args.text)).toContain('snoozed this reminder for 15 minutes');

    now += 14 * MINUTE;
    await worker.tick();
    expect(remindersSince(snoozedAt)).toEqual([]);
    now += 1 * MINUTE;
    await worker.tick();
    expect(remindersSince(snoozedAt)).toHaveLength(1);

    const opening = h.slack.calls.length;
    const trigger = h.slack.newTriggerId();
    await clickReminderButton(h, reminder, REMINDER_POST_UPDATE_ACTION, { trigger_id: trigger });
    const opened = await h.slack.waitFor('views.open', { since: opening });
    const viewId = (opened.response as { view: { id: string } }).view.id;
    const view = await waitUntilLoaded(h, viewId, opening).catch(() => h.slack.getView(viewId)!);
    const post = (view.blocks as { block_id?: string; element?: { initial_option?: { value: string } } }[]).find(
      (b) => b.block_id === FORM_BLOCKS.post,
    );
    expect(post?.element?.initial_option?.value).toBe(`incident:${h.pagerduty.seed!.incidentPostId}`);
  });

  it('is not sent when an update was posted on the status page directly in the meantime', async () => {
    const seed = h.pagerduty.seed!;
    await publish(seed.incidentPostId, seed.statuses.incident.monitoring!, '15');
    const since = h.slack.calls.length;
    postOnPagerDutyDirectly(h, { message: '<p>Posted on PagerDuty itself</p>', statusId: seed.statuses.incident.monitoring! });
    now += 20 * MINUTE;
    await worker.tick();
    expect(remindersSince(since)).toEqual([]);
  });

  it('is not sent after a newer update through Herald, nor once the incident is resolved', async () => {
    const seed = h.pagerduty.seed!;
    await publish(seed.incidentPostId, seed.statuses.incident.monitoring!, '15');
    await publish(seed.incidentPostId, seed.statuses.incident.resolved!, '15');
    const since = h.slack.calls.length;
    now += 60 * MINUTE;
    await worker.tick();
    expect(remindersSince(since)).toEqual([]);
  });

  it('stops once the channel is unlinked', async () => {
    const seed = h.pagerduty.seed!;
    await h.stores.channels.saveLink({
      channelId: FAKE_CHANNEL.id,
      provider: 'pagerduty',
      page: { id: seed.pageId, name: 'Acme Status', url: null },
      post: { id: seed.maintenancePostId, title: 'Database upgrade', kind: 'maintenance', url: null },
      linkedBy: 'U1',
      linkedAt: clock(),
    });
    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `maintenance:${seed.maintenancePostId}`);
    await submitForm(h, view, {
      [FORM_BLOCKS.status]: Object.values(seed.statuses.maintenance)[1]!, // in progress
      [FORM_BLOCKS.severity]: seed.severities.maintenance.minor!,
      [FORM_BLOCKS.message]: 'Upgrade under way.',
      [FORM_BLOCKS.nextUpdate]: '15',
    });
    await h.herald.publisher.idle();
    const since = h.slack.calls.length;
    now += 1 * MINUTE;
    const answer = await h.requester.command({ text: 'unlink' });
    expect((answer.json as { text: string }).text).toContain('no longer linked');
    now += 20 * MINUTE;
    await worker.tick();
    expect(remindersSince(since)).toEqual([]);
  });

  it('survives a restart: a reminder due while Herald was down fires on the first tick after', async () => {
    const seed = h.pagerduty.seed!;
    await h.stores.channels.saveLink({
      channelId: FAKE_CHANNEL.id,
      provider: 'pagerduty',
      page: { id: seed.pageId, name: 'Acme Status', url: null },
      post: { id: seed.maintenancePostId, title: 'Database upgrade', kind: 'maintenance', url: null },
      linkedBy: 'U1',
      linkedAt: clock(),
    });
    const form = await openUpdateForm(h);
    await submitForm(h, form, {
      [FORM_BLOCKS.status]: Object.values(seed.statuses.maintenance)[1]!,
      [FORM_BLOCKS.severity]: seed.severities.maintenance.minor!,
      [FORM_BLOCKS.message]: 'Still upgrading.',
      [FORM_BLOCKS.nextUpdate]: '30',
    });
    await h.herald.publisher.idle();
    await worker.stop();
    await h.restart();
    now += 45 * MINUTE;
    const since = h.slack.calls.length;
    worker = startRemindersOn(h, clock, { pollMs: 60_000 });
    await worker.tick();
    const reminders = remindersSince(since);
    expect(reminders).toHaveLength(1);
    expect(String(reminders[0]!.args.text)).toContain('Database upgrade');
    expect(String(reminders[0]!.args.text)).toContain('45 minutes ago');
  });
});
