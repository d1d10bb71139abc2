import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATION_NAMES } from '../../src/store/migrations/index.js';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import { SqliteDatabase } from '../../src/store/sqlite-database.js';
import type { Engine } from '../../src/store/schema.js';
import { REPO_ROOT } from '../support/stack.js';

// A history as a Herald that has run for a while leaves it, written into the store's own tables (the schema
// is created by Herald's own migrations, through openStore): 1,000 channels, 5,000 incidents on 20 pages,
// updates spread over 90 days with 5% of them in the last 5 hours, each update stored as Herald stores it
// (its submission row, the provider exchange in the audit trail, the reminder row written when it was
// published). Rows are made by the database itself (a recursive CTE on SQLite, generate_series on PostgreSQL)
// with the table's indexes dropped meanwhile and rebuilt from their own definitions, so a million take
// a minute or so rather than an hour.
//
// The older 95% is generated once and cached: the SQLite file under bench/.cache, the PostgreSQL database kept
// on the server, both named by the generator's version, the size and the number of migrations, so a change to
// either makes a new one. The last 5 hours are written again at every use (refreshRecent), relative to the clock
// then, so the reminder look-back and the due reminders are always where a live Herald would find them.

/** Bump when what is generated changes: cached histories of another version are not used. */
export const GENERATOR_VERSION = 1;
export const CHANNELS = 1_000;
export const INCIDENTS = 5_000;
export const PAGES = 20;
export const HISTORY_DAYS = 90;
export const RECENT_SHARE = 0.05;
export const RECENT_HOURS = 5;
/** Reminders due now in the refreshed slice: what one tick must post. */
export const DUE_NOW = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const CACHE_DIR = join(REPO_ROOT, 'bench/.cache');
/** Where bench databases are created; trust auth on loopback, as for the tests. */
export const POSTGRES_ADMIN_URL = process.env.HERALD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Tables whose indexes are dropped while rows go in, then rebuilt. */
const BULK_TABLES = ['submissions', 'attempts', 'reminders'];

export interface HistoryOptions {
  /** Stored submissions in all. */
  submissions: number;
  /** The incident channel the benchmark's commands and due reminders are in. */
  channelId: string;
  log: (message: string) => void;
  /** Where the SQLite history is cached; default bench/.cache. */
  cacheDir?: string;
  /** The PostgreSQL database the history is kept in; default named by historyKey. */
  postgresName?: string;
}

export interface HistoryDatabase {
  engine: Engine;
  submissions: number;
  /** SQLite: the cached file (copy it before running Herald on it). */
  sqliteFile?: string;
  /** PostgreSQL: the cached database. */
  databaseUrl?: string;
  /** Seconds the generation took; 0 when the cache answered. */
  generatedInSeconds: number;
  /** Bytes the database takes (SQLite: the file; PostgreSQL: pg_database_size). */
  bytes: number;
}

export function historyKey(submissions: number): string {
  return `v${GENERATOR_VERSION}_${submissions}_m${MIGRATION_NAMES.length}`;
}

/** Dialect differences the generating SQL needs, and nothing more. */
interface Dialect {
  /** Rows `seq(i)` for i in [from, to). */
  series(from: number, to: number): { with: string; from: string };
  pad(expression: string, width: number): string;
  /** An ISO-8601 UTC timestamp with milliseconds from epoch milliseconds, as Date#toISOString writes it. */
  iso(epochMs: string): string;
}

const SQLITE: Dialect = {
  series: (from, to) => ({
    with: `with recursive seq(i) as (select ${from} union all select i + 1 from seq where i < ${to - 1})`,
    from: 'seq',
  }),
  pad: (expression, width) => `printf('%0${width}d', ${expression})`,
  iso: (epochMs) => `strftime('%Y-%m-%dT%H:%M:%fZ', (${epochMs}) / 1000.0, 'unixepoch')`,
};

