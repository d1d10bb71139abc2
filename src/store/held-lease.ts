// A row claimed under a lease (a submission being published, a reminder being posted) stays ours only while
// the lease is renewed. The heartbeat renews it in the background, so a slow provider call or a long
// Retry-After wait does not let it lapse and another replica take the work over; `confirm` renews it in the
// foreground, so a holder that lost it (taken over after its process stalled, or its database connection
// dropped) finds out before acting, never after. A process that dies stops renewing, and the row is free
// once the lease ends (at once on PostgreSQL, where the store sees the owner's process is gone).

export interface HeldLease {
  /** Renews the lease now: false when it is no longer ours. Throws when the store cannot say. */
  confirm(): Promise<boolean>;
  /** Stops the heartbeat. */
  release(): void;
}

export interface LeaseRenewal {
  /** Extends the lease in the store: false when it is no longer this holder's. */
  renew(): Promise<boolean>;
  heartbeatMs: number;
  /** A background renewal failed (the store did not answer): the next one, or `confirm`, tries again. */
  onRenewError(error: unknown): void;
}

export function holdLease(renewal: LeaseRenewal): HeldLease {
  let lost = false;
  const renew = async (): Promise<boolean> => {
    const held = await renewal.renew();
    if (!held) lost = true;
    return held;
  };
  const heartbeat = setInterval(() => {
    if (lost) return;
    renew().catch(renewal.onRenewError);
  }, renewal.heartbeatMs);
  heartbeat.unref();
  return {
    confirm: async () => !lost && (await renew()),
    release: () => clearInterval(heartbeat),
  };
}
