import { createLogger } from '../../src/observability/logger.js';
import { type ReminderDeps, startReminders, type ReminderWorker } from '../../src/reminders/index.js';
import type { RecordedCall } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { choosePost, openUpdateForm, submitForm } from './update-form-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// The steps the reminder tests share: an update that promises the next one, a worker the test ticks itself,
// and what became of the reminder.

/** A reminder worker on the harness's stores and catalog, posting with its bot token, on the test's clock. */
export function startRemindersOn(h: Harness, clock: () => Date, options: Partial<ReminderDeps> = {}): ReminderWorker {
  return startReminders({ ...h.stores, catalog: h.catalog, client: h.botClient, logger: createLogger('silent'), clock, ...options });
}

/** A reminder worker that only looks when the test calls tick() (it polls hourly). */
export function startHandTickedReminders(h: Harness, clock: () => Date, options: { leaseMs?: number } = {}): ReminderWorker {
  return startRemindersOn(h, clock, { pollMs: 3_600_000, ...options });
}

/** Publishes an update with "Next update in 15 minutes" on a post of its own; its submission id. */
export async function publishDueIn15(h: Harness, title: string): Promise<string> {
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
  const submission = await h.stores.channels.latestPublished('pagerduty', seed.pageId, post.id);
  if (submission === null) throw new Error(`the update "${title}" was not published`);
  return submission.id;
}

/** Where the reminder of submission `id` stands (claimed, sent, skipped…); undefined while nobody took it. */
export async function reminderStateOf(h: Harness, id: string): Promise<string | undefined> {
  return (await h.stores.reminders.getReminder(id))?.state;
}

/** A call Slack accepted. */
export const postedOk = (call: RecordedCall): boolean => (call.response as { ok?: boolean } | undefined)?.ok === true;
