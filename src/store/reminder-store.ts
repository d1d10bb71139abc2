import type { Kysely } from 'kysely';
import { ownerIsGone } from './owner-lock.js';
import type { Database } from './schema.js';
import type { SubmissionStore } from './submission-store.js';
import { submissionFromRow } from './rows.js';
import type { Submission } from '../updates/submission.js';

// Each reminder a published update promised, when it is due, and what became of it: written as `due` when the
// update is published (markPublished), claimed by one worker under a lease, then sent or skipped, so it fires
// once however many replicas poll. The worker reads what is due from the (state, due_at) index, a batch at a
// time: a tick costs what is due now, never what was ever published. Opened over the same Kysely instance by
// open-store.ts (Stores.reminders).

/** `due`: waiting for its time; `claimed`: a worker is deciding or posting it, under a lease (see claimReminder). */
export type ReminderState = 'due' | 'claimed' | 'sent' | 'skipped' | 'snoozed';

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

/** A reminder a worker may act on now, with the update that promised it. */
export interface DueReminder {
  submission: Submission;
  state: 'due' | 'snoozed' | 'claimed';
  dueAt: Date;
}

export interface ReminderStore {
  /** The submission's reminder record, if it has one. */
  getReminder(submissionId: string): Promise<ReminderRecord | null>;
  /**
   * Reminders to act on now, oldest due first, at most `limit` of each kind: due (not before `since`: older ones
   * are given up, see giveUpBefore), snoozed and due again, or claimed by a worker that never finished (its lease
   * ran out, or on PostgreSQL its process is gone). Claim each before acting on it.
   */
  listDue(now: Date, since: Date, limit: number): Promise<DueReminder[]>;
  /** Reminders still due that came due before `since`: too late to help now, marked skipped. How many. */
  giveUpBefore(since: Date, now: Date): Promise<number>;
  /**
   * Claims the submission's reminder for this process, under a lease, to act on it: when it has no record
   * yet, is due, is snoozed and due again, or is claimed by a worker that never finished: its lease ran out, or (on
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

  async getReminder(submissionId: string): Promise<ReminderRecord | null> {
    const row = await this.db.selectFrom('reminders').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
    return row ? { submissionId: row.submission_id, state: row.state, dueAt: new Date(row.due_at) } : null;
  }

  async listDue(now: Date, since: Date, limit: number): Promise<DueReminder[]> {
    const nowText = now.toISOString();
    const joined = () =>
      this.db
        .selectFrom('reminders')
        .innerJoin('submissions', 'submissions.id', 'reminders.submission_id')
        .selectAll('submissions')
        .select(['reminders.state as reminder_state', 'reminders.due_at as reminder_due_at'])
        .where('reminders.due_at', '<=', nowText)
        .orderBy('reminders.due_at')
        .limit(limit);
    // Each kind from the (state, due_at) index on its own: no statement reads past what is due now.
    const [due, snoozed, claimed] = await Promise.all([
      joined().where('reminders.state', '=', 'due').where('reminders.due_at', '>=', since.toISOString()).execute(),
      joined().where('reminders.state', '=', 'snoozed').execute(),
      joined()
        .where('reminders.state', '=', 'claimed')
        .where((eb) =>
          eb.or([
            eb('reminders.lease_until', 'is', null),
            eb('reminders.lease_until', '<=', nowText),
            ...(this.process.engine === 'postgres' ? [ownerIsGone(eb.ref('reminders.lease_owner'))] : []),
          ]),
        )
        .execute(),
    ]);
    return [...due, ...snoozed, ...claimed]
      .map((row) => ({
        submission: submissionFromRow(row),
        state: row.reminder_state as DueReminder['state'],
        dueAt: new Date(row.reminder_due_at),
      }))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  async giveUpBefore(since: Date, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('reminders')
      .set({ state: 'skipped', updated_at: now.toISOString() })
      .where('state', '=', 'due')
      .where('due_at', '<', since.toISOString())
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
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
              eb.and([eb('reminders.state', '=', 'due'), eb('reminders.due_at', '<=', nowText)]),
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
