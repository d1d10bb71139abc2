import type { Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// "Publish anyway": who published an update over the findings of the check before publishing, and what the
// check had found (each finding's kind, field and summary, which never quote a secret). A table of its own,
// beside the audit trail of HTTP exchanges (attempts), as corrections have (migration 010).

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('public_text_overrides')
    .ifNotExists()
    .addColumn('id', engine === 'postgres' ? 'serial' : 'integer', (col) =>
      engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
    )
    .addColumn('submission_id', 'text', (col) => col.notNull().references('submissions.id'))
    .addColumn('user_id', 'text', (col) => col.notNull())
    /** The findings overridden, as JSON: [{kind, field, summary}]. */
    .addColumn('findings', 'text', (col) => col.notNull())
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('public_text_overrides_submission_idx')
    .ifNotExists()
    .on('public_text_overrides')
    .columns(['submission_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('public_text_overrides').ifExists().execute();
}
