import { describe, expect, it } from '@jest/globals';
import { failureKind, requestedWaitMs, retryDelayMs, type RetryPolicy } from '../../src/providers/http-retry-policy.js';

const policy: RetryPolicy = { retries: 2, maxRetryWaitMs: 30_000, backoffMs: 100 };
const NOW = Date.parse('2024-05-06T07:00:00Z');

describe('failureKind', () => {
  it.each([
    [400, 'rejected'],
    [409, 'rejected'],
    [422, 'rejected'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not_found'],
    [420, 'rate_limited'],
    [429, 'rate_limited'],
    [502, 'unavailable'],
    [503, 'unavailable'],
    [500, 'ambiguous'],
    [504, 'ambiguous'],
  ] as const)('a POST answered %i is %s', (status, kind) => {
    expect(failureKind({ method: 'POST', status, connected: true })).toBe(kind);
  });

  it('calls a write that may have landed ambiguous, and the same failure of a read unavailable', () => {
    for (const code of ['ETIMEDOUT', 'ECONNRESET', 'EPIPE']) {
      expect(failureKind({ method: 'PATCH', code, connected: true })).toBe('ambiguous');
      expect(failureKind({ method: 'GET', code, connected: true })).toBe('unavailable');
    }
    expect(failureKind({ method: 'GET', status: 500, connected: true })).toBe('unavailable');
  });

  it('knows a request that never found the server was not sent', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']) {
      expect(failureKind({ method: 'POST', code, connected: false })).toBe('unavailable');
    }
    expect(failureKind({ method: 'POST', code: 'ETIMEDOUT', connected: false })).toBe('unavailable');
  });
});

describe('retryDelayMs', () => {
  it('never retries a write that may have landed, nor a refusal', () => {
    expect(retryDelayMs({ method: 'POST', status: 500, connected: true }, {}, 1, policy, NOW)).toBe(0);
    expect(retryDelayMs({ method: 'POST', code: 'ETIMEDOUT', connected: true }, {}, 1, policy, NOW)).toBe(0);
    expect(retryDelayMs({ method: 'PUT', code: 'ECONNRESET', connected: true }, {}, 1, policy, NOW)).toBe(0);
    for (const status of [400, 401, 403, 404, 409, 422]) {
      expect(retryDelayMs({ method: 'GET', status, connected: true }, {}, 1, policy, NOW)).toBe(0);
    }
  });

  it('backs off exponentially on 502/503 and refused connections, for writes too, a bounded number of times', () => {
    const refused = { method: 'POST', code: 'ECONNREFUSED', connected: false };
    const first = retryDelayMs(refused, undefined, 1, policy, NOW);
    const second = retryDelayMs({ method: 'POST', status: 502, connected: true }, {}, 2, policy, NOW);
    expect(first).toBeGreaterThanOrEqual(100);
    expect(first).toBeLessThan(121);
    expect(second).toBeGreaterThanOrEqual(200);
    expect(second).toBeLessThan(221);
    expect(retryDelayMs(refused, undefined, 3, policy, NOW)).toBe(0);
    expect(retryDelayMs(refused, undefined, 1, { ...policy, retries: 0 }, NOW)).toBe(0);
  });

  it('retries a read that failed unclearly', () => {
    expect(retryDelayMs({ method: 'GET', code: 'ETIMEDOUT', connected: true }, undefined, 1, policy, NOW)).toBeGreaterThan(0);
  });

  it('waits as told by Retry-After or ratelimit-reset, and gives up when told to wait past the cap', () => {
    const limited = { method: 'POST', status: 429, connected: true };
    expect(retryDelayMs(limited, { 'retry-after': '3' }, 1, policy, NOW)).toBe(3000);
    expect(retryDelayMs(limited, { 'ratelimit-reset': '7' }, 1, policy, NOW)).toBe(7000);
    expect(retryDelayMs({ ...limited, status: 503 }, { 'retry-after': 'Mon, 06 May 2024 07:00:05 GMT' }, 1, policy, NOW)).toBe(5000);
    expect(retryDelayMs(limited, { 'retry-after': '31' }, 1, policy, NOW)).toBe(0);
  });
});

describe('requestedWaitMs', () => {
  it("reads seconds, HTTP dates and PagerDuty's ratelimit-reset, and ignores nonsense", () => {
    expect(requestedWaitMs({ 'retry-after': '0' }, NOW)).toBe(0);
    expect(requestedWaitMs({ 'retry-after': 'Mon, 06 May 2024 06:59:00 GMT' }, NOW)).toBe(0);
    expect(requestedWaitMs({ 'retry-after': 'soon', 'ratelimit-reset': '2' }, NOW)).toBe(2000);
    expect(requestedWaitMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(requestedWaitMs(undefined, NOW)).toBeUndefined();
  });
});
