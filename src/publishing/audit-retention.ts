import type { Logger } from '../observability/logger.js';
import type { SubmissionStore } from '../store/submission-store.js';

// The audit trail keeps every HTTP exchange with a status page, bodies included: what was sent, what came back.
// That is most of what Herald stores (about half the disk per submission), and it is needed while an update can
// still be looked into. After HERALD_AUDIT_RETENTION_DAYS only each exchange's outcome is kept (method, address,
// status, error code, duration); nothing Herald itself needs later (submission keys, echo and summary state,
// reminders, corrections) is in the bodies. Pruned an hour at a time, in batches that let requests go first.

export interface AuditRetentionOptions {
  submissions: Pick<SubmissionStore, 'pruneAuditBodies'>;
  logger: Logger;
  retentionDays: number;
  clock?: () => Date;
  /** How often to prune. Default: an hour. */
  intervalMs?: number;
  /** Exchanges pruned in one statement. */
  batchSize?: number;
}

export interface AuditRetention {
  /** Prunes everything past the retention period now; how many exchanges lost their bodies. */
  pruneNow(): Promise<number>;
  stop(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function startAuditRetention(options: AuditRetentionOptions): AuditRetention {
  const clock = options.clock ?? (() => new Date());
  const batchSize = options.batchSize ?? 1_000;
  let running: Promise<number> | null = null;

  const prune = async (): Promise<number> => {
    const before = new Date(clock().getTime() - options.retentionDays * DAY_MS);
    let pruned = 0;
    for (;;) {
      const batch = await options.submissions.pruneAuditBodies(before, batchSize);
      pruned += batch;
      if (batch < batchSize) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (pruned > 0)
      options.logger.info({ pruned, retentionDays: options.retentionDays }, 'pruned request and response bodies from the audit trail');
    return pruned;
  };
  const pruneNow = (): Promise<number> => {
    running ??= prune().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(
    () => {
      pruneNow().catch((error: unknown) =>
        options.logger.warn({ err: error }, 'could not prune the audit trail; the next round tries again'),
      );
    },
    options.intervalMs ?? 60 * 60 * 1000,
  );
  timer.unref();

  return {
    pruneNow,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
