import { sql, type Kysely } from 'kysely';

// The Home tab reads every channel's current links at once (ChannelStore.listActiveLinks). This partial index
// holds only the links still in place, in the order they are read, so that read is bounded by the incidents being
// worked on, never by the history of links. `if not exists`, like 001.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('channel_page_links_active_idx')
    .ifNotExists()
    .on('channel_page_links')
    .columns(['linked_at', 'channel_id'])
    .where(sql.ref('unlinked_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('channel_page_links_active_idx').ifExists().execute();
}
