import { isValidSlackRequest } from '@slack/bolt';
import { SLACK_DOCS_EXAMPLE, signSlackRequest } from '../support/slack-signing.js';

// The example from Slack's "Verifying requests from Slack" guide.
const { secret: DOCS_SECRET, timestamp: DOCS_TIMESTAMP, body: DOCS_BODY, signature: DOCS_SIGNATURE } = SLACK_DOCS_EXAMPLE;

function acceptedByBolt(secret: string, body: string, headers: ReturnType<typeof signSlackRequest>, nowMs = Date.now()): boolean {
  return isValidSlackRequest({
    signingSecret: secret,
    body,
    headers: {
      'x-slack-signature': headers['x-slack-signature'],
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    },
    nowMilliseconds: nowMs,
  });
}

describe('signSlackRequest', () => {
  it("reproduces the signature of Slack's documented example", () => {
    expect(signSlackRequest(DOCS_SECRET, DOCS_BODY, DOCS_TIMESTAMP)).toEqual({
      'x-slack-signature': DOCS_SIGNATURE,
      'x-slack-request-timestamp': '1531420618',
    });
  });

  it('signs with the current time in whole seconds by default', () => {
    const before = Math.floor(Date.now() / 1000);
    const headers = signSlackRequest('secret', 'a=b');
    const after = Math.floor(Date.now() / 1000);
    const timestamp = Number(headers['x-slack-request-timestamp']);
    expect(headers['x-slack-request-timestamp']).toMatch(/^\d+$/);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(after);
  });

  it("is accepted by Bolt's own verifier, and only for the same secret, body and a fresh timestamp", () => {
    const body = 'payload=%7B%22type%22%3A%22view_submission%22%7D';
    const headers = signSlackRequest('app-secret', body);
    expect(acceptedByBolt('app-secret', body, headers)).toBe(true);
    expect(acceptedByBolt('other-secret', body, headers)).toBe(false);
    expect(acceptedByBolt('app-secret', `${body}&x=1`, headers)).toBe(false);
    expect(acceptedByBolt('app-secret', body, headers, Date.now() + 6 * 60 * 1000)).toBe(false);
  });
});
