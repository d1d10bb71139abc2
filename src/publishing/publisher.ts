import { randomUUID } from 'node:crypto';
import { withLogContext } from '../observability/log-context.js';
import type { Logger } from '../observability/logger.js';
import type { HeraldMetrics } from '../observability/metrics.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { SubmissionStore } from '../store/submission-store.js';
import { type AnnouncementDependencies, postPending } from './announce-submission.js';
import { publishSubmission, type OutcomeNotifier, type PublishTiming } from './publish-submission.js';
import type { Submission } from '../updates/submission.js';

export interface PublisherTiming extends PublishTiming {
  /** How often to look for submissions left unfinished (a store or Slack outage, a dead sibling process). */
  sweepMs: number;
}

export const DEFAULT_PUBLISHER_TIMING: PublisherTiming = {
  leaseMs: 60_000,
  heartbeatMs: 15_000,
  settleMs: 1_000,
  sweepMs: 30_000,
};

export interface PublisherOptions {
  submissions: SubmissionStore;
  catalog: ProviderCatalog;
  notifier: OutcomeNotifier;
  logger: Logger;
  clock?: () => Date;
  timing?: Partial<PublisherTiming>;
  metrics?: HeraldMetrics;
  /** Announcement channels (docs/announcements.md); absent: nothing is announced. */
  announcing?: Omit<AnnouncementDependencies, 'logger' | 'now'>;
}

/** Submissions whose pending announcements one sweep takes up. */
const ANNOUNCEMENTS_PER_SWEEP = 50;

/**
 * Runs publishing in the background, after the modal has been acknowledged. Submissions are durable before
 * they get here, so a publisher that dies loses nothing: `resumeUnfinished` at the next start, or the sweep
 * of a sibling process, finishes what it left.
 */
export class Publisher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly timing: PublisherTiming;
  private stopped = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;

  constructor(private readonly options: PublisherOptions) {
    this.timing = { ...DEFAULT_PUBLISHER_TIMING, ...options.timing };
  }

  /** Publishes the stored submission in the background; the same id twice runs once. */
  enqueue(submissionId: string): void {
    this.start(submissionId, undefined);
  }

  /**
   * Finishes every submission left unfinished: not yet published, interrupted mid-publish, or published or
   * failed without its author being told. `takeOverLeases`: the caller knows no other publisher is alive
   * (the embedded store belongs to one process), so interrupted submissions need not wait for their lease.
   */
  async resumeUnfinished({ takeOverLeases }: { takeOverLeases: boolean }): Promise<number> {
    const now = this.now();
    const claimAsOf = takeOverLeases ? new Date(now.getTime() + this.timing.leaseMs) : undefined;
    // Runs of this process that stopped halfway are ours to take back: none of them is in flight any more.
    const unfinished = await this.options.submissions.listUnfinished(claimAsOf ?? now, { takeBackOwn: true });
    const started = unfinished.filter((id) => this.start(id, claimAsOf));
    if (started.length > 0) this.options.logger.info({ count: started.length }, 'resuming unfinished submissions');
    // The store failing here leaves the announcements pending for the next sweep; it never stops a start.
    await this.resumeAnnouncements(new Set(started)).catch((error: unknown) =>
      this.options.logger.warn({ err: error }, 'could not look for pending announcements'),
    );
    return started.length;
  }

  /**
   * Posts announcements left pending: Slack failed to take them, or the process posting them died. Submissions
   * being resumed announce as they finish, so they are left to that.
   */
  private async resumeAnnouncements(resuming: ReadonlySet<string>): Promise<void> {
    const announcing = this.announcing();
    if (!announcing || this.stopped) return;
    const pending = await announcing.announcements.listPending(this.now(), ANNOUNCEMENTS_PER_SWEEP);
    for (const id of pending.filter((submissionId) => !resuming.has(submissionId) && !this.inFlight.has(submissionId))) {
      const submission = await this.options.submissions.getSubmission(id);
      if (submission?.state === 'published') await postPending(announcing, submission);
    }
  }

  private announcing(): AnnouncementDependencies | undefined {
    const { announcing, logger } = this.options;
    return announcing && { ...announcing, logger: logger.child({ component: 'announcements' }), now: () => this.now() };
  }

  /** Looks for unfinished submissions every `sweepMs` until stopped. */
  startSweeping(): void {
    if (this.stopped || this.sweepTimer) return;
    this.sweepTimer = setInterval(() => {
      if (this.sweeping) return; // a slow sweep is not stacked on
      this.sweeping = this.resumeUnfinished({ takeOverLeases: false })
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not look for unfinished submissions'))
        .finally(() => (this.sweeping = undefined));
    }, this.timing.sweepMs);
    this.sweepTimer.unref();
  }

  /** Resolves when nothing is being published (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.sweeping) {
      await Promise.allSettled([...this.inFlight.values(), this.sweeping]);
    }
  }

  /** Takes no new work and waits for what is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    await this.idle();
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /** Starts publishing one submission unless it already is; false when it was not started. */
  private start(submissionId: string, claimAsOf: Date | undefined): boolean {
    if (this.stopped || this.inFlight.has(submissionId)) return false;
    // Every line of this run carries its publishId (and the requestId of the Slack request that started it).
    const run = withLogContext({ publishId: randomUUID() }, () => this.run(submissionId, claimAsOf)).finally(() =>
      this.inFlight.delete(submissionId),
    );
    this.inFlight.set(submissionId, run);
    return true;
  }

  private async run(submissionId: string, claimAsOf: Date | undefined): Promise<void> {
    const logger = this.options.logger.child({ submissionId });
    try {
      const announcing = this.announcing();
      await publishSubmission(
        { ...this.options, ...this.timing, logger, now: () => this.now(), announcing: announcing && { ...announcing, logger } },
        submissionId,
        claimAsOf,
      );
    } catch (error) {
      // Store or Slack outages, or a lease lost to another publisher: the submission stays unfinished and
      // the sweep (here or in a sibling process) finishes it.
      logger.error({ err: error }, 'publishing stopped before finishing; it will be resumed');
    }
  }
}

export type { Submission };
