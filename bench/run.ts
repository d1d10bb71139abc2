import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { formatTable, writeJson, type Row } from './report.js';
import {
  homeTabRow,
  historyRows,
  largeFormRows,
  memoryRows,
  openFormRows,
  startRows,
  submissionRows,
  throughputRow,
  throughputVsEmptyBareRow,
} from './rows.js';
import { measureHistoryRows } from './scenarios/history-rows.js';
import { measureLoadRounds } from './scenarios/load-rounds.js';
import { measureLargeForm } from './scenarios/large-form.js';
import { measureHomeTab } from './scenarios/home-tab.js';
import { measurePublicTextCheck, publicTextCheckRows } from './scenarios/public-text-check.js';
import { measureOpenFormLatency } from './scenarios/open-form-latency.js';
import { measureStartToReady } from './scenarios/start-to-ready.js';
import { measureSubmissionLatency } from './scenarios/submission-latency.js';
import { buildHeraldIfStale } from './support/build.js';
import { CPU_LAYOUT, heraldEntry, REPO_ROOT, startFlags } from './support/stack.js';

// `npm run bench`: builds Herald if src/ changed, runs every scenario against the project's fakes on
// loopback, prints the table and writes bench/results/latest.json. Exits 1 when a target is missed.
//   npm run bench -- --only load,submissions   just the scenarios whose names contain these words
//   BENCH_HERALD_ENTRY=<file>                  benchmark another build (a bundle, a patched copy)
//   BENCH_CPU_PROF_DIR=<dir>                   every Herald process writes a V8 CPU profile there
//   BENCH_NODE_ARGS="--flag …"                 extra Node/V8 flags for every Herald process
//   BENCH_NO_PIN=1                             do not pin the app and the benchmark to separate cores
//   --history <n>                              stored submissions for the history rows (default 1,000,000;
//                                              generated once, then cached: bench/history/generate.ts)

const RESULTS_FILE = join(REPO_ROOT, 'bench/results/latest.json');
const SUBMISSION_PROVIDER_LATENCY_MS = 200;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]?.split(',') : undefined;
const historySize = process.argv.includes('--history') ? Number(process.argv[process.argv.indexOf('--history') + 1]) : 1_000_000;
if (!Number.isInteger(historySize) || historySize < 1_000) {
  process.stderr.write('--history takes a whole number of stored submissions, at least 1000\n');
  process.exit(2);
}

const clockStart = performance.now();
const startedAt = new Date();
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  herald: [...startFlags(), process.env.BENCH_NODE_ARGS, heraldEntry()].filter(Boolean).join(' '),
  cpuLayout: CPU_LAYOUT ? `app pinned to CPU ${CPU_LAYOUT.app}, load generator and fakes to CPU ${CPU_LAYOUT.bench}` : 'not pinned',
  loadAverageAtStart: loadAverage(),
};
// Rows by section, printed in the order of issue 6's table whatever order the scenarios run in.
const sections = {
  openForm: [] as Row[],
  throughput: [] as Row[],
  submissions: [] as Row[],
  largeForm: [] as Row[],
  homeTab: [] as Row[],
  memory: [] as Row[],
  start: [] as Row[],
  history: [] as Row[],
};
const results: Record<string, unknown> = {};
/** The main thread's event-loop delay during the latency runs: what the wire keeps out of the figures. */
const benchLoopDelayP99Ms: Record<string, number> = {};

buildHeraldIfStale(REPO_ROOT, log);

