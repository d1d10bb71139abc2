import type { WebClient } from '@slack/web-api';
import type { Logger } from '../observability/logger.js';
import type { HeraldMetrics } from '../observability/metrics.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { ReminderStore } from '../store/reminder-store.js';
import type { MaintenanceReminderStore } from '../store/maintenance-reminder-store.js';
import { remindDueMaintenance } from './maintenance-reminders.js';
import type { SubmissionGroups } from '../store/submission-groups.js';
import { buildReminderMessage } from './reminder-message.js';
import { slackErrorCode } from '../slack-kit/slack-error.js';
import { holdLease } from '../store/held-lease.js';
import { reasonNotToRemind } from './reminder-decision.js';
import type { Submission } from '../updates/submission.js';

// A published update whose draft has "Next update in" schedules its reminder as it is published (a `due` row,
// due at publishedAt + nextUpdateMinutes: see reminder-store.ts). Each tick reads what is due now, a batch at a
// time, and acts on each, claiming it in the store first (one statement, under a lease), so it fires once
// however many replicas poll, and a restart finds anything still due on its first tick.
//
// The claim is marked sent only after Slack took the reminder (skipped when it is not to be posted). A worker
// that dies in between leaves a claim that another worker takes over once its lease runs out (at once on
// PostgreSQL, where the owner's process is seen to be gone), so a crash never loses a reminder. A reminder
// is posted twice only if its worker dies (or loses the database) after Slack accepted it and before the
// one-row update that marks it sent, or stalls longer than its lease while posting: then the channel gets
// it again once the lease has run out.

export interface ReminderDeps {
  /** The published updates of each channel, and its links. */
  channels: ChannelStore;
  /** What became of each reminder, and the claims on them. */
  reminders: ReminderStore;
  /** The start and end reminders of maintenance windows; absent: none are sent. */
  maintenanceReminders?: MaintenanceReminderStore;
  /** Submits that went to several pages: one reminder for all of them. */
  groups: SubmissionGroups;
  catalog: ProviderCatalog;
  client: WebClient;
  /** Each workspace's own client (multi-workspace OAuth); null when Herald has no token for it. Default: `client`. */
  clientFor?: (teamId: string | null) => Promise<WebClient | null>;
  logger: Logger;
  clock?: () => Date;
  /** Where the lag of each reminder posted (how late after its due time) is counted. */
  metrics?: HeraldMetrics;
  /** How often the store is read. Default 30 s. */
  pollMs?: number;
  /** How long a claimed reminder stays this worker's without being renewed. Default 60 s. */
  leaseMs?: number;
  /** How often a claim is renewed while the reminder is worked on. Default: a quarter of the lease. */
  heartbeatMs?: number;
}

export interface ReminderWorker {
  /** Acts on every reminder due now; what the timer runs. Resolves when done. */
  tick(): Promise<void>;
  /** Stops polling and waits for a tick in flight. */
  stop(): Promise<void>;
}

export const DEFAULT_REMINDER_POLL_MS = 30_000;
/** Long enough for a slow provider read and Slack post between heartbeats; a dead worker's reminder waits this long at most (SQLite). */
export const DEFAULT_REMINDER_LEASE_MS = 60_000;
/** Slack errors no retry fixes: the channel is gone or closed to the bot, or the workspace's token is. */
const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'restricted_action',
  'ekm_access_denied',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_access_not_granted',
  'missing_scope',
  'no_permission',
  'invalid_blocks',
  'invalid_arguments',
  'msg_too_long',
]);
/** How long after a failed post (rate limited, Slack down, network) the reminder is tried again. */
const RETRY_AFTER_MS = 60_000;
/** Past its due time by this much, a reminder Slack keeps failing is given up: it would come too late to help. */
const RETRY_WINDOW_MS = 60 * 60 * 1000;
/**
 * How far back to look for updates whose reminder may still be due: past the longest "Next update in"
 * (4 hours) plus a day of snoozes and downtime. Older reminders are left alone for good.
 */
const LOOKBACK_MS = 28 * 60 * 60 * 1000;

