import { startHarness, type Harness } from '../support/herald-harness.js';
import { publishIncidentUpdate } from '../support/update-form-driver.js';

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
  beforeAll(async () => {
    h = await startHarness({ tuning: { timeoutMs: 400, retries: 0, backoffMs: 5 } });
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
    expect(sample(text, 'herald_updates_published_total{provider="pagerduty"}')).toBeUndefined();
    expect(sample(text, 'herald_unfinished_submissions')).toBe(0);
  });

  it('counts a publish, its provider request and the Slack acknowledgements', async () => {
    await publishIncidentUpdate(h, 'Metrics: checkout is failing for some customers.');
    const { text } = await scrape(h);
    expect(sample(text, 'herald_updates_published_total{provider="pagerduty"}')).toBe(1);
    expect(sample(text, 'herald_provider_request_duration_seconds_count{provider="pagerduty",operation="POST",outcome="2xx"}')).toBe(1);
    // The slash command, the post chosen in the form and the submit: three requests answered 200.
    expect(sample(text, 'herald_slack_ack_duration_seconds_count{status="200"}')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'herald_unfinished_submissions')).toBe(0);
    expect(text).not.toContain('herald_updates_failed_total{');
  });

  it('counts a failure by provider and reason', async () => {
    h.pagerduty.inject({ route: 'createPostUpdate', times: 1, fault: { status: 401, body: { error: { code: 2001, message: 'Unauthorized' } } } });
    await publishIncidentUpdate(h, 'Metrics: this one is refused.');
    const { text } = await scrape(h);
    expect(sample(text, 'herald_updates_failed_total{provider="pagerduty",reason="unauthorized"}')).toBe(1);
    expect(sample(text, 'herald_updates_published_total{provider="pagerduty"}')).toBe(1);
    expect(sample(text, 'herald_provider_request_duration_seconds_count{provider="pagerduty",operation="POST",outcome="4xx"}')).toBe(1);
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
