import type { Logger } from '../observability/logger.js';
import type { ProviderCatalog } from '../providers/catalog.js';
import type { Store, Submission } from '../store/store.js';
import { publishSubmission, type OutcomeNotifier } from './publish-submission.js';

export interface PublisherOptions {
  store: Store;
  catalog: ProviderCatalog;
  notifier: OutcomeNotifier;
  logger: Logger;
  clock?: () => Date;
  /** How long a publisher holds a submission before another may take it over. */
  leaseMs?: number;
}

/**
 * Runs publishing in the background, after the modal has been acknowledged. Submissions are
 * durable before they get here, so a publisher that dies loses nothing: `resumeUnfinished` at the
 * next start finishes what it left.
 */
export class Publisher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: PublisherOptions) {}

  /** Publishes the stored submission in the background; the same id twice runs once. */
  enqueue(submissionId: string): void {
    if (this.stopped || this.inFlight.has(submissionId)) return;
    const run = this.run(submissionId, {}).finally(() => this.inFlight.delete(submissionId));
    this.inFlight.set(submissionId, run);
  }

  /**
   * Finishes every submission a previous process left: not yet published, interrupted mid-publish,
   * or published without its echo. `takeOverLeases`: the caller knows no other publisher is alive
   * (the embedded store belongs to one process), so interrupted submissions need not wait for their lease.
   */
  async resumeUnfinished({ takeOverLeases }: { takeOverLeases: boolean }): Promise<number> {
    const now = this.now();
    const claimAsOf = takeOverLeases ? new Date(now.getTime() + this.leaseMs) : now;
    const unfinished = await this.options.store.listUnfinished(claimAsOf);
    for (const submission of unfinished) {
      if (this.stopped || this.inFlight.has(submission.id)) continue;
      const run = this.run(submission.id, { claimAsOf }).finally(() => this.inFlight.delete(submission.id));
      this.inFlight.set(submission.id, run);
    }
    if (unfinished.length > 0) this.options.logger.info({ count: unfinished.length }, 'resuming unfinished submissions');
    return unfinished.length;
  }

  /** Resolves when nothing is being published (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Takes no new work and waits for what is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 120_000;
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  private async run(submissionId: string, { claimAsOf }: { claimAsOf?: Date }): Promise<void> {
    const logger = this.options.logger.child({ submissionId });
    try {
      await publishSubmission(
        { ...this.options, logger, now: () => this.now(), leaseMs: this.leaseMs },
        submissionId,
        claimAsOf,
      );
    } catch (error) {
      // Only store or Slack outages end up here; the submission stays unfinished and is resumed later.
      logger.error({ err: error }, 'publishing stopped before finishing; it will be resumed');
    }
  }
}

export type { Submission };
