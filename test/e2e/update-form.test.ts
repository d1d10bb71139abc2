import { startHarness, type Harness } from '../support/herald-harness.js';
import { blockSuggestionPayload, findElement, valuesFromView, viewSubmissionPayload } from '../support/slack-payloads.js';
import { choosePage, choosePost, currentView, openUpdateForm, submitForm, waitUntilLoaded } from '../support/update-form-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

describe('the update form', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pagerduty: { large: { services: 500, posts: 200 } } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('opens before the status page answers, then fills in', async () => {
    h.pagerduty.setLatency(1000);
    try {
      const since = h.slack.calls.length;
      const command = await h.requester.command({ text: '' });
      expect(command.status).toBe(200);
      const opened = await h.slack.waitFor('views.open', { since });
      // The cache is cold and PagerDuty takes 1 s: the form that opened cannot have waited for it.
      expect(JSON.stringify(opened.args.view)).toContain('Loading status pages');
      expect(findElement(opened.args.view as never, FORM_BLOCKS.message).type).toBe('plain_text_input');
      const filled = await waitUntilLoaded(h, (opened.response as { view: { id: string } }).view.id, since);
      expect(JSON.stringify(filled.blocks)).toContain('Acme Status');
      expect(JSON.stringify(filled.blocks)).toContain('Large Status');
    } finally {
      h.pagerduty.setLatency(0);
    }
  });

  it('marks missing fields in the form and publishes nothing', async () => {
    const seed = h.pagerduty.seed!;
    let view = await openUpdateForm(h);
    view = await choosePage(h, view, `pagerduty:${seed.pageId}`);
    view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
    const posts = h.pagerduty.calls.filter((call) => call.method === 'POST').length;

    // Slack's client would stop an empty required field itself; a hand-built state gets past it, as a tampered request would.
    const values = valuesFromView(view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.minor!,
      [FORM_BLOCKS.message]: 'x',
    });
    values[FORM_BLOCKS.status] = { status_select: { type: 'static_select', selected_option: null } };
    values[FORM_BLOCKS.message] = { message_input: { type: 'plain_text_input', value: '   ' } };
    const response = await h.requester.viewSubmission(viewSubmissionPayload({ view, values }));

    expect(response.json).toEqual({
      response_action: 'errors',
      errors: { [FORM_BLOCKS.status]: 'Choose a status', [FORM_BLOCKS.message]: 'Write the update: it is what customers will read' },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.pagerduty.calls.filter((call) => call.method === 'POST')).toHaveLength(posts);
  });

  it('publishes once when the same submission arrives twice (a double click)', async () => {
    const seed = h.pagerduty.seed!;
    const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
    let view = await openUpdateForm(h);
    view = await choosePage(h, view, `pagerduty:${seed.pageId}`);
    view = await choosePost(h, view, `incident:${seed.incidentPostId}`);
    const payload = viewSubmissionPayload({
      view,
      values: valuesFromView(view, {
        [FORM_BLOCKS.status]: seed.statuses.incident.monitoring!,
        [FORM_BLOCKS.severity]: seed.severities.incident.minor!,
        [FORM_BLOCKS.message]: 'A fix is deployed; we are watching.',
      }),
    });

    // Each click is its own request (Slack gives it its own trigger_id) carrying the same modal state.
    const click = () => h.requester.viewSubmission({ ...payload, trigger_id: h.slack.newTriggerId() });
    const [first, second] = await Promise.all([click(), click()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await h.slack.waitFor((call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes('A fix is deployed'));
    await h.herald.publisher.idle();

    expect(h.pagerduty.state.updatesOf(seed.incidentPostId)).toHaveLength(before + 1);
    expect(h.slack.callsOf('chat.postMessage').filter((call) => JSON.stringify(call.args).includes('A fix is deployed'))).toHaveLength(1);
  });

  it('handles a page with 200 open posts and 500 services through external selects', async () => {
    const large = h.pagerduty.large!;
    let view = await openUpdateForm(h);
    view = await choosePage(h, view, `pagerduty:${large.pageId}`);
    expect(findElement(view, FORM_BLOCKS.post).type).toBe('external_select');

    const postOptions = await h.requester.blockSuggestion(blockSuggestionPayload({ view, block_id: FORM_BLOCKS.post, value: 'post 17' }));
    const offered = (postOptions.json as { options: { value: string; text: { text: string } }[] }).options;
    expect(offered.map((option) => option.text.text)).toEqual([
      'Incident · Post 17',
      'Maintenance · Post 170',
      'Incident · Post 171',
      'Incident · Post 172',
      'Incident · Post 173',
      'Incident · Post 174',
      'Maintenance · Post 175',
      'Incident · Post 176',
      'Incident · Post 177',
      'Incident · Post 178',
      'Incident · Post 179',
    ]);

    view = await choosePost(h, view, { value: offered[0]!.value, text: offered[0]!.text.text });
    expect(findElement(view, FORM_BLOCKS.bulkComponents).type).toBe('multi_external_select');
    expect(view.blocks.length).toBeLessThanOrEqual(100);

    const serviceOptions = await h.requester.blockSuggestion(
      blockSuggestionPayload({ view, block_id: FORM_BLOCKS.bulkComponents, value: 'service 49' }),
    );
    const services = (serviceOptions.json as { options: { value: string; text: { text: string } }[] }).options;
    expect(services.map((option) => option.text.text)).toEqual([
      'Service 49',
      'Service 490',
      'Service 491',
      'Service 492',
      'Service 493',
      'Service 494',
      'Service 495',
      'Service 496',
      'Service 497',
      'Service 498',
      'Service 499',
    ]);

    const impacts = h.pagerduty.state.records.impacts.filter((record) => record.pageId === large.pageId && record.postType === 'incident');
    const statuses = h.pagerduty.state.records.statuses.filter(
      (record) => record.pageId === large.pageId && record.postType === 'incident',
    );
    const severities = h.pagerduty.state.records.severities.filter(
      (record) => record.pageId === large.pageId && record.postType === 'incident',
    );
    const ack = await submitForm(h, view, {
      [FORM_BLOCKS.status]: statuses[0]!.id,
      [FORM_BLOCKS.severity]: severities[0]!.id,
      [FORM_BLOCKS.message]: 'Degraded for a subset of services.',
      [FORM_BLOCKS.bulkComponents]: [
        { value: services[0]!.value, text: services[0]!.text.text },
        { value: services[1]!.value, text: services[1]!.text.text },
      ],
      [FORM_BLOCKS.bulkImpact]: impacts.at(-1)!.id,
    });
    expect(ack.response_action).toBe('update');
    await h.slack.waitFor((call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes('Degraded for a subset'));
    await h.herald.publisher.idle();

    const sent = h.pagerduty.calls.filter((call) => call.method === 'POST').at(-1)!.body as {
      post_update: { impacted_services: unknown[] };
    };
    expect(sent.post_update.impacted_services).toEqual([
      {
        service: { id: large.serviceIds[48], type: 'status_page_service' },
        impact: { id: impacts.at(-1)!.id, type: 'status_page_impact' },
      },
      {
        service: { id: large.serviceIds[489], type: 'status_page_service' },
        impact: { id: impacts.at(-1)!.id, type: 'status_page_impact' },
      },
    ]);
    expect(h.pagerduty.violations).toEqual([]);
    expect(h.slack.violations).toEqual([]);
    expect(currentView(h, view.id).title).toMatchObject({ text: expect.not.stringMatching(/Not published/) });
  });
});
