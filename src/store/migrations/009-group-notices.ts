import type { Kysely } from 'kysely';

// A submit that went to several pages whose modal is gone (closed, or timed out) gets one private notice of
// how it went, although each page's submission finishes on its own, maybe on another replica, at the same
// moment as the others. The first submission to insert the submit's row here delivers it; an insert is one
// statement, so two never both win. Keyed by the submit's own key (see submitting/submission-key.ts): an "Edit
// and retry" is another submit, with a notice of its own.
// `if not exists`, like 001, so it can run again after a crash halfway.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('group_notices')
    .ifNotExists()
    .addColumn('attempt_key', 'text', (col) => col.primaryKey())
    .addColumn('submission_id', 'text', (col) => col.notNull())
    .addColumn('claimed_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('group_notices').ifExists().execute();
}
