import { mkdtemp, rm } from 'node:fs/promises';
import { WebClient } from '@slack/web-api';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type Herald } from '../../src/app.js';
import type { PublisherTiming } from '../../src/publishing/publisher.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { createConfiguredProviders, type ProviderTuning } from '../../src/providers/configured-providers.js';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/stores.js';
import { startFakeDevHelm, type FakeDevHelm, type FakeDevHelmOptions } from '../fakes/fake-devhelm.js';
import { startFakePagerDuty, type FakePagerDuty, type FakePagerDutyOptions } from '../fakes/fake-pagerduty.js';
import { startFakeStatuspage, type FakeStatuspage, type FakeStatuspageOptions } from '../fakes/fake-statuspage.js';
import { startFakeSlack, type ChannelSpec, type FakeSlack } from '../fakes/fake-slack.js';
import { createSlackRequester, type SlackRequester } from './slack-client.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

// The real Herald (createApp, the real store, the real provider clients) on an ephemeral port,
// wired to a fake Slack and a fake PagerDuty on loopback. Only the environment differs from production.

export const SIGNING_SECRET = 'e2e-signing-secret-7d1f0c';

export interface HarnessOptions {
  /** The app's own reminder worker; off unless asked for (reminder tests start and tick one themselves). */
  reminders?: { pollMs?: number } | false;
  engine?: 'sqlite' | 'postgres';
  /** PostgreSQL only: Herald reaches the database through a proxy the test can cut (`Harness.databaseProxy`). */
  databaseProxy?: boolean;
  pagerduty?: FakePagerDutyOptions;
  channels?: ChannelSpec[];
  tuning?: ProviderTuning;
  clock?: () => Date;
  /** Also start a fake DevHelm and configure Herald with it (`true`: its defaults). */
  devhelm?: FakeDevHelmOptions | boolean;
  /** Also start a fake Statuspage and configure Herald with it (`true`: its defaults). */
  statuspage?: FakeStatuspageOptions | boolean;
  /** false: the fake PagerDuty still runs but Herald is not given its token. Default true. */
  pagerdutyConfigured?: boolean;
  /** The publisher's leases, settling and sweep intervals (production defaults otherwise). */
  publishing?: Partial<PublisherTiming>;
  /** How long /readyz believes Slack's answer about the token. */
  readiness?: { tokenCacheMs?: number; failureCacheMs?: number };
  /** HERALD_PUBLISHERS: user group handles whose members may publish (unset: anyone). */
  publishers?: string;
  /** The Slack app's granted scopes, when a test needs fewer than the fake's defaults. */
  slackScopes?: string[];
  /** HERALD_MAX_UPDATES_PER_MINUTE; unset: the production default (6). One test user submitting a burst sets 0. */
  maxUpdatesPerMinute?: number;
  /** The least time between two publishes of one person's Home tab; unset: the production 10 s. */
  homeRefreshMs?: number;
  /** HERALD_OVERDUE_MINUTES; unset: the production default (60). */
  overdueMinutes?: number;
  /** HERALD_INTERNAL_PATTERNS: the operator's internal names the check before publishing catches. */
  internalPatterns?: string;
  /** HERALD_ANNOUNCE_CHANNELS: channel ids every incident is also announced in. */
  announceChannels?: string;
  /**
   * Multi-workspace OAuth (SLACK_CLIENT_ID…, the fake Slack's OAuth app) instead of one SLACK_BOT_TOKEN.
   * `keepBotToken`: SLACK_BOT_TOKEN stays set too. `encryptionKey`: HERALD_ENCRYPTION_KEY (default: a fixed test key).
   * `allowedTeams`: HERALD_ALLOWED_TEAMS (default `*`).
   */
  oauth?: { keepBotToken?: boolean; encryptionKey?: string; allowedTeams?: string };
}