export function startReminders(deps: ReminderDeps): ReminderWorker {
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger.child({ component: 'reminders' });
  const leaseMs = deps.leaseMs ?? DEFAULT_REMINDER_LEASE_MS;
  const heartbeatMs = deps.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 4));
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = (): Promise<void> => {
    // One tick at a time: a slow provider must not let the next tick claim alongside it.
    running ??= runTick({ ...deps, clock, logger, leaseMs, heartbeatMs }, clock())
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'a reminder tick failed; the next one will try again');
      })
      .finally(() => {
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

type TickDeps = ReminderDeps & {
  logger: Logger;
  clock: () => Date;
  leaseMs: number;
  heartbeatMs: number;
};

/** Reminders read at a time: a tick never holds more than this in memory, nor blocks the event loop for longer. */
const BATCH_SIZE = 100;
/** Batches in one tick at most; what is left waits for the next tick. */
const MAX_BATCHES_PER_TICK = 50;

async function runTick(deps: TickDeps, now: Date): Promise<void> {
  await remindOfUpdates(deps, now);
  if (deps.maintenanceReminders) await remindDueMaintenance({ ...deps, maintenanceReminders: deps.maintenanceReminders }, now);
}

async function remindOfUpdates(deps: TickDeps, now: Date): Promise<void> {
  const since = new Date(now.getTime() - LOOKBACK_MS);
  const givenUp = await deps.reminders.giveUpBefore(since, now);
  if (givenUp > 0) deps.logger.info({ count: givenUp }, 'gave up reminders that came due too long ago to help');
  const tried = new Set<string>();
  for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch += 1) {
    // Those tried already this tick (a failure leaves one due) do not make the tick go round again.
    const due = (await deps.reminders.listDue(now, since, BATCH_SIZE)).filter(({ submission }) => !tried.has(submission.id));
    if (due.length === 0) return;
    for (const { submission, dueAt } of due) {
      tried.add(submission.id);
      const publishedAt = submission.publishedAt;
      if (publishedAt === null) continue;
      try {
        await remindIfStillDue(deps, submission, publishedAt, dueAt, now);
      } catch (error) {
        deps.logger.warn({ err: error, submissionId: submission.id }, 'could not handle a due reminder');
      }
    }
    // Between batches, whatever else is waiting (a command, a submit) goes first.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function remindIfStillDue(deps: TickDeps, submission: Submission, publishedAt: Date, dueAt: Date, now: Date): Promise<void> {
  if (!(await deps.reminders.claimReminder(submission.id, now, { leaseMs: deps.leaseMs, dueAt }))) return;
  const claim = holdLease({
    renew: () => deps.reminders.renewReminderClaim(submission.id, deps.leaseMs, deps.clock()),
    heartbeatMs: deps.heartbeatMs,
    onRenewError: (error) => deps.logger.warn({ err: error, submissionId: submission.id }, 'could not renew the claim on a reminder'),
  });
  try {
    await postIfStillDue(deps, submission, publishedAt, dueAt, now, claim.confirm);
  } finally {
    claim.release();
  }
}

/** Works on a reminder this worker claimed: marks it skipped, or posts it and marks it sent. */
async function postIfStillDue(
  deps: TickDeps,
  submission: Submission,
  publishedAt: Date,
  dueAt: Date,
  now: Date,
  stillOurs: () => Promise<boolean>,
): Promise<void> {
  const log = { submissionId: submission.id };
  const skip = await reasonNotToRemind(submission, publishedAt, deps);
  if (skip) {
    await deps.reminders.markReminderSkipped(submission.id, deps.clock());
    deps.logger.info({ ...log, reason: skip }, 'reminder not needed');
    return;
  }
  const client = deps.clientFor ? await deps.clientFor(submission.teamId) : deps.client;
  if (!client) {
    await deps.reminders.markReminderSkipped(submission.id, deps.clock());
    deps.logger.warn({ ...log, teamId: submission.teamId }, 'no reminder: Herald has no token for this workspace any more');
    return;
  }
  // The provider read may have been slow: a claim snoozed or taken over meanwhile is no longer ours to post.
  if (!(await stillOurs())) {
    deps.logger.info(log, 'reminder not posted: it was snoozed or taken over by another worker meanwhile');
    return;
  }
  try {
    await client.chat.postMessage({ channel: submission.channelId, ...buildReminderMessage(submission, publishedAt, now) });
  } catch (error) {
    await handlePostFailure(deps, submission.id, dueAt, slackErrorCode(error));
    return;
  }
  const lateBySeconds = (deps.clock().getTime() - dueAt.getTime()) / 1000;
  deps.metrics?.reminderSent(lateBySeconds);
  deps.logger.info({ ...log, lateBySeconds }, 'reminded the channel that an update is due');
  // Posted: until this one-row update lands, a crash would let another worker post it again.
  if (!(await deps.reminders.markReminderSent(submission.id, deps.clock()))) {
    deps.logger.warn(log, 'posted a reminder whose claim was snoozed or taken over meanwhile: the channel may see it twice');
  }
}

/**
 * Slack did not take the reminder. A permanent refusal marks it skipped, so a broken channel is not nudged
 * forever; anything else (rate limits, 5xx, the network) keeps the claim but lets it lapse in RETRY_AFTER_MS,
 * when the next tick here or on another replica tries again, until RETRY_WINDOW_MS past the due time.
 */
async function handlePostFailure(deps: TickDeps, submissionId: string, dueAt: Date, slackError: string): Promise<void> {
  const log = { submissionId, slackError };
  const now = deps.clock();
  if (PERMANENT_SLACK_ERRORS.has(slackError)) {
    await deps.reminders.markReminderSkipped(submissionId, now);
    deps.logger.warn(log, 'Slack refused the reminder; it is not tried again');
  } else if (now.getTime() - dueAt.getTime() >= RETRY_WINDOW_MS) {
    await deps.reminders.markReminderSkipped(submissionId, now);
    deps.logger.warn({ ...log, dueAt }, 'Slack kept failing the reminder for an hour past its due time; giving up on it');
  } else {
    await deps.reminders.renewReminderClaim(submissionId, RETRY_AFTER_MS, now);
    deps.logger.warn({ ...log, retryInSeconds: RETRY_AFTER_MS / 1000 }, 'Slack failed the reminder; it will be tried again');
  }
}
