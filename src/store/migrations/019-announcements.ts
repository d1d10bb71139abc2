import type { Kysely } from 'kysely';

// Announcement channels (docs/announcements.md). `announcement_channels`: the channels an incident channel's
// updates are also announced in. `announcements`: one row per (submission, channel), claimed under a lease like
// the reminders (008) before it is posted, so each announcement is posted once however many replicas run and
// however often a process restarts; a pending one is taken up again by the publisher's sweep.
// `if not exists`, so it can run again after a crash halfway.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('announcement_channels')
    .ifNotExists()
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('announce_channel_id', 'text', (col) => col.notNull())
    .addColumn('added_by', 'text', (col) => col.notNull())
    .addColumn('added_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('announcement_channels_pk', ['channel_id', 'announce_channel_id'])
    .execute();
  await db.schema
    .createTable('announcements')
    .ifNotExists()
    .addColumn('submission_id', 'text', (col) => col.notNull())
    .addColumn('channel_id', 'text', (col) => col.notNull())
    /** 'pending', 'posted' or 'failed'. */
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('message_ts', 'text')
    /** The Slack error when failed. */
    .addColumn('reason', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('announcements_pk', ['submission_id', 'channel_id'])
    .execute();
  await db.schema.createIndex('announcements_pending_idx').ifNotExists().on('announcements').columns(['state', 'lease_until']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('announcements').ifExists().execute();
  await db.schema.dropTable('announcement_channels').ifExists().execute();
}
