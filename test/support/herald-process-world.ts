import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/fake-pagerduty.js';
import { FAKE_CHANNEL, startFakeSlack, type ChannelSpec, type FakeSlack } from '../fakes/fake-slack.js';
import type { Harness } from './herald-harness.js';
import { startHeraldProcess, type HeraldProcess } from './herald-process.js';
import { createSlackRequester, type SlackRequester } from './slack-client.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';

// What a test running Herald as its own process (`node dist/main.js`) sets up around it: fake Slack (with the
// incident channel) and PagerDuty, a data directory, a PostgreSQL database if asked, and every process it
// started, all taken down by close() however the test ended.

export interface HeraldProcessWorld {
  slack: FakeSlack;
  pagerduty: FakePagerDuty;
  dataDir: string;
  /** Set when the world was opened with `postgres: true`. */
  database: TestDatabase | undefined;
  /** The complete environment Herald needs against these fakes (PORT=0, LOG_LEVEL=info), plus `extra`. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Starts Herald on env(extra) and waits until it is ready; close() kills it if the test has not. */
  start(extra?: NodeJS.ProcessEnv, entry?: string): Promise<HeraldProcess>;
  /** Signed Slack requests to the process listening on `port`. */
  requesterFor(port: number): SlackRequester;
  /** What the form driver needs (the fake Slack and a way to send Slack's requests), aimed at `port`. */
  driverFor(port: number): Harness;
  close(): Promise<void>;
}

export async function openHeraldProcessWorld(options: {
  signingSecret: string;
  dataDirPrefix: string;
  postgres?: boolean;
  /** More channels the fake Slack knows, besides the incident channel. */
  channels?: ChannelSpec[];
}): Promise<HeraldProcessWorld> {
  const [slack, pagerduty] = await Promise.all([
    startFakeSlack({ channels: [{ id: FAKE_CHANNEL.id, name: FAKE_CHANNEL.name }, ...(options.channels ?? [])] }),
    startFakePagerDuty(),
  ]);
  const dataDir = await mkdtemp(join(tmpdir(), options.dataDirPrefix));
  const database = options.postgres ? await createTestDatabase() : undefined;
  const started: HeraldProcess[] = [];

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: options.signingSecret,
    SLACK_API_URL: slack.apiUrl,
    PAGERDUTY_API_TOKEN: pagerduty.token,
    PAGERDUTY_API_URL: pagerduty.url,
    DATA_DIR: dataDir,
    ...(database ? { DATABASE_URL: database.url } : {}),
    PORT: '0',
    LOG_LEVEL: 'info',
    ...extra,
  });
  const requesterFor = (port: number): SlackRequester =>
    createSlackRequester({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: options.signingSecret, issuer: slack });

  return {
    slack,
    pagerduty,
    dataDir,
    database,
    env,
    start: async (extra, entry) => {
      const herald = await startHeraldProcess(env(extra), entry);
      started.push(herald);
      return herald;
    },
    requesterFor,
    driverFor: (port) => ({ slack, requester: requesterFor(port) }) as unknown as Harness,
    close: async () => {
      // A process the test already stopped ignores the signal.
      for (const herald of started) herald.kill('SIGKILL');
      await Promise.all(started.map((herald) => herald.exited));
      await Promise.all([slack.close(), pagerduty.close()]);
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
