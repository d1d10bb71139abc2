import type { Logger } from '../observability/logger.js';
import type { ReminderStore } from '../store/reminder-store.js';

// A claimed reminder stays this process's only while its lease is renewed. Deciding and posting usually take
// well under a second, but a provider read or Slack can be slow: the heartbeat keeps the lease from running
// out meanwhile, so another replica does not take the reminder over and post it a second time. A process
// that dies stops renewing, and its claim is free once the lease ends (at once on PostgreSQL, where the
// store sees the owner's process is gone).

export interface HeldReminderClaim {
  /** Renews the lease now: false when the claim is no longer ours (taken over, or snoozed meanwhile). */
  confirm(): Promise<boolean>;
  /** Stops the heartbeat. */
  release(): void;
}

export function holdReminderClaim(
  deps: { reminders: Pick<ReminderStore, 'renewReminderClaim'>; logger: Logger; clock: () => Date; leaseMs: number; heartbeatMs: number },
  submissionId: string,
): HeldReminderClaim {
  let lost = false;
  const renew = async (): Promise<boolean> => {
    const held = await deps.reminders.renewReminderClaim(submissionId, deps.leaseMs, deps.clock());
    if (!held) lost = true;
    return held;
  };
  const heartbeat = setInterval(() => {
    if (lost) return;
    renew().catch((error: unknown) => deps.logger.warn({ err: error, submissionId }, 'could not renew the claim on a reminder'));
  }, deps.heartbeatMs);
  heartbeat.unref();
  return {
    confirm: async () => !lost && (await renew()),
    release: () => clearInterval(heartbeat),
  };
}
