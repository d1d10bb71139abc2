import { cpuTimeMs } from './support/processes.js';
import { runSignedLoad } from './support/signed-load.js';
import { BENCH_SIGNING_SECRET, commandBody, startFakes, startHerald, startBareBolt } from './support/stack.js';
const fakes = await startFakes();
for (const start of [startBareBolt, startHerald]) {
  const app = await start(fakes);
  const a0 = await cpuTimeMs(app.pid); const b0 = process.cpuUsage(); const t0 = Date.now();
  const load = await runSignedLoad({ baseUrl: app.baseUrl, signingSecret: BENCH_SIGNING_SECRET, connections: 50, durationSeconds: 5, nextBody: () => commandBody(fakes.slack) });
  const a1 = await cpuTimeMs(app.pid); const b1 = process.cpuUsage(b0); const t1 = Date.now();
  console.log(start.name, load.perSecond, load.failures, 'app cpu%', ((a1-a0)/(t1-t0)*100).toFixed(0), 'bench cpu%', (((b1.user+b1.system)/1000)/(t1-t0)*100).toFixed(0));
  await app.stop();
}
await fakes.close();
