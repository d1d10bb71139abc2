import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// A reminder is claimed under a lease before it is acted on, and marked sent (or skipped) only once that is
// done: a process that dies in between (a provider read can take seconds) leaves a claim another worker may
// take once the lease runs out, or at once on PostgreSQL when the owner's process is gone (see owner-lock.ts).
// Before this, the claim itself wrote 'sent', and such a crash lost the reminder for good.
//
// ALTER TABLE ADD COLUMN has no IF NOT EXISTS on SQLite, so each column is added only when missing: like
// 002, this migration can run again after a crash halfway. Existing rows keep their state and no lease.

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  /** The Stores.ownerId (one per process) of the worker holding a 'claimed' reminder. */
  await addColumnIfMissing(db, engine, 'reminders', 'lease_owner');
  /** Until when that claim is the owner's alone; past it, any worker may claim the reminder again. */
  await addColumnIfMissing(db, engine, 'reminders', 'lease_until');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reminders').dropColumn('lease_until').execute();
  await db.schema.alterTable('reminders').dropColumn('lease_owner').execute();
}

async function addColumnIfMissing(db: Kysely<unknown>, engine: Engine, table: string, column: string): Promise<void> {
  if (await hasColumn(db, engine, table, column)) return;
  await db.schema.alterTable(table).addColumn(column, 'text').execute();
}

/**
 * Whether our table has the column. On PostgreSQL that is the one in the current schema, where 003 created it
 * unqualified: a table of the same name in another schema of the database says nothing about ours.
 */
async function hasColumn(db: Kysely<unknown>, engine: Engine, table: string, column: string): Promise<boolean> {
  const found =
    engine === 'postgres'
      ? await sql`select 1 from information_schema.columns where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`.execute(
          db,
        )
      : await sql`select 1 from pragma_table_info(${table}) where name = ${column}`.execute(db);
  return found.rows.length > 0;
}
