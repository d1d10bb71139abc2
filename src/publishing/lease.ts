import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';

// A claimed submission stays ours only while we keep renewing the lease. The heartbeat renews it in the
// background (a slow provider call or a long Retry-After wait must not let it lapse), and every send first
// renews it in the foreground: a publisher that lost its lease (taken over after its process stalled, or
// its database connection dropped) finds out before sending, never after.

export interface HeldLease {
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

export function holdLease(
  deps: { store: Store; logger: Logger; now: () => Date; leaseMs: number; heartbeatMs: number },
  submissionId: string,
): HeldLease {
  let lost = false;
  const renew = async (): Promise<boolean> => {
    const held = await deps.store.renewLease(submissionId, deps.leaseMs, deps.now());
    if (!held) lost = true;
    return held;
  };
  const heartbeat = setInterval(() => {
    if (lost) return;
    renew().catch((error: unknown) => deps.logger.warn({ err: error, submissionId }, 'could not renew the lease'));
  }, deps.heartbeatMs);
  heartbeat.unref();

  return {
    async confirm() {
      let held: boolean;
      try {
        held = !lost && (await renew());
      } catch (error) {
        throw new LeaseError('the store did not confirm the lease', { cause: error });
      }
      if (!held) throw new LeaseError('another publisher has taken this submission over');
    },
    release() {
      clearInterval(heartbeat);
    },
  };
}
