import { createLogger } from '../../src/observability/logger.js';
import type { ListenerDeps } from '../../src/slack/listeners/listener-deps.js';
import { handleSetAllOperational } from '../../src/slack/listeners/actions/set-all-operational.js';
import { handleStatusSelected } from '../../src/slack/listeners/actions/status-selected.js';
import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { actionFromView, blockActionsPayload, valuesFromView, type Pick } from '../support/slack-payloads.js';
import { choosePost, currentView, openUpdateForm, submitForm } from '../support/update-form-driver.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import {
  FORM_BLOCKS,
  RESOLVE_WARNING_BLOCK_ID,
  SET_ALL_OPERATIONAL_ACTION,
  STATUS_SELECT_ACTION,
  impactBlockId,
} from '../../src/slack/update-form/blocks/update-form-ids.js';

// Resolving a DevHelm incident while the Dashboard is still degraded: picking "Resolved" brings a
// warning with "Set all operational"; the button sets every component select to operational (keeping
// the status and text entered), and publishing then sends the Dashboard as operational.
// The two action listeners are driven here directly, with the real app's Slack client, catalog and store.

describe('resolving while components are still degraded', () => {
  let h: Harness;
  let deps: ListenerDeps;
  beforeAll(async () => {
    h = await startHarness({ devhelm: true, pagerdutyConfigured: false, tuning: { timeoutMs: 1000, retries: 0 } });
    deps = { stores: h.stores, catalog: h.catalog, publisher: h.herald.publisher, logger: createLogger('silent'), clock: () => new Date() };
  });
  afterAll(async () => {
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

  it('warns, sets all operational on request, and publishes the Dashboard as operational', async () => {
    const seed = h.devhelm!.seed!;
    let view = await choosePost(h, await openUpdateForm(h), `incident:${seed.incidentId}`);
    const typed = { [FORM_BLOCKS.status]: 'RESOLVED', [FORM_BLOCKS.message]: 'All fixed.' };

    await act(handleStatusSelected(deps), actionBody(view, FORM_BLOCKS.status, STATUS_SELECT_ACTION, 'RESOLVED', typed));
    view = currentView(h, view.id);
    const warning = view.blocks.find((block) => block.block_id === RESOLVE_WARNING_BLOCK_ID);
    expect(JSON.stringify(warning)).toContain('*Dashboard* (Degraded performance)');
    expect(JSON.stringify(warning)).toContain(SET_ALL_OPERATIONAL_ACTION);

    // Another status takes the warning away again.
    await act(
      handleStatusSelected(deps),
      actionBody(view, FORM_BLOCKS.status, STATUS_SELECT_ACTION, 'MONITORING', { ...typed, [FORM_BLOCKS.status]: 'MONITORING' }),
    );
    expect(currentView(h, view.id).blocks.some((block) => block.block_id === RESOLVE_WARNING_BLOCK_ID)).toBe(false);
    await act(handleStatusSelected(deps), actionBody(currentView(h, view.id), FORM_BLOCKS.status, STATUS_SELECT_ACTION, 'RESOLVED', typed));
    view = currentView(h, view.id);

    await act(handleSetAllOperational(deps), actionBody(view, RESOLVE_WARNING_BLOCK_ID, SET_ALL_OPERATIONAL_ACTION, null, typed));
    view = currentView(h, view.id);
    expect(view.blocks.some((block) => block.block_id === RESOLVE_WARNING_BLOCK_ID)).toBe(false);
    const dashboard = view.blocks.find((block) => block.block_id === impactBlockId(seed.componentIds.dashboard, 1)) as {
      element: { initial_option: { value: string } };
    };
    expect(dashboard.element.initial_option.value).toBe('OPERATIONAL');

    const since = h.slack.calls.length;
    expect((await submitForm(h, view, typed)).response_action).toBe('update');
    await h.slack.waitFor(
      (call) =>
        call.method === 'views.update' &&
        call.args.view_id === view.id &&
        (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
      { since },
    );
    await h.herald.publisher.idle();
    expect(h.devhelm!.calls.filter((call) => call.operationId === 'postIncidentUpdate').at(-1)!.body).toEqual({
      status: 'RESOLVED',
      body: 'All fixed.',
      notifySubscribers: true,
      affectedComponents: [{ componentId: seed.componentIds.dashboard, status: 'OPERATIONAL' }],
    });
    expect(h.devhelm!.violations).toEqual([]);
    expect(h.slack.violations).toEqual([]);
  });
});