/** HERALD_ENCRYPTION_KEY of OAuth harnesses: 32 bytes, base64. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
export const TEST_STATE_SECRET = 'e2e-oauth-state-secret-91c4';

export interface Harness {
  herald: Herald;
  /** A Slack client with Herald's bot token, for the tests that run Herald's background workers themselves. */
  botClient: WebClient;
  stores: Stores;
  slack: FakeSlack;
  pagerduty: FakePagerDuty;
  /** Set when started with `devhelm`. */
  devhelm: FakeDevHelm | undefined;
  /** Set when started with `statuspage`. */
  statuspage: FakeStatuspage | undefined;
  /** Set when started with `databaseProxy`: cut() makes the database go away, restore() brings it back. */
  databaseProxy: TcpProxy | undefined;
  catalog: ProviderCatalog;
  requester: SlackRequester;
  baseUrl: string;
  /** Every log line Herald wrote, for asserting nothing secret was logged. */
  logs: string[];
  /** The environment Herald was configured from: a second process on the same database starts from it. */
  env: NodeJS.ProcessEnv;
  /** Every secret Herald was configured with (tokens, signing secret, database password): none may be logged. */
  secrets: string[];
  /**
   * Stops Herald and starts it again on the same database, as a restarted process would (a new store, catalog
   * and app; the fakes keep running). `herald`, `stores`, `catalog`, `requester` and `baseUrl` change.
   * `changes`: environment variables that differ in the new process (say, another HERALD_ENCRYPTION_KEY).
   */
  restart(changes?: NodeJS.ProcessEnv): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const slack = await startFakeSlack({ channels: options.channels, ...(options.slackScopes ? { scopes: options.slackScopes } : {}) });
  const pagerduty = await startFakePagerDuty(options.pagerduty);
  const optionsOf = <T extends object>(value: T | boolean | undefined): T | undefined =>
    value === undefined || value === false ? undefined : value === true ? ({} as T) : value;
  const devhelmOptions = optionsOf(options.devhelm);
  const statuspageOptions = optionsOf(options.statuspage);
  const devhelm = devhelmOptions ? await startFakeDevHelm(devhelmOptions) : undefined;
  const statuspage = statuspageOptions ? await startFakeStatuspage(statuspageOptions) : undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-e2e-'));
  let database: TestDatabase | undefined;
  if (options.engine === 'postgres') database = await createTestDatabase();
  let databaseProxy: TcpProxy | undefined;
  let databaseUrl = database?.url;
  if (database && options.databaseProxy) {
    const url = new URL(database.url);
    databaseProxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(databaseProxy.port);
    databaseUrl = url.toString();
  }

  const oauthEnv: NodeJS.ProcessEnv = options.oauth
    ? {
        SLACK_CLIENT_ID: slack.workspaces.app.clientId,
        SLACK_CLIENT_SECRET: slack.workspaces.app.clientSecret,
        SLACK_STATE_SECRET: TEST_STATE_SECRET,
        HERALD_ENCRYPTION_KEY: options.oauth.encryptionKey ?? TEST_ENCRYPTION_KEY,
        HERALD_ALLOWED_TEAMS: options.oauth.allowedTeams ?? '*',
      }
    : {};
  const env: NodeJS.ProcessEnv = {
    ...oauthEnv,
    SLACK_BOT_TOKEN: options.oauth && !options.oauth.keepBotToken ? undefined : slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    PAGERDUTY_API_TOKEN: options.pagerdutyConfigured === false ? undefined : pagerduty.token,
    PAGERDUTY_API_URL: pagerduty.url,
    DEVHELM_API_TOKEN: devhelm?.token,
    DEVHELM_API_URL: devhelm?.url,
    STATUSPAGE_API_TOKEN: statuspage?.token,
    STATUSPAGE_API_URL: statuspage?.url,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'debug',
    HERALD_PUBLISHERS: options.publishers,
    HERALD_MAX_UPDATES_PER_MINUTE: options.maxUpdatesPerMinute === undefined ? undefined : String(options.maxUpdatesPerMinute),
    HERALD_OVERDUE_MINUTES: options.overdueMinutes === undefined ? undefined : String(options.overdueMinutes),
    HERALD_INTERNAL_PATTERNS: options.internalPatterns,
    HERALD_ANNOUNCE_CHANNELS: options.announceChannels,
  };
  let config = loadConfig(env);
  const logs: string[] = [];
  const logger = createLogger(
    config.logLevel,
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const boot = async () => {
    const stores = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const catalog = new ProviderCatalog(
      createConfiguredProviders(
        config,
        { timeoutMs: 1500, retries: 2, backoffMs: 10, maxRetryWaitMs: 2000, ...options.tuning },
        stores.requestTurns,
      ),
    );
    const herald = createApp({
      config,
      stores,
      catalog,
      logger,
      slackRetries: false,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.publishing ? { publishing: options.publishing } : {}),
      ...(options.readiness ? { readiness: options.readiness } : {}),
      ...(options.homeRefreshMs === undefined ? {} : { homeRefreshMs: options.homeRefreshMs }),
      // Reminder tests drive a worker of their own, tick by tick, on a controlled clock.
      reminders: options.reminders ?? false,
    });
    const { port } = await herald.start();
    const baseUrl = `http://127.0.0.1:${port}`;
    const requester = createSlackRequester({ baseUrl, signingSecret: SIGNING_SECRET, issuer: slack });
    return { herald, stores, catalog, requester, baseUrl };
  };

  const harness: Harness = {
    ...(await boot()),
    botClient: new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
    slack,
    pagerduty,
    devhelm,
    statuspage,
    databaseProxy,
    logs,
    env,
    secrets: [
      config.slack.botToken,
      SIGNING_SECRET,
      slack.botToken,
      pagerduty.token,
      devhelm?.token,
      statuspage?.token,
      database ? decodeURIComponent(new URL(database.url).password) : undefined,
      oauthEnv.SLACK_CLIENT_SECRET,
      oauthEnv.SLACK_STATE_SECRET,
      oauthEnv.HERALD_ENCRYPTION_KEY,
    ].filter((secret): secret is string => secret !== undefined && secret !== ''),
    async restart(changes) {
      await harness.herald.stop();
      await harness.stores.close();
      if (changes) config = loadConfig({ ...env, ...changes });
      Object.assign(harness, await boot());
    },
    async close() {
      await harness.herald.stop();
      await harness.stores.close();
      await Promise.all([slack.close(), pagerduty.close(), devhelm?.close(), statuspage?.close(), databaseProxy?.close()]);
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
