import type { Kysely } from 'kysely';

// The live summary each channel keeps: which Slack message it is, and who is refreshing it right now. The
// content itself is not stored: it is derived from the channel's published submissions at every refresh.
// Every statement is `if not exists` (see 001), so a crash halfway leaves a migration that can run again.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channel_summaries')
    .ifNotExists()
    .addColumn('channel_id', 'text', (col) => col.primaryKey())
    /** The summary message, once posted; null until then (and while the first one is being posted). */
    .addColumn('message_ts', 'text')
    /** Bumped by every request to refresh: a refresher releases the row only once it has shown the latest. */
    .addColumn('wanted_generation', 'integer', (col) => col.notNull())
    /** The refresh in progress, one per channel across replicas; free when null or expired. */
    .addColumn('lock_owner', 'text')
    .addColumn('lock_until', 'text')
    /** The process (Stores.ownerId) of the refresh in progress: once it is gone, its lease is free at once. */
    .addColumn('lock_process', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  // A refresh reads every published submission of one channel.
  await db.schema
    .createIndex('submissions_channel_published_idx')
    .ifNotExists()
    .on('submissions')
    .columns(['channel_id', 'published_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('submissions_channel_published_idx').ifExists().execute();
  await db.schema.dropTable('channel_summaries').execute();
}
