import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  HTTPModuleFunctions,
  HTTPReceiver,
  SocketModeReceiver,
  type CustomRoute,
  type ReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import { operatorRoutes } from './observability/http-routes.js';
import { toSlackLogger, type Logger } from './observability/logger.js';
import { createMetrics, type HeraldMetrics } from './observability/metrics.js';
import { createReadinessCheck } from './observability/readiness.js';
import { identifySlackRequests, timeSocketModeAcks, trackSlackRequests } from './observability/slack-request-tracking.js';
import type { ProviderCatalog } from './providers/catalog.js';
import { Publisher, type PublisherTiming } from './publishing/publisher.js';
import { startReminders, type ReminderWorker } from './reminders/index.js';
import type { Stores } from './store/stores.js';
import { registerListeners } from './slack/listeners/index.js';
import { createOutcomeNotifier } from './slack/outcome/outcome-notifier.js';
import { groupOutcomes } from './submitting/group-outcome.js';
import { createLiveSummary } from './summary/live-summary.js';
import { createPublisherCheck } from './slack/permissions/publisher-permission.js';
import { guardSlackRequests } from './slack/http/request-guard.js';
import { slackFetch } from './slack/http/slack-http-transport.js';
import { describeSlackFailure } from './slack-kit/slack-error.js';
import { screenSocketModeMessages } from './slack/http/socket-mode-screen.js';
import { answerWhatListenersLeaveUnanswered, unansweredResponse } from './slack/http/unanswered-requests.js';
import { setUpWorkspaces } from './slack/installations/index.js';
import { perWorkspaceNotifier } from './slack/outcome/workspace-notifier.js';

export interface AppDependencies {
  config: Config;
  stores: Stores;
  catalog: ProviderCatalog;
  logger: Logger;
  clock?: () => Date;
  /** The WebClient's own retries; tests switch them off so injected Slack errors surface at once. */
  slackRetries?: boolean;
  /** Leases, heartbeat, settling and sweep intervals; the defaults suit production, tests shorten them. */
  publishing?: Partial<PublisherTiming>;
  /** Export the process's CPU, memory and event loop metrics too (the real process; not tests). */
  processMetrics?: boolean;
  /** How long /readyz believes Slack's answer about the token (defaults: 60 s valid, 5 s invalid). */
  readiness?: { tokenCacheMs?: number; failureCacheMs?: number };
  /** The reminder worker's poll interval (default 30 s); false: no worker (tests that drive one themselves). */
  reminders?: { pollMs?: number } | false;
}

export interface Herald {
  app: App;
  publisher: Publisher;
  /** This app's own registry, served at GET /metrics. */
  metrics: HeraldMetrics;
  /** Starts serving (HTTP or Socket Mode) and finishes what a previous process left unpublished. */
  start(): Promise<{ port: number }>;
  /** Stops taking requests, waits for publishing in flight. Does not close the store: its owner does. */
  stop(): Promise<void>;
}

