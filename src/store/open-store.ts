import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, type KyselyConfig, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { KyselyAnnouncementStore } from './announcement-store.js';
import { KyselyChannelStore } from './channel-store.js';
import { ChannelLinkCache } from './channel-link-cache.js';
import { KyselyCorrectionStore } from './correction-store.js';
import { sharedRequestTurns } from './request-turns-store.js';
import { turnsInThisProcess } from '../providers/request-turns.js';
import { KyselyInstallationStore } from './installation-store.js';
import { KyselyOverrideStore } from './override-store.js';
import { KyselySubmissionStore } from './kysely-submission-store.js';
import { KyselyMaintenanceReminderStore } from './maintenance-reminder-store.js';
import { KyselyReminderStore } from './reminder-store.js';
import { KyselySummaryStore } from './summary-store.js';
import { KyselyTemplateStore } from './template-store.js';
import { KyselySubmissionGroups } from './submission-groups.js';
import type { Stores } from './stores.js';
import { migrateToLatest } from './migrations/index.js';
import { buildPendingIndexesConcurrently, type IndexBuildEvent } from './concurrent-indexes.js';
import { checkpointInBackground } from './sqlite-checkpoints.js';
import { SQLITE_MODULE_PATH, SqliteDatabase } from './sqlite-database.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import { holdOwnerLock } from './owner-lock.js';
import { DataDirInUseError, type DataDirLock, lockDataDir } from './data-dir-lock.js';
import type { Database } from './schema.js';
import type { SubmissionStore } from './submission-store.js';

export interface OpenStoreOptions {
  /** `postgres://…`: use PostgreSQL. Unset: embedded SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /**
   * Told about errors on idle PostgreSQL connections (say, the server restarted). The pool drops
   * such a connection and the next query opens a new one; without a listener, Node would crash.
   */
  onConnectionError?: ((error: Error) => void) | undefined;
  /** SQLite: told when the background checkpoints stop working (see sqlite-checkpoints.ts); nothing is lost. */
  onCheckpointError?: ((error: Error) => void) | undefined;
  /** PostgreSQL: told of each index built concurrently before migrating, or why it could not be (see concurrent-indexes.ts). */
  onIndexBuild?: ((event: IndexBuildEvent) => void) | undefined;
  /** Told every statement the stores run, with its parameters: for checking query plans (test/unit/query-plans.test.ts). */
  onQuery?: ((query: { sql: string; parameters: readonly unknown[] }) => void) | undefined;
  /**
   * SQLite: take DATA_DIR's lock, so that no second Herald process runs on the same files (data-dir-lock.ts). Default
   * true; false only where a second process on the file is the point: the benchmark's reader beside a running
   * Herald, a test's stand-in for a Herald that dies mid-work.
   */
  lockDataDir?: boolean | undefined;
}

export const SQLITE_FILE_NAME = 'herald.sqlite';

/**
 * The store could not be opened. Names the variable that points at it, so the operator knows what to fix, and
 * whether fixing the configuration is the remedy (a directory Herald may not write) or waiting may be (a
 * database that is down).
 */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
  constructor(
    message: string,
    readonly variable: 'DATA_DIR' | 'DATABASE_URL',
    readonly configuration: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Opens the database the options point at and brings its schema up to date. */
export async function openStore(options: OpenStoreOptions): Promise<Stores> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return openPostgres(options.databaseUrl, options);
  }
  return openSqlite(options.dataDir, options);
}

async function openSqlite(
  dataDir: string,
  { onCheckpointError, onQuery, lockDataDir: locking = true }: Pick<OpenStoreOptions, 'onCheckpointError' | 'onQuery' | 'lockDataDir'>,
): Promise<Stores> {
  const file = join(dataDir, SQLITE_FILE_NAME);
  let database: SqliteDatabase;
  let dirLock: DataDirLock | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    // SQLite says only "unable to open database file" for a directory it may not write; the system says why.
    accessSync(dataDir, constants.W_OK | constants.X_OK);
    dirLock = locking ? lockDataDir(dataDir) : undefined;
    database = new SqliteDatabase(file);
    // WAL lets readers go on while a write commits; busy_timeout makes a second process wait for
    // the write lock instead of failing at once; SQLite enforces foreign keys only when asked.
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    // A write, once, at start: a file another process holds locked (another Herald on the same DATA_DIR, a
    // backup tool) or a full disk is said now, in so many words, rather than at the first submit.
    database.exec('begin immediate; commit');
  } catch (error) {
    dirLock?.release();
    const problem = sqliteProblem(error);
    throw new StoreOpenError(
      `DATA_DIR (${dataDir}): could not open the SQLite database at ${file}: ${problem.words}`,
      'DATA_DIR',
      problem.configuration,
      {
        cause: error,
      },
    );
  }
  const checkpoints = checkpointInBackground(database, { modulePath: SQLITE_MODULE_PATH, onError: onCheckpointError });
  const statements = withStatementCache(database);
  const closing = {
    ...statements,
    close: async () => {
      // DATA_DIR's lock goes first, before anything is awaited: Kysely's destroy does not wait for this close, and a
      // store closed must have let go of the directory (the checkpoint worker, unreferenced, may end later).
      dirLock?.release();
      await checkpoints.stop();
      await statements.close();
    },
  };
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: closing }), log: queryLog(onQuery) });
  await migrate(db, 'sqlite');
  // One process's file: every change to a link goes through this process, so the links can be kept in memory.
  const linkCache = new ChannelLinkCache();
  return storesOn(new KyselySubmissionStore(db, 'sqlite', { linkCache }), db, linkCache);
}

