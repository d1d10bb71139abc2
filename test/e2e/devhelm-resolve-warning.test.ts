import { createLogger } from '../../src/observability/logger.js';
import type { ListenerDeps } from '../../src/slack/listeners/listener-deps.js';
import { handleStatusSelected } from '../../src/slack/listeners/actions/status-selected.js';
import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { actionFromView, blockActionsPayload, valuesFromView, type Pick } from '../support/slack-payloads.js';
import { choosePost, currentView, openUpdateForm, submitForm } from '../support/update-form-driver.js';
import { findingsText, submitPublishingAnyway } from '../support/public-text-driver.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import {
  FORM_BLOCKS,
  RESET_COMPONENTS_BLOCK_ID,
  RESOLVE_WARNING_BLOCK_ID,
  STATUS_SELECT_ACTION,
} from '../../src/slack/update-form/blocks/update-form-ids.js';

// Resolving a DevHelm incident while the Dashboard is still degraded: picking "Resolved" brings a
// warning and "Set every affected component back to operational", ticked; publishing then sends the
// Dashboard as operational. Unticked, the Dashboard is left as it is.
// The two action listeners are driven here directly, with the real app's Slack client, catalog and store.

describe('resolving while components are still degraded', () => {
  let h: Harness;
  let deps: ListenerDeps;
  beforeEach(async () => {
    h = await startHarness({ devhelm: true, pagerdutyConfigured: false, tuning: { timeoutMs: 5000, retries: 0 } });
    deps = { stores: h.stores, catalog: h.catalog, publisher: h.herald.publisher, logger: createLogger('silent'), clock: () => new Date() };
  });
  afterEach(async () => {
    await h.close();
  });

  /** What Slack sends when the user acts on `blockId` with the form filled in as `picks` say. */
  function actionBody(view: StoredView, blockId: string, actionId: string, pick: Pick, picks: Record<string, Pick>) {
    return blockActionsPayload({ view, action: actionFromView(view, blockId, pick, actionId), values: valuesFromView(view, picks) });
  }

  async function act(handler: (args: never) => Promise<void>, body: Record<string, unknown>): Promise<void> {
    let acked = false;
    const ack = async () => {
      acked = true;
    };
    await handler({ ack, body, action: (body.actions as unknown[])[0], client: h.botClient, logger: deps.logger } as never);
    expect(acked).toBe(true);
  }

  /** Opens the form on the seeded incident and picks "Resolved", as the user would. */
  async function resolvingForm(typed: Record<string, Pick>): Promise<StoredView> {
    const seed = h.devhelm!.seed!;
    const view = await choosePost(h, await openUpdateForm(h), `incident:${seed.incidentId}`);
    await act(handleStatusSelected(deps), actionBody(view, FORM_BLOCKS.status, STATUS_SELECT_ACTION, 'RESOLVED', typed));
    return currentView(h, view.id);
  }

  /** Submits the form ("Publish anyway" over the check's findings when `anyway`) and returns the body of the update DevHelm received. */
  async function publish(view: StoredView, typed: Record<string, Pick>, anyway = false): Promise<unknown> {
    const since = h.slack.calls.length;
    expect((await (anyway ? submitPublishingAnyway(h, view, typed) : submitForm(h, view, typed))).response_action).toBe('update');
    await h.slack.waitFor(
      (call) =>
        call.method === 'views.update' &&
        call.args.view_id === view.id &&
        (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
      { since },
    );
    await h.herald.publisher.idle();
    return h.devhelm!.calls.filter((call) => call.operationId === 'postIncidentUpdate').at(-1)!.body;
  }

  it('warns, and by default publishes every affected component as operational', async () => {
    const seed = h.devhelm!.seed!;
    const typed = { [FORM_BLOCKS.status]: 'RESOLVED', [FORM_BLOCKS.message]: 'All fixed.' };
    let view = await resolvingForm(typed);
    const warning = view.blocks.find((block) => block.block_id === RESOLVE_WARNING_BLOCK_ID);
    expect(JSON.stringify(warning)).toContain('*Dashboard* (Degraded performance)');
    const reset = view.blocks.find((block) => block.block_id === RESET_COMPONENTS_BLOCK_ID) as {
      element: { initial_options: { text: { text: string } }[] };
    };
    expect(reset.element.initial_options.map((option) => option.text.text)).toEqual(['Set every affected component back to operational']);

    // Another status takes the warning away again.
    await act(
      handleStatusSelected(deps),
      actionBody(view, FORM_BLOCKS.status, STATUS_SELECT_ACTION, 'MONITORING', { ...typed, [FORM_BLOCKS.status]: 'MONITORING' }),
    );
    expect(currentView(h, view.id).blocks.some((block) => block.block_id === RESOLVE_WARNING_BLOCK_ID)).toBe(false);
    await act(handleStatusSelected(deps), actionBody(currentView(h, view.id), FORM_BLOCKS.status, STATUS_SELECT_ACTION, 'RESOLVED', typed));
    view = currentView(h, view.id);

    expect(await publish(view, typed)).toEqual({
      status: 'RESOLVED',
      body: 'All fixed.',
      notifySubscribers: true,
      affectedComponents: [{ componentId: seed.componentIds.dashboard, status: 'OPERATIONAL' }],
    });
    expect(h.devhelm!.violations).toEqual([]);
    expect(h.slack.violations).toEqual([]);
  });

  it('unticked, the check before publishing names the Dashboard; published anyway, the components are left as they are', async () => {
    const typed = { [FORM_BLOCKS.status]: 'RESOLVED', [FORM_BLOCKS.message]: 'Resolved; the dashboard stays slow for now.' };
    const view = await resolvingForm(typed);
    const unticked = { ...typed, [RESET_COMPONENTS_BLOCK_ID]: [] };
    const ack = await submitForm(h, view, unticked);
    expect(ack.response_action).toBe('update');
    expect(findingsText(currentView(h, view.id))).toContain('Dashboard');
    const body = (await publish(view, unticked, true)) as Record<string, unknown>;
    expect(body.body).toBe('Resolved; the dashboard stays slow for now.');
    expect(body.affectedComponents ?? []).toEqual([]);
    expect(h.devhelm!.violations).toEqual([]);
  });
});
