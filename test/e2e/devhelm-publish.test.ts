import { FAKE_CHANNEL, type StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import type { Pick } from '../support/slack-payloads.js';
import { choosePost, currentView, openUpdateForm } from '../support/update-form-driver.js';
import { submitPublishingAnyway } from '../support/public-text-driver.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS, impactBlockId } from '../../src/slack/update-form/blocks/update-form-ids.js';

// DevHelm end to end: /status-update, the form DevHelm can fill (its statuses, no severity, each
// component at its current status), the published update, the echo; and DevHelm's errors.

const TYPED = '*Cause found*: a bad deploy of <https://acme.test/deploys/42|build 42>.\n\n• rolling back\n• watching errors';

describe('/status-update publishes to DevHelm', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ devhelm: true, pagerdutyConfigured: false, tuning: { timeoutMs: 500, retries: 1, backoffMs: 5 } });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.devhelm!.clearFaults());

  async function openIncidentForm(): Promise<StoredView> {
    const view = await openUpdateForm(h);
    return choosePost(h, view, `incident:${h.devhelm!.seed!.incidentId}`);
  }

  async function publish(view: StoredView, picks: Record<string, Pick>): Promise<StoredView> {
    const since = h.slack.calls.length;
    // These updates step the status back and forth: "Publish anyway", as the check before publishing is not the point here.
    const ack = await submitPublishingAnyway(h, view, picks);
    expect(ack.response_action).toBe('update');
    await h.slack.waitFor(
      (call) =>
        call.method === 'views.update' &&
        call.args.view_id === view.id &&
        (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
      { since, timeoutMs: 8000 },
    );
    await h.herald.publisher.idle();
    return currentView(h, view.id);
  }

  const sentUpdates = () => h.devhelm!.calls.filter((call) => call.operationId === 'postIncidentUpdate');

  it('shows what DevHelm can take: its statuses, no severity, each component at its current status', async () => {
    const seed = h.devhelm!.seed!;
    const view = await openIncidentForm();
    const blocks = JSON.stringify(view.blocks);
    expect(blocks).toContain('Acme Cloud · DevHelm');
    expect(view.blocks.some((block) => block.block_id === FORM_BLOCKS.severity)).toBe(false);
    const dashboard = view.blocks.find((block) => block.block_id === impactBlockId(seed.componentIds.dashboard)) as {
      element: { initial_option: { value: string }; options: { value: string }[] };
      hint: { text: string };
    };
    expect(dashboard.element.initial_option.value).toBe('DEGRADED_PERFORMANCE');
    expect(dashboard.element.options.map((option) => option.value)).not.toContain('none');
    expect(dashboard.hint.text).toBe('Now: Degraded performance');
    expect(blocks).not.toContain('Core platform');
    expect(h.devhelm!.violations).toEqual([]);
  });

  it('publishes markdown with null components when none changed, and echoes the update', async () => {
    const seed = h.devhelm!.seed!;
    const before = h.devhelm!.state.incidents.get(seed.incidentId)!.updates.length;
    const since = h.slack.calls.length;
    const result = await publish(await openIncidentForm(), {
      [FORM_BLOCKS.status]: 'IDENTIFIED',
      [FORM_BLOCKS.message]: TYPED,
    });

    expect((result.title as { text: string }).text).not.toBe('Not published');
    expect(sentUpdates().at(-1)!.body).toEqual({
      status: 'IDENTIFIED',
      body: '**Cause found**: a bad deploy of [build 42](https://acme.test/deploys/42).\n\n- rolling back\n- watching errors',
      notifySubscribers: true,
      affectedComponents: null,
    });
    const incident = h.devhelm!.state.incidents.get(seed.incidentId)!;
    expect(incident.updates).toHaveLength(before + 1);
    expect(incident.affectedComponents).toEqual([{ componentId: seed.componentIds.dashboard, status: 'DEGRADED_PERFORMANCE' }]);
    const echo = await h.slack.waitFor('chat.postMessage', { since });
    expect(echo.args.channel).toBe(FAKE_CHANNEL.id);
    expect(JSON.stringify(echo.args.blocks)).toContain('Cause found');
    // DevHelm keeps a component's status until an update changes it: the echo shows the page's, as set.
    expect(JSON.stringify(echo.args.blocks)).toContain('Dashboard: Degraded performance');
    expect(JSON.stringify(echo.args.blocks)).not.toContain('No services marked as impacted');
    expect(h.devhelm!.violations).toEqual([]);
    expect(h.slack.violations).toEqual([]);
  });

  it("sends only the user's component change, keeping the incident's other components", async () => {
    const seed = h.devhelm!.seed!;
    const since = h.slack.calls.length;
    await publish(await openIncidentForm(), {
      [FORM_BLOCKS.status]: 'MONITORING',
      [FORM_BLOCKS.message]: 'A fix is out; watching.',
      [impactBlockId(seed.componentIds.api)]: 'PARTIAL_OUTAGE',
      [FORM_BLOCKS.notify]: [],
    });

    expect(sentUpdates().at(-1)!.body).toEqual({
      status: 'MONITORING',
      body: 'A fix is out; watching.',
      notifySubscribers: false,
      affectedComponents: [
        { componentId: seed.componentIds.dashboard, status: 'DEGRADED_PERFORMANCE' },
        { componentId: seed.componentIds.api, status: 'PARTIAL_OUTAGE' },
      ],
    });
    expect(h.devhelm!.state.components.find((c) => c.id === seed.componentIds.api)!.currentStatus).toBe('PARTIAL_OUTAGE');
    const echo = await h.slack.waitFor('chat.postMessage', { since });
    expect(JSON.stringify(echo.args.blocks)).toContain('API: Partial outage');
    expect(JSON.stringify(echo.args.blocks)).not.toContain('Dashboard: ');
    expect(h.devhelm!.violations).toEqual([]);
  });

  it("shows DevHelm's own message with its request id, and keeps the request id in the logs", async () => {
    const seed = h.devhelm!.seed!;
    const before = h.devhelm!.state.incidents.get(seed.incidentId)!.updates.length;
    h.devhelm!.inject({
      route: 'postUpdate',
      fault: {
        status: 403,
        body: {
          status: 403,
          code: 'FORBIDDEN',
          message: 'Your API key cannot post to this status page',
          timestamp: 1737302400000,
          requestId: 'req-7f3a',
        },
      },
    });
    const result = await publish(await openIncidentForm(), { [FORM_BLOCKS.status]: 'IDENTIFIED', [FORM_BLOCKS.message]: 'Still on it.' });

    expect((result.title as { text: string }).text).toBe('Not published');
    const text = JSON.stringify(result.blocks);
    expect(text).toContain('Your API key cannot post to this status page');
    expect(text).toContain('req-7f3a');
    expect(h.devhelm!.state.incidents.get(seed.incidentId)!.updates).toHaveLength(before);
    expect(h.logs.some((line) => line.includes('req-7f3a'))).toBe(true);
    expect(h.logs.join('\n')).not.toContain(h.devhelm!.token);
  });

  it('a timeout after DevHelm stored the update: reads the incident instead of sending twice', async () => {
    const seed = h.devhelm!.seed!;
    const before = h.devhelm!.state.incidents.get(seed.incidentId)!.updates.length;
    h.devhelm!.inject({ route: 'postUpdate', fault: { type: 'timeout' } });
    const result = await publish(await openIncidentForm(), { [FORM_BLOCKS.status]: 'IDENTIFIED', [FORM_BLOCKS.message]: 'Timeout test.' });

    expect((result.title as { text: string }).text).not.toBe('Not published');
    expect(h.devhelm!.state.incidents.get(seed.incidentId)!.updates).toHaveLength(before + 1);
    expect(h.devhelm!.calls.some((call) => call.operationId === 'getIncident')).toBe(true);
    expect(h.devhelm!.violations).toEqual([]);
  });
});
