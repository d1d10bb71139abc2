import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import type { Engine } from '../../src/store/schema.js';
import type { Stores } from '../../src/store/stores.js';
import { FAKE_CHANNEL, type FakeSlack, type RecordedCall } from '../../test/fakes/fake-slack.js';
import {
  copySqliteHistory,
  DUE_NOW,
  type HistoryDatabase,
  linkBenchChannel,
  POSTGRES_ADMIN_URL,
  prepareHistory,
  refreshRecent,
  withClient,
} from '../history/generate.js';
import { type Fakes, type RunningApp, sentAt as wireSentAt, startFakes, startHerald } from '../support/stack.js';
import { type LatencySummary, summarise } from '../support/stats.js';
import { waitUntil } from '../support/wait.js';

// The rows that must not grow with history, on one engine, side by side: Herald on a database holding the
// generated history (bench/history/generate.ts) and on an empty one, each with the benchmark's channel linked to
// the fake status page's open incident and the same 50 reminders due now. For each: start to ready, one reminder
// tick (the longest the event loop stood still meanwhile, as Herald's own /metrics reports it), `/status-update`
// → `views.open` in the linked channel, /metrics scrapes, and the publisher's sweep read (timed on a second
// connection to the same database, since the sweep runs on Herald's timer).

export interface HistoryVariant {
  /** Stored submissions: 0 for the empty database. */
  submissions: number;
  /** Spawn → first 200 on /healthz, each start. */
  startToReadyMs: number[];
  /** The longest event-loop delay in Herald across the tick (herald_nodejs_eventloop_lag_max_seconds), ms. */
  tickLoopBlockMs: number;
  /** From the first reminder posted to the last. */
  tickPostingMs: number;
  remindersPosted: number;
  openForm: OpenFormSummary;
  metricsScrape: LatencySummary;
  sweepRead: LatencySummary;
}

export interface HistoryRows {
  engine: Engine;
  /** Bytes per 1,000 stored submissions, history included (SQLite: the file; PostgreSQL: the database). */
  bytesPerThousand: number;
  /** Seconds generating took this run; 0 from the cache. */
  generatedInSeconds: number;
  empty: HistoryVariant;
  history: HistoryVariant;
}

const BURSTS = 20;
const BURST_SIZE = 10;
/**
 * Bursts sent and not counted first. The first few after start run on code not yet optimised (the first burst
 * takes 150 to 200 ms, the next few 40 to 100 ms), which a Herald that has served a while has behind it; the
 * rows measure that Herald, and report the first burst beside it.
 */
const WARM_UP_BURSTS = 10;
/** Enough that a p99 is not simply the slowest one: of 30, it was. */
const SCRAPES = 200;
const SWEEPS = 200;
const STARTS = 3;
/** Short, so the first tick comes soon after start; quiet ticks cost next to nothing. */
const REMINDER_POLL_MS = 3_000;

export async function measureHistoryRows(engine: Engine, submissions: number, log: (message: string) => void): Promise<HistoryRows> {
  log(`  ${engine}: preparing ${submissions.toLocaleString('en-US')} stored submissions`);
  const history = await prepareHistory(engine, { submissions, channelId: FAKE_CHANNEL.id, log });
  const fakes = await startFakes({}, { timed: true });
  try {
    const seed = fakes.pagerduty.seed!;
    const link = { channelId: FAKE_CHANNEL.id, pageId: seed.pageId, postId: seed.incidentPostId };
    log(`  ${engine}: empty database`);
    const empty = await withDatabase(engine, null, link, (target) => measureVariant(fakes, target, 0));
    log(`  ${engine}: ${submissions.toLocaleString('en-US')} stored submissions`);
    const full = await withDatabase(engine, history, link, (target) => measureVariant(fakes, target, submissions));
    return {
      engine,
      bytesPerThousand: history.bytes / (submissions / 1000),
      generatedInSeconds: history.generatedInSeconds,
      empty,
      history: full,
    };
  } finally {
    await fakes.close();
  }
}

interface Target {
  dataDir?: string;
  databaseUrl?: string;
}

/** The database for one variant, ready for Herald: the history's copy (SQLite) or itself (PostgreSQL), or an empty one. */
async function withDatabase<T>(
  engine: Engine,
  history: HistoryDatabase | null,
  link: { channelId: string; pageId: string; postId: string },
  run: (target: Target) => Promise<T>,
): Promise<T> {
  if (engine === 'sqlite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-history-'));
    try {
      if (history?.sqliteFile) await copySqliteHistory(history.sqliteFile, dataDir);
      else await (await openStore({ dataDir })).close();
      const file = join(dataDir, SQLITE_FILE_NAME);
      await prepare({ sqliteFile: file }, history, link);
      return await run({ dataDir });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  if (history?.databaseUrl) {
    await prepare({ databaseUrl: history.databaseUrl }, history, link);
    return run({ databaseUrl: history.databaseUrl });
  }
  const name = `herald_bench_empty_${randomBytes(4).toString('hex')}`;
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  await withClient(POSTGRES_ADMIN_URL, (admin) => admin.query(`create database ${name}`));
  try {
    await (await openStore({ dataDir: '', databaseUrl: url.toString() })).close();
    await prepare({ databaseUrl: url.toString() }, null, link);
    return await run({ databaseUrl: url.toString() });
  } finally {
    await withClient(POSTGRES_ADMIN_URL, (admin) => admin.query(`drop database if exists ${name} with (force)`));
  }
}

