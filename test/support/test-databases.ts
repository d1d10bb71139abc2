import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactDatabaseUrl } from '../../src/store/open-store.js';

// Fresh PostgreSQL databases for tests, one per caller, so parallel jest workers and repeated runs
// never see each other's rows. PostgreSQL is required, not optional: CI starts it, and a test run
// without it fails here with the way to fix it rather than quietly testing SQLite alone.

/** Where to create test databases; trust auth on loopback, as on the dev machines and CI. */
export const POSTGRES_ADMIN_URL = process.env.HERALD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  /** Drops the database, closing any connection still open on it. */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // Generated, never user input: safe to splice into DDL, which takes no bound parameters.
  const name = `herald_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`create database ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 5000,
  });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    const where = redactDatabaseUrl(POSTGRES_ADMIN_URL);
    throw new Error(
      `PostgreSQL is not reachable at ${where} (${reason(error)}). These tests need it: start it ` +
        'with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or ' +
        'point HERALD_TEST_POSTGRES_URL at a server where the user may create databases.',
      { cause: error },
    );
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  // Node reports a refused "localhost" as an AggregateError with an empty message.
  return error.message !== '' ? error.message : typeof code === 'string' ? code : error.name;
}
