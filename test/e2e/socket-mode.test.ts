import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type Herald } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { createConfiguredProviders } from '../../src/providers/configured-providers.js';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/stores.js';
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/fake-pagerduty.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/fake-socket-mode.js';
import { slashCommandBody } from '../support/slack-payloads.js';

const APP_TOKEN = 'xapp-1-A0HERALD01-socket-test';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let pagerduty: FakePagerDuty;
  let store: Stores;
  let herald: Herald;
  let dataDir: string;
  let port: number;
  const logs: string[] = [];

  beforeAll(async () => {
    [slack, socket, pagerduty] = await Promise.all([startFakeSlack(), startFakeSocketMode(), startFakePagerDuty()]);
    slack.enableSocketMode(APP_TOKEN, socket.url);
    dataDir = await mkdtemp(join(tmpdir(), 'herald-socket-'));
    port = await freePort();
    const config = loadConfig({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      PAGERDUTY_API_TOKEN: pagerduty.token,
      PAGERDUTY_API_URL: pagerduty.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    });
    store = await openStore({ dataDir });
    const logger = createLogger(
      'warn',
      new Writable({
        write: (chunk, _encoding, done) => {
          logs.push(
            ...String(chunk)
              .split('\n')
              .filter((line) => line !== ''),
          );
          done();
        },
      }),
    );
    herald = createApp({
      config,
      stores: store,
      logger,
      catalog: new ProviderCatalog(createConfiguredProviders(config)),
      slackRetries: false,
    });
    await herald.start();
    await socket.connected();
  });

  afterAll(async () => {
    // Slack's side ends the connection first, as it does; Herald's client then has nothing left to wait for.
    await socket.close();
    await herald.stop();
    await store.close();
    await Promise.all([slack.close(), pagerduty.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('needs no signing secret and serves /healthz on PORT', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });

  it('receives /status-update over the socket, acknowledges it and opens the form', async () => {
    const since = slack.calls.length;
    const ack = await socket.send(
      'slash_commands',
      slashCommandBody({ trigger_id: slack.newTriggerId(), response_url: slack.newResponseUrl() }),
    );
    expect(ack.envelope_id).toBeDefined();
    const opened = await slack.waitFor('views.open', { since });
    expect((opened.response as { ok: boolean }).ok).toBe(true);
  });

  it('answers `help` in the acknowledgement itself', async () => {
    const ack = await socket.send('slash_commands', slashCommandBody({ text: 'help', trigger_id: slack.newTriggerId() }));
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: expect.stringContaining('/status-update help') });
  });

  it('times each acknowledgement sent over the socket, for GET /metrics', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const line = metrics
      .split('\n')
      .find((candidate) => candidate.startsWith('herald_slack_ack_duration_seconds_count{mode="socket",status="acked"} '));
    // The two commands above; nothing is counted as HTTP in Socket Mode.
    expect(Number(line?.split(' ')[1])).toBeGreaterThanOrEqual(2);
    expect(metrics).not.toContain('mode="http"');
  });

  it.each([
    ['a slash_commands envelope whose payload is null', 'slash_commands', null],
    ['an interactive envelope whose payload is an array', 'interactive', []],
    ['an events_api envelope with no event', 'events_api', { type: 'event_callback', team_id: 'T0HERALD01' }],
    ['an events_api envelope whose event is null', 'events_api', { type: 'event_callback', event: null }],
    ['an interactive view submission with no user', 'interactive', { type: 'view_submission', view: { id: 'V1', callback_id: 'x' } }],
    ['an envelope of a type Slack does not send', 'not_a_type', { type: 'shortcut' }],
  ])('%s is acknowledged, dropped and logged at warn; Herald keeps serving', async (_what, type, payload) => {
    const before = logs.length;
    const ack = await socket.send(type, payload);
    expect(ack.envelope_id).toBeDefined();
    const since = slack.calls.length;
    await socket.send('slash_commands', slashCommandBody({ trigger_id: slack.newTriggerId(), response_url: slack.newResponseUrl() }));
    await slack.waitFor('views.open', { since });
    const written = logs.slice(before).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(written.filter((line) => line.level >= 50)).toEqual([]);
    expect(written.map((line) => line.msg)).toContain('dropped a Socket Mode envelope that is not a payload Slack sends');
  });
});
