import { isValidSlackRequest } from '@slack/bolt';
import fc from 'fast-check';
import { signatureRefusal } from '../../src/slack/http/slack-signature.js';
import { SLACK_DOCS_EXAMPLE, signSlackRequest } from '../support/slack-signing.js';

// Herald checks Slack's signatures itself, faster than Bolt's check (see slack-signature.ts): it must accept
// and refuse exactly what Bolt does.

// The example from Slack's "Verifying requests from Slack" guide.
const { secret: DOCS_SECRET, body: DOCS_BODY, signature: DOCS_SIGNATURE } = SLACK_DOCS_EXAMPLE;
const DOCS_TIMESTAMP = String(SLACK_DOCS_EXAMPLE.timestamp);
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
