import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakePagerDuty, type FakePagerDuty, type FakePagerDutyOptions } from '../../test/fakes/fake-pagerduty.js';
import { FAKE_CHANNEL, startFakeSlack, type FakeSlack } from '../../test/fakes/fake-slack.js';
import { createSlackRequester, type SlackRequester, type SlackResponse } from '../../test/support/slack-client.js';
import { freePort, spawnApp, type AppProcess } from './processes.js';
import { ARRIVED_AT_HEADER, startWire, type Wire, type WireProxy } from './wire.js';

// What every scenario stands on: the project's fakes on loopback in this process, and the app under
// test (Herald's bundle as `npm start` runs it, or the bare Bolt baseline) as a child process on its own core.
// The latency scenarios also put the wire (wire.ts) between the two, so that their times are taken on an event
// loop that is never busy.

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BENCH_SIGNING_SECRET = 'bench-signing-secret-4b8e21';

/**
 * With two or more cores, the app gets core 1 to itself and the benchmark (load generator and fakes)
 * core 0, so neither steals the other's CPU and runs compare like with like.
 */
export const CPU_LAYOUT: { app: string; bench: string } | null = (() => {
  if (availableParallelism() < 2 || process.env.BENCH_NO_PIN) return null;
  try {
    execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
    return { app: '1', bench: '0' };
  } catch {
    return null;
  }
})();

export interface Fakes {
  slack: FakeSlack;
  pagerduty: FakePagerDuty;
  /** Where the app sends its Slack API calls and its PagerDuty requests: the fakes, or the wire's proxies. */
  slackApiUrl: string;
  pagerdutyUrl: string;
  /** Timed stacks only: the wire sends the signed requests and stands in front of both fakes. */
  wire?: { send: Wire['send']; provider: WireProxy };
  close(): Promise<void>;
}

export interface FakesOptions {
  /** Time on the wire: sends and arrivals noted by the wire's thread (every call's `at` at the fake Slack too). */
  timed?: boolean;
  /** Default true. False: the fake Slack keeps no call's arguments or answer (see FakeSlackOptions.keepCallBodies). */
  keepCallBodies?: boolean;
  /** The most views the fake Slack keeps open (see FakeSlackOptions.maxOpenViews). */
  maxOpenViews?: number;
}

export async function startFakes(
  pagerduty: FakePagerDutyOptions = {},
  { timed = false, keepCallBodies = true, maxOpenViews }: FakesOptions = {},
): Promise<Fakes> {
  // The incident channel the commands come from exists, so echoes post there as in production (without it
  // chat.postMessage fails and every echo takes the response_url fallback).
  const slack = await startFakeSlack({
    channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
    ...(timed ? { arrivalHeader: ARRIVED_AT_HEADER } : {}),
    keepCallBodies,
    ...(maxOpenViews !== undefined ? { maxOpenViews } : {}),
  });
  const pd = await startFakePagerDuty(pagerduty);
  const wire = timed ? await startWire() : undefined;
  const slackProxy = await wire?.proxy(slack.url);
  const providerProxy = await wire?.proxy(pd.url, { record: true });
  return {
    slack,
    pagerduty: pd,
    slackApiUrl: slackProxy ? `${slackProxy.url}/api/` : slack.apiUrl,
    pagerdutyUrl: providerProxy?.url ?? pd.url,
    ...(wire && providerProxy ? { wire: { send: wire.send, provider: providerProxy } } : {}),
    close: async () => {
      await wire?.close();
      await Promise.all([slack.close(), pd.close()]);
    },
  };
}

export interface RunningApp extends AppProcess {
  /** Signed Slack requests to this app; trigger_ids and response_urls come from the fake Slack. */
  requester: SlackRequester;
}

export interface HeraldDatabase {
  /** SQLite in this directory, left in place when Herald stops (the caller made it). */
  dataDir?: string;
  /** PostgreSQL at this URL. */
  databaseUrl?: string;
  /** More environment for Herald (a shorter reminder poll, say). */
  env?: Record<string, string>;
  /** How long to wait for /healthz to answer 200; default 15 s. */
  readyTimeoutMs?: number;
  /** The port to listen on; default a free one. */
  port?: number;
}

/**
 * Herald as in production: `npm start`'s bundle, configured by environment, embedded SQLite in a temp dir
 * (or the database `database` names).
 */