const POSTGRES: Dialect = {
  series: (from, to) => ({ with: '', from: `generate_series(${from}::bigint, ${to - 1}::bigint) as seq(i)` }),
  pad: (expression, width) => `lpad((${expression})::text, ${width}, '0')`,
  iso: (epochMs) => `to_char(to_timestamp((${epochMs}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

/** Runs SQL on one engine, with no result needed. */
type Exec = (statement: string) => Promise<void>;

/** The history, from the cache or generated now. */
export async function prepareHistory(engine: Engine, options: HistoryOptions): Promise<HistoryDatabase> {
  return engine === 'sqlite' ? prepareSqlite(options) : preparePostgres(options);
}

async function prepareSqlite(options: HistoryOptions): Promise<HistoryDatabase> {
  const cacheDir = options.cacheDir ?? CACHE_DIR;
  const file = join(cacheDir, `history-${historyKey(options.submissions)}.sqlite`);
  if (existsSync(file))
    return { engine: 'sqlite', submissions: options.submissions, sqliteFile: file, generatedInSeconds: 0, bytes: (await stat(file)).size };
  const started = performance.now();
  await mkdir(cacheDir, { recursive: true });
  const work = join(cacheDir, `generating-${process.pid}`);
  await rm(work, { recursive: true, force: true });
  // The schema as Herald creates it.
  const stores = await openStore({ dataDir: work });
  await stores.close();
  const database = new SqliteDatabase(join(work, SQLITE_FILE_NAME));
  try {
    database.pragma('journal_mode = off');
    database.pragma('synchronous = off');
    const exec: Exec = async (statement) => {
      database.exec(statement);
    };
    const indexes = database
      .prepare(
        `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map((t) => `'${t}'`).join(', ')})`,
      )
      .all() as { name: string; sql: string }[];
    for (const index of indexes) database.exec(`drop index ${index.name}`);
    await writeOlder(exec, SQLITE, options);
    options.log(`  rebuilding ${indexes.length} indexes`);
    for (const index of indexes) database.exec(index.sql);
    database.exec('analyze');
    database.pragma('journal_mode = wal');
  } finally {
    database.close();
  }
  await rename(join(work, SQLITE_FILE_NAME), file);
  await rm(work, { recursive: true, force: true });
  return {
    engine: 'sqlite',
    submissions: options.submissions,
    sqliteFile: file,
    generatedInSeconds: (performance.now() - started) / 1000,
    bytes: (await stat(file)).size,
  };
}

async function preparePostgres(options: HistoryOptions): Promise<HistoryDatabase> {
  const name = options.postgresName ?? `herald_bench_history_${historyKey(options.submissions)}`;
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const started = performance.now();
  const ready = await withClient(POSTGRES_ADMIN_URL, async (admin) => {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) return false;
    // Only a finished generation leaves its marker; anything else is started again.
    return withClient(databaseUrl, async (client) => {
      const marker = await client.query(`select 1 from pg_tables where tablename = 'bench_history_done'`);
      return (marker.rowCount ?? 0) > 0;
    });
  });
  if (!ready) {
    await withClient(POSTGRES_ADMIN_URL, async (admin) => {
      // Generated, never user input: safe to splice into DDL, which takes no bound parameters.
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
    });
    const stores = await openStore({ dataDir: '', databaseUrl });
    await stores.close();
    await withClient(databaseUrl, async (client) => {
      const exec: Exec = async (statement) => {
        await client.query(statement);
      };
      const indexes = (
        await client.query<{ name: string; definition: string }>(
          `select i.indexname as name, i.indexdef as definition from pg_indexes i
           where i.schemaname = current_schema() and i.tablename = any($1)
             and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
          [BULK_TABLES],
        )
      ).rows;
      for (const index of indexes) await client.query(`drop index ${index.name}`);
      await writeOlder(exec, POSTGRES, options);
      options.log(`  rebuilding ${indexes.length} indexes`);
      for (const index of indexes) await client.query(index.definition);
      await client.query('vacuum analyze');
      await client.query('create table bench_history_done (at text)');
    });
  }
  const bytes = await withClient(databaseUrl, async (client) =>
    Number((await client.query('select pg_database_size(current_database()) as size')).rows[0].size),
  );
  return {
    engine: 'postgres',
    submissions: options.submissions,
    databaseUrl,
    generatedInSeconds: ready ? 0 : (performance.now() - started) / 1000,
    bytes,
  };
}