async function openPostgres(
  databaseUrl: string,
  { onConnectionError, onQuery, onIndexBuild }: Pick<OpenStoreOptions, 'onConnectionError' | 'onQuery' | 'onIndexBuild'>,
): Promise<Stores> {
  if (!URL.canParse(databaseUrl)) {
    // No cause: the parser's error carries the input, password and all.
    throw new StoreOpenError('DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/db)', 'DATABASE_URL', true);
  }
  const where = redactDatabaseUrl(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    // pg waits forever by default; a black-holed host should fail startup, not hang it.
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', (error) => onConnectionError?.(error));
  // The pool listens for errors only on idle connections. One checked out (a transaction between statements)
  // whose server goes away emits 'error' with nobody listening, which ends the process; its query fails anyway.
  pool.on('connect', (client) => client.on('error', (error) => onConnectionError?.(error)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLog(onQuery) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    // pg's own errors name host, port and user at most, never the password, so the cause stays.
    throw new StoreOpenError(`DATABASE_URL: could not connect to PostgreSQL at ${where}: ${describe(error)}`, 'DATABASE_URL', false, {
      cause: error,
    });
  }
  // Before the migration's transaction, so that building the new indexes on a big table blocks no write.
  await buildPendingIndexesConcurrently(db as Kysely<unknown>, onIndexBuild).catch((error: unknown) =>
    onIndexBuild?.({ index: '(all)', error: error instanceof Error ? error : new Error(String(error)) }),
  );
  await migrate(db, 'postgres');
  const ownerId = randomUUID();
  try {
    const ownerLock = await holdOwnerLock(databaseUrl, ownerId, (error) => onConnectionError?.(error));
    return storesOn(new KyselySubmissionStore(db, 'postgres', { ownerId, ownerLock }), db);
  } catch (error) {
    await db.destroy();
    throw new StoreOpenError(
      `DATABASE_URL: could not take Herald's owner lock on PostgreSQL at ${where}: ${describe(error)}`,
      'DATABASE_URL',
      false,
      {
        cause: error,
      },
    );
  }
}

function queryLog(onQuery: OpenStoreOptions['onQuery']): KyselyConfig['log'] {
  if (!onQuery) return undefined;
  return (event) => {
    if (event.level === 'query') onQuery({ sql: event.query.sql, parameters: event.query.parameters });
  };
}

/** Every store, over the one database connection the outbox opened. */
function storesOn(submissions: SubmissionStore, db: Kysely<Database>, linkCache?: ChannelLinkCache): Stores {
  return {
    engine: submissions.engine,
    ownerId: submissions.ownerId,
    submissions,
    groups: new KyselySubmissionGroups(db),
    channels: new KyselyChannelStore(db, linkCache),
    reminders: new KyselyReminderStore(db, submissions),
    maintenanceReminders: new KyselyMaintenanceReminderStore(db, submissions),
    summaries: new KyselySummaryStore(db, submissions),
    corrections: new KyselyCorrectionStore(db),
    overrides: new KyselyOverrideStore(db),
    // SQLite is one process's: its turns are that process's own.
    requestTurns: submissions.engine === 'postgres' ? sharedRequestTurns(db, submissions.ownerId) : turnsInThisProcess(),
    installations: new KyselyInstallationStore(db),
    templates: new KyselyTemplateStore(db),
    announcements: new KyselyAnnouncementStore(db, submissions),
    ping: () => submissions.ping(),
    close: () => submissions.close(),
  };
}

async function migrate(db: Kysely<Database>, engine: SubmissionStore['engine']): Promise<void> {
  try {
    await migrateToLatest(db, engine);
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** What went wrong with the SQLite file, in words an operator can act on, and whether the configuration is to blame. */
function sqliteProblem(error: unknown): { words: string; configuration: boolean } {
  if (error instanceof DataDirInUseError) {
    return {
      words: `${error.message}. Run one Herald per DATA_DIR, or point every replica at PostgreSQL (DATABASE_URL)`,
      // Not the configuration's fault when it is the previous Herald still stopping: a restart may succeed.
      configuration: false,
    };
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY')
    return {
      words: 'the database file is locked by another process (is another Herald running on the same DATA_DIR?)',
      configuration: false,
    };
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return { words: 'the disk is full', configuration: false };
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'SQLITE_READONLY')
    return {
      words: `permission denied (${String(code)}): make the directory writable by the user Herald runs as, or set DATA_DIR to one that is`,
      configuration: true,
    };
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return { words: `not a directory (${String(code)}): set DATA_DIR to a directory Herald may write`, configuration: true };
  if (code === 'SQLITE_CANTOPEN')
    return {
      words: `permission denied or not a directory (${message}): set DATA_DIR to a directory Herald may write`,
      configuration: true,
    };
  return { words: message, configuration: false };
}

/** The URL with its password replaced, fit for logs and error messages. */
export function redactDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    // Unparseable: showing it could show the password.
    return '(DATABASE_URL, not a valid URL)';
  }
  if (url.password !== '') url.password = '***';
  url.searchParams.forEach((_value, name) => {
    if (name.toLowerCase() === 'password') url.searchParams.set(name, '***');
  });
  return url.toString();
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    // Node reports "localhost" refusing on both ::1 and 127.0.0.1 as one AggregateError.
    return error.errors.map(describe).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message === '' ? 'no message' : error.message;
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}
