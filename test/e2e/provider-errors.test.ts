import type { FakeFault } from '../fakes/fake-pagerduty.js';
import type { StoredView } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { actionFromView, blockActionsPayload, findElement } from '../support/slack-payloads.js';
import { currentView, publishIncidentUpdate } from '../support/update-form-driver.js';
import { submitPublishingAnyway } from '../support/public-text-driver.js';
import { EDIT_AND_RETRY_ACTION, FAILURE_ACTIONS_BLOCK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS, UPDATE_FORM_CALLBACK_ID } from '../../src/slack/update-form/blocks/update-form-ids.js';

const TYPED = 'Payments are failing for EU customers.\n\nWe are rolling back the 14:02 deploy.';

function viewText(view: StoredView): string {
  return JSON.stringify(view.blocks);
}

const pagerDutyError = (status: number, message: string, errors: string[] = []): FakeFault => ({
  status,
  body: { error: { code: 2001, message, errors } },
});

describe('when PagerDuty refuses or fails', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ tuning: { timeoutMs: 400, retries: 1, backoffMs: 5 } });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.pagerduty.clearFaults());

  it.each([
    [
      '400 with its error body',
      pagerDutyError(400, 'Invalid Input Provided', ['Severity is not valid for this post']),
      1,
      /refused the update \(HTTP 400\).*Invalid Input Provided.*Severity is not valid for this post/,
    ],
    ['401', pagerDutyError(401, 'Unauthorized'), 1, /did not accept Herald's API token \(HTTP 401\)/],
    ['404', pagerDutyError(404, 'Not Found'), 1, /could not find this status page or incident \(HTTP 404\)/],
    [
      'a persistent 500',
      pagerDutyError(500, 'Internal Server Error'),
      10,
      /did not confirm the update \(HTTP 500\), and it is not on the incident's timeline: nothing was published/,
    ],
  ])('%s: says so in plain words, publishes nothing, and keeps the typed text', async (_name, fault, times, expected) => {
    const seed = h.pagerduty.seed!;
    const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
    h.pagerduty.inject({ route: 'createPostUpdate', times, fault });

    const result = await publishIncidentUpdate(h, TYPED, { picks: { [FORM_BLOCKS.nextUpdate]: '60' } });

    expect((result.title as { text: string }).text).toBe('Not published');
    expect(viewText(result)).toMatch(expected);
    expect(viewText(result)).toContain('Payments are failing for EU customers.');
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before);
    expect(h.slack.messagesIn('C0INCIDENT1').filter((message) => JSON.stringify(message).includes('Payments are failing'))).toHaveLength(0);
  });

  it('a timeout after PagerDuty stored the update: reads the timeline instead of sending twice', async () => {
    const seed = h.pagerduty.seed!;
    const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
    h.pagerduty.inject({ route: 'createPostUpdate', fault: { type: 'timeout' } });

    const result = await publishIncidentUpdate(h, TYPED, { picks: { [FORM_BLOCKS.nextUpdate]: '60' } });

    expect((result.title as { text: string }).text).not.toBe('Not published');
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
    expect(h.pagerduty.calls.filter((call) => call.operationId === 'listStatusPagePostUpdates').length).toBeGreaterThan(0);
    expect(h.pagerduty.violations).toEqual([]);
  });

  it('"Edit and retry" brings back the form with everything typed, and the retry publishes once', async () => {
    const seed = h.pagerduty.seed!;
    const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
    h.pagerduty.inject({ route: 'createPostUpdate', fault: pagerDutyError(400, 'Invalid Input Provided') });
    const failed = await publishIncidentUpdate(h, TYPED, { picks: { [FORM_BLOCKS.nextUpdate]: '60' } });

    const since = h.slack.calls.length;
    const clicked = await h.requester.blockActions(
      blockActionsPayload({ view: failed, action: actionFromView(failed, FAILURE_ACTIONS_BLOCK_ID, null, EDIT_AND_RETRY_ACTION) }),
    );
    expect(clicked.status).toBe(200);
    await h.slack.waitFor(
      (call) => call.method === 'views.update' && (call.args.view as { callback_id?: string }).callback_id === UPDATE_FORM_CALLBACK_ID,
      { since },
    );
    const form = currentView(h, failed.id);
    expect(findElement(form, FORM_BLOCKS.message).initial_value).toBe(TYPED);
    expect((findElement(form, FORM_BLOCKS.status).initial_option as { value: string }).value).toBe(seed.statuses.incident.identified);
    expect((findElement(form, FORM_BLOCKS.severity).initial_option as { value: string }).value).toBe(seed.severities.incident.major);
    expect((findElement(form, FORM_BLOCKS.nextUpdate).initial_option as { value: string }).value).toBe('60');
    expect(viewText(form)).toContain('Invalid Input Provided');

    // The earlier tests published these very words: the check's "same as the last update" is answered "Publish anyway".
    const ack = await submitPublishingAnyway(h, form, {});
    expect(ack.response_action).toBe('update');
    await h.slack.waitFor((call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes('Payments are failing'), {
      since,
    });
    await h.herald.publisher.idle();
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
    expect(h.slack.violations).toEqual([]);
  });
});
