import { jest } from '@jest/globals';
import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import type { Pick } from '../support/slack-payloads.js';
import { choosePage, choosePost, currentView, openUpdateForm, submitForm, waitForBlock } from '../support/update-form-driver.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS, impactBlockId } from '../../src/slack/update-form/blocks/update-form-ids.js';

// One Herald with PagerDuty, DevHelm and Statuspage configured: one page picker lists the pages of all
// three, named so they can be told apart, and the same form publishes to each, adapting to what each
// provider can take. Every request each fake received validates against its provider's contract.

jest.setTimeout(60_000);

const TYPED = '*Partial recovery*: _most_ traffic is back. See <https://acme.test/incident|details>.';

describe('three providers behind one form', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ devhelm: true, statuspage: true, tuning: { timeoutMs: 1500, retries: 1, backoffMs: 5 } });
  });
  afterAll(async () => {
    await h.close();
  });

  function pageOptions(view: StoredView): { text: string; value: string }[] {
    const page = view.blocks.find((block) => block.block_id === FORM_BLOCKS.page) as {
      element: { options: { text: { text: string }; value: string }[] };
    };
    return page.element.options.map((option) => ({ text: option.text.text, value: option.value }));
  }

  async function publishVia(pageValue: string, postValue: string, picks: (view: StoredView) => Record<string, Pick>): Promise<StoredView> {
    let view = await openUpdateForm(h);
    view = await choosePage(h, view, pageValue);
    view = await choosePost(h, await waitForBlock(h, view.id, FORM_BLOCKS.post), postValue);
    const since = h.slack.calls.length;
    expect((await submitForm(h, view, picks(view))).response_action).toBe('update');
    await h.slack.waitFor(
      (call) =>
        call.method === 'views.update' &&
        call.args.view_id === view.id &&
        (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID,
      { since, timeoutMs: 10_000 },
    );
    await h.herald.publisher.idle();
    return currentView(h, view.id);
  }

  it('lists every provider’s pages in one picker, each named with its provider', async () => {
    const view = await openUpdateForm(h);
    expect(pageOptions(view).map((option) => option.text)).toEqual([
      'Acme Cloud · DevHelm',
      'Acme Status · PagerDuty',
      'Acme Status · Statuspage',
    ]);
  });

  it('publishes the same typed text to each, rendered the way each page shows it', async () => {
    const pd = h.pagerduty.seed!;
    const dh = h.devhelm!.seed!;
    const sp = h.statuspage!.seed!;

    const pdResult = await publishVia(`pagerduty:${pd.pageId}`, `incident:${pd.incidentPostId}`, (view) => {
      expect(view.blocks.some((block) => block.block_id === FORM_BLOCKS.severity)).toBe(true);
      return {
        [FORM_BLOCKS.status]: pd.statuses.incident.identified!,
        [FORM_BLOCKS.severity]: pd.severities.incident.minor!,
        [FORM_BLOCKS.message]: TYPED,
      };
    });
    const dhResult = await publishVia(`devhelm:${dh.pageId}`, `incident:${dh.incidentId}`, (view) => {
      expect(view.blocks.some((block) => block.block_id === FORM_BLOCKS.severity)).toBe(false);
      return {
        [FORM_BLOCKS.status]: 'MONITORING',
        [FORM_BLOCKS.message]: TYPED,
        [impactBlockId(dh.componentIds.dashboard)]: 'OPERATIONAL',
      };
    });
    const spResult = await publishVia(`statuspage:${sp.pageId}`, `incident:${sp.incidentId}`, (view) => {
      expect(view.blocks.some((block) => block.block_id === FORM_BLOCKS.severity)).toBe(false);
      return { [FORM_BLOCKS.status]: 'monitoring', [FORM_BLOCKS.message]: TYPED };
    });
    for (const result of [pdResult, dhResult, spResult]) expect((result.title as { text: string }).text).not.toBe('Not published');

    expect(h.pagerduty.state.updatesOf(pd.incidentPostId).at(-1)!.message).toBe(
      '<p><strong>Partial recovery</strong>: <em>most</em> traffic is back. See <a href="https://acme.test/incident">details</a>.</p>',
    );
    expect(h.devhelm!.state.incidents.get(dh.incidentId)!.updates.at(-1)!.body).toBe(
      '**Partial recovery**: _most_ traffic is back. See [details](https://acme.test/incident).',
    );
    expect(h.devhelm!.state.incidents.get(dh.incidentId)!.affectedComponents).toEqual([
      { componentId: dh.componentIds.dashboard, status: 'OPERATIONAL' },
    ]);
    expect(h.statuspage!.state.incidents.get(sp.incidentId)!.updates.at(-1)!.body).toBe(
      'Partial recovery: most traffic is back. See details (https://acme.test/incident).',
    );

    expect(h.pagerduty.violations).toEqual([]);
    expect(h.devhelm!.violations).toEqual([]);
    expect(h.statuspage!.violations).toEqual([]);
    expect(h.statuspage!.rateLimited).toBe(0);
    expect(h.slack.violations).toEqual([]);
  });
});
