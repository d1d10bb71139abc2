import { jest } from '@jest/globals';
import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import type { Pick } from '../support/slack-payloads.js';
import { choosePost, currentView, openUpdateForm, waitForBlock } from '../support/update-form-driver.js';
import { submitPublishingAnyway } from '../support/public-text-driver.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS, impactBlockId } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Statuspage end to end, at its real rate limit (one request per second per token, enforced by the
// fake): the form with Statuspage's statuses (maintenance has its own), the PATCH that publishes,
// the echo; and Statuspage's errors, 420 included.

jest.setTimeout(60_000);

describe('/status-update publishes to Statuspage', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ statuspage: true, pagerdutyConfigured: false, tuning: { timeoutMs: 1500, retries: 2, maxRetryWaitMs: 3000 } });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.statuspage!.clearFaults());

  async function openPostForm(kind: 'incident' | 'maintenance', postId: string): Promise<StoredView> {
    const view = await openUpdateForm(h);
    return choosePost(h, await waitForBlock(h, view.id, FORM_BLOCKS.post), `${kind}:${postId}`);
  }

  async function publish(view: StoredView, picks: Record<string, Pick>): Promise<StoredView> {
    const since = h.slack.calls.length;
    expect((await submitPublishingAnyway(h, view, picks)).response_action).toBe('update');
    await h.slack.waitFor(
      (call) =>
        call.method === 'views.update' &&
        call.args.view_id === view.id &&
        (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
      { since, timeoutMs: 15_000 },
    );
    await h.herald.publisher.idle();
    return currentView(h, view.id);
  }

  const patches = () => h.statuspage!.calls.filter((call) => call.operationId === 'patchPagesPageIdIncidentsIncidentId');

  function expectSpacedRequests(): void {
    const { arrivals } = h.statuspage!;
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(975);
    expect(h.statuspage!.rateLimited).toBe(0);
  }

  it("publishes the user's component change as the components map, keeping the incident's affected list", async () => {
    const seed = h.statuspage!.seed!;
    const view = await openPostForm('incident', seed.incidentId);
    const status = view.blocks.find((block) => block.block_id === FORM_BLOCKS.status) as { element: { options: { value: string }[] } };
    expect(status.element.options.map((option) => option.value)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(view.blocks.some((block) => block.block_id === FORM_BLOCKS.severity)).toBe(false);

    const since = h.slack.calls.length;
    const result = await publish(view, {
      [FORM_BLOCKS.status]: 'identified',
      [FORM_BLOCKS.message]: '*Found it*: the login service ran out of connections. Details: <https://acme.test/pm|post-mortem>',
      [impactBlockId(seed.componentIds.api)]: 'major_outage',
    });

    expect((result.title as { text: string }).text).not.toBe('Not published');
    expect(patches().at(-1)!.body).toEqual({
      incident: {
        status: 'identified',
        body: 'Found it: the login service ran out of connections. Details: post-mortem (https://acme.test/pm)',
        components: { [seed.componentIds.api]: 'major_outage' },
        component_ids: [seed.componentIds.dashboard, seed.componentIds.api],
        deliver_notifications: true,
      },
    });
    expect(h.statuspage!.state.components.find((c) => c.id === seed.componentIds.dashboard)!.status).toBe('partial_outage');
    const echo = await h.slack.waitFor('chat.postMessage', { since });
    expect(JSON.stringify(echo.args.blocks)).toContain('API: Major outage');
    expect(h.statuspage!.violations).toEqual([]);
    expectSpacedRequests();
  });

  it('sends no components at all when the user changed none', async () => {
    const seed = h.statuspage!.seed!;
    await publish(await openPostForm('incident', seed.incidentId), {
      [FORM_BLOCKS.status]: 'monitoring',
      [FORM_BLOCKS.message]: 'Watching the fix.',
      [FORM_BLOCKS.notify]: [],
    });
    expect(patches().at(-1)!.body).toEqual({ incident: { status: 'monitoring', body: 'Watching the fix.', deliver_notifications: false } });
    expectSpacedRequests();
  });

  it('offers maintenance its own statuses and publishes one', async () => {
    const seed = h.statuspage!.seed!;
    const view = await openPostForm('maintenance', seed.maintenanceId);
    const status = view.blocks.find((block) => block.block_id === FORM_BLOCKS.status) as { element: { options: { value: string }[] } };
    expect(status.element.options.map((option) => option.value)).toEqual(['scheduled', 'in_progress', 'verifying', 'completed']);
    await publish(view, { [FORM_BLOCKS.status]: 'verifying', [FORM_BLOCKS.message]: 'Work done, verifying.' });
    expect(h.statuspage!.state.incidents.get(seed.maintenanceId)!.status).toBe('verifying');
    expect(h.statuspage!.violations).toEqual([]);
  });

  it("shows Statuspage's own words when it refuses, and publishes nothing", async () => {
    const seed = h.statuspage!.seed!;
    const before = h.statuspage!.state.incidents.get(seed.incidentId)!.updates.length;
    h.statuspage!.inject({
      route: 'patchIncident',
      fault: { status: 422, body: { message: 'Incident is locked by a post-mortem review' } },
    });
    const result = await publish(await openPostForm('incident', seed.incidentId), {
      [FORM_BLOCKS.status]: 'identified',
      [FORM_BLOCKS.message]: 'Should not land.',
    });
    expect((result.title as { text: string }).text).toBe('Not published');
    expect(JSON.stringify(result.blocks)).toContain('Incident is locked by a post-mortem review');
    expect(h.statuspage!.state.incidents.get(seed.incidentId)!.updates).toHaveLength(before);
  });

  it('a 420 (rate limited) is waited out as Retry-After says and the update still lands', async () => {
    const seed = h.statuspage!.seed!;
    const before = h.statuspage!.state.incidents.get(seed.incidentId)!.updates.length;
    h.statuspage!.inject({
      route: 'patchIncident',
      fault: { status: 420, body: { message: 'Enhance your calm' }, headers: { 'retry-after': '1' } },
    });
    const result = await publish(await openPostForm('incident', seed.incidentId), {
      [FORM_BLOCKS.status]: 'identified',
      [FORM_BLOCKS.message]: 'After the rate limit.',
    });
    expect((result.title as { text: string }).text).not.toBe('Not published');
    expect(h.statuspage!.state.incidents.get(seed.incidentId)!.updates).toHaveLength(before + 1);
    expectSpacedRequests();
  });
});
