import type { Kysely } from 'kysely';

// The update rate limit counts one person's recent submissions to one post (Store.recentSubmissionTimes) on
// every submit; this index answers that from a short range scan instead of reading every submission.
// `if not exists`, like 001, so it can run again after a crash halfway.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('submissions_author_post_created_idx')
    .ifNotExists()
    .on('submissions')
    .columns(['user_id', 'provider', 'page_id', 'post_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('submissions_author_post_created_idx').ifExists().execute();
}
