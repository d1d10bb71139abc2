import type { WebClient } from '@slack/web-api';
import type { Logger } from '../observability/logger.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { DueMaintenanceReminder, MaintenanceReminderStore } from '../store/maintenance-reminder-store.js';
import { slackErrorCode } from '../slack-kit/slack-error.js';
import { isFinalStatus } from '../updates/statuses.js';
import { buildMaintenanceReminder } from './maintenance-reminder-message.js';

// One pass over the maintenance reminders due now, run by each reminder tick (reminder-worker.ts). Each is
// claimed in the store before it is acted on, so it fires once across replicas; a Slack failure that may pass
// leaves the claim to lapse, and the next tick tries again while the reminder is still worth sending.

export interface MaintenanceReminderDeps {
  maintenanceReminders: MaintenanceReminderStore;
  channels: ChannelStore;
  client: WebClient;
  clientFor?: (teamId: string | null) => Promise<WebClient | null>;
  logger: Logger;
  clock: () => Date;
  leaseMs: number;
}

/** Past its time by this much, a maintenance reminder would no longer help: it is left unsent. */
const STILL_USEFUL_MS = 60 * 60_000;
const BATCH_SIZE = 100;
/** Slack refusals no retry fixes: the reminder is marked skipped. */
const PERMANENT = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'invalid_auth',
  'token_revoked',
  'missing_scope',
  'invalid_blocks',
]);

export async function remindDueMaintenance(deps: MaintenanceReminderDeps, now: Date): Promise<void> {
  const due = await deps.maintenanceReminders.listDue(now, new Date(now.getTime() - STILL_USEFUL_MS), BATCH_SIZE);
  for (const reminder of due) {
    try {
      await remindOnce(deps, reminder, now);
    } catch (error) {
      deps.logger.warn({ err: error, submissionId: reminder.submission.id }, 'could not handle a due maintenance reminder');
    }
  }
}

async function remindOnce(deps: MaintenanceReminderDeps, reminder: DueMaintenanceReminder, now: Date): Promise<void> {
  const { submission, moment } = reminder;
  const log = { submissionId: submission.id, moment };
  if (!(await deps.maintenanceReminders.claim(submission.id, moment, now, deps.leaseMs))) return;
  const finish = (state: 'sent' | 'skipped') => deps.maintenanceReminders.finish(submission.id, moment, state, deps.clock());
  const skip = await reasonToSkip(deps, reminder);
  if (skip) {
    await finish('skipped');
    deps.logger.info({ ...log, reason: skip }, 'maintenance reminder not needed');
    return;
  }
  const client = deps.clientFor ? await deps.clientFor(submission.teamId) : deps.client;
  if (!client) {
    await finish('skipped');
    return;
  }
  try {
    await client.chat.postMessage({ channel: submission.channelId, ...buildMaintenanceReminder(submission, moment) });
  } catch (error) {
    const code = slackErrorCode(error);
    if (PERMANENT.has(code)) await finish('skipped');
    deps.logger.warn({ ...log, slackError: code }, 'Slack did not take a maintenance reminder');
    return;
  }
  await finish('sent');
  deps.logger.info(log, 'reminded the channel of a maintenance window');
}

/** Newer facts than the reminder: the maintenance was completed, or (before its start) already started. */
async function reasonToSkip(deps: MaintenanceReminderDeps, { submission, moment }: DueMaintenanceReminder): Promise<string | null> {
  const { draft } = submission;
  const latest = await deps.channels.latestPublished(draft.provider, draft.page.id, draft.post.id);
  const status = latest?.draft.status ?? draft.status;
  if (isFinalStatus(status)) return 'completed';
  if (moment === 'start' && latest && latest.id !== submission.id) return 'already-updated';
  const unlinkedAt = await deps.channels.unlinkedAt(submission.channelId, { provider: draft.provider, pageId: draft.page.id });
  if (unlinkedAt && submission.publishedAt && unlinkedAt >= submission.publishedAt) return 'unlinked';
  return null;
}
