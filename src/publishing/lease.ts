import type { Logger } from '../observability/logger.js';
import { holdLease, type HeldLease } from '../store/held-lease.js';
import type { SubmissionStore } from '../store/submission-store.js';

// The publisher's hold on a claimed submission (store/held-lease.ts): every send first confirms it, and a
// lease that cannot be confirmed stops the work on that submission, leaving it to whoever holds it now.

export interface SubmissionLease {
  /** Renews the lease now; throws LeaseError when it is no longer ours or the store cannot say. */
  confirm(): Promise<void>;
  /** Stops the heartbeat. */
  release(): void;
}

/** The lease could not be confirmed: stop working on the submission and leave it to whoever holds it now. */
export class LeaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LeaseError';
  }
}

export function holdSubmissionLease(
  deps: { submissions: SubmissionStore; logger: Logger; now: () => Date; leaseMs: number; heartbeatMs: number },
  submissionId: string,
): SubmissionLease {
  const lease: HeldLease = holdLease({
    renew: () => deps.submissions.renewLease(submissionId, deps.leaseMs, deps.now()),
    heartbeatMs: deps.heartbeatMs,
    onRenewError: (error) => deps.logger.warn({ err: error, submissionId }, 'could not renew the lease'),
  });
  return {
    async confirm() {
      let held: boolean;
      try {
        held = await lease.confirm();
      } catch (error) {
        throw new LeaseError('the store did not confirm the lease', { cause: error });
      }
      if (!held) throw new LeaseError('another publisher has taken this submission over');
    },
    release: () => lease.release(),
  };
}
