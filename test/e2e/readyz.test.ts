import { startHarness, type Harness } from '../support/herald-harness.js';

// GET /readyz asks the store and Slack; GET /healthz only says the process is up.

async function get(h: Harness, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${h.baseUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

describe('GET /readyz', () => {
  let h: Harness;
  beforeAll(async () => {
    // A token check believed for 1 minute, a failure not at all: the test decides what Slack says next.
    h = await startHarness({ engine: 'postgres', readiness: { tokenCacheMs: 60_000, failureCacheMs: 0 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is ready when the store answers and Slack accepts the token, and asks Slack once a minute at most', async () => {
    expect(await get(h, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
    // (Bolt makes an auth.test of its own when it starts: counted from here on.)
    const before = h.slack.callsOf('auth.test').length;
    expect(await get(h, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
    expect(await get(h, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
    expect(h.slack.callsOf('auth.test').length - before).toBe(0);
  });

  it('says why it is not ready when Slack refuses the token, and recovers', async () => {
    const revoked = await startHarness({ readiness: { tokenCacheMs: 0, failureCacheMs: 0 } });
    try {
      // Ready first, so that Bolt's own auth.test at start is done and the fault reaches the readiness check.
      expect(await get(revoked, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
      revoked.slack.inject('auth.test', { error: 'token_revoked' });
      expect(await get(revoked, '/readyz')).toEqual({
        status: 503,
        body: { status: 'not_ready', reason: 'Slack did not accept the bot token (token_revoked)' },
      });
      expect(await get(revoked, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await get(revoked, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
      expect(revoked.logs.join('')).not.toContain(revoked.slack.botToken);
    } finally {
      await revoked.close();
    }
  });

  it('is not ready when the store does not answer, while /healthz stays 200', async () => {
    const gone = await startHarness({ engine: 'postgres' });
    try {
      await gone.stores.submissions.close(); // the pool is gone: every query fails
      const ready = await get(gone, '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'not_ready', reason: expect.stringMatching(/^the store did not answer \(/) });
      expect(await get(gone, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      // close() closes the store again: give it a fresh one to close.
      Object.assign(gone.stores, { close: async () => undefined });
      await gone.close();
    }
  });
});
