import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute } from '@slack/bolt';
import type { Config } from './config.js';
import { toSlackLogger, type Logger } from './observability/logger.js';
import type { ProviderCatalog } from './providers/catalog.js';
import { Publisher } from './publishing/publisher.js';
import type { Store } from './store/store.js';
import { registerListeners } from './slack/listeners/index.js';
import { createOutcomeNotifier } from './slack/outcome-notifier.js';

export interface AppDependencies {
  config: Config;
  store: Store;
  catalog: ProviderCatalog;
  logger: Logger;
  clock?: () => Date;
  /** The WebClient's own retries; tests switch them off so injected Slack errors surface at once. */
  slackRetries?: boolean;
}

export interface Herald {
  app: App;
  publisher: Publisher;
  /** Starts serving (HTTP or Socket Mode) and finishes what a previous process left unpublished. */
  start(): Promise<{ port: number }>;
  /** Stops taking requests, waits for publishing in flight. Does not close the store: its owner does. */
  stop(): Promise<void>;
}

/** Wires Herald together. Nothing here does I/O until `start()`. */
export function createApp(deps: AppDependencies): Herald {
  const { config, store, catalog, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  let ready = false;

  const healthRoute: CustomRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: (_request, response) => {
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: ready ? 'ok' : 'starting' }));
    },
  };

  const socketMode = config.slack.appToken !== undefined;
  const app = new App({
    token: config.slack.botToken,
    logger: toSlackLogger(logger),
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      ...(deps.slackRetries === false ? { retryConfig: { retries: 0 } } : {}),
    },
    customRoutes: [healthRoute],
    ...(socketMode
      ? {
          socketMode: true,
          appToken: config.slack.appToken,
          // The Socket Mode client has a WebClient of its own (for apps.connections.open): same API base.
          installerOptions: { port: config.port, clientOptions: { slackApiUrl: config.slack.apiUrl } },
        }
      : { signingSecret: config.slack.signingSecret ?? '', port: config.port }),
  });

  const publisher = new Publisher({ store, catalog, logger: logger.child({ component: 'publisher' }), clock, notifier: createOutcomeNotifier(app.client, logger, clock) });
  registerListeners(app, { store, catalog, publisher, logger, clock });
  app.error(async (error) => {
    logger.error({ err: error }, 'a Slack request failed in a listener');
  });

  return {
    app,
    publisher,
    async start() {
      const started = (await app.start(config.port)) as unknown;
      const port = socketMode ? config.port : ((started as Server).address() as AddressInfo).port;
      ready = true;
      // The embedded store belongs to this process alone: what it finds mid-publish was left by a dead one.
      await publisher.resumeUnfinished({ takeOverLeases: store.engine === 'sqlite' });
      logger.info({ port, mode: socketMode ? 'socket' : 'http' }, 'Herald is ready');
      return { port };
    },
    async stop() {
      ready = false;
      await app.stop();
      await publisher.stop();
    },
  };
}
