import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import * as liveIndexes from '../src/store/migrations/011-live-indexes-and-due-reminders.js';
import * as requestTurns from '../src/store/migrations/012-request-turns.js';
import * as auditBodiesIndex from '../src/store/migrations/013-audit-bodies-index.js';
import { MIGRATION_NAMES, migrationsFor } from '../src/store/migrations/index.js';
import { SQLITE_FILE_NAME } from '../src/store/open-store.js';
import type { Engine } from '../src/store/schema.js';
import { SqliteDatabase } from '../src/store/sqlite-database.js';
import { FAKE_CHANNEL } from '../test/fakes/fake-slack.js';
import { copySqliteHistory, historyKey, POSTGRES_ADMIN_URL, prepareHistory, refreshRecent, withClient } from './history/generate.js';
import { freePort } from './support/processes.js';
import { startFakes, startHerald } from './support/stack.js';

// What upgrading a database that holds a million stored submissions to migrations 011-013 costs: the history
// (bench/history/generate.ts) is taken back to where migration 010 left it (every later migration undone: 011's
// indexes and due reminders, 012's table and 013's index gone, the state index back), then
//   1. Herald starts on it, and /healthz is asked every 100 ms until it answers 200: what a load balancer sees;
//   2. taken back again, each migration is run on its own and timed.
// Not part of `npm run bench` (it copies the database twice per engine).
//   npx tsx bench/upgrade-cost.ts [submissions=1000000] [sqlite,postgres]

const submissions = Number(process.argv[2] ?? 1_000_000);
const engines = (process.argv[3]?.split(',') ?? ['sqlite', 'postgres']) as Engine[];
const log = (message: string) => process.stderr.write(`${message}\n`);

for (const engine of engines) {
  const history = await prepareHistory(engine, { submissions, channelId: FAKE_CHANNEL.id, log });
  await withCopy(engine, history, async (target, kysely) => {
    await refreshRecent(
      target.sqliteFile ? { sqliteFile: target.sqliteFile } : { databaseUrl: target.databaseUrl! },
      submissions,
      FAKE_CHANNEL.id,
    );
    await takeBack(kysely, engine);
    const healthz = await startDuringUpgrade(target);
    await takeBack(kysely, engine);
    const timed: Record<string, number> = {};
    timed['011-live-indexes-and-due-reminders'] = await time(() => liveIndexes.up(kysely, engine));
    timed['012-request-turns'] = await time(() => requestTurns.up(kysely));
    timed['013-audit-bodies-index'] = await time(() => auditBodiesIndex.up(kysely, engine));
    process.stdout.write(
      `${engine}, ${submissions.toLocaleString('en-US')} stored submissions: ${Object.entries(timed)
        .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
        .join(', ')}; Herald started on it: ${healthz}\n`,
    );
  });
}

/** A copy of the history to upgrade, and Kysely over it. */
async function withCopy(
  engine: Engine,
  history: Awaited<ReturnType<typeof prepareHistory>>,
  run: (target: { sqliteFile?: string; dataDir?: string; databaseUrl?: string }, kysely: Kysely<unknown>) => Promise<void>,
): Promise<void> {
  if (engine === 'sqlite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-upgrade-'));
    try {
      await copySqliteHistory(history.sqliteFile!, dataDir);
      const sqliteFile = join(dataDir, SQLITE_FILE_NAME);
      const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(sqliteFile) }) });
      try {
        await run({ sqliteFile, dataDir }, kysely);
      } finally {
        await kysely.destroy();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    return;
  }
  const name = `herald_bench_upgrade_${historyKey(submissions)}`;
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const source = new URL(history.databaseUrl!).pathname.slice(1);
  await withClient(POSTGRES_ADMIN_URL, async (admin) => {
    await admin.query(`drop database if exists ${name} with (force)`);
    log(`  copying ${source}`);
    await admin.query(`create database ${name} template ${source}`);
  });
  const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString() }) }) });
  try {
    await run({ databaseUrl: url.toString() }, kysely);
  } finally {
    await kysely.destroy();
    await withClient(POSTGRES_ADMIN_URL, (admin) => admin.query(`drop database if exists ${name} with (force)`));
  }
}

/** The schema as migration 010 left it, the rows as they were then: every later migration's down, newest first. */
async function takeBack(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const migrations = migrationsFor(engine);
  const later = MIGRATION_NAMES.filter((name) => name > '010-corrections').reverse();
  for (const name of later) await migrations[name]!.down?.(db);
  await sql`delete from kysely_migration where name > '010-corrections'`.execute(db);
}

/** Starts Herald on the database and asks /healthz every 100 ms until it answers 200: what it answered meanwhile. */
async function startDuringUpgrade(target: { dataDir?: string; databaseUrl?: string }): Promise<string> {
  const fakes = await startFakes();
  const port = await freePort();
  const answers = new Map<string, number>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const answer = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) })
        .then(async (response) => `${response.status} ${await response.text()}`)
        .catch((error: unknown) => String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name));
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const writer = target.databaseUrl ? await writeMeanwhile(target.databaseUrl) : null;
  try {
    const herald = await startHerald(fakes, { ...target, port, readyTimeoutMs: 600_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await herald.stop();
    polling = false;
    await poller;
    const seen = [...answers].map(([answer, count]) => `${answer} ×${count}`).join(', ');
    const writes = writer ? `; ${await writer.stop()}` : '';
    return `ready (/healthz 200) after ${(herald.readyAfterMs / 1000).toFixed(1)} s; /healthz answers seen, every 100 ms from spawn: ${seen}${writes}`;
  } finally {
    polling = false;
    await writer?.stop();
    await fakes.close();
  }
}

/**
 * PostgreSQL: what a replica still on the previous version sees meanwhile. A submission is stored every 50 ms on
 * a connection of its own, each insert timed: the longest says for how long the upgrade kept it from writing.
 */
async function writeMeanwhile(databaseUrl: string): Promise<{ stop(): Promise<string> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const waits: number[] = [];
  let writing = true;
  const loop = (async () => {
    for (let n = 0; writing; n += 1) {
      const started = performance.now();
      await client.query(
        `insert into submissions (id, key, user_id, channel_id, provider, page_id, post_id, draft, state, attempt_count, echo_state, created_at, updated_at)
         values ($1, $1, 'U1', 'C1', 'pagerduty', 'P1', 'I1', '{}', 'failed', 1, 'posted', now()::text, now()::text)`,
        [`upgrade-probe-${n}`],
      );
      waits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  let result: string | undefined;
  return {
    async stop() {
      if (result !== undefined) return result;
      writing = false;
      await loop;
      await client.end();
      result = `a submission stored every 50 ms meanwhile by another connection: ${waits.length} stored, the longest insert ${Math.max(...waits).toFixed(0)} ms`;
      return result;
    },
  };
}

async function time(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}
