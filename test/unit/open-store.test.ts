import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import * as createSubmissionsAndAttempts from '../../src/store/migrations/001-create-submissions-and-attempts.js';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import { SqliteDatabase } from '../../src/store/sqlite-database.js';
import type { Database } from '../../src/store/schema.js';
import { newSubmission } from '../support/store-fixtures.js';
import { createTestDatabase } from '../support/test-databases.js';
import { MIGRATION_NAMES } from '../../src/store/migrations/index.js';

// Opening the store: where the files go, what survives a restart, migrating from several processes
// at once, and errors that help without leaking the password. The Store's behaviour itself is in
// store.test.ts, on both engines.

describe('store on sqlite, the file', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'herald-store-file-'));
    dirs.push(dir);
    return dir;
  }

  it('creates the data directory and a WAL-mode database in it', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = (await openStore({ dataDir })).submissions;
    await store.close();
    const file = join(dataDir, SQLITE_FILE_NAME);
    expect(existsSync(file)).toBe(true);
    const database = new SqliteDatabase(file, { readonly: true });
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      database.close();
    }
  });

  it('upgrades a database from before leases had owners: finished submissions stay finished', async () => {
    const dataDir = tempDir();
    const old = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME)) }) });
    const migrator = new Migrator({
      db: old,
      provider: {
        getMigrations: async () => ({
          '001-create-submissions-and-attempts': { up: (db) => createSubmissionsAndAttempts.up(db, 'sqlite') },
        }),
      },
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const at = '2024-01-01T00:00:00.000Z';
    const row = (id: string, state: string, echo: string) =>
      sql`insert into submissions (id, key, team_id, user_id, channel_id, response_url, view_id, provider, page_id, post_id, draft, state, attempt_count, failure, entry_id, published_at, echo_state, echo_ts, lease_until, created_at, updated_at)
          values (${id}, ${id}, null, 'U1', 'C1', null, null, 'pagerduty', 'P1', 'I1', ${JSON.stringify(newSubmission().draft)}, ${state}, 1, ${state === 'failed' ? '{"kind":"rejected","message":"No."}' : null}, ${state === 'published' ? 'E1' : null}, null, ${echo}, null, null, ${at}, ${at})`.execute(
        old,
      );
    await row('echoed', 'published', 'posted');
    await row('unechoed', 'published', 'pending');
    await row('failed', 'failed', 'pending');
    await row('pending', 'pending', 'pending');
    await old.destroy();

    const store = (await openStore({ dataDir })).submissions;
    try {
      expect((await store.listUnfinished()).sort()).toEqual(['pending', 'unechoed']);
      expect(await store.getSubmission('echoed')).toMatchObject({ notifiedAt: new Date(at), leaseOwner: null });
      expect(await store.getSubmission('failed')).toMatchObject({ notifiedAt: new Date(at) });
    } finally {
      await store.close();
    }
  });

  it('keeps its data across reopening, and migrating again changes nothing', async () => {
    const dataDir = tempDir();
    const first = (await openStore({ dataDir })).submissions;
    const { submission } = await first.saveSubmission(newSubmission());
    await first.close();

    const second = (await openStore({ dataDir })).submissions;
    expect(await second.getSubmission(submission.id)).toEqual(submission);
    await second.close();

    const third = (await openStore({ dataDir })).submissions;
    await third.close();
    const database = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      expect(database.prepare('select name from kysely_migration order by name').all()).toEqual(MIGRATION_NAMES.map((name) => ({ name })));
    } finally {
      database.close();
    }
  });
});

describe('store on postgres, opening', () => {
  it('lets two processes open (and migrate) the same fresh database at once', async () => {
    const database = await createTestDatabase();
    try {
      const stores = await Promise.all([
        openStore({ databaseUrl: database.url, dataDir: '/unused' }).then((stores) => stores.submissions),
        openStore({ databaseUrl: database.url, dataDir: '/unused' }).then((stores) => stores.submissions),
      ]);
      const { submission } = await stores[0]!.saveSubmission(newSubmission());
      expect(await stores[1]!.getSubmission(submission.id)).toEqual(submission);
      await Promise.all(stores.map((store) => store.close()));

      const check = new Kysely<Database>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: database.url, max: 1 }),
        }),
      });
      try {
        const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(check);
        expect(rows).toEqual(MIGRATION_NAMES.map((name) => ({ name })));
      } finally {
        await check.destroy();
      }
    } finally {
      await database.drop();
    }
  });

  it('says which server it could not reach, without the password', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const attempt = openStore({
      databaseUrl: 'postgres://herald:s3cret-pw@127.0.0.1:1/herald',
      dataDir: '/unused',
    });
    await expect(attempt).rejects.toThrow(
      /^DATABASE_URL: could not connect to PostgreSQL at postgres:\/\/herald:\*\*\*@127\.0\.0\.1:1\/herald: .*ECONNREFUSED/,
    );
    await expect(attempt).rejects.not.toThrow(/s3cret-pw/);
  });

  it('rejects a DATABASE_URL it cannot parse without echoing it', async () => {
    await expect(openStore({ databaseUrl: 'postgres://herald:s3cret pw@[bad', dataDir: '/unused' })).rejects.toThrow(
      /^DATABASE_URL is not a valid URL[\s\S]*$/,
    );
  });
});
