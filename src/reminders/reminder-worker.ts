import type { WebClient } from '@slack/web-api';
import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { ChannelStore } from '../store/channel-store.js';
import { channelStoreFor } from '../store/channel-store.js';
import type { Store, Submission } from '../store/store.js';
import { buildReminderMessage } from '../slack/blocks/reminder-message.js';
import { slackErrorCode } from '../slack/slack-error.js';
import { reasonNotToRemind } from './reminder-decision.js';

// Reminders are derived, not scheduled: a published submission whose draft has "Next update in" is due at
// publishedAt + nextUpdateMinutes. Each tick reads the recent published submissions and acts on those due,
// claiming each in the store first (one statement), so it fires once however many replicas poll, and a
// restart finds anything still due on its first tick. The publisher needs to know nothing about it.

export interface ReminderDeps {
  store: Store;
  catalog: ProviderCatalog;
  client: WebClient;
  logger: Logger;
  clock?: () => Date;
  /** How often the store is read. Default 30 s. */
  pollMs?: number;
  /** Default: the channel store opened with `store`. */
  channels?: ChannelStore;
}

export interface ReminderWorker {
  /** Acts on every reminder due now; what the timer runs. Resolves when done. */
  tick(): Promise<void>;
  /** Stops polling and waits for a tick in flight. */
  stop(): Promise<void>;
}

export const DEFAULT_REMINDER_POLL_MS = 30_000;
/**
 * How far back to look for updates whose reminder may still be due: past the longest "Next update in"
 * (4 hours) plus a day of snoozes and downtime. Older reminders are left alone for good.
 */
const LOOKBACK_MS = 28 * 60 * 60 * 1000;

export function startReminders(deps: ReminderDeps): ReminderWorker {
  const clock = deps.clock ?? (() => new Date());
  const channels = deps.channels ?? channelStoreFor(deps.store);
  const logger = deps.logger.child({ component: 'reminders' });
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = (): Promise<void> => {
    // One tick at a time: a slow provider must not let the next tick claim alongside it.
    running ??= runTick({ ...deps, channels, logger }, clock()).catch((error: unknown) => {
      logger.warn({ err: error }, 'a reminder tick failed; the next one will try again');
    }).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, deps.pollMs ?? DEFAULT_REMINDER_POLL_MS);
  timer.unref();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

type TickDeps = ReminderDeps & { channels: ChannelStore; logger: Logger };

async function runTick(deps: TickDeps, now: Date): Promise<void> {
  const published = await deps.channels.listPublishedSince(new Date(now.getTime() - LOOKBACK_MS));
  const withNext = published.filter((submission) => submission.draft.nextUpdateMinutes !== null && submission.publishedAt !== null);
  const records = await deps.channels.getReminders(withNext.map((submission) => submission.id));
  for (const submission of withNext) {
    const publishedAt = submission.publishedAt!;
    const record = records.get(submission.id);
    const dueAt = record
      ? record.state === 'snoozed' ? record.dueAt : null
      : new Date(publishedAt.getTime() + submission.draft.nextUpdateMinutes! * 60_000);
    if (dueAt === null || dueAt > now) continue;
    try {
      await remindIfStillDue(deps, submission, publishedAt, now);
    } catch (error) {
      deps.logger.warn({ err: error, submissionId: submission.id }, 'could not handle a due reminder');
    }
  }
}

async function remindIfStillDue(deps: TickDeps, submission: Submission, publishedAt: Date, now: Date): Promise<void> {
  if (!(await deps.channels.claimReminder(submission.id, now))) return;
  const skip = await reasonNotToRemind(submission, publishedAt, deps);
  if (skip) {
    await deps.channels.markReminderSkipped(submission.id, now);
    deps.logger.info({ submissionId: submission.id, reason: skip }, 'reminder not needed');
    return;
  }
  try {
    await deps.client.chat.postMessage({ channel: submission.channelId, ...buildReminderMessage(submission, publishedAt, now) });
    deps.logger.info({ submissionId: submission.id }, 'reminded the channel that an update is due');
  } catch (error) {
    // Claimed already: a reminder Slack refused is not retried, so a broken channel is not nudged forever.
    deps.logger.warn({ submissionId: submission.id, slackError: slackErrorCode(error) }, 'Slack refused the reminder');
  }
}
