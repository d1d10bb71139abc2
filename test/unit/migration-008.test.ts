import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import * as reminderClaims from '../../src/store/migrations/008-reminder-claims.js';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import { SqliteDatabase } from '../../src/store/sqlite-database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';

// Migration 008 adds the reminder lease columns only where they are missing, so it can run again after a
// crash halfway. "Missing" is about Herald's own reminders table: on PostgreSQL, a table of the same name in
// another schema of the database (another app's, a backup copy) must not make it skip ours.

describe('migration 008 (reminder claims) on postgres', () => {
  let database: TestDatabase;
  afterEach(async () => {
    await database?.drop();
  });

  const columnsOf = async (db: Kysely<unknown>, schema: string): Promise<string[]> => {
    const { rows } = await sql<{
      column_name: string;
    }>`select column_name from information_schema.columns where table_schema = ${schema} and table_name = 'reminders' order by column_name`.execute(
      db,
    );
    return rows.map((row) => row.column_name);
  };

  it("adds the columns to the current schema's reminders even when another schema has a reminders table with them", async () => {
    database = await createTestDatabase();
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }) });
    try {
      // Sorts before "public": the schema-blind introspection found this one first.
      await sql`create schema archive`.execute(db);
      await sql`create table archive.reminders (submission_id text primary key, lease_owner text, lease_until text)`.execute(db);

      const store = await openStore({ databaseUrl: database.url, dataDir: tmpdir() });
      await store.close();
      expect(await columnsOf(db, 'public')).toEqual(expect.arrayContaining(['lease_owner', 'lease_until']));

      // Again, as after a crash halfway: a column already there is left alone, a missing one is added.
      await sql`alter table public.reminders drop column lease_until`.execute(db);
      await reminderClaims.up(db, 'postgres');
      await reminderClaims.up(db, 'postgres');
      expect(await columnsOf(db, 'public')).toEqual(expect.arrayContaining(['lease_owner', 'lease_until']));
      expect(await columnsOf(db, 'archive')).toEqual(['lease_owner', 'lease_until', 'submission_id']);
    } finally {
      await db.destroy();
    }
  });
});

describe('migration 008 (reminder claims) on sqlite', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs again without harm, adding only what is missing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-migration-008-'));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    await store.close();

    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME)) }) });
    const columns = async () =>
      (await sql<{ name: string }>`select name from pragma_table_info('reminders')`.execute(db)).rows.map((row) => row.name);
    try {
      await sql`alter table reminders drop column lease_until`.execute(db);
      expect(await columns()).not.toContain('lease_until');
      await reminderClaims.up(db, 'sqlite');
      await reminderClaims.up(db, 'sqlite');
      expect(await columns()).toEqual(expect.arrayContaining(['lease_owner', 'lease_until']));
    } finally {
      await db.destroy();
    }
  });
});
