import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { freePort, spawnApp } from './support/processes.js';
import { runSignedLoad } from './support/signed-load.js';
import { BENCH_SIGNING_SECRET, commandBody, startFakes, REPO_ROOT } from './support/stack.js';
const fakes = await startFakes();
const port = await freePort();
const app = await spawnApp({ args: ['--heap-prof', '--heap-prof-dir=/tmp/herald-heap', join(REPO_ROOT, 'dist/main.js')], port, cpus: '1', env: {
  SLACK_BOT_TOKEN: fakes.slack.botToken, SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET, SLACK_API_URL: fakes.slack.apiUrl, PORT: String(port),
  PAGERDUTY_API_TOKEN: fakes.pagerduty.token, PAGERDUTY_API_URL: fakes.pagerduty.url, DATA_DIR: await mkdtemp(join(tmpdir(), 'hb-')), LOG_LEVEL: 'warn' } });
const load = await runSignedLoad({ baseUrl: app.baseUrl, signingSecret: BENCH_SIGNING_SECRET, connections: 50, durationSeconds: 5, nextBody: () => commandBody(fakes.slack) });
console.log(load.perSecond);
await app.stop();
console.log(app.output().slice(-2000));
await fakes.close();
