import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakePagerDuty, type FakePagerDuty, type FakePagerDutyOptions } from '../../test/fakes/fake-pagerduty.js';
import { startFakeSlack, type FakeSlack } from '../../test/fakes/fake-slack.js';
import { createSlackRequester, type SlackRequester } from '../../test/support/slack-client.js';
import { slashCommandBody } from '../../test/support/slack-payloads.js';
import { freePort, spawnApp, type AppProcess } from './processes.js';

// What every scenario stands on: the project's fakes on loopback in this process, and the app under
// test (Herald's compiled dist/main.js, or the bare Bolt baseline) as a child process on its own core.

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
  close(): Promise<void>;
}

export async function startFakes(pagerduty: FakePagerDutyOptions = {}): Promise<Fakes> {
  const slack = await startFakeSlack();
  const pd = await startFakePagerDuty(pagerduty);
  return {
    slack,
    pagerduty: pd,
    close: async () => {
      await Promise.all([slack.close(), pd.close()]);
    },
  };
}

export interface RunningApp extends AppProcess {
  /** Signed Slack requests to this app; trigger_ids and response_urls come from the fake Slack. */
  requester: SlackRequester;
}

export interface HeraldOptions {
  /** Where Herald sends PagerDuty requests; default the fake itself (a proxy may sit in between). */
  pagerdutyUrl?: string;
}

/** Herald as in production: `node dist/main.js`, configured by environment, embedded SQLite in a temp dir. */
export async function startHerald(fakes: Fakes, options: HeraldOptions = {}): Promise<RunningApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-'));
  const port = await freePort();
  const app = await spawnApp({
    args: [...profilingArgs(), heraldEntry()],
    port,
    ...(CPU_LAYOUT ? { cpus: CPU_LAYOUT.app } : {}),
    env: {
      SLACK_BOT_TOKEN: fakes.slack.botToken,
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: fakes.slack.apiUrl,
      PORT: String(port),
      PAGERDUTY_API_TOKEN: fakes.pagerduty.token,
      PAGERDUTY_API_URL: options.pagerdutyUrl ?? fakes.pagerduty.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  return withRequester(app, fakes, async () => rm(dataDir, { recursive: true, force: true }));
}

/** The baseline: Bolt with an empty /status-update handler, configured like Herald. */
export async function startBareBolt(fakes: Fakes): Promise<RunningApp> {
  const port = await freePort();
  const app = await spawnApp({
    args: [join(REPO_ROOT, 'bench/bare-bolt-app.mjs')],
    port,
    ...(CPU_LAYOUT ? { cpus: CPU_LAYOUT.app } : {}),
    env: {
      SLACK_BOT_TOKEN: fakes.slack.botToken,
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: fakes.slack.apiUrl,
      PORT: String(port),
      NODE_ENV: 'production',
    },
  });
  return withRequester(app, fakes, async () => {});
}

/** BENCH_HERALD_ENTRY=<file>: benchmark another build of Herald (a bundle, a patched copy); default dist/main.js. */
export function heraldEntry(): string {
  return resolve(REPO_ROOT, process.env.BENCH_HERALD_ENTRY ?? 'dist/main.js');
}

/** BENCH_CPU_PROF_DIR=<dir>: every Herald process writes a V8 CPU profile there when it stops. */
function profilingArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

function withRequester(app: AppProcess, fakes: Fakes, cleanUp: () => Promise<void>): RunningApp {
  return {
    ...app,
    requester: createSlackRequester({ baseUrl: app.baseUrl, signingSecret: BENCH_SIGNING_SECRET, issuer: fakes.slack }),
    async stop() {
      await app.stop();
      await cleanUp();
    },
  };
}

/** A `/status-update` as Slack posts it, with a trigger_id and response_url the fake Slack will honour. */
export function commandBody(slack: FakeSlack, triggerId: string = slack.newTriggerId()): string {
  return new URLSearchParams(slashCommandBody({ trigger_id: triggerId, response_url: slack.newResponseUrl() })).toString();
}
