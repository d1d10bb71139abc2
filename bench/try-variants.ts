import { join } from 'node:path';
import { cpuTimeMs, freePort, spawnApp } from './support/processes.js';
import { runSignedLoad } from './support/signed-load.js';
import { BENCH_SIGNING_SECRET, commandBody, startFakes, startHerald, REPO_ROOT } from './support/stack.js';
const fakes = await startFakes();
for (const calls of [1]) {
  let app;
  if (calls === 'herald') app = await startHerald(fakes); else {
  const port = await freePort();
  app = await spawnApp({ args: ['--cpu-prof', '--cpu-prof-dir=/tmp/var-prof', join(REPO_ROOT, 'bench/try-variant.mjs')], port, cpus: '1', env: { SLACK_BOT_TOKEN: fakes.slack.botToken, SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET, SLACK_API_URL: fakes.slack.apiUrl, PORT: String(port), VARIANT_CALLS: String(calls) } }); }
  const c0 = await cpuTimeMs(app.pid);
  const load = await runSignedLoad({ baseUrl: app.baseUrl, signingSecret: BENCH_SIGNING_SECRET, connections: 50, durationSeconds: 5, nextBody: () => commandBody(fakes.slack) });
  await new Promise(r => setTimeout(r, 1500));
  const c1 = await cpuTimeMs(app.pid);
  console.log('calls', calls, 'rps', load.perSecond.toFixed(0), 'cpu ms/command', ((c1 - c0) / load.requests).toFixed(2));
  await app.stop(); fakes.slack.reset();
}
await fakes.close();
