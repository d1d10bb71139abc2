import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSignedLoad } from './support/signed-load.js';
import { residentSetBytes } from './support/processes.js';
import { commandBodies } from './support/command-bodies.js';
import { BENCH_SIGNING_SECRET, startFakes, startHerald } from './support/stack.js';

// Where Herald's CPU goes per /status-update: runs the load scenario's commands against one Herald
// started with --cpu-prof, then prints self time by package and by function. For finding what to cut;
// not part of `npm run bench`.
//   npx tsx bench/profile-commands.ts [commands=5000] [connections=50]

const commands = Number(process.argv[2] ?? 5_000);
const connections = Number(process.argv[3] ?? 50);
const dir = await mkdtemp(join(tmpdir(), 'herald-profile-'));
process.env.BENCH_CPU_PROF_DIR = dir;

const fakes = await startFakes();
const herald = await startHerald(fakes);
try {
  const load = await runSignedLoad({
    baseUrl: herald.baseUrl,
    signingSecret: BENCH_SIGNING_SECRET,
    connections,
    amount: commands,
    nextBody: commandBodies(fakes.slack),
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const methods = new Map<string, number>();
  for (const call of fakes.slack.calls) methods.set(call.method, (methods.get(call.method) ?? 0) + 1);
  const opened = fakes.slack.calls.findLast((call) => call.method === 'views.open');
  if (opened)
    process.stdout.write(
      `views.open: view ${JSON.stringify(opened.args.view).length} characters, answer ${JSON.stringify(opened.response).length}\n`,
    );
  const calls = [...methods].map(([method, count]) => `${method} ${count}`).join(', ');
  process.stdout.write(`${load.requests} commands, ${load.perSecond.toFixed(0)}/s, ${load.failures} failed; Slack calls: ${calls}\n`);
  // Where the memory is: Herald's own process metrics (heap spaces, external) next to its RSS.
  process.stdout.write(`RSS ${((await residentSetBytes(herald.pid)) / 2 ** 20).toFixed(0)} MB\n`);
  const metrics = await (await fetch(`${herald.baseUrl}/metrics`)).text();
  const memory = metrics
    .split('\n')
    .filter((line) =>
      /^herald_(process_resident_memory_bytes|nodejs_heap_space_size_total_bytes|nodejs_heap_space_size_used_bytes|nodejs_external_memory_bytes|nodejs_heap_size_total_bytes)/.test(
        line,
      ),
    );
  process.stdout.write(
    `${memory.map((line) => line.replace(/ (\d+)$/, (_, bytes: string) => ` ${(Number(bytes) / 2 ** 20).toFixed(1)} MB`)).join('\n')}\n`,
  );
} finally {
  await herald.stop();
  await fakes.close();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  const frame = byId.get(id)!.callFrame;
  total += micros;
  const where = packageOf(frame.url);
  byPackage.set(where, (byPackage.get(where) ?? 0) + micros);
  const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/')}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
});
// Inclusive time: each sample counts once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  const onStack = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!.callFrame;
    if (!frame.url.includes('/dist/') && !frame.url.includes('/src/')) continue;
    onStack.add(`${frame.functionName || '(anonymous)'} ${frame.url.replace(/^file:\/\/.*\/(dist|src)\//, '$1/')}:${frame.lineNumber + 1}`);
  }
  for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
});
const top = (map: Map<string, number>, count: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000 / commands).toFixed(3)} ms/cmd  ${name}`,
    )
    .join('\n');
process.stdout.write(
  `\nprofile ${join(dir, file)}: ${(total / 1000).toFixed(0)} ms sampled\n\nby package:\n${top(byPackage, 20)}\n\nby function:\n${top(byFunction, 40)}\n\nHerald's functions, inclusive:\n${top(inclusive, 40)}\n`,
);

function packageOf(url: string): string {
  if (url === '') return '(native / GC / idle)';
  if (url.startsWith('node:')) return url;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  return url.includes('/dist/') || url.includes('/src/') ? 'herald' : url;
}
