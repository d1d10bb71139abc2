import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
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
import { FAKE_CHANNEL, startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/fake-socket-mode.js';

// The real Herald in Socket Mode (SLACK_APP_TOKEN set), connected to a fake Socket Mode server, with the fake
// Slack and PagerDuty; every log line at warn and above kept.

export const APP_TOKEN = 'xapp-1-A0HERALD01-socket-test';

export interface SocketModeHerald {
  herald: Herald;
  slack: FakeSlack;
  socket: FakeSocketMode;
  /** The HTTP port of /healthz and the other operator routes. */
  port: number;
  /** Each line Herald logged at warn or above, parsed. */
  logs: { level: number; msg: string }[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startSocketModeHerald(): Promise<SocketModeHerald> {
  const [slack, socket, pagerduty]: [FakeSlack, FakeSocketMode, FakePagerDuty] = await Promise.all([
    startFakeSlack({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }] }),
    startFakeSocketMode(),
    startFakePagerDuty(),
  ]);
  slack.enableSocketMode(APP_TOKEN, socket.url);
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-socket-'));
  const port = await freePort();
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
  const stores: Stores = await openStore({ dataDir });
  const logs: SocketModeHerald['logs'] = [];
  const logger = createLogger(
    'warn',
    new Writable({
      write: (chunk, _encoding, done) => {
        for (const line of String(chunk).split('\n')) if (line !== '') logs.push(JSON.parse(line) as { level: number; msg: string });
        done();
      },
    }),
  );
  const herald = createApp({
    config,
    stores,
    logger,
    catalog: new ProviderCatalog(createConfiguredProviders(config)),
    slackRetries: false,
  });
  await herald.start();
  await socket.connected();
  return {
    herald,
    slack,
    socket,
    port,
    logs,
    async close() {
      // Slack's side ends the connection first, as it does; Herald's client then has nothing left to wait for.
      await socket.close();
      await herald.stop();
      await stores.close();
      await Promise.all([slack.close(), pagerduty.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
