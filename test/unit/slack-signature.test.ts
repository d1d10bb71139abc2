import { isValidSlackRequest } from '@slack/bolt';
import fc from 'fast-check';
import { signatureRefusal } from '../../src/slack/http/slack-signature.js';
import { signSlackRequest } from '../support/slack-signing.js';

// Herald checks Slack's signatures itself, faster than Bolt's check (see slack-signature.ts): it must accept
// and refuse exactly what Bolt does.

// The example from Slack's "Verifying requests from Slack" guide.
const DOCS_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOCS_TIMESTAMP = '1531420618';
const DOCS_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
  '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOCS_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const SIGNED_AT_MS = Number(DOCS_TIMESTAMP) * 1000;

describe('signatureRefusal', () => {
  it("accepts Slack's documented example within five minutes of its timestamp", () => {
    expect(signatureRefusal(DOCS_SECRET, DOCS_BODY, DOCS_SIGNATURE, DOCS_TIMESTAMP, SIGNED_AT_MS + 299_000)).toBeNull();
  });

  it('refuses it with another secret, another body, or a signature changed in one character', () => {
    const flipped = `${DOCS_SIGNATURE.slice(0, -1)}${DOCS_SIGNATURE.endsWith('3') ? '4' : '3'}`;
    expect(signatureRefusal('another-secret', DOCS_BODY, DOCS_SIGNATURE, DOCS_TIMESTAMP, SIGNED_AT_MS)).toBe('signature mismatch');
    expect(signatureRefusal(DOCS_SECRET, `${DOCS_BODY}&x=1`, DOCS_SIGNATURE, DOCS_TIMESTAMP, SIGNED_AT_MS)).toBe('signature mismatch');
    expect(signatureRefusal(DOCS_SECRET, DOCS_BODY, flipped, DOCS_TIMESTAMP, SIGNED_AT_MS)).toBe('signature mismatch');
  });

  it('says why it refuses a stale request, missing headers, or a signature of another scheme or length', () => {
    expect(signatureRefusal(DOCS_SECRET, DOCS_BODY, DOCS_SIGNATURE, DOCS_TIMESTAMP, SIGNED_AT_MS + 301_000)).toContain('stale');
    expect(signatureRefusal(DOCS_SECRET, DOCS_BODY, undefined, DOCS_TIMESTAMP)).toBe('the signature headers are missing');
    expect(signatureRefusal(DOCS_SECRET, DOCS_BODY, DOCS_SIGNATURE, [DOCS_TIMESTAMP, DOCS_TIMESTAMP])).toBe(
      'the signature headers are missing',
    );
    expect(signatureRefusal(DOCS_SECRET, DOCS_BODY, DOCS_SIGNATURE.replace('v0=', 'v1='), DOCS_TIMESTAMP, SIGNED_AT_MS)).toContain(
      'mismatch',
    );
    expect(signatureRefusal(DOCS_SECRET, DOCS_BODY, DOCS_SIGNATURE.slice(0, -2), DOCS_TIMESTAMP, SIGNED_AT_MS)).toContain('mismatch');
    expect(signatureRefusal(DOCS_SECRET, DOCS_BODY, DOCS_SIGNATURE, 'soon', SIGNED_AT_MS)).toContain('not a number');
  });

  it("accepts and refuses exactly what Bolt's own check does", () => {
    const nowMs = 1_765_000_000_000;
    const timestamp = fc.integer({ min: nowMs / 1000 - 600, max: nowMs / 1000 + 600 }).map(String);
    const request = fc.record({
      secret: fc.string({ minLength: 1 }),
      body: fc.string(),
      timestamp,
      signer: fc.constantFrom('same', 'other', 'garbled'),
    });
    fc.assert(
      fc.property(request, ({ secret, body, timestamp, signer }) => {
        const signed = signSlackRequest(signer === 'other' ? `${secret}x` : secret, body, Number(timestamp))['x-slack-signature'];
        const signature = signer === 'garbled' ? signed.toUpperCase() : signed;
        const bolt = isValidSlackRequest({
          signingSecret: secret,
          body,
          headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
          nowMilliseconds: nowMs,
        });
        expect(signatureRefusal(secret, body, signature, timestamp, nowMs) === null).toBe(bolt);
      }),
      { numRuns: 500 },
    );
  });
});
