import type { Kysely } from 'kysely';
import { ownerIsGone } from './owner-lock.js';
import type { Database } from './schema.js';
import type { SubmissionStore } from './submission-store.js';

// Which reminders were already handled, and which worker is handling one right now. Reminders are derived
// from published submissions (see reminder-worker.ts); this table only records what became of each, so a
// reminder fires once however many replicas poll. Opened over the same Kysely instance by open-store.ts
// (Stores.reminders).

/** `claimed`: a worker is deciding or posting it, under a lease (see claimReminder). */
export type ReminderState = 'claimed' | 'sent' | 'skipped' | 'snoozed';

export interface ReminderRecord {
  submissionId: string;
  state: ReminderState;
  /** When it came due (for a snoozed reminder: when it is due again). */
  dueAt: Date;
}

export interface ReminderClaim {
  /** How long the claim stays ours without renewReminderClaim. */
  leaseMs: number;
  /** When the reminder came due, recorded on its first claim. Default: `now`. */
  dueAt?: Date;
}

export interface ReminderStore {
  /** The reminder records of these submissions. */
  getReminders(submissionIds: string[]): Promise<Map<string, ReminderRecord>>;
  /**
   * Claims the submission's reminder for this process, under a lease, to act on it: when it has no record
   * yet, is snoozed and due again, or is claimed by a worker that never finished: its lease ran out, or (on
   * PostgreSQL) its process is gone. One statement, so two workers (two replicas) never both win. True when
   * ours; the claim ends with markReminderSent or markReminderSkipped.
   */
  claimReminder(submissionId: string, now: Date, claim: ReminderClaim): Promise<boolean>;
  /** Extends this process's claim. False when it is no longer ours (taken over, or snoozed meanwhile). */
  renewReminderClaim(submissionId: string, leaseMs: number, now: Date): Promise<boolean>;
  /** This process's claimed reminder was posted. False when the claim was no longer ours. */
  markReminderSent(submissionId: string, now: Date): Promise<boolean>;
  /**
   * This process's claimed reminder is not to be posted (newer update, resolved, unlinked, Slack refused
   * it). False when the claim was no longer ours.
   */
  markReminderSkipped(submissionId: string, now: Date): Promise<boolean>;
  /**
   * Snoozes a reminder that was posted until `until`. False when the submission has no reminder to snooze.
   * A claimed one counts: someone clicked it, so it was posted (its worker may have died before marking it
   * sent), and their snooze stops a worker that has not posted again yet.
   */
  snoozeReminder(submissionId: string, until: Date, now: Date): Promise<boolean>;
}

interface RemindersTable {
  submission_id: string;
  state: ReminderState;
  due_at: string;
  updated_at: string;
  /** Migration 008: the Stores.ownerId holding a claimed reminder, and until when. */
  lease_owner: string | null;
  lease_until: string | null;
}

/** The table migrations 003 and 008 add, alongside the outbox's. */
export interface ReminderDatabase extends Database {
  reminders: RemindersTable;
}

export class KyselyReminderStore implements ReminderStore {
  private readonly db: Kysely<ReminderDatabase>;

  /** `process`: the store this one was opened with; its ownerId names this process's reminder claims. */
  constructor(
    db: Kysely<Database>,
    private readonly process: Pick<SubmissionStore, 'engine' | 'ownerId'>,
  ) {
    this.db = db as unknown as Kysely<ReminderDatabase>;
  }

  async getReminders(submissionIds: string[]): Promise<Map<string, ReminderRecord>> {
    if (submissionIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('reminders').selectAll().where('submission_id', 'in', submissionIds).execute();
    return new Map(
      rows.map((row) => [row.submission_id, { submissionId: row.submission_id, state: row.state, dueAt: new Date(row.due_at) }]),
    );
  }

  async claimReminder(submissionId: string, now: Date, claim: ReminderClaim): Promise<boolean> {
    const nowText = now.toISOString();
    const lease = {
      state: 'claimed' as const,
      lease_owner: this.process.ownerId,
      lease_until: new Date(now.getTime() + claim.leaseMs).toISOString(),
      updated_at: nowText,
    };
    // Insert, or take over the existing row only when it is free: the conflict's WHERE is checked on the
    // row as locked, so of two racing claims one inserts or updates and the other changes nothing.
    const result = await this.db
      .insertInto('reminders')
      .values({ submission_id: submissionId, due_at: (claim.dueAt ?? now).toISOString(), ...lease })
      .onConflict((conflict) =>
        conflict
          .column('submission_id')
          .doUpdateSet(lease)
          .where((eb) =>
            eb.or([
              eb.and([eb('reminders.state', '=', 'snoozed'), eb('reminders.due_at', '<=', nowText)]),
              eb.and([
                eb('reminders.state', '=', 'claimed'),
                eb.or([
                  eb('reminders.lease_until', 'is', null),
                  eb('reminders.lease_until', '<=', nowText),
                  // Its process is gone. SQLite has one process: a dead one's claim simply runs out.
                  ...(this.process.engine === 'postgres' ? [ownerIsGone(eb.ref('reminders.lease_owner'))] : []),
                ]),
              ]),
            ]),
          ),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async renewReminderClaim(submissionId: string, leaseMs: number, now: Date): Promise<boolean> {
    const result = await this.ownClaim(submissionId)
      .set({ lease_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: now.toISOString() })
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async markReminderSent(submissionId: string, now: Date): Promise<boolean> {
    return this.finishClaim(submissionId, 'sent', now);
  }

  async markReminderSkipped(submissionId: string, now: Date): Promise<boolean> {
    return this.finishClaim(submissionId, 'skipped', now);
  }

  private async finishClaim(submissionId: string, state: 'sent' | 'skipped', now: Date): Promise<boolean> {
    const result = await this.ownClaim(submissionId)
      .set({ state, lease_owner: null, lease_until: null, updated_at: now.toISOString() })
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** An update of this process's claim: still claimed, and by us, even if its lease ran out unnoticed. */
  private ownClaim(submissionId: string) {
    return this.db
      .updateTable('reminders')
      .where('submission_id', '=', submissionId)
      .where('state', '=', 'claimed')
      .where('lease_owner', '=', this.process.ownerId);
  }

  async snoozeReminder(submissionId: string, until: Date, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('reminders')
      .set({ state: 'snoozed', due_at: until.toISOString(), lease_owner: null, lease_until: null, updated_at: now.toISOString() })
      .where('submission_id', '=', submissionId)
      .where('state', 'in', ['sent', 'snoozed', 'claimed'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
