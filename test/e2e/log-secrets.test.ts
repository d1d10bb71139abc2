import { FAKE_CHANNEL } from '../fakes/fake-slack.js';
import { startHarness, type Harness } from '../support/herald-harness.js';
import { publishIncidentUpdate } from '../support/update-form-driver.js';

// Everything Herald logs at LOG_LEVEL=debug through a realistic flow (a publish, a provider failure, a Slack
// failure, readiness probes), scanned for every secret it was configured with; and the request and publish
// ids that let one request's lines be found together.

interface LogLine {
  msg?: string;
  requestId?: string;
  publishId?: string;
  submissionId?: string;
  [key: string]: unknown;
}

describe('what Herald logs', () => {
  let h: Harness;
  let lines: LogLine[];
  beforeAll(async () => {
    h = await startHarness({
      engine: 'postgres',
      channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }],
      tuning: { timeoutMs: 400, retries: 1, backoffMs: 5 },
    });
    await publishIncidentUpdate(h, 'Logs: checkout is failing for some customers.');
    // The provider refuses the token, then fails outright.
    h.pagerduty.inject({
      route: 'createPostUpdate',
      times: 1,
      fault: { status: 401, body: { error: { code: 2001, message: 'Unauthorized' } } },
    });
    await publishIncidentUpdate(h, 'Logs: refused by PagerDuty.');
    h.pagerduty.inject({
      route: 'createPostUpdate',
      times: 10,
      fault: { status: 500, body: { error: { code: 2001, message: 'Internal Server Error' } } },
    });
    await publishIncidentUpdate(h, 'Logs: PagerDuty is down.');
    h.pagerduty.clearFaults();
    // Slack fails the echo, then refuses the token outright.
    h.slack.inject('chat.postMessage', { status: 500 });
    await publishIncidentUpdate(h, 'Logs: the echo fails.', { until: 'echo' });
    h.slack.inject('chat.postMessage', { error: 'invalid_auth' });
    await publishIncidentUpdate(h, 'Logs: Slack refuses the token.', { until: 'echo' });
    await fetch(`${h.baseUrl}/readyz`);
    await fetch(`${h.baseUrl}/metrics`);
    lines = h.logs.map((line) => JSON.parse(line) as LogLine);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('went through the failures it was meant to (the scan below has something to scan)', () => {
    const messages = lines.map((line) => line.msg);
    expect(messages).toContain('update published');
    expect(messages).toContain('publishing failed');
    expect(lines.filter((line) => line.level === 20).length).toBeGreaterThan(10); // debug lines are in
    expect(h.secrets.length).toBeGreaterThanOrEqual(3);
  });

  it('never writes a configured secret or an authorization header', () => {
    const text = h.logs.join('');
    for (const secret of h.secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Bearer\s+\S{6,}/i);
    expect(text).not.toMatch(/Token token=\S{6,}/i);
    expect(text).not.toMatch(/xox[abpr]-/);
  });

  it("tags each Slack request's lines with a request id, and each publish's with a publish id", () => {
    const published = lines.find((line) => line.msg === 'update published');
    expect(published?.publishId).toEqual(expect.any(String));
    // The publish started inside the submit request: its lines carry that request's id too.
    expect(published?.requestId).toEqual(expect.any(String));
    const ofRequest = lines.filter((line) => line.requestId === published?.requestId);
    expect(ofRequest.some((line) => line.publishId === undefined)).toBe(true); // the request's own lines
    const ofPublish = lines.filter((line) => line.publishId === published?.publishId);
    expect(new Set(ofPublish.map((line) => line.submissionId).filter(Boolean)).size).toBe(1);
    const publishIds = new Set(lines.map((line) => line.publishId).filter(Boolean));
    expect(publishIds.size).toBeGreaterThanOrEqual(5);
  });
});