/** How many of `submissions` are the recent slice, written again at every use. */
export function recentCount(submissions: number): number {
  return Math.round(submissions * RECENT_SHARE);
}

/**
 * The older history: the submissions older than the last 5 hours, spread evenly over the 90 days before them,
 * as of `anchor` (the generation's clock). Ids start with `b`; the recent slice's with `r`.
 */
async function writeOlder(exec: Exec, dialect: Dialect, options: HistoryOptions): Promise<void> {
  const older = options.submissions - recentCount(options.submissions);
  const anchor = Date.now() - RECENT_HOURS * HOUR_MS;
  const span = HISTORY_DAYS * DAY_MS - RECENT_HOURS * HOUR_MS;
  // Submission i of the older part was created at this epoch ms: evenly, oldest first.
  const createdMs = `(${anchor - span} + i * ${Math.max(1, Math.floor(span / Math.max(1, older)))})`;
  const chunk = 100_000;
  for (let from = 0; from < older; from += chunk) {
    const to = Math.min(older, from + chunk);
    options.log(
      `  older history: submissions ${from.toLocaleString('en-US')} to ${to.toLocaleString('en-US')} of ${older.toLocaleString('en-US')}`,
    );
    await exec('begin');
    await writeSlice(exec, dialect, {
      prefix: 'b',
      from,
      to,
      createdMs,
      dueNowFrom: Number.POSITIVE_INFINITY,
      channelId: options.channelId,
      now: anchor,
    });
    await exec('commit');
  }
}

/**
 * The last 5 hours: deleted and written again relative to `now`, so the reminder look-back (28 hours) holds
 * these 5% and the newest `DUE_NOW` are due now (in `channelId`, each the newest update of its incident, so a
 * tick posts them). Every other reminder of the slice was sent (or skipped) already, as a live Herald leaves them.
 */
export async function refreshRecent(
  target: { sqliteFile?: string; databaseUrl?: string },
  submissions: number,
  channelId: string,
  /** How many to write instead of the history's 5% (an empty database gets just the ones due now). */
  count = recentCount(submissions),
): Promise<void> {
  const recent = count;
  const now = Date.now();
  // Oldest 5 hours ago; the newest 32 minutes ago, so the ones due now (published 31 minutes ago, every 30) are
  // the newest of their incidents.
  const span = RECENT_HOURS * HOUR_MS - 32 * 60_000;
  const createdMs = `(${now - RECENT_HOURS * HOUR_MS} + i * ${Math.max(1, Math.floor(span / Math.max(1, recent)))})`;
  const slice = (dialect: Dialect) => async (exec: Exec) => {
    await exec('begin');
    await exec(`delete from reminders where submission_id >= 'r' and submission_id < 's'`);
    await exec(`delete from attempts where submission_id >= 'r' and submission_id < 's'`);
    await exec(`delete from submissions where id >= 'r' and id < 's'`);
    await writeSlice(exec, dialect, { prefix: 'r', from: 0, to: recent, createdMs, dueNowFrom: recent - DUE_NOW, channelId, now });
    await exec('commit');
  };
  if (target.sqliteFile) {
    const database = new SqliteDatabase(target.sqliteFile);
    try {
      database.pragma('busy_timeout = 5000');
      await slice(SQLITE)(async (statement) => {
        database.exec(statement);
      });
    } finally {
      database.close();
    }
  } else if (target.databaseUrl) {
    await withClient(target.databaseUrl, async (client) => {
      await slice(POSTGRES)(async (statement) => {
        await client.query(statement);
      });
      // A live database's autovacuum keeps up with 50,000 updates over 5 hours; replaced all at once, they would
      // leave dead rows in the indexes the commands read, and an autovacuum under way during the rows, instead.
      await client.query('vacuum (analyze) submissions, attempts, reminders');
    });
  }
}

