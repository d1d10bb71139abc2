import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Engine } from '../schema.js';

// Migrations see the database untyped on purpose: they describe the schema as it was then,
// not as `Database` describes it now. Every statement is `if not exists`: Kysely runs SQLite
// migrations outside a transaction, so a crash halfway must leave a migration that can run again.

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('submissions')
    .ifNotExists()
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('key', 'text', (col) => col.notNull().unique())
    .addColumn('team_id', 'text')
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('response_url', 'text')
    .addColumn('view_id', 'text')
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('page_id', 'text', (col) => col.notNull())
    .addColumn('post_id', 'text', (col) => col.notNull())
    .addColumn('draft', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull().check(sqlIn('state', ['pending', 'publishing', 'published', 'failed'])))
    .addColumn('attempt_count', 'integer', (col) => col.notNull())
    .addColumn('failure', 'text')
    .addColumn('entry_id', 'text')
    .addColumn('published_at', 'text')
    .addColumn('echo_state', 'text', (col) => col.notNull().check(sqlIn('echo_state', ['pending', 'posted', 'failed'])))
    .addColumn('echo_ts', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('submissions_state_idx').ifNotExists().on('submissions').column('state').execute();

  await db.schema
    .createTable('attempts')
    .ifNotExists()
    .addColumn('id', engine === 'postgres' ? 'serial' : 'integer', (col) =>
      engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
    )
    .addColumn('submission_id', 'text', (col) => col.notNull().references('submissions.id'))
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('request_body', 'text')
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('error_code', 'text')
    .addColumn('started_at', 'text', (col) => col.notNull())
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('attempts_submission_id_idx').ifNotExists().on('attempts').column('submission_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attempts').execute();
  await db.schema.dropTable('submissions').execute();
}

/** A check constraint's condition. DDL takes no bound parameters, hence literals. */
function sqlIn(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}
