import { sql, type Kysely } from 'kysely';

// A channel may be linked to one incident on each of several status pages (a public PagerDuty page and an
// internal DevHelm one, say), so a link is now keyed by (channel, provider, page) instead of by channel.
// SQLite cannot change a table's primary key, so the links move to a new table; the rows of 003's
// `channel_links` are copied over, unlinked ones included (reminders read when a channel was unlinked).
// `channel_links` itself is left in place: a replica still running the previous version reads it during a
// rolling upgrade, and dropping it would lose nothing that is not copied here.
//
// `submission_groups` ties together the submissions one form submit made, one per page: the result view
// shows each page's outcome, and "Edit and retry" skips the pages already published. Keyed by the
// submission's key (not its id), so a group's rows can be written before its submissions are.
//
// Every statement is `if not exists` / `on conflict do nothing` (see 001): safe to run again after a crash.
// (`where true` before `on conflict`: SQLite's grammar needs it after an `insert … select`.)

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channel_page_links')
    .ifNotExists()
    .addColumn('channel_id', 'text', (col) => col.notNull())
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
    .addColumn('unlinked_at', 'text')
    .addPrimaryKeyConstraint('channel_page_links_pk', ['channel_id', 'provider', 'page_id'])
    .execute();

  await sql`insert into channel_page_links
              (channel_id, provider, page_id, page_name, page_url, post_id, post_kind, post_title, post_url,
               linked_by, linked_at, unlinked_at)
            select channel_id, provider, page_id, page_name, page_url, post_id, post_kind, post_title, post_url,
                   linked_by, linked_at, unlinked_at
            from channel_links
            where true
            on conflict do nothing`.execute(db);

  await db.schema
    .createTable('submission_groups')
    .ifNotExists()
    .addColumn('submission_key', 'text', (col) => col.primaryKey())
    .addColumn('group_key', 'text', (col) => col.notNull())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('page_id', 'text', (col) => col.notNull())
    /** The page the form was on: its failure is the one "Edit and retry" reopens first. */
    .addColumn('in_form', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('submission_groups_group_idx').ifNotExists().on('submission_groups').column('group_key').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('submission_groups').execute();
  await db.schema.dropTable('channel_page_links').execute();
}
