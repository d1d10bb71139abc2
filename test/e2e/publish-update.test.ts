import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { choosePost, openUpdateForm } from '../support/update-form-driver.js';
import { submitPublishingAnyway } from '../support/public-text-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

describe('/status-update publishes to PagerDuty and echoes into the channel', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('opens the form, publishes exactly what was chosen, and echoes the entry', async () => {
    const seed = h.pagerduty.seed!;
    const before = h.pagerduty.state.updatesOf(seed.incidentPostId).length;
    let view = await openUpdateForm(h);
    view = await choosePost(h, view, `incident:${seed.incidentPostId}`);

    // The mention is typed on purpose, to prove it is escaped: the check before publishing is answered "Publish anyway".
    const ack = await submitPublishingAnyway(h, view, {
      [FORM_BLOCKS.status]: seed.statuses.incident.identified!,
      [FORM_BLOCKS.severity]: seed.severities.incident.major!,
      [FORM_BLOCKS.message]: 'Checkout fails for some cards. <!channel> we are on it & rolling back.',
      [`impact:${seed.serviceIds[0]}`]: seed.impacts.incident.partialOutage!,
      [FORM_BLOCKS.nextUpdate]: '30',
    });
    expect(ack.response_action).toBe('update');

    const echo = await h.slack.waitFor('chat.postMessage');
    await h.herald.publisher.idle();

    const updates = h.pagerduty.state.updatesOf(seed.incidentPostId);
    expect(updates).toHaveLength(before + 1);
    const sent = h.pagerduty.calls.find((call) => call.method === 'POST')!.body as { post_update: Record<string, unknown> };
    expect(sent.post_update).toEqual({
      type: 'status_page_post_update',
      message: expect.stringContaining('&lt;!channel&gt; we are on it &amp; rolling back.'),
      status: { id: seed.statuses.incident.identified, type: 'status_page_status' },
      severity: { id: seed.severities.incident.major, type: 'status_page_severity' },
      impacted_services: [
        {
          service: { id: seed.serviceIds[0], type: 'status_page_service' },
          impact: { id: seed.impacts.incident.partialOutage, type: 'status_page_impact' },
        },
      ],
      post: { id: seed.incidentPostId, type: 'status_page_post' },
      notify_subscribers: true,
      update_frequency_ms: 1_800_000,
    });
    expect(h.pagerduty.violations).toEqual([]);

    expect(echo.args.channel).toBe(FAKE_CHANNEL.id);
    const echoText = JSON.stringify(echo.args.blocks);
    expect(echoText).toContain('&lt;!channel&gt;');
    expect(echoText).not.toMatch(/[^;]<!channel>/);
    expect(h.slack.violations).toEqual([]);
  });
});
