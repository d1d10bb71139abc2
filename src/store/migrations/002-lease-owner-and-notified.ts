import { sql, type Kysely } from 'kysely';

// Leases get an owner, so a restarted or sibling process can tell a lease whose holder died from one that is
// merely long; and a submission records when its author was told the outcome, so a crash between publishing
// and telling them is finished after a restart instead of leaving them at "Publishing…".
//
// ALTER TABLE ADD COLUMN has no IF NOT EXISTS on SQLite, so each column is added only when missing: like
// 001, this migration can run again after a crash halfway.

export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'submissions', 'lease_owner');
  await addColumnIfMissing(db, 'submissions', 'notified_at');
  // Submissions finished before this migration were reported at the time; only an echo still pending is not.
  await sql`update submissions set notified_at = updated_at
            where notified_at is null
              and (state = 'failed' or (state = 'published' and echo_state <> 'pending'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('submissions').dropColumn('notified_at').execute();
  await db.schema.alterTable('submissions').dropColumn('lease_owner').execute();
}

async function addColumnIfMissing(db: Kysely<unknown>, table: string, column: string): Promise<void> {
  const tables = await db.introspection.getTables();
  const existing = tables.find((candidate) => candidate.name === table);
  if (existing?.columns.some((candidate) => candidate.name === column)) return;
  await db.schema.alterTable(table).addColumn(column, 'text').execute();
}
