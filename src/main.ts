import { createApp } from './app.js';
import { type Config, loadConfig } from './config.js';
import { loadEnvFile, placeholdersInPlace } from './env-file.js';
import { createLogger } from './observability/logger.js';
import { ProviderCatalog } from './providers/catalog.js';
import { createConfiguredProviders } from './providers/configured-providers.js';
import { openStore } from './store/open-store.js';
import { keepHeapNearLive } from './observability/heap-tuning.js';
import { guardProcess } from './observability/process-guard.js';
import { describeStartupFailure } from './startup-failure.js';

// The entry point: read the configuration, open the store, start Slack and the publisher.

let config: Config | undefined;

async function main(): Promise<void> {
  keepHeapNearLive();
  const envFile = loadEnvFile();
  config = loadConfig();
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  if (envFile.path) logger.info({ file: envFile.path }, 'read the configuration from .env (variables already set take precedence)');
  for (const name of placeholdersInPlace(process.env))
    logger.warn({ variable: name }, `${name} still holds the sample value from .env.example: set it to your own`);
  const stores = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionError: (error) => logger.warn({ err: error }, 'a PostgreSQL connection failed; the pool opens a new one'),
    onCheckpointError: (error) => logger.warn({ err: error }, 'SQLite background checkpoints stopped; commits checkpoint again'),
    onIndexBuild: (event) =>
      'error' in event
        ? logger.warn({ index: event.index, err: event.error }, 'could not build an index without blocking writes; the migration builds it')
        : logger.info({ index: event.index, ms: Math.round(event.ms) }, 'built an index without blocking writes, before migrating'),
  });
  const herald = createApp({
    config,
    stores,
    logger,
    processMetrics: true,
    catalog: new ProviderCatalog(createConfiguredProviders(config, {}, stores.requestTurns)),
  });

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
  try {
    await herald.start();
  } catch (error) {
    await stores.close().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  const failure = describeStartupFailure(error, config?.port);
  process.stderr.write(`${failure.message}\n`);
  process.exit(failure.exitCode);
});
