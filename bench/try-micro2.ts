import { Agent, request } from 'node:http';
import { WebClient } from '@slack/web-api';
import { startFakeSlack } from '../test/fakes/fake-slack.js';
import { buildUpdateForm } from '../src/slack/blocks/update-form.js';
import { newFormMetadata } from '../src/slack/form-metadata.js';
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
async function leanFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(String(input), { method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(new Response(Buffer.concat(chunks).toString('utf8'), { status: res.statusCode ?? 0, headers: res.headers as Record<string, string> })));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init?.body as string | undefined);
  });
}
const slack = await startFakeSlack();
const state = { metadata: newFormMetadata({ channelId: 'C0INCIDENT1', teamId: 'T', responseUrl: null }), pages: { status: 'loading' as const }, posts: null, options: null, initial: null, notice: null };
for (const [name, f] of [['global fetch', undefined], ['lean http', leanFetch]] as const) {
  const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, ...(f ? { fetch: f as typeof fetch } : {}) });
  for (let k = 0; k < 2; k++) {
  let t = performance.now(); let c0 = process.cpuUsage();
  for (let i = 0; i < 1000; i++) await client.auth.test();
  let c = process.cpuUsage(c0); console.log(name, 'auth.test wall', ((performance.now()-t)/1000).toFixed(3), 'cpu', ((c.user+c.system)/1000/1000).toFixed(3));
  t = performance.now(); c0 = process.cpuUsage();
  for (let i = 0; i < 500; i++) await client.views.open({ trigger_id: slack.newTriggerId(), view: buildUpdateForm(state) });
  c = process.cpuUsage(c0); console.log(name, 'views.open wall', ((performance.now()-t)/500).toFixed(3), 'cpu', ((c.user+c.system)/1000/500).toFixed(3));
  }
}
await slack.close();
