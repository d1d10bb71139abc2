import { createLogger } from '../../src/observability/logger.js';
import { startReminders, type ReminderWorker } from '../../src/reminders/index.js';
import { FORM_BLOCKS } from '../../src/slack/blocks/ids.js';
import { channelStoreFor } from '../../src/store/channel-store.js';
import { reminderStoreFor } from '../../src/store/reminder-store.js';
import type { RecordedCall } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { choosePost, openUpdateForm, submitForm } from './update-form-driver.js';

// The steps the reminder tests share: an update that promises the next one, a worker the test ticks itself,
// and what became of the reminder.

/** A reminder worker on the harness's store that only looks when the test calls tick() (it polls hourly). */
export function startHandTickedReminders(h: Harness, clock: () => Date, options: { leaseMs?: number } = {}): ReminderWorker {
  return startReminders({
    store: h.store,
    catalog: h.catalog,
    client: h.botClient,
    logger: createLogger('silent'),
    clock,
    pollMs: 3_600_000,
    ...options,
  });
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
  const submission = await channelStoreFor(h.store).latestPublished('pagerduty', seed.pageId, post.id);
  if (submission === null) throw new Error(`the update "${title}" was not published`);
  return submission.id;
}

/** Where the reminder of submission `id` stands (claimed, sent, skipped…); undefined while nobody took it. */
export async function reminderStateOf(h: Harness, id: string): Promise<string | undefined> {
  return (await reminderStoreFor(h.store).getReminders([id])).get(id)?.state;
}

/** A call Slack accepted. */
export const postedOk = (call: RecordedCall): boolean => (call.response as { ok?: boolean } | undefined)?.ok === true;
