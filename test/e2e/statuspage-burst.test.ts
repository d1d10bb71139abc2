import { jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { choosePost, openUpdateForm, submitForm, waitForBlock } from '../support/update-form-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Twenty responders submit to the same Statuspage page at once. Statuspage allows one request per
// second per token and answers 420 beyond it; the fake enforces exactly that. Herald must queue the
// twenty on its side, so that no request comes sooner than a second after the previous one, and all
// twenty are published.

jest.setTimeout(120_000);

const BURST = 20;

describe('a burst of submissions to one Statuspage token', () => {
  let h: Harness;
  beforeAll(async () => {
    // One test user plays all twenty responders, so the per-person limit (6 a minute) is switched off here.
    h = await startHarness({
      statuspage: true,
      pagerdutyConfigured: false,
      tuning: { timeoutMs: 3000, retries: 2 },
      maxUpdatesPerMinute: 0,
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('never sends more than one request per second, and publishes all twenty', async () => {
    const seed = h.statuspage!.seed!;
    const incident = h.statuspage!.state.incidents.get(seed.incidentId)!;
    const before = incident.updates.length;

    // Twenty open forms (each its own modal), filled from the cache after the first.
    const views: StoredView[] = [];
    for (let i = 0; i < BURST; i += 1) {
      const opened = await openUpdateForm(h);
      views.push(await choosePost(h, await waitForBlock(h, opened.id, FORM_BLOCKS.post), `incident:${seed.incidentId}`));
    }
    const burstStart = h.statuspage!.calls.length;

    const acks = await Promise.all(
      views.map((view, i) =>
        submitForm(h, view, { [FORM_BLOCKS.status]: 'identified', [FORM_BLOCKS.message]: `Burst update ${i + 1} of ${BURST}` }),
      ),
    );
    expect(acks.every((ack) => ack.response_action === 'update')).toBe(true);

    const deadline = Date.now() + 60_000;
    while (incident.updates.length < before + BURST && Date.now() < deadline) await sleep(250);
    await h.herald.publisher.idle();

    expect(incident.updates.length - before).toBe(BURST);
    const published = new Set(incident.updates.slice(before).map((update) => update.body));
    for (let i = 0; i < BURST; i += 1) expect(published).toContain(`Burst update ${i + 1} of ${BURST}`);

    const { arrivals } = h.statuspage!;
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
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
  });
});
