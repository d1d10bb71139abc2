import { sql, type Kysely, type Transaction } from 'kysely';
import { ownerIsGone } from './owner-lock.js';
import type { Database } from './schema.js';
import type { SubmissionStore } from './submission-store.js';
import { submissionFromRow } from './rows.js';
import type { MaintenanceWindowDraft } from '../updates/draft.js';
import type { Submission } from '../updates/submission.js';

// The two reminders of a maintenance Herald scheduled (see migration 017): `start`, shortly before the window
// opens, when the page does not start it by itself; `end`, when the window is due to close. Written with the
// opening (markOpened), moved by an extension, read from the (state, due_at) index a batch at a time, and
// claimed under a lease before they are acted on, so each fires once however many replicas poll.

export type MaintenanceMoment = 'start' | 'end';

/** How long before its window starts a maintenance that does not start by itself is brought up in its channel. */
export const START_REMINDER_LEAD_MS = 10 * 60_000;

export interface DueMaintenanceReminder {
  /** The submission that opened the maintenance (its draft names the post and the window). */
  submission: Submission;
  moment: MaintenanceMoment;
  dueAt: Date;
}

export interface MaintenanceReminderStore {
  /** Due now (not before `since`), or claimed by a worker that never finished; oldest first, at most `limit`. */
  listDue(now: Date, since: Date, limit: number): Promise<DueMaintenanceReminder[]>;
  /** Claims one for this process under a lease; true when ours. One statement: two workers never both win. */
  claim(submissionId: string, moment: MaintenanceMoment, now: Date, leaseMs: number): Promise<boolean>;
  /** This process's claim is done: posted (`sent`) or not to be posted (`skipped`). */
  finish(submissionId: string, moment: MaintenanceMoment, state: 'sent' | 'skipped', now: Date): Promise<void>;
  /** Moves a maintenance's end reminder to its new end (an extension), due again whatever it was. */
  rescheduleEnd(submissionId: string, endsAt: Date, now: Date): Promise<void>;
}

interface MaintenanceRemindersTable {
  submission_id: string;
  moment: MaintenanceMoment;
  state: 'due' | 'claimed' | 'sent' | 'skipped';
  due_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  updated_at: string;
}

export interface MaintenanceReminderDatabase extends Database {
  maintenance_reminders: MaintenanceRemindersTable;
}

/** Writes a maintenance's reminders, in the transaction that records its opening. */
export async function scheduleMaintenanceRemindersOn(
  trx: Transaction<Database>,
  submissionId: string,
  window: MaintenanceWindowDraft,
  now: Date,
): Promise<void> {
  const db = trx as unknown as Transaction<MaintenanceReminderDatabase>;
  const rows: MaintenanceRemindersTable[] = [];
  const row = (moment: MaintenanceMoment, dueAt: Date): MaintenanceRemindersTable => ({
    submission_id: submissionId,
    moment,
    state: 'due',
    due_at: dueAt.toISOString(),
    lease_owner: null,
    lease_until: null,
    updated_at: now.toISOString(),
  });
  if (!window.startAutomatically) rows.push(row('start', new Date(new Date(window.startsAt).getTime() - START_REMINDER_LEAD_MS)));
  rows.push(row('end', new Date(window.endsAt)));
  await db
    .insertInto('maintenance_reminders')
    .values(rows)
    .onConflict((conflict) => conflict.columns(['submission_id', 'moment']).doNothing())
    .execute();
}

export class KyselyMaintenanceReminderStore implements MaintenanceReminderStore {
  private readonly db: Kysely<MaintenanceReminderDatabase>;

  constructor(
    db: Kysely<Database>,
    private readonly process: Pick<SubmissionStore, 'engine' | 'ownerId'>,
  ) {
    this.db = db as unknown as Kysely<MaintenanceReminderDatabase>;
  }

  async listDue(now: Date, since: Date, limit: number): Promise<DueMaintenanceReminder[]> {
    const nowText = now.toISOString();
    const joined = () =>
      this.db
        .selectFrom('maintenance_reminders as r')
        .innerJoin('submissions', 'submissions.id', 'r.submission_id')
        .selectAll('submissions')
        .select(['r.moment as reminder_moment', 'r.due_at as reminder_due_at'])
        .where('r.due_at', '<=', nowText)
        .orderBy('r.due_at')
        .limit(limit);
    const [due, abandoned] = await Promise.all([
      joined().where('r.state', '=', 'due').where('r.due_at', '>=', since.toISOString()).execute(),
      joined()
        .where('r.state', '=', 'claimed')
        .where((eb) => eb.or([eb('r.lease_until', 'is', null), eb('r.lease_until', '<=', nowText), ...this.ownerGone('r.lease_owner')]))
        .execute(),
    ]);
    return [...due, ...abandoned]
      .map((row) => ({ submission: submissionFromRow(row), moment: row.reminder_moment, dueAt: new Date(row.reminder_due_at) }))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  async claim(submissionId: string, moment: MaintenanceMoment, now: Date, leaseMs: number): Promise<boolean> {
    const nowText = now.toISOString();
    const result = await this.db
      .updateTable('maintenance_reminders')
      .set({
        state: 'claimed',
        lease_owner: this.process.ownerId,
        lease_until: new Date(now.getTime() + leaseMs).toISOString(),
        updated_at: nowText,
      })
      .where('submission_id', '=', submissionId)
      .where('moment', '=', moment)
      .where('due_at', '<=', nowText)
      .where((eb) =>
        eb.or([
          eb('state', '=', 'due'),
          eb.and([
            eb('state', '=', 'claimed'),
            eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', nowText), ...this.ownerGone('lease_owner')]),
          ]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async finish(submissionId: string, moment: MaintenanceMoment, state: 'sent' | 'skipped', now: Date): Promise<void> {
    await this.db
      .updateTable('maintenance_reminders')
      .set({ state, lease_owner: null, lease_until: null, updated_at: now.toISOString() })
      .where('submission_id', '=', submissionId)
      .where('moment', '=', moment)
      .where('state', '=', 'claimed')
      .where('lease_owner', '=', this.process.ownerId)
      .execute();
  }

  async rescheduleEnd(submissionId: string, endsAt: Date, now: Date): Promise<void> {
    const values = {
      state: 'due' as const,
      due_at: endsAt.toISOString(),
      lease_owner: null,
      lease_until: null,
      updated_at: now.toISOString(),
    };
    await this.db
      .insertInto('maintenance_reminders')
      .values({ submission_id: submissionId, moment: 'end', ...values })
      .onConflict((conflict) => conflict.columns(['submission_id', 'moment']).doUpdateSet(values))
      .execute();
  }

  /** PostgreSQL: a claim whose process is gone is free at once; SQLite has one process, whose claims simply run out. */
  private ownerGone(column: string) {
    return this.process.engine === 'postgres' ? [ownerIsGone(sql.ref<string | null>(column))] : [];
  }
}
