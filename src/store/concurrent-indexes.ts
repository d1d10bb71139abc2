import { sql, type Kysely } from 'kysely';
import { indexNameOf, type IndexStatement } from './migrations/create-unless-built.js';
import { liveIndexes, SUPERSEDED_STATE_INDEX } from './migrations/011-live-indexes-and-due-reminders.js';
import { auditBodiesIndexes } from './migrations/013-audit-bodies-index.js';

// On PostgreSQL, migrations run in one transaction, and a CREATE INDEX there holds a lock that blocks every
// write to its table for as long as the build reads it: 6 to 8 s per index on a million submissions, during
// which replicas still on the previous version could store no submission. CREATE INDEX CONCURRENTLY lets
// writes go on, but cannot run inside a transaction. So before migrating, the indexes that pending migrations
// add to tables that grow with history are built concurrently, outside the migration; the migration's own
// `create index if not exists` then finds them built. Should this fail, nothing is lost: the migration builds
// them as before. A new database skips it all: its tables are created empty by the migrations themselves.

/** The indexes each migration adds to a table that grows with history, and those it drops from one. */
const BIG_TABLE_INDEXES: ReadonlyArray<{ migration: string; indexes: (db: Kysely<unknown>) => IndexStatement[]; drops?: string[] }> = [
  { migration: '011-live-indexes-and-due-reminders', indexes: liveIndexes, drops: [SUPERSEDED_STATE_INDEX] },
  { migration: '013-audit-bodies-index', indexes: auditBodiesIndexes },
];

/** Another session's lock than Kysely's migration lock: two replicas starting at once build each index once. */
const BUILD_LOCK_KEY = 7_349_001;

export type IndexBuildEvent = { index: string; ms: number } | { index: string; error: Error };

/** Builds, concurrently, the big-table indexes of migrations not yet applied; tells `onBuild` of each. */
export async function buildPendingIndexesConcurrently(db: Kysely<unknown>, onBuild?: (event: IndexBuildEvent) => void): Promise<void> {
  const applied = await appliedMigrations(db);
  if (applied === null) return;
  const pending = BIG_TABLE_INDEXES.filter((entry) => !applied.has(entry.migration));
  if (pending.length === 0) return;
  // Concurrent builds and session locks need one connection, outside any transaction.
  await db.connection().execute(async (connection) => {
    await takeBuildLock(connection);
    try {
      for (const builder of pending.flatMap((entry) => entry.indexes(connection))) {
        const { name, statement } = concurrently(builder);
        const started = performance.now();
        try {
          // Built already by another replica that started at the same time.
          if (await dropUnlessValid(connection, name)) continue;
          await sql.raw(statement).execute(connection);
          onBuild?.({ index: name, ms: performance.now() - started });
        } catch (error) {
          onBuild?.({ index: name, error: error instanceof Error ? error : new Error(String(error)) });
        }
      }
      // A DROP INDEX in the migration would lock the table against reads and writes until it commits.
      for (const name of pending.flatMap((entry) => entry.drops ?? [])) {
        await sql.raw(`drop index concurrently if exists "${name}"`).execute(connection);
      }
    } finally {
      await sql`select pg_advisory_unlock(${BUILD_LOCK_KEY})`.execute(connection);
    }
  });
}

/**
 * Waits for the build lock by asking again every quarter second, never by blocking in `pg_advisory_lock`: a
 * statement waiting there holds a snapshot, and the other replica's concurrent build waits for every older
 * snapshot to end: each would wait for the other.
 */
async function takeBuildLock(connection: Kysely<unknown>): Promise<void> {
  for (;;) {
    const taken = await sql<{ taken: boolean }>`select pg_try_advisory_lock(${BUILD_LOCK_KEY}) as taken`.execute(connection);
    if (taken.rows[0]?.taken) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The migrations applied so far; null on a database Herald has not migrated yet. */
async function appliedMigrations(db: Kysely<unknown>): Promise<Set<string> | null> {
  const table = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!table.rows[0]?.present) return null;
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return new Set(rows.rows.map((row) => row.name));
}

/** The migration's `create index if not exists …`, made concurrent. DDL carries its values inline, never as parameters. */
function concurrently(index: IndexStatement): { name: string; statement: string } {
  const compiled = index.compile();
  if (compiled.parameters.length > 0) throw new Error(`not an index Herald can build concurrently: ${compiled.sql}`);
  return { name: indexNameOf(index), statement: compiled.sql.replace(/^create index /, 'create index concurrently ') };
}

/**
 * True when the index is there and valid. A concurrent build that failed halfway (Herald stopped, the connection
 * dropped) leaves an invalid index that `if not exists` would take as built; it is dropped, concurrently too.
 */
async function dropUnlessValid(connection: Kysely<unknown>, name: string): Promise<boolean> {
  const found = await sql<{ valid: boolean }>`
    select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
    where c.relname = ${name} and c.relnamespace = current_schema()::regnamespace`.execute(connection);
  if (found.rows[0]?.valid === false) await sql.raw(`drop index concurrently if exists "${name}"`).execute(connection);
  return found.rows[0]?.valid === true;
}