await scenario('form opening', async () => {
  const quick = await withLoopDelay('openForm0ms', () => measureOpenFormLatency(0, 25, 100));
  const slow = await withLoopDelay('openForm2000ms', () => measureOpenFormLatency(2000, 25, 100));
  // `/status-update new`: the create form, which no more waits on a provider than the update form does.
  const newQuick = await withLoopDelay('openNewForm0ms', () => measureOpenFormLatency(0, 25, 100, 'new'));
  const newSlow = await withLoopDelay('openNewForm2000ms', () => measureOpenFormLatency(2000, 25, 100, 'new'));
  results.openForm = [quick, slow, newQuick, newSlow];
  sections.openForm.push(...openFormRows([quick, slow, newQuick, newSlow]));
});
await scenario('submissions', async () => {
  // 200 samples: with 50, the p99 is the single slowest submission, and one pause of the benchmark's own
  // event loop (which runs the fakes) decides the row.
  const oneByOne = await withLoopDelay('submissions1', () => measureSubmissionLatency(200, 1, SUBMISSION_PROVIDER_LATENCY_MS));
  const tenAtOnce = await withLoopDelay('submissions10', () => measureSubmissionLatency(50, 10, SUBMISSION_PROVIDER_LATENCY_MS));
  results.submissions = { oneByOne, tenAtOnce };
  sections.submissions.push(...submissionRows(oneByOne, tenAtOnce));
});
await scenario('public text check', async () => {
  const result = measurePublicTextCheck(2000);
  results.publicTextCheck = result;
  sections.submissions.push(...publicTextCheckRows(result));
});
await scenario('large form', async () => {
  const result = await withLoopDelay('largeForm', () => measureLargeForm(40));
  results.largeForm = result;
  sections.largeForm.push(...largeFormRows(result));
});
await scenario('home tab', async () => {
  // Built afresh every time (samples 2.1 s apart, within the lists' minute in the cache), then back to back.
  const afresh = await withLoopDelay('homeTabAfresh', () => measureHomeTab(30, 24, 2_100));
  const burst = await withLoopDelay('homeTabBurst', () => measureHomeTab(30, 200, 0));
  results.homeTab = { afresh, burst };
  sections.homeTab.push(homeTabRow(afresh), homeTabRow(burst));
});
await scenario('load rounds (throughput and memory)', async () => {
  const result = await measureLoadRounds(5, 10_000, 50);
  results.loadRounds = result;
  sections.throughput.push(throughputRow(result), throughputVsEmptyBareRow(result));
  sections.memory.push(...memoryRows(result));
});
await scenario('start to ready', async () => {
  const result = await measureStartToReady(5);
  results.startToReady = result;
  sections.start.push(...startRows(result));
});

for (const engine of ['sqlite', 'postgres'] as const) {
  await scenario(`history on ${engine}`, async () => {
    const result = await measureHistoryRows(engine, historySize, log);
    results[`history_${engine}`] = result;
    sections.history.push(...historyRows(result));
  });
}

const rows = Object.values(sections).flat();
const judged = rows.filter((row) => row.met !== null);
const durationSeconds = (performance.now() - clockStart) / 1000;
process.stdout.write(`
Herald benchmark, ${startedAt.toISOString()}
Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; ${machine.cpuLayout}.
Load average at start ${machine.loadAverageAtStart}, at end ${loadAverage()}: other processes' work makes every figure worse.
Latencies run from the moment the signed request leaves (so they include the HTTP hop) to the moment
the call it causes arrives: views.open, views.update or chat.postMessage for Slack, the POST for
PagerDuty. Both moments are noted by the benchmark's wire, a thread that sends the requests and
proxies the app's calls to the fakes and does nothing else, so the fakes' own work, run on the
benchmark's main thread, does not add to them (that thread's event-loop delay meanwhile, p99:
${Object.entries(benchLoopDelayP99Ms)
  .map(([name, value]) => `${name} ${value.toFixed(0)} ms`)
  .join(', ')}).
Throughput and memory: Herald (node ${machine.herald}) and a bare Bolt app whose handler calls
views.open once (bench/bare-bolt-app.mjs; for context also one with an empty handler), each a child
process, under the same autocannon load of signed commands;
RSS is VmRSS from /proc/<pid>/status once the app has gone quiet.
History rows: Herald on a database holding ${historySize.toLocaleString('en-US')} stored submissions (bench/history/generate.ts)
beside the same rows on an empty one, each with the commands' channel linked and 50 reminders due.

${formatTable(rows)}

${judged.filter((row) => row.met).length} of ${judged.length} targets met. Ran in ${durationSeconds.toFixed(0)} s. Figures: ${RESULTS_FILE}
`);
await writeJson(RESULTS_FILE, {
  startedAt: startedAt.toISOString(),
  durationSeconds,
  machine: { ...machine, loadAverageAtEnd: loadAverage() },
  benchLoopDelayP99Ms,
  rows,
  results,
});
process.exit(judged.every((row) => row.met) ? 0 : 1);

async function scenario(name: string, run: () => Promise<void>): Promise<void> {
  if (only !== undefined && !only.some((word) => name.includes(word))) return;
  log(name);
  try {
    await run();
  } catch (error) {
    log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    sections.start.push({ what: name, target: 'runs', measured: `failed: ${reason}`, met: false });
  }
}

async function withLoopDelay<T>(name: string, run: () => Promise<T>): Promise<T> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    return await run();
  } finally {
    histogram.disable();
    benchLoopDelayP99Ms[name] = histogram.percentile(99) / 1e6;
  }
}

function log(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - clockStart) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
