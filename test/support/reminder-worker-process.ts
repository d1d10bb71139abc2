import { WebClient } from '@slack/web-api';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { ProviderCatalog } from '../../src/providers/catalog.js';
import { createConfiguredProviders } from '../../src/providers/configured-providers.js';
import { startReminders } from '../../src/reminders/index.js';
import { openStore } from '../../src/store/open-store.js';

// A reminder worker alone in a process of its own, for the tests that kill one in the middle of a reminder
// (test/e2e/reminder-crash.test.ts); started by startReminderWorkerProcess below with `node --import tsx`.
// Configured like Herald, from the environment, plus HERALD_TEST_NOW: the time its clock stands still at.
// It ticks once; the test decides what happens next (say, the provider read never answers, then SIGKILL).

const config = loadConfig(process.env);
// On SQLite the test's own process has the database open already, standing for the Herald that starts after this one
// dies: so this one leaves DATA_DIR's lock to it (Herald itself always takes the lock, and two never run on one file).
const stores = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, lockDataDir: false });
// No retries and a long timeout: a provider read the test holds keeps this worker waiting until it is killed.
const catalog = new ProviderCatalog(createConfiguredProviders(config, { timeoutMs: 120_000, retries: 0 }));
const client = new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl, retryConfig: { retries: 0 } });
const now = new Date(process.env.HERALD_TEST_NOW ?? Date.now());
const worker = startReminders({
  ...stores,
  catalog,
  client,
  logger: createLogger('info'),
  clock: () => now,
  pollMs: 3_600_000,
});
process.stdout.write('reminder worker ticking\n');
await worker.tick();
await worker.stop();
await stores.close();
process.stdout.write('reminder worker done\n');
