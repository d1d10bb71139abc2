import { runSignedLoad } from './support/signed-load.js';
import { BENCH_SIGNING_SECRET, commandBody, startFakes, startHerald, startBareBolt } from './support/stack.js';
import { summarise } from './support/stats.js';
const fakes = await startFakes();
for (const c of [50]) { for (const start of [startHerald]) {
const app = await start(fakes);
const sent = new Map<string, number>();
const load = await runSignedLoad({ baseUrl: app.baseUrl, signingSecret: BENCH_SIGNING_SECRET, connections: c, durationSeconds: 3, nextBody: () => { const t = fakes.slack.newTriggerId(); sent.set(t, Date.now()); return commandBody(fakes.slack, t); } });
await new Promise(r => setTimeout(r, 1000));
const opens = fakes.slack.callsOf('views.open').map(x => x.at - sent.get(String(x.args.trigger_id))!);
console.log(start.name, "conns", c, 'rps', load.perSecond.toFixed(0), 'ack', load.latency, 'open', summarise(opens));
fakes.slack.reset();
await app.stop(); }
}
await fakes.close();