/** The recent slice (with its reminders due now) as of now, and the linked channel. The empty database gets the same reminders. */
async function prepare(
  target: { sqliteFile?: string; databaseUrl?: string },
  history: HistoryDatabase | null,
  link: { channelId: string; pageId: string; postId: string },
): Promise<void> {
  // On the empty database, a recent slice of exactly the reminders due now: the same tick's work, no history.
  await refreshRecent(target, history?.submissions ?? 0, FAKE_CHANNEL.id, history ? undefined : DUE_NOW);
  await linkBenchChannel(target, link);
}

async function measureVariant(fakes: Fakes, target: Target, submissions: number): Promise<HistoryVariant> {
  const since = fakes.slack.calls.length;
  const herald = await startHerald(fakes, { ...target, env: { HERALD_REMINDER_POLL_MS: String(REMINDER_POLL_MS) } });
  const startToReadyMs = [herald.readyAfterMs];
  let stopped = false;
  try {
    // The first scrape resets Herald's event-loop maximum; the next one, after the tick, reads it.
    await scrape(herald);
    const posted = await waitUntil(
      () => {
        const calls = remindersSince(fakes.slack, since);
        return calls.length >= DUE_NOW ? calls : undefined;
      },
      REMINDER_POLL_MS + 30_000,
      `${DUE_NOW} reminders posted`,
    );
    await sleep(300);
    const tickLoopBlockMs = eventLoopLagMaxMs(await scrape(herald));
    const tickPostingMs = posted.at(-1)!.at - posted[0]!.at;
    const openForm = await measureOpenForm(herald, fakes.slack);
    const metricsScrape = await timeEach(SCRAPES, () => scrape(herald));
    const sweepRead = await measureSweepRead(target);
    await herald.stop();
    stopped = true;
    for (let i = 1; i < STARTS; i += 1) {
      const again = await startHerald(fakes, target);
      startToReadyMs.push(again.readyAfterMs);
      await again.stop();
    }
    return {
      submissions,
      startToReadyMs,
      tickLoopBlockMs,
      tickPostingMs,
      remindersPosted: remindersSince(fakes.slack, since).length,
      openForm,
      metricsScrape,
      sweepRead,
    };
  } finally {
    if (!stopped) await herald.stop();
    fakes.slack.reset();
  }
}

function remindersSince(slack: FakeSlack, since: number): RecordedCall[] {
  return slack.calls
    .slice(since)
    .filter((call) => call.method === 'chat.postMessage' && call.args.channel === FAKE_CHANNEL.id && call.response?.ok === true);
}

async function scrape(herald: RunningApp): Promise<string> {
  const response = await fetch(`${herald.baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

function eventLoopLagMaxMs(metrics: string): number {
  const line = /^herald_nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? ([\d.eE+-]+)$/m.exec(metrics);
  if (!line) throw new Error('/metrics has no herald_nodejs_eventloop_lag_max_seconds');
  return Number(line[1]) * 1000;
}

/** Bursts of 10 `/status-update` in the linked channel, each timed from sent to its views.open (on the wire). */
export interface OpenFormSummary extends LatencySummary {
  refused: number;
  /** The slowest form of the first burst after start, before any warm-up. */
  firstBurstMaxMs: number;
}

async function measureOpenForm(herald: RunningApp, slack: FakeSlack): Promise<OpenFormSummary> {
  const sent = new Map<string, number>();
  const opened: RecordedCall[] = [];
  const latency = (call: RecordedCall) => call.at - sent.get(String(call.args.trigger_id))!;
  let firstBurstMaxMs = 0;
  for (let burst = -WARM_UP_BURSTS; burst < BURSTS; burst += 1) {
    const since = slack.calls.length;
    await Promise.all(
      Array.from({ length: BURST_SIZE }, async () => {
        const triggerId = slack.newTriggerId();
        const answer = await herald.requester.command({ trigger_id: triggerId });
        if (answer.status !== 200) throw new Error(`a command was answered ${answer.status}: ${herald.output().slice(-1500)}`);
        sent.set(triggerId, wireSentAt(answer));
      }),
    );
    const calls = await waitUntil(
      () => {
        const found = slack.calls.slice(since).filter((call) => call.method === 'views.open');
        return found.length >= BURST_SIZE ? found : undefined;
      },
      10_000,
      `${BURST_SIZE} views.open calls`,
    );
    if (burst === -WARM_UP_BURSTS) firstBurstMaxMs = Math.max(...calls.map(latency));
    if (burst >= 0) opened.push(...calls);
    await sleep(100);
  }
  return {
    refused: opened.filter((call) => call.response?.ok !== true).length,
    firstBurstMaxMs,
    ...summarise(opened.map(latency)),
  };
}

/**
 * What the publisher's sweep reads every 30 s (the unfinished submissions, and their count for the gauge), on a
 * second connection to Herald's database, each timed.
 */
async function measureSweepRead(target: Target): Promise<LatencySummary> {
  // Beside the running Herald, reading only: not holding DATA_DIR's lock, which that Herald holds.
  const stores: Stores = await openStore({ dataDir: target.dataDir ?? '', databaseUrl: target.databaseUrl, lockDataDir: false });
  try {
    await stores.submissions.listUnfinished(new Date(), { takeBackOwn: false });
    return await timeEach(SWEEPS, async () => {
      await stores.submissions.listUnfinished(new Date(), { takeBackOwn: false });
      await stores.submissions.countUnfinished();
    });
  } finally {
    await stores.close();
  }
}

async function timeEach(times: number, work: () => Promise<unknown>): Promise<LatencySummary> {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}
