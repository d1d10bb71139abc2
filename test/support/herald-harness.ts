import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type Herald } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { createConfiguredProviders, type ProviderTuning } from '../../src/providers/configured-providers.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { startFakePagerDuty, type FakePagerDuty, type FakePagerDutyOptions } from '../fakes/fake-pagerduty.js';
import { startFakeSlack, type ChannelSpec, type FakeSlack } from '../fakes/fake-slack.js';
import { createSlackRequester, type SlackRequester } from './slack-client.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';

// The real Herald (createApp, the real store, the real provider clients) on an ephemeral port,
// wired to a fake Slack and a fake PagerDuty on loopback. Only the environment differs from production.

export const SIGNING_SECRET = 'e2e-signing-secret-7d1f0c';

export interface HarnessOptions {
  engine?: 'sqlite' | 'postgres';
  pagerduty?: FakePagerDutyOptions;
  channels?: ChannelSpec[];
  tuning?: ProviderTuning;
  clock?: () => Date;
}

export interface Harness {
  herald: Herald;
  store: Store;
  slack: FakeSlack;
  pagerduty: FakePagerDuty;
  requester: SlackRequester;
  baseUrl: string;
  /** Every log line Herald wrote, for asserting nothing secret was logged. */
  logs: string[];
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const slack = await startFakeSlack({ channels: options.channels });
  const pagerduty = await startFakePagerDuty(options.pagerduty);
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-e2e-'));
  let database: TestDatabase | undefined;
  if (options.engine === 'postgres') database = await createTestDatabase();

  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    PAGERDUTY_API_TOKEN: pagerduty.token,
    PAGERDUTY_API_URL: pagerduty.url,
    DATA_DIR: dataDir,
    DATABASE_URL: database?.url,
    LOG_LEVEL: 'debug',
  });
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  }));
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const catalog = new ProviderCatalog(
    createConfiguredProviders(config, { timeoutMs: 1500, retries: 2, backoffMs: 10, maxRetryWaitMs: 2000, ...options.tuning }),
  );
  const herald = createApp({ config, store, catalog, logger, slackRetries: false, ...(options.clock ? { clock: options.clock } : {}) });
  const { port } = await herald.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const requester = createSlackRequester({ baseUrl, signingSecret: SIGNING_SECRET, issuer: slack });

  return {
    herald,
    store,
    slack,
    pagerduty,
    requester,
    baseUrl,
    logs,
    async close() {
      await herald.stop();
      await store.close();
      await Promise.all([slack.close(), pagerduty.close()]);
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