const SLACK_EVENTS_PATH = '/slack/events';
/**
 * The most a request from Slack may carry. Real payloads are a few kilobytes (a full form with its view is
 * well under 100 KB); Bolt's default of 4 MB only lets a hostile sender make us hold more in memory.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

/** Wires Herald together. Nothing here does I/O until `start()`. */
export function createApp(deps: AppDependencies): Herald {
  const { config, stores, catalog, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  let ready = false;
  let reminders: ReminderWorker | undefined;
  const slackLogger = toSlackLogger(logger);
  const metrics = createMetrics({ processMetrics: deps.processMetrics ?? false });
  metrics.countUnfinishedWith(async () => (await stores.submissions.listUnfinished(clock(), { takeBackOwn: true })).length);
  catalog.timeReadsWith((read) => metrics.providerRead(read.provider, read.operation, read.outcome, read.seconds));
  // One SLACK_BOT_TOKEN, or OAuth with a token per workspace (src/slack/installations/).
  const workspaces = setUpWorkspaces({
    config,
    installations: stores.installations,
    logger,
    slackLogger,
    clock,
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      fetch: slackFetch,
      ...(deps.slackRetries === false ? { retryConfig: { retries: 0 } } : {}),
    },
  });
  // A client of its own for auth.test: no retries, a short timeout, so a probe answers while Slack is down.
  const tokenChecker = new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    fetch: slackFetch,
    logger: slackLogger,
    retryConfig: { retries: 0 },
    timeout: 5_000,
  });
  const readiness = createReadinessCheck({
    pingStore: () => stores.ping(),
    ...(config.slack.botToken ? { checkSlackToken: () => tokenRefusal(tokenChecker) } : {}),
    ...deps.readiness,
  });
  const routes = [...operatorRoutes({ started: () => ready, readiness, metrics }), ...workspaces.routes];
  const socketMode = config.slack.appToken !== undefined;
  const app = new App({
    ...workspaces.appAuth,
    logger: slackLogger,
    // Herald keeps no per-conversation state in Bolt; its default in-memory store only costs memory.
    convoStore: false,
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      // node:http with keep-alive instead of the built-in fetch: a fraction of the CPU per call (slack-http-transport.ts).
      fetch: slackFetch,
      ...(deps.slackRetries === false ? { retryConfig: { retries: 0 } } : {}),
    },
    receiver: socketMode
      ? createSocketModeReceiver(config.slack.appToken!, config, routes, slackLogger, logger)
      : createHttpReceiver(config, routes, slackLogger, logger, metrics),
  });

  const access = workspaces.connect(app);
  const liveSummary = createLiveSummary({ summaries: stores.summaries, corrections: stores.corrections, catalog, logger, clock });
  const groups = groupOutcomes(stores.groups);
  const notifierFor = (client: WebClient) =>
    createOutcomeNotifier({ client, logger, clock, liveSummary, groups, correctable: (id) => catalog.offersCorrections(id) });
  const publisher = new Publisher({
    submissions: stores.submissions,
    catalog,
    logger: logger.child({ component: 'publisher' }),
    clock,
    // Each outcome goes out with the token of the submission's own workspace.
    notifier: perWorkspaceNotifier(access, notifierFor, logger, clock),
    metrics,
    ...(deps.publishing ? { timing: deps.publishing } : {}),
  });
  identifySlackRequests(app);
  workspaces.registerListeners(app, access);
  if (socketMode) timeSocketModeAcks(app, metrics);
  registerListeners(app, {
    stores,
    catalog,
    publisher,
    logger,
    clock,
    publishers: createPublisherCheck({ handles: config.publishers, logger, now: () => clock().getTime() }),
    maxUpdatesPerMinute: config.maxUpdatesPerMinute,
    liveSummary,
  });
  answerWhatListenersLeaveUnanswered(app, logger);
  app.error(async (error) => {
    logger.error({ err: error }, 'a Slack request failed in a listener');
  });

  return {
    app,
    publisher,
    metrics,
    async start() {
      const started = (await app.start(config.port)) as unknown;
      const port = socketMode ? config.port : ((started as Server).address() as AddressInfo).port;
      await workspaces.checkAtStart();
      ready = true;
      // The embedded store belongs to this process alone: what it finds mid-publish was left by a dead one.
      // On PostgreSQL the store itself knows which lease owners are gone (see store/owner-lock.ts).
      await publisher.resumeUnfinished({ takeOverLeases: stores.engine === 'sqlite' });
      publisher.startSweeping();
      if (deps.reminders !== false)
        reminders = startReminders({
          channels: stores.channels,
          reminders: stores.reminders,
          groups: stores.groups,
          catalog,
          client: app.client,
          clientFor: access.clientFor,
          logger,
          clock,
          metrics,
          pollMs: config.reminderPollMs,
          ...deps.reminders,
        });
      logger.info({ port, mode: socketMode ? 'socket' : 'http', workspaces: workspaces.mode }, 'Herald is ready');
      return { port };
    },
    async stop() {
      ready = false;
      workspaces.stop();
      await app.stop();
      await reminders?.stop();
      await publisher.stop();
    },
  };
}