interface Slice {
  prefix: 'b' | 'r';
  from: number;
  to: number;
  /** SQL: the epoch ms submission i was created at. */
  createdMs: string;
  /** From this i on, the reminder is due now (published 31 minutes before `now`, due a minute ago). */
  dueNowFrom: number;
  channelId: string;
  now: number;
}

/** Submissions [from, to) of one part, with their audit trail and reminder rows. */
async function writeSlice(exec: Exec, d: Dialect, s: Slice): Promise<void> {
  const { with: withSeq, from: fromSeq } = d.series(s.from, s.to);
  // None in the older part: no i reaches its end.
  const dueFrom = Number.isFinite(s.dueNowFrom) ? s.dueNowFrom : s.to;
  const dueNow = `i >= ${dueFrom}`;
  // Offset by slice, so the recent updates land on incidents the older ones used too.
  const incident = `((i + ${s.prefix === 'r' ? 7 : 0}) % ${INCIDENTS})`;
  const created = `(case when ${dueNow} then ${s.now - 31 * 60_000} + i - ${dueFrom} else ${s.createdMs} end)`;
  const published = `(${created} + 180 + (i % 400))`;
  const id = `'${s.prefix}' || ${d.pad('i', 7)} || '-5e4c-4a1d-9b7f-' || ${d.pad('i', 12)}`;
  const channel = `(case when ${dueNow} then '${s.channelId}' else 'C0HIST' || ${d.pad(`${incident} % ${CHANNELS}`, 5)} end)`;
  const page = `'PHIST' || ${d.pad(`${incident} % ${PAGES}`, 2)}`;
  const post = `'QHIST' || ${d.pad(incident, 5)}`;
  // 1 in 100 failed (the provider refused it); the rest published, their echo posted.
  const failed = `(i % 100 = 99 and not (${dueNow}))`;
  const status = `(case when ${incident} % 3 = 0 then 'investigating' when ${incident} % 3 = 1 then 'identified' else 'monitoring' end)`;
  const draft = `'{"provider":"pagerduty","page":{"id":"' || ${page} || '","name":"Acme Status ' || (${incident} % ${PAGES}) || '","url":"https://status.acme.example"},' ||
    '"post":{"id":"' || ${post} || '","title":"Elevated error rates on checkout ' || ${incident} || '","kind":"incident","url":"https://status.acme.example/incidents/' || ${post} || '"},' ||
    '"status":{"id":"' || ${status} || '","label":"' || ${status} || '"},"severity":{"id":"major","label":"Major"},' ||
    '"message":"We are seeing elevated error rates on checkout for some customers and are rolling back the latest deploy. Update ' || i || '.",' ||
    '"impacts":[{"component":{"id":"SVC' || ${d.pad(`${incident} % 37`, 3)} || '","label":"Checkout API"},"impact":{"id":"partial_outage","label":"Partial outage"}}],' ||
    '"notifySubscribers":true,"nextUpdateMinutes":30,"reportedAt":null}'`;
  await exec(`insert into submissions (id, key, team_id, user_id, channel_id, response_url, view_id, provider, page_id, post_id, draft, state,
      attempt_count, failure, entry_id, published_at, echo_state, echo_ts, lease_until, lease_owner, notified_at, created_at, updated_at)
    ${withSeq}
    select ${id},
      'V0HIST' || ${d.pad('i', 9)} || '${s.prefix}:' || ${d.pad('(i % 9973) * 7919', 8)},
      'T0HIST', 'U0HIST' || ${d.pad('i % 300', 4)}, ${channel},
      'https://hooks.slack.com/commands/T0HIST/' || ${d.pad('i', 12)} || '/Zk3u8Yq1vP0aB2cD4eF6gH8i',
      'V0HIST' || ${d.pad('i', 9)}, 'pagerduty', ${page}, ${post}, ${draft},
      case when ${failed} then 'failed' else 'published' end,
      1,
      case when ${failed} then '{"kind":"rejected","status":422,"message":"Validation failed: message is too long for this page"}' else null end,
      case when ${failed} then null else 'EHIST' || ${d.pad('i', 9)} end,
      case when ${failed} then null else ${d.iso(published)} end,
      case when ${failed} then 'pending' else 'posted' end,
      case when ${failed} then null else ${d.pad(`${published} / 1000`, 10)} || '.' || ${d.pad('i % 1000000', 6)} end,
      null, null, ${d.iso(`${published} + 40`)}, ${d.iso(created)}, ${d.iso(`${published} + 40`)}
    from ${fromSeq}`);
  // One exchange with the provider per submission, bodies and all (kept HERALD_AUDIT_RETENTION_DAYS, default 90).
  await exec(`insert into attempts (submission_id, method, url, request_body, response_status, response_body, error_code, started_at, duration_ms)
    ${withSeq}
    select ${id}, 'POST',
      'https://api.pagerduty.com/status_pages/' || ${page} || '/posts/' || ${post} || '/post_updates',
      '{"post_update":{"message":"We are seeing elevated error rates on checkout for some customers and are rolling back the latest deploy. Update ' || i || '.","status":{"id":"' || ${status} || '"},"severity":{"id":"major"},"impacted_services":[{"service":{"id":"SVC' || ${d.pad(`${incident} % 37`, 3)} || '"},"severity":"partial"}],"notify_subscribers":true,"reported_at":null}}',
      case when ${failed} then 422 else 201 end,
      case when ${failed} then '{"error":{"code":2001,"message":"Invalid Input Provided","errors":["Message is too long"]}}'
        else '{"post_update":{"id":"' || 'EHIST' || ${d.pad('i', 9)} || '","self":"https://api.pagerduty.com/status_pages/' || ${page} || '/posts/' || ${post} || '/post_updates/EHIST' || ${d.pad('i', 9)} || '","type":"status_page_post_update"}}' end,
      null, ${d.iso(`${created} + 20`)}, 120 + i % 300
    from ${fromSeq}`);
  // The reminder row written as each update was published (due 30 minutes later): sent, or skipped (a newer
  // update came first); the newest few of the recent slice are due now.
  await exec(`insert into reminders (submission_id, state, due_at, updated_at, lease_owner, lease_until)
    ${withSeq}
    select ${id},
      case when ${dueNow} then 'due' when i % 4 = 0 then 'sent' else 'skipped' end,
      ${d.iso(`${published} + 1800000`)},
      ${d.iso(`${published} + 1800000 + 500`)}, null, null
    from ${fromSeq}
    where not ${failed}`);
}

