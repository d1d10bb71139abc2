import { REMINDER_ACTIONS_BLOCK_ID } from '../../src/reminders/reminder-message.js';
import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { publishIncidentUpdate } from '../support/update-form-driver.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';

// GET /metrics, read the way Prometheus reads it, after a publish and after a failure.

async function scrape(h: Harness): Promise<{ contentType: string | null; text: string }> {
  const response = await fetch(`${h.baseUrl}/metrics`);
  expect(response.status).toBe(200);
  return { contentType: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one sample, e.g. `herald_updates_published_total{provider="pagerduty"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let h: Harness;
  // Real time, plus however far a test moves it: reminders come due without waiting real minutes.
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  beforeAll(async () => {
    // Herald is in the incident channel, so the reminder is posted there (and counted).
    h = await startHarness({
      tuning: { timeoutMs: 5000, retries: 0, backoffMs: 5 },
      clock,
      reminders: { pollMs: 25 },
      channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('starts from zero, in the Prometheus text format', async () => {
    const { contentType, text } = await scrape(h);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE herald_updates_published_total counter');
    expect(text).toContain('# TYPE herald_provider_request_duration_seconds histogram');
    expect(text).toContain('# TYPE herald_slack_ack_duration_seconds histogram');
    expect(text).toContain('# TYPE herald_provider_read_duration_seconds histogram');
    expect(text).toContain('# TYPE herald_reminder_lag_seconds histogram');
    expect(sample(text, 'herald_reminder_lag_seconds_count')).toBe(0);
    expect(sample(text, 'herald_updates_published_total{provider="pagerduty"}')).toBeUndefined();
    expect(sample(text, 'herald_unfinished_submissions')).toBe(0);
  });

  it('counts a publish, its provider request and the Slack acknowledgements', async () => {
    await publishIncidentUpdate(h, 'Metrics: checkout is failing for some customers.');
    const { text } = await scrape(h);
    expect(sample(text, 'herald_updates_published_total{provider="pagerduty"}')).toBe(1);
    expect(sample(text, 'herald_provider_request_duration_seconds_count{provider="pagerduty",operation="POST",outcome="2xx"}')).toBe(1);
    // The slash command, the post chosen in the form and the submit: three requests answered 200.
    expect(sample(text, 'herald_slack_ack_duration_seconds_count{mode="http",status="200"}')).toBeGreaterThanOrEqual(3);
    // The form's reads, each a cache miss the first time: pages, the page's open posts, the incident's options.
    for (const operation of ['list_pages', 'list_open_posts', 'load_post_options']) {
      expect(
        sample(text, `herald_provider_read_duration_seconds_count{provider="pagerduty",operation="${operation}",outcome="ok"}`),
      ).toBeGreaterThanOrEqual(1);
    }
    expect(sample(text, 'herald_unfinished_submissions')).toBe(0);
    expect(text).not.toContain('herald_updates_failed_total{');
  });

  it('counts a failure by provider and reason', async () => {
    h.pagerduty.inject({
      route: 'createPostUpdate',
      times: 1,
      fault: { status: 401, body: { error: { code: 2001, message: 'Unauthorized' } } },
    });
    await publishIncidentUpdate(h, 'Metrics: this one is refused.');
    const { text } = await scrape(h);
    expect(sample(text, 'herald_updates_failed_total{provider="pagerduty",reason="unauthorized"}')).toBe(1);
    expect(sample(text, 'herald_updates_published_total{provider="pagerduty"}')).toBe(1);
    expect(sample(text, 'herald_provider_request_duration_seconds_count{provider="pagerduty",operation="POST",outcome="4xx"}')).toBe(1);
  });

  it('counts a failed read of the form by provider and operation', async () => {
    h.catalog.forgetPage('pagerduty', h.pagerduty.seed!.pageId);
    h.pagerduty.inject({ route: 'listPosts', times: 1, fault: { status: 500, body: { error: { code: 5000, message: 'Internal' } } } });
    await expect(h.catalog.listOpenPosts('pagerduty', h.pagerduty.seed!.pageId)).rejects.toThrow();
    const { text } = await scrape(h);
    expect(
      sample(text, 'herald_provider_read_duration_seconds_count{provider="pagerduty",operation="list_open_posts",outcome="error"}'),
    ).toBe(1);
  });

  it('measures how late a reminder was posted after it came due', async () => {
    await publishIncidentUpdate(h, 'Metrics: next update in 15 minutes.', { picks: { [FORM_BLOCKS.nextUpdate]: '15' } });
    const since = h.slack.calls.length;
    // 15 minutes on, and 20 s more: the worker (polling every 25 ms) posts the reminder about 20 s late.
    offsetMs += 15 * 60_000 + 20_000;
    await h.slack.waitFor(
      (call) => call.method === 'chat.postMessage' && JSON.stringify(call.args.blocks ?? []).includes(REMINDER_ACTIONS_BLOCK_ID),
      { since },
    );
    // Counted once Slack's answer is back in Herald, a moment after the fake recorded the call.
    let { text } = await scrape(h);
    for (let tries = 0; tries < 100 && !sample(text, 'herald_reminder_lag_seconds_count'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      ({ text } = await scrape(h));
    }
    expect(sample(text, 'herald_reminder_lag_seconds_count')).toBe(1);
    expect(sample(text, 'herald_reminder_lag_seconds_sum')).toBeGreaterThanOrEqual(20);
    expect(sample(text, 'herald_reminder_lag_seconds_sum')).toBeLessThan(25);
    expect(sample(text, 'herald_reminder_lag_seconds_bucket{le="15"}')).toBe(0);
    expect(sample(text, 'herald_reminder_lag_seconds_bucket{le="30"}')).toBe(1);
  });

  it('keeps one registry per app: a second Herald in the same process counts nothing of the first', async () => {
    const other = await startHarness();
    try {
      const { text } = await scrape(other);
      expect(sample(text, 'herald_updates_published_total{provider="pagerduty"}')).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
