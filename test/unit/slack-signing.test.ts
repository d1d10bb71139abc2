import { isValidSlackRequest } from '@slack/bolt';
import { signSlackRequest } from '../support/slack-signing.js';

// The example from Slack's "Verifying requests from Slack" guide.
const DOCS_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOCS_TIMESTAMP = 1531420618;
const DOCS_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
  '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOCS_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

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
