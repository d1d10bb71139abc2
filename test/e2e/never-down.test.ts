import { openHeraldProcessWorld, type HeraldProcessWorld } from '../support/herald-process-world.js';
import { startHeraldProcess } from '../support/herald-process.js';
import { waitUntil } from '../support/wait-until.js';

// Herald as production runs it (`node dist/main.js`), given what once ended the process: a signed request of a
// shape Bolt trips over, and a bot token Slack refuses at start-up. The process must keep serving.

const SIGNING_SECRET = 'never-down-signing-secret';
const FORM = 'application/x-www-form-urlencoded';

async function get(port: number, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.json() };
}

describe('a signed request of a shape Bolt would trip over', () => {
  let world: HeraldProcessWorld;
  beforeAll(async () => {
    world = await openHeraldProcessWorld({ signingSecret: SIGNING_SECRET, dataDirPrefix: 'herald-never-down-' });
  });
  afterAll(() => world.close());

  it.each([
    ['payload=null', 'payload=null', FORM],
    ['payload=[]', 'payload=%5B%5D', FORM],
    ['payload="text"', 'payload=%22text%22', FORM],
    ['payload=42', 'payload=42', FORM],
    ['a JSON body of null', 'null', 'application/json'],
    [
      'a view submission whose user is null',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', user: null, team: null, view: { id: 'V1', callback_id: 'x' } }))}`,
      FORM,
    ],
    [
      'a button press with no actions',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, actions: [] }))}`,
      FORM,
    ],
    [
      'an options request whose channel is null',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_suggestion', user: { id: 'U1' }, channel: null, action_id: 'a', block_id: 'b', value: '' }))}`,
      FORM,
    ],
    ['an event that is null', JSON.stringify({ type: 'event_callback', team_id: 'T1', event: null }), 'application/json'],
  ])('%s gets 400, and the process keeps serving', async (_what, body, contentType) => {
    const herald = await world.start();
    const requester = world.requesterFor(herald.port);
    const response = await requester.raw({ body, contentType });
    expect(response.status).toBe(400);
    expect((await get(herald.port, '/healthz')).status).toBe(200);
    // A client's fault, said at warn with its reason: nothing for an operator to be woken for.
    await waitUntil(() => herald.output().includes('not a payload Slack sends'), 2_000, 'the refusal logged');
    const lines = herald
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    herald.kill('SIGTERM');
    expect(await herald.exited).toBe(0);
  });
});

describe('starting while Slack refuses or does not answer auth.test', () => {
  let world: HeraldProcessWorld;
  beforeAll(async () => {
    world = await openHeraldProcessWorld({ signingSecret: SIGNING_SECRET, dataDirPrefix: 'herald-start-refused-' });
  });
  afterAll(() => world.close());

  it('a refused token: ready to serve, /readyz says why, and once Slack accepts the token the form opens without a restart', async () => {
    // Every auth.test for the next few seconds: Herald's own check at start, its retries, and /readyz's.
    world.slack.inject('auth.test', { error: 'invalid_auth' }, 4);
    const herald = await world.start();
    expect((await get(herald.port, '/healthz')).status).toBe(200);
    expect(await get(herald.port, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not_ready', reason: 'Slack did not accept the bot token (invalid_auth)' },
    });
    expect(herald.output()).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');

    await waitUntil(async () => (await get(herald.port, '/readyz')).status === 200, 15_000, '/readyz 200 once Slack accepts the token');
    const since = world.slack.calls.length;
    const response = await world.requesterFor(herald.port).command({ channel_id: 'C0INCIDENT1' });
    expect(response.status).toBe(200);
    await world.slack.waitFor('views.open', { since });
    await waitUntil(
      () => herald.output().includes('Slack accepted SLACK_BOT_TOKEN'),
      15_000,
      'the start-up check to see the token accepted',
    );
    herald.kill('SIGTERM');
    expect(await herald.exited).toBe(0);
  });

  it('Slack unreachable: /healthz 200 and /readyz tells it apart from a refused token', async () => {
    const herald = await startHeraldProcess(world.env({ SLACK_API_URL: 'http://127.0.0.1:9/api/' }));
    try {
      expect((await get(herald.port, '/healthz')).status).toBe(200);
      expect(await get(herald.port, '/readyz')).toEqual({
        status: 503,
        body: { status: 'not_ready', reason: 'Slack could not be reached (ECONNREFUSED)' },
      });
      await waitUntil(
        () => herald.output().includes('Slack could not be reached to check SLACK_BOT_TOKEN (ECONNREFUSED)'),
        5_000,
        'the start-up check logged',
      );
    } finally {
      herald.kill('SIGKILL');
      await herald.exited;
    }
  });

  it('Slack slow to answer (10 s): Herald is ready at once, and /readyz turns ready when Slack answers', async () => {
    // Herald's own check at start, and the first /readyz.
    world.slack.inject('auth.test', { latencyMs: 10_000 }, 2);
    const started = Date.now();
    const herald = await world.start();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await get(herald.port, '/healthz')).status).toBe(200);
    expect(await get(herald.port, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not_ready', reason: 'Slack could not be reached (timeout)' },
    });
    await waitUntil(async () => (await get(herald.port, '/readyz')).status === 200, 20_000, '/readyz 200');
    herald.kill('SIGTERM');
    expect(await herald.exited).toBe(0);
  }, 30_000);
});
