import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeSlack } from '../../test/fakes/fake-slack.js';
import { cpuTimeMs, residentSetBytes } from '../support/processes.js';
import { runSignedLoad } from '../support/signed-load.js';
import { commandBodies } from '../support/command-bodies.js';
import { BENCH_SIGNING_SECRET, startBareBolt, startFakes, startHerald, type RunningApp } from '../support/stack.js';

// Herald and the bare Bolt app (and a bare app whose handler calls views.open once), side by side,
// under the same load: rounds of `requestsPerRound` signed `/status-update` commands from `connections`
// concurrent connections, alternating app by app so drifts in the machine hit both alike. After each round,
// once the app has gone quiet (Herald's forms all opened and filled), its resident set size is read from /proc.
//
// Each compared app runs as several processes, every one measured through all the rounds, and the app's figure
// is its median process's: on this machine one of several identical copies of a build, started alike, can run
// 20–30% slower than the others through every round of its life, so one process per app compares two draws,
// not two apps.

export interface Round {
  /** Commands acknowledged (2xx) per second. */
  perSecond: number;
  requests: number;
  failures: number;
  durationMs: number;
  /** The app's CPU time (all threads) per command, including the work after the ack. */
  cpuMsPerRequest: number;
  /**
   * Share of one core each side used while the load ran. The app near 100%: the app is the limit;
   * the benchmark (load generator and fakes) near 100% instead: the figure is a lower bound.
   */
  appCpuPercent: number;
  benchCpuPercent: number;
  rssBytes: number;
}

/** One process of an app, through every round. */
export interface AppRounds {
  startRssBytes: number;
  rounds: Round[];
}

export interface LoadRounds {
  requestsPerRound: number;
  connections: number;
  /** Each app's processes. */
  herald: AppRounds[];
  /** The empty handler the memory rows compare with (one process: it is context for the rate). */
  bare: AppRounds[];
  /** A handler that acks and calls views.open once: the least any app that shows a form does. */
  bareOpensView: AppRounds[];
}

type AppName = 'bare' | 'bareOpensView' | 'herald';

export async function measureLoadRounds(
  roundCount: number,
  requestsPerRound: number,
  connections: number,
  processesPerApp = 3,
): Promise<LoadRounds> {
  // Tens of thousands of forms: the fake Slack keeps no call's view and only the last thousand views open, so that
  // its memory (and the collector's work on it), on the load generator's core, does not grow with every command.
  const fakes = await startFakes({}, { keepCallBodies: false, maxOpenViews: 1_000 });
  const started: RunningApp[] = [];
  const start = async (app: Promise<RunningApp>) => {
    started.push(await app);
    return started.at(-1)!;
  };
  try {
    // One by one, each remembered as it starts: when one fails to start, the others are still stopped.
    const processes: { name: AppName; app: RunningApp; measured: AppRounds }[] = [];
    const add = async (name: AppName, app: Promise<RunningApp>) => {
      const running = await start(app);
      processes.push({ name, app: running, measured: { startRssBytes: await residentSetBytes(running.pid), rounds: [] } });
    };
    await add('bare', startBareBolt(fakes));
    for (let copy = 0; copy < processesPerApp; copy += 1) {
      await add('bareOpensView', startBareBolt(fakes, { opensView: true }));
      await add('herald', startHerald(fakes));
    }
    for (let round = 0; round < roundCount; round += 1) {
      for (const { app, measured } of processes) measured.rounds.push(await runRound(app, fakes.slack, requestsPerRound, connections));
    }
    const of = (name: AppName) => processes.filter((running) => running.name === name).map((running) => running.measured);
    return { requestsPerRound, connections, herald: of('herald'), bare: of('bare'), bareOpensView: of('bareOpensView') };
  } finally {
    await Promise.all(started.map((app) => app.stop()));
    await fakes.close();
  }
}

async function runRound(app: RunningApp, slack: FakeSlack, amount: number, connections: number): Promise<Round> {
  const cpuBefore = await cpuTimeMs(app.pid);
  const benchBefore = process.cpuUsage();
  const load = await runSignedLoad({
    baseUrl: app.baseUrl,
    signingSecret: BENCH_SIGNING_SECRET,
    connections,
    amount,
    nextBody: commandBodies(slack),
  });
  const loadCpuMs = (await cpuTimeMs(app.pid)) - cpuBefore;
  const bench = process.cpuUsage(benchBefore);
  await quiet(slack);
  const cpuMs = (await cpuTimeMs(app.pid)) - cpuBefore;
  // The fake keeps every call and view; forget them so the benchmark's own memory stays flat.
  slack.reset();
  return {
    perSecond: load.perSecond,
    requests: load.requests,
    failures: load.failures,
    durationMs: load.durationMs,
    cpuMsPerRequest: cpuMs / Math.max(1, load.requests),
    appCpuPercent: (100 * loadCpuMs) / load.durationMs,
    benchCpuPercent: (100 * (bench.user + bench.system)) / 1000 / load.durationMs,
    rssBytes: await residentSetBytes(app.pid),
  };
}

/** Waits until the fake Slack has seen no call for a while: the app has finished the round's work. */
async function quiet(slack: FakeSlack, stillForMs = 750, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = slack.calls.length;
  let stillSince = Date.now();
  while (Date.now() - stillSince < stillForMs) {
    if (Date.now() > deadline) throw new Error('the app kept calling Slack long after the load ended');
    await sleep(100);
    if (slack.calls.length !== seen) {
      seen = slack.calls.length;
      stillSince = Date.now();
    }
  }
}
