import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { isSummaryCall } from '../support/summary-messages.js';
import { choosePost, openUpdateForm, submitForm } from '../support/update-form-driver.js';
import { RESULT_VIEW_CALLBACK_ID } from '../../src/slack/outcome/outcome-ids.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// Publishing that stops halfway without the process dying (Slack down when the echo or the failure notice
// is due) leaves the submission unfinished; the publisher's periodic sweep finishes it, without a restart,
// and without publishing or echoing anything twice.

describe('an outage halfway through publishing is finished by the sweep, without a restart', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
      tuning: { timeoutMs: 5000, retries: 0 },
      publishing: { sweepMs: 300 },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Fills in and submits the form; `outage` runs once the form is loaded, just before submitting. */
  async function submit(message: string, outage: () => void) {
    const seed = h.pagerduty.seed!;
    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
    outage();
    const since = h.slack.calls.length;
    await submitForm(h, view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.monitoring!,
      [FORM_BLOCKS.severity]: seed.severities.incident.minor!,
      [FORM_BLOCKS.message]: message,
    });
    return { view, since };
  }
  const resultShown = (viewId: string) => (call: { method: string; args: Record<string, unknown>; response?: unknown }) =>
    call.method === 'views.update' &&
    call.args.view_id === viewId &&
    (call.args.view as { callback_id?: string }).callback_id === RESULT_VIEW_CALLBACK_ID &&
    (call.response as { ok?: boolean } | undefined)?.ok === true;

  it('Slack failing when the echo is due: the echo is posted on a later sweep, once', async () => {
    const seed = h.pagerduty.seed!;
    const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
    const { view, since } = await submit('Echo after a Slack outage', () =>
      h.slack.inject('chat.postMessage', { error: 'internal_error' }, 2),
    );

    await h.slack.waitFor(resultShown(view.id), { since, timeoutMs: 15_000 });
    await h.herald.publisher.idle();

    const echoes = h.slack
      .callsOf('chat.postMessage')
      .filter((call) => !isSummaryCall(call) && JSON.stringify(call.args).includes('Echo after a Slack outage'));
    expect(echoes.map((call) => (call.response as { ok: boolean; error?: string }).error ?? 'ok')).toEqual([
      'internal_error',
      'internal_error',
      'ok',
    ]);
    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
    expect(h.slack.getView(view.id)?.title).toMatchObject({ text: 'Update published' });
  });

  it('Slack failing when a failure notice is due: the author is told on a later sweep', async () => {
    const { view, since } = await submit('Refused while Slack was down', () => {
      h.pagerduty.inject({ route: 'createPostUpdate', fault: { status: 400 } });
      // The modal cannot be updated, the response_url fails, and so does the direct message: Slack is down.
      h.slack.inject('views.update', { error: 'internal_error' }, 1);
      h.slack.inject('response_url', { status: 503 }, 2);
      h.slack.inject('chat.postMessage', { error: 'internal_error' }, 1);
    });

    await h.slack.waitFor(resultShown(view.id), { since, timeoutMs: 15_000 });
    await h.herald.publisher.idle();

    expect(h.slack.getView(view.id)?.title).toMatchObject({ text: 'Not published' });
    expect(JSON.stringify(h.slack.getView(view.id)?.blocks)).toContain('Refused while Slack was down');
    // The first attempt tried every way to reach the author; the sweep's second reached them in the modal.
    const modalUpdates = h.slack.callsOf('views.update').filter(resultShown(view.id));
    expect(modalUpdates).toHaveLength(1);
    expect(
      h.slack.callsOf('views.update').filter((call) => call.args.view_id === view.id && (call.response as { ok?: boolean }).ok === false),
    ).toHaveLength(1);
  });
});