/** Socket Mode, with every message screened before the client reads it (socket-mode-screen.ts). */
function createSocketModeReceiver(
  appToken: string,
  config: Config,
  routes: CustomRoute[],
  slackLogger: ReturnType<typeof toSlackLogger>,
  logger: Logger,
): SocketModeReceiver {
  const receiver = new SocketModeReceiver({
    appToken,
    customRoutes: routes,
    // The Socket Mode client has a WebClient of its own (for apps.connections.open): the same API base and transport.
    installerOptions: { port: config.port, clientOptions: { slackApiUrl: config.slack.apiUrl, fetch: slackFetch } },
    logger: slackLogger,
  });
  screenSocketModeMessages(receiver, (reason) =>
    logger.warn({ reason }, 'dropped a Socket Mode envelope that is not a payload Slack sends'),
  );
  return receiver;
}

/** Null when Slack accepts the bot token; otherwise why not, telling a refused token from Slack out of reach. */
async function tokenRefusal(client: WebClient): Promise<string | null> {
  try {
    await client.auth.test();
    return null;
  } catch (error) {
    const failure = describeSlackFailure(error);
    return failure.refused ? `Slack did not accept the bot token (${failure.code})` : `Slack could not be reached (${failure.code})`;
  }
}

/**
 * Bolt's HTTP receiver, told what to do with bad requests: bodies over SLACK_BODY_LIMIT get 413, a missing,
 * wrong or stale signature and a replayed request 401 (see request-guard.ts, which checks signatures in Bolt's
 * place), and a failure inside Bolt an answer Slack can show rather than a 500. Bolt answers a body it cannot
 * parse with 400.
 */
function createHttpReceiver(
  config: Config,
  routes: CustomRoute[],
  slackLogger: ReturnType<typeof toSlackLogger>,
  logger: Logger,
  metrics: HeraldMetrics,
): HTTPReceiver {
  const signingSecret = config.slack.signingSecret ?? '';
  const receiver = new HTTPReceiver({
    signingSecret,
    // Checked once, by guardSlackRequests below, before any request reaches Bolt.
    signatureVerification: false,
    endpoints: [SLACK_EVENTS_PATH],
    port: config.port,
    customRoutes: routes,
    logger: slackLogger,
    bodyLimit: SLACK_BODY_LIMIT,
    processEventErrorHandler: async ({ error, request, response }: ReceiverProcessEventErrorHandlerArgs) => {
      logger.error({ err: error }, 'Bolt failed while handling a Slack request');
      if (response.headersSent) return false;
      let body: Record<string, unknown> = {};
      try {
        body = HTTPModuleFunctions.parseHTTPRequestBody(request as never) as Record<string, unknown>;
      } catch {
        // Parsed once already to get here; answer generically if it will not parse again.
      }
      HTTPModuleFunctions.buildContentResponse(response, unansweredResponse(body));
      return true;
    },
  });
  receiver.requestListener = guardSlackRequests(receiver.requestListener, {
    signingSecret,
    paths: [SLACK_EVENTS_PATH],
    bodyLimit: SLACK_BODY_LIMIT,
    onReplay: () => logger.warn('refused a replayed Slack request'),
    onBadSignature: (reason) => logger.warn({ reason }, 'refused a Slack request whose signature did not verify'),
    onMalformed: (reason) => logger.warn({ reason }, 'refused a signed Slack request that is not a payload Slack sends'),
  });
  receiver.requestListener = trackSlackRequests(receiver.requestListener, { path: SLACK_EVENTS_PATH, metrics });
  return receiver;
}
