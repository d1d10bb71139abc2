import { startHarness, type Harness } from '../support/herald-harness.js';
import { actionFromView, blockActionsPayload, findElement, viewSubmissionPayload, valuesFromView } from '../support/slack-payloads.js';
import { choosePost, openUpdateForm, submitForm, waitUntilLoaded } from '../support/update-form-driver.js';
import { EDIT_AND_RETRY_ACTION, FAILURE_ACTIONS_BLOCK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS, UPDATE_FORM_CALLBACK_ID } from '../../src/slack/update-form/blocks/update-form-ids.js';

// A failed publish whose modal is gone (closed, or timed out) still reaches its author, as a private message
// with "Edit and retry"; and the draft behind that button lives in the store, so it survives a restart.

const TYPED = 'Card payments fail for some EU customers.\n\nWe are rolling back the 14:02 deploy.';

describe.each(['sqlite', 'postgres'] as const)('a failed update whose modal is gone, on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ engine, tuning: { timeoutMs: 5000, retries: 0 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is reported privately with "Edit and retry", which reopens the form with everything typed, even after a restart', async () => {
    const seed = h.pagerduty.seed!;
    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
    h.pagerduty.inject({
      route: 'createPostUpdate',
      fault: {
        status: 422,
        body: { error: { code: 2001, message: 'Invalid Input Provided', errors: ['Message is too long for subscribers'] } },
      },
    });
    // The author closed the modal: Slack says the view is gone.
    h.slack.inject('views.update', { error: 'not_found' });
    const since = h.slack.calls.length;
    await submitForm(h, view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: TYPED,
      [FORM_BLOCKS.nextUpdate]: '60',
    });
    const notice = await h.slack.waitFor((call) => call.method === 'response_url' && call.args.response_type === 'ephemeral', { since });
    await h.herald.publisher.idle();

    const text = JSON.stringify(notice.args);
    expect(text).toContain('PagerDuty refused the update (HTTP 422)');
    expect(text).toContain('Message is too long for subscribers');
    expect(text).toContain('Card payments fail for some EU customers.');
    const submissionId = String(
      findElement({ blocks: notice.args.blocks as never }, FAILURE_ACTIONS_BLOCK_ID, EDIT_AND_RETRY_ACTION).value,
    );
    expect(await h.stores.submissions.getSubmission(submissionId)).toMatchObject({
      state: 'failed',
      draft: { message: TYPED },
      notifiedAt: expect.any(Date),
    });

    await h.restart();

    const clickedAt = h.slack.calls.length;
    const clicked = await h.requester.blockActions(
      blockActionsPayload({
        action: actionFromView({ blocks: notice.args.blocks as never }, FAILURE_ACTIONS_BLOCK_ID, null, EDIT_AND_RETRY_ACTION),
        message: { ts: '1712345678.000100', type: 'message', text: String(notice.args.text), blocks: notice.args.blocks },
        trigger_id: h.slack.newTriggerId(),
        response_url: h.slack.newResponseUrl(),
      }),
    );
    expect(clicked.status).toBe(200);
    const opened = await h.slack.waitFor(
      (call) => call.method === 'views.open' && (call.args.view as { callback_id?: string }).callback_id === UPDATE_FORM_CALLBACK_ID,
      { since: clickedAt },
    );
    expect((opened.response as { ok: boolean }).ok).toBe(true);
    // A fresh process has nothing cached: the form opens at once, then fills in what it loads.
    const form = await waitUntilLoaded(h, (opened.response as { view: { id: string } }).view.id, clickedAt);
    expect(findElement(form, FORM_BLOCKS.message).initial_value).toBe(TYPED);
    expect((findElement(form, FORM_BLOCKS.status).initial_option as { value: string }).value).toBe(seed.statuses.incident.identified);
    expect((findElement(form, FORM_BLOCKS.severity).initial_option as { value: string }).value).toBe(seed.severities.incident.major);
    expect((findElement(form, FORM_BLOCKS.nextUpdate).initial_option as { value: string }).value).toBe('60');
    expect(JSON.stringify(form.blocks)).toContain('Message is too long for subscribers');

    // The retry publishes, once.
    const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
    const response = await h.requester.viewSubmission(viewSubmissionPayload({ view: form, values: valuesFromView(form, {}) }));
    expect((response.json as { response_action?: string }).response_action).toBe('update');
    await h.slack.waitFor((call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes('Card payments fail'), {
      since: clickedAt,
    });
    await h.herald.publisher.idle();
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
    expect(h.slack.violations).toEqual([]);
  });
});