/**
 * The channel the benchmark's commands come from, linked to the fake status page's open incident, with a few
 * published updates of it: on an empty database and on the history alike, so both read the same for the form.
 */
export async function linkBenchChannel(
  target: { sqliteFile?: string; databaseUrl?: string },
  link: { channelId: string; pageId: string; postId: string },
): Promise<void> {
  const now = Date.now();
  const statements = [
    `delete from channel_page_links where channel_id = '${link.channelId}'`,
    `insert into channel_page_links (channel_id, provider, page_id, page_name, page_url, post_id, post_kind, post_title, post_url, linked_by, linked_at, unlinked_at)
     values ('${link.channelId}', 'pagerduty', '${link.pageId}', 'Acme Status', 'https://status.acme.test', '${link.postId}', 'incident',
       'Elevated API errors', null, 'U0HIST0001', '${new Date(now - 2 * HOUR_MS).toISOString()}', null)`,
  ];
  if (target.sqliteFile) {
    const database = new SqliteDatabase(target.sqliteFile);
    try {
      database.pragma('busy_timeout = 5000');
      for (const statement of statements) database.exec(statement);
    } finally {
      database.close();
    }
  } else if (target.databaseUrl) {
    await withClient(target.databaseUrl, async (client) => {
      for (const statement of statements) await client.query(statement);
    });
  }
}

/** A copy of the cached SQLite file to run Herald on, in `dataDir`. */
export async function copySqliteHistory(file: string, dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await copyFile(file, join(dataDir, SQLITE_FILE_NAME));
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
