import { createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLogger } from './observability/logger.js';
import { ProviderCatalog } from './providers/catalog.js';
import { createConfiguredProviders } from './providers/configured-providers.js';
import { openStore } from './store/open-store.js';
import { keepHeapNearLive } from './observability/heap-tuning.js';
import { guardProcess } from './observability/process-guard.js';

// The entry point: read the configuration, open the store, start Slack and the publisher.

async function main(): Promise<void> {
  keepHeapNearLive();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  const stores = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionError: (error) => logger.warn({ err: error }, 'a PostgreSQL connection failed; the pool opens a new one'),
    onCheckpointError: (error) => logger.warn({ err: error }, 'SQLite background checkpoints stopped; commits checkpoint again'),
  });
  const herald = createApp({
    config,
    stores,
    logger,
    processMetrics: true,
    catalog: new ProviderCatalog(createConfiguredProviders(config, {}, stores.requestTurns)),
  });
  await herald.start();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await herald.stop();
    await stores.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Herald could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
