import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { createApp, type Herald } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { createConfiguredProviders } from '../../src/providers/configured-providers.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/stores.js';
import type { StoredView } from '../fakes/fake-slack.js';
import { SIGNING_SECRET, startHarness, type Harness } from '../support/herald-harness.js';
import { createSlackRequester } from '../support/slack-client.js';
import { choosePost, openUpdateForm, submitForm, waitForBlock } from '../support/update-form-driver.js';

// Two Herald replicas on one PostgreSQL database, one Statuspage token between them. Statuspage allows one request
// per second per token (over a rolling minute; beyond it, 420 and a lock-out): the limit is the token's, whichever
// replica sends. Twenty submissions, spread over both at once: the fake must see at least a second between any
// two requests, no 420 or 429, and all twenty published once.

const BURST = 20;

describe('a burst to one Statuspage token across two replicas', () => {
  let h: Harness;
  let secondStores: Stores;
  let second: Herald;
  let secondPort: number;

  beforeAll(async () => {
    h = await startHarness({
      engine: 'postgres',
      statuspage: true,
      pagerdutyConfigured: false,
      tuning: { timeoutMs: 3000, retries: 2 },
      maxUpdatesPerMinute: 0,
    });
    // The second replica: its own stores, catalog and app, on the same database and the same fakes.
    const config = loadConfig(h.env);
    secondStores = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    second = createApp({
      config,
      stores: secondStores,
      catalog: new ProviderCatalog(createConfiguredProviders(config, { timeoutMs: 3000, retries: 2 }, secondStores.requestTurns)),
      logger: createLogger('silent', new Writable({ write: (_chunk, _encoding, done) => done() })),
      slackRetries: false,
      reminders: false,
    });
    secondPort = (await second.start()).port;
  }, 30_000);
  afterAll(async () => {
    await second?.stop();
    await secondStores?.close();
    await h?.close();
  });

  it('keeps a second between any two requests, and publishes all twenty once', async () => {
    const seed = h.statuspage!.seed!;
    const incident = h.statuspage!.state.incidents.get(seed.incidentId)!;
    const before = incident.updates.length;
    const views: StoredView[] = [];
    for (let i = 0; i < BURST; i += 1) {
      const opened = await openUpdateForm(h);
      views.push(await choosePost(h, await waitForBlock(h, opened.id, FORM_BLOCKS.post), `incident:${seed.incidentId}`));
    }
    const burstStart = h.statuspage!.calls.length;
    const arrivalsBefore = h.statuspage!.arrivals.length;
    const secondReplica = {
      ...h,
      requester: createSlackRequester({ baseUrl: `http://127.0.0.1:${secondPort}`, signingSecret: SIGNING_SECRET, issuer: h.slack }),
    };

    const acks = await Promise.all(
      views.map((view, i) =>
        submitForm(i % 2 === 0 ? h : secondReplica, view, {
          [FORM_BLOCKS.status]: 'identified',
          [FORM_BLOCKS.message]: `Replica burst ${i + 1} of ${BURST}`,
        }),
      ),
    );
    expect(acks.every((ack) => ack.response_action === 'update')).toBe(true);

    const deadline = Date.now() + 90_000;
    while (incident.updates.length < before + BURST && Date.now() < deadline) await sleep(250);
    await Promise.all([h.herald.publisher.idle(), second.publisher.idle()]);

    const bodies = incident.updates.slice(before).map((update) => update.body);
    for (let i = 0; i < BURST; i += 1) expect(bodies.filter((body) => body === `Replica burst ${i + 1} of ${BURST}`)).toHaveLength(1);
    const arrivals = h.statuspage!.arrivals.slice(arrivalsBefore);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    console.log(`two replicas, one Statuspage token: ${BURST} updates, ${arrivals.length} requests, smallest gap ${Math.min(...gaps)} ms`);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
    expect(h.statuspage!.rateLimited).toBe(0);
    const burstCalls = h.statuspage!.calls.slice(burstStart);
    const patches = burstCalls.filter((call) => call.operationId === 'patchPagesPageIdIncidentsIncidentId');
    expect(patches).toHaveLength(BURST);
    // The rest are the echoes reading the page's components after publishing (docs/echo.md): reads only, at
    // most one per update (concurrent reads of one page are shared).
    expect(burstCalls.filter((call) => !patches.includes(call)).every((call) => call.method === 'GET')).toBe(true);
    expect(burstCalls.length).toBeLessThanOrEqual(2 * BURST);
    expect(h.statuspage!.violations).toEqual([]);
  }, 150_000);
});
