import type { Kysely } from 'kysely';

// A maintenance Herald scheduled reminds its channel twice: shortly before its window starts (unless the page
// starts it by itself) and when it is due to end. One row per moment, written when the maintenance is opened
// (markOpened) and moved when its window is extended; claimed under a lease like the update reminders (008),
// so each fires once however many replicas poll. `if not exists`, so it can run again after a crash halfway.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('maintenance_reminders')
    .ifNotExists()
    .addColumn('submission_id', 'text', (col) => col.notNull())
    /** 'start' or 'end'. */
    .addColumn('moment', 'text', (col) => col.notNull())
    /** 'due', 'claimed', 'sent' or 'skipped'. */
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('due_at', 'text', (col) => col.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('maintenance_reminders_pk', ['submission_id', 'moment'])
    .execute();
  await db.schema
    .createIndex('maintenance_reminders_due_idx')
    .ifNotExists()
    .on('maintenance_reminders')
    .columns(['state', 'due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('maintenance_reminders').ifExists().execute();
}
