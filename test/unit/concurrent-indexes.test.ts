import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { IndexBuildEvent } from '../../src/store/concurrent-indexes.js';
import { migrationsFor } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';

// Upgrading a PostgreSQL database that already holds history: the indexes the pending migrations add to
// `submissions` and `attempts` are built with CREATE INDEX CONCURRENTLY before the migration's transaction,
// so replicas still on the previous version can go on writing meanwhile.

const BIG_TABLE_INDEXES = [
  'submissions_unfinished_idx',
  'submissions_post_published_idx',
  'submissions_post_in_flight_idx',
  'attempts_with_bodies_idx',
];

/** A database as Herald left it before migration 011, with `stored` submissions. */
async function databaseBefore011(database: TestDatabase, stored = 500): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url }) }) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationsFor('postgres') } });
    expect((await migrator.migrateTo('010-corrections')).error).toBeUndefined();
    await sql`insert into submissions (id, key, user_id, channel_id, provider, page_id, post_id, draft, state, attempt_count, echo_state, created_at, updated_at)
      select 'S' || n, 'K' || n, 'U1', 'C1', 'pagerduty', 'P1', 'I1', '{}', 'published', 1, 'posted', now()::text, now()::text
      from generate_series(1, ${stored}::int) as n`.execute(db);
  } finally {
    await db.destroy();
  }
}

async function indexesOf(url: string): Promise<Map<string, { valid: boolean; definition: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ name: string; valid: boolean; definition: string }>(
      `select c.relname as name, i.indisvalid as valid, pg_get_indexdef(c.oid) as definition
       from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = any($1)`,
      [BIG_TABLE_INDEXES],
    );
    return new Map(rows.rows.map((row) => [row.name, { valid: row.valid, definition: row.definition }]));
  } finally {
    await client.end();
  }
}

async function run(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

async function openRecording(url: string): Promise<{ built: IndexBuildEvent[]; statements: string[] }> {
  const built: IndexBuildEvent[] = [];
  const statements: string[] = [];
  const stores = await openStore({
    dataDir: '',
    databaseUrl: url,
    onIndexBuild: (event) => built.push(event),
    onQuery: (query) => statements.push(query.sql),
  });
  await stores.close();
  return { built, statements };
}

describe('indexes added to big tables on PostgreSQL', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('are built concurrently, before the migrations that add them, and the migrations then find them built', async () => {
    await databaseBefore011(database);
    const { built, statements } = await openRecording(database.url);

    expect(built.map((event) => event.index)).toEqual(BIG_TABLE_INDEXES);
    expect(built.filter((event) => 'error' in event)).toEqual([]);
    const firstMigration = statements.findIndex((statement) => statement.includes('kysely_migration_lock'));
    for (const name of BIG_TABLE_INDEXES) {
      const at = statements.findIndex((statement) => statement.startsWith(`create index concurrently if not exists "${name}"`));
      expect({ name, before: at >= 0 && at < firstMigration }).toEqual({ name, before: true });
    }
    const dropped = statements.indexOf('drop index concurrently if exists "submissions_state_idx"');
    expect(dropped >= 0 && dropped < firstMigration).toBe(true);
    // Not even a `create index if not exists` that finds them built: on PostgreSQL it would lock the table until commit.
    const plain = BIG_TABLE_INDEXES.map((name) => `create index if not exists "${name}"`);
    expect(statements.filter((statement) => plain.some((start) => statement.startsWith(start)))).toEqual([]);
    const indexes = await indexesOf(database.url);
    for (const name of BIG_TABLE_INDEXES) expect({ name, valid: indexes.get(name)?.valid }).toEqual({ name, valid: true });
    expect(indexes.get('submissions_unfinished_idx')?.definition).toContain('WHERE (notified_at IS NULL)');
  });

  it('rebuilds an index a failed concurrent build left invalid, rather than taking it as built', async () => {
    await databaseBefore011(database);
    // What an interrupted CREATE INDEX CONCURRENTLY leaves: the name taken by an index PostgreSQL will not use.
    await run(database.url, [
      'create index submissions_unfinished_idx on submissions (created_at)',
      "update pg_index set indisvalid = false where indexrelid = 'submissions_unfinished_idx'::regclass",
    ]);
    const { statements } = await openRecording(database.url);

    expect(statements).toContain('drop index concurrently if exists "submissions_unfinished_idx"');
    const rebuilt = (await indexesOf(database.url)).get('submissions_unfinished_idx');
    expect(rebuilt).toEqual({ valid: true, definition: expect.stringContaining('WHERE (notified_at IS NULL)') });
  });

  it('are built once when two replicas start on the upgrade together, and neither waits on the other forever', async () => {
    await databaseBefore011(database, 50_000);
    const [first, second] = await Promise.all([openRecording(database.url), openRecording(database.url)]);
    const built = [...first.built, ...second.built];

    expect(built.filter((event) => 'error' in event)).toEqual([]);
    expect(built.map((event) => event.index).sort()).toEqual([...BIG_TABLE_INDEXES].sort());
    const indexes = await indexesOf(database.url);
    for (const name of BIG_TABLE_INDEXES) expect({ name, valid: indexes.get(name)?.valid }).toEqual({ name, valid: true });
  }, 60_000);

  it('are left to the migrations on a new database, and not built again once migrated', async () => {
    const fresh = await openRecording(database.url);
    expect(fresh.built).toEqual([]);
    expect(fresh.statements.some((statement) => statement.includes('concurrently'))).toBe(false);

    const again = await openRecording(database.url);
    expect(again.built).toEqual([]);
  });
});