export async function startHerald(fakes: Fakes, database: HeraldDatabase = {}): Promise<RunningApp> {
  const ownDir = database.dataDir === undefined;
  const dataDir = database.dataDir ?? (await mkdtemp(join(tmpdir(), 'herald-bench-')));
  const removeOwnDir = async () => (ownDir ? rm(dataDir, { recursive: true, force: true }) : undefined);
  const port = database.port ?? (await freePort());
  const app = await spawnApp({
    args: [...startFlags(), ...profilingArgs(), heraldEntry()],
    port,
    ...(database.readyTimeoutMs ? { readyTimeoutMs: database.readyTimeoutMs } : {}),
    ...(CPU_LAYOUT ? { cpus: CPU_LAYOUT.app } : {}),
    env: {
      SLACK_BOT_TOKEN: fakes.slack.botToken,
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: fakes.slackApiUrl,
      PORT: String(port),
      PAGERDUTY_API_TOKEN: fakes.pagerduty.token,
      PAGERDUTY_API_URL: fakes.pagerdutyUrl,
      DATA_DIR: dataDir,
      // The submission scenario sends 51 updates to one incident within a minute; the per-incident limit
      // (6 a minute by default) would refuse most. At its highest it is still checked on every submission.
      HERALD_MAX_UPDATES_PER_MINUTE: '1000',
      // Production's default level, so whatever Herald logs per request is paid for here too.
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      ...database.env,
    },
  }).catch(async (error: unknown) => {
    await removeOwnDir();
    throw error;
  });
  return withRequester(app, fakes, async () => {
    await removeOwnDir();
  });
}

/**
 * The baseline: Bolt with an empty /status-update handler, configured like Herald. `opensView`: the
 * handler also calls views.open once, with Bolt's default WebClient (the second, fairer baseline).
 */
export async function startBareBolt(fakes: Fakes, { opensView = false }: { opensView?: boolean } = {}): Promise<RunningApp> {
  const port = await freePort();
  const app = await spawnApp({
    args: [join(REPO_ROOT, 'bench/bare-bolt-app.mjs')],
    port,
    ...(CPU_LAYOUT ? { cpus: CPU_LAYOUT.app } : {}),
    env: {
      SLACK_BOT_TOKEN: fakes.slack.botToken,
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: fakes.slackApiUrl,
      PORT: String(port),
      NODE_ENV: 'production',
      ...(opensView ? { BARE_OPENS_VIEW: '1' } : {}),
    },
  });
  return withRequester(app, fakes, async () => {});
}

/**
 * BENCH_HERALD_ENTRY=<file>: benchmark another build of Herald (tsc's dist/main.js, a patched copy);
 * default the bundle `npm start` runs.
 */
export function heraldEntry(): string {
  return resolve(REPO_ROOT, process.env.BENCH_HERALD_ENTRY ?? 'dist/bundle/herald.mjs');
}

/** The Node flags `npm start` gives Herald (package.json's start script), so it runs here as in production. */
export function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/**
 * BENCH_CPU_PROF_DIR=<dir>: every Herald process writes a V8 CPU profile there when it stops.
 * BENCH_NODE_ARGS="--flag …": extra Node/V8 flags for Herald, to try a setting before adopting it.
 */
function profilingArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  const extra = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  return [...extra, ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
}

function withRequester(app: AppProcess, fakes: Fakes, cleanUp: () => Promise<void>): RunningApp {
  return {
    ...app,
    requester: createSlackRequester({
      baseUrl: app.baseUrl,
      signingSecret: BENCH_SIGNING_SECRET,
      issuer: {
        newTriggerId: () => fakes.slack.newTriggerId(),
        newResponseUrl: () => responseUrlFor(fakes),
      },
      ...(fakes.wire ? { transport: fakes.wire.send } : {}),
    }),
    async stop() {
      await app.stop();
      await cleanUp();
    },
  };
}

/** When a request left, as the wire noted it; timed stacks only. */
export function sentAt(response: SlackResponse): number {
  if (response.sentAt === undefined) throw new Error('this request did not go through the wire (start the fakes with timed: true)');
  return response.sentAt;
}

/**
 * A response_url the fake Slack honours, on the origin the app was given as Slack's (SLACK_API_URL): Herald
 * refuses a request whose response_url points anywhere else, and on a timed stack that origin is the wire's proxy.
 */
function responseUrlFor(fakes: Fakes): string {
  const url = fakes.slack.newResponseUrl();
  const apiOrigin = new URL(fakes.slackApiUrl).origin;
  return apiOrigin + url.slice(new URL(url).origin.length);
}
