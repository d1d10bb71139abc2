import type { Kysely } from 'kysely';

// Linked channels (which incident a channel is about) and the reminders already handled. Reminders are
// derived from published submissions; a row here only records that one was claimed (sent or skipped) or
// snoozed, so it fires once across restarts and replicas. Every statement is `if not exists` (see 001).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channel_links')
    .ifNotExists()
    .addColumn('channel_id', 'text', (col) => col.primaryKey())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('page_id', 'text', (col) => col.notNull())
    .addColumn('page_name', 'text', (col) => col.notNull())
    .addColumn('page_url', 'text')
    .addColumn('post_id', 'text', (col) => col.notNull())
    .addColumn('post_kind', 'text', (col) => col.notNull())
    .addColumn('post_title', 'text', (col) => col.notNull())
    .addColumn('post_url', 'text')
    .addColumn('linked_by', 'text', (col) => col.notNull())
    .addColumn('linked_at', 'text', (col) => col.notNull())
    /** Set by unlink: the row stays, so reminders for updates published before it are known to be off. */
    .addColumn('unlinked_at', 'text')
    .execute();

  await db.schema
    .createTable('reminders')
    .ifNotExists()
    .addColumn('submission_id', 'text', (col) => col.primaryKey().references('submissions.id'))
    /** sent | skipped | snoozed */
    .addColumn('state', 'text', (col) => col.notNull())
    /** For a snoozed reminder: when it is due again. */
    .addColumn('due_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('reminders_state_due_idx').ifNotExists().on('reminders').columns(['state', 'due_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reminders').execute();
  await db.schema.dropTable('channel_links').execute();
}
