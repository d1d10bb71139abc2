import { jest } from '@jest/globals';
import type { RecordedCall, StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { blockActionsPayload, valuesFromView, type Pick } from '../support/slack-payloads.js';
import { choosePost, openUpdateForm, waitForBlock } from '../support/update-form-driver.js';
import {
  FORM_BLOCKS,
  PREVIEW_ACTION,
  PREVIEW_ACTIONS_BLOCK_ID,
  PREVIEW_VIEW_CALLBACK_ID,
  UPDATE_FORM_CALLBACK_ID,
  impactBlockId,
} from '../../src/slack/update-form/blocks/update-form-ids.js';

// "Preview" in the form: the update as the status page will show it, pushed over the form, before anything
// is published; or, for a form not ready yet, what to fix. The form underneath is never touched.

jest.setTimeout(60_000);

/**
 * Clicks Preview with the form filled in as `picks`; resolves with the views.push call. Unlike a submission,
 * a button click carries the form as it is, required fields left empty included.
 */
async function preview(h: Harness, view: StoredView, picks: Record<string, Pick>): Promise<RecordedCall> {
  const since = h.slack.calls.length;
  const asTyped = { blocks: view.blocks.map((block) => ({ ...block, optional: true })) };
  const response = await h.requester.blockActions(
    blockActionsPayload({
      view,
      values: valuesFromView(asTyped, picks),
      action: { action_id: PREVIEW_ACTION, block_id: PREVIEW_ACTIONS_BLOCK_ID, type: 'button', value: 'preview' },
      trigger_id: h.slack.newTriggerId({ fromViewId: view.id }),
    }),
  );
  expect(response.status).toBe(200);
  return h.slack.waitFor('views.push', { since });
}

function pushedView(call: RecordedCall): { callback_id: string; id: string; previous_view_id: string | null; blocks: unknown[] } {
  const answer = call.response as {
    ok: boolean;
    error?: string;
    view: { callback_id: string; id: string; previous_view_id: string | null; blocks: unknown[] };
  };
  expect(answer.error).toBeUndefined();
  expect(answer.ok).toBe(true);
  return answer.view;
}

describe('Preview (PagerDuty)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows the message as the page will, with status, severity, notify and services, and publishes nothing', async () => {
    const seed = h.pagerduty.seed!;
    const view = await choosePost(h, await openUpdateForm(h), `incident:${seed.incidentPostId}`);
    expect(view.blocks.some((block) => block.block_id === PREVIEW_ACTIONS_BLOCK_ID)).toBe(true);
    const callsBefore = h.pagerduty.calls.length;

    const shown = pushedView(
      await preview(h, view, {
        [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
        [FORM_BLOCKS.severity]: seed.severities.incident.major!,
        [FORM_BLOCKS.message]: '*Cause found*: a bad deploy. <!channel> see <https://acme.test/pm|the post-mortem> & <script>',
        [impactBlockId(seed.serviceIds[0]!)]: seed.impacts.incident.partialOutage!,
      }),
    );
    const text = JSON.stringify(shown.blocks);
    expect(shown.callback_id).toBe(PREVIEW_VIEW_CALLBACK_ID);
    expect(shown.previous_view_id).toBe(view.id); // stacked over the form: closing it goes back
    // As the page shows it: bold kept, the link a link, the rest text (escaped, so nobody is pinged).
    expect(text).toContain('*Cause found*: a bad deploy. &lt;!channel&gt; see <https://acme.test/pm|the post-mortem> &amp; &lt;script&gt;');
    // Exactly what is sent, as HTML, in a code block.
    expect(text).toContain('&lt;strong&gt;Cause found&lt;/strong&gt;');
    expect(text).toContain('&amp;lt;script&amp;gt;');
    expect(text).toContain('*Status*\\nidentified');
    expect(text).toContain('*Severity*\\nmajor');
    expect(text).toContain('*Notify subscribers*\\nyes');
    expect(text).toContain('• API: partial outage');
    expect(text).not.toContain('<!channel>');

    expect(h.pagerduty.calls.slice(callsBefore).filter((call) => call.method !== 'GET')).toEqual([]);
    expect(h.slack.getView(view.id)!.callback_id).toBe(UPDATE_FORM_CALLBACK_ID);
    expect(h.slack.violations).toEqual([]);
  });

  it('lists what to fix, in plain words, when the form is not ready, and leaves the form as it was', async () => {
    const seed = h.pagerduty.seed!;
    const view = await choosePost(h, await openUpdateForm(h), `incident:${seed.incidentPostId}`);
    const formBefore = JSON.stringify(h.slack.getView(view.id));

    const shown = pushedView(await preview(h, view, { [FORM_BLOCKS.severity]: seed.severities.incident.minor! }));
    const text = JSON.stringify(shown.blocks);
    expect(text).toContain('Not ready to preview yet');
    expect(text).toContain('*Status:* Choose a status');
    expect(text).toContain('*Message:* Write the update: it is what customers will read');
    expect(JSON.stringify(h.slack.getView(view.id))).toBe(formBefore);
    expect(h.slack.violations).toEqual([]);
  });
});

describe('Preview (Statuspage)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ statuspage: true, pagerdutyConfigured: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows the plain text Statuspage will show and each component before and after', async () => {
    const seed = h.statuspage!.seed!;
    const opened = await openUpdateForm(h);
    const view = await choosePost(h, await waitForBlock(h, opened.id, FORM_BLOCKS.post), `incident:${seed.incidentId}`);
    const patchesBefore = h.statuspage!.calls.filter((call) => call.method === 'PATCH').length;

    const shown = pushedView(
      await preview(h, view, {
        [FORM_BLOCKS.status]: 'monitoring',
        [FORM_BLOCKS.message]: '*Fixed*: see <https://acme.test/pm|post-mortem>',
        [impactBlockId(seed.componentIds.dashboard)]: 'operational',
      }),
    );
    const text = JSON.stringify(shown.blocks);
    expect(text).toContain('{"type":"plain_text","text":"Fixed: see post-mortem (https://acme.test/pm)"');
    expect(text).toContain('• Dashboard: Partial outage → *Operational*');
    expect(text).toContain('*Status*\\nMonitoring');
    expect(h.statuspage!.calls.filter((call) => call.method === 'PATCH')).toHaveLength(patchesBefore);
    expect(h.slack.violations).toEqual([]);
  });
});
