import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import type { Database } from '../../src/store/schema.js';
import { newSubmission } from '../support/store-fixtures.js';
import { createTestDatabase } from '../support/test-databases.js';

// Opening the store: where the files go, what survives a restart, migrating from several processes
// at once, and errors that help without leaking the password. The Store's behaviour itself is in
// store.test.ts, on both engines.

describe('store on sqlite, the file', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'herald-store-file-'));
    dirs.push(dir);
    return dir;
  }

  it('creates the data directory and a WAL-mode database in it', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = await openStore({ dataDir });
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

  it('keeps its data across reopening, and migrating again changes nothing', async () => {
    const dataDir = tempDir();
    const first = await openStore({ dataDir });
    const { submission } = await first.saveSubmission(newSubmission());
    await first.close();

    const second = await openStore({ dataDir });
    expect(await second.getSubmission(submission.id)).toEqual(submission);
    await second.close();

    const third = await openStore({ dataDir });
    await third.close();
    const database = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      expect(database.prepare('select name from kysely_migration').all()).toEqual([
        { name: '001-create-submissions-and-attempts' },
      ]);
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
        openStore({ databaseUrl: database.url, dataDir: '/unused' }),
        openStore({ databaseUrl: database.url, dataDir: '/unused' }),
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
        const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(
          check,
        );
        expect(rows).toEqual([{ name: '001-create-submissions-and-attempts' }]);
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
      /^Could not connect to PostgreSQL at postgres:\/\/herald:\*\*\*@127\.0\.0\.1:1\/herald: .*ECONNREFUSED/,
    );
    await expect(attempt).rejects.not.toThrow(/s3cret-pw/);
  });

  it('rejects a DATABASE_URL it cannot parse without echoing it', async () => {
    await expect(
      openStore({ databaseUrl: 'postgres://herald:s3cret pw@[bad', dataDir: '/unused' }),
    ).rejects.toThrow(/^DATABASE_URL is not a valid URL[^]*$/);
  });
});
