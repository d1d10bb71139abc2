import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import { exactPaths, operatorRoutes } from './observability/http-routes.js';
import { toSlackLogger, type Logger } from './observability/logger.js';
import { createMetrics, type HeraldMetrics } from './observability/metrics.js';
import { createReadinessCheck } from './observability/readiness.js';
import { identifySlackRequests, timeSocketModeAcks } from './observability/slack-request-tracking.js';
import type { ProviderCatalog } from './providers/catalog.js';
import { DEFAULT_PUBLISHER_TIMING, Publisher, type PublisherTiming } from './publishing/publisher.js';
import { type AuditRetention, startAuditRetention } from './publishing/audit-retention.js';
import { startReminders, type ReminderWorker } from './reminders/index.js';
import type { Stores } from './store/stores.js';
import { registerListeners } from './slack/listeners/index.js';
import { createOutcomeNotifier } from './slack/outcome/outcome-notifier.js';
import { createAnnouncementPoster } from './slack/announcements/announcement-poster.js';
import { groupOutcomes } from './submitting/group-outcome.js';
import { createLiveSummary } from './summary/live-summary.js';
import { createPublisherCheck } from './slack/permissions/publisher-permission.js';
import { slackFetch } from './slack/http/slack-http-transport.js';
import { createHttpReceiver, createSocketModeReceiver } from './slack/http/receivers.js';
import { judgeListenerFailure } from './slack/http/listener-errors.js';
import { answerWhatListenersLeaveUnanswered } from './slack/http/unanswered-requests.js';
import { setUpWorkspaces } from './slack/installations/index.js';
import { perWorkspaceNotifier } from './slack/outcome/workspace-notifier.js';
import { createHomeViewers } from './home/home-viewers.js';
import { createPageActivity } from './home/page-activity.js';
import { createHomePublisher } from './slack/home/publish-home.js';
import { refreshHomeAfterPublish } from './slack/home/refresh-after-publish.js';

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
  /** The least time between two publishes of one person's Home tab (default 10 s); tests shorten it. */
  homeRefreshMs?: number;
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

/** Wires Herald together. Nothing here does I/O until `start()`. */
export function createApp(deps: AppDependencies): Herald {
  const { config, stores, catalog, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  let ready = false;
  let reminders: ReminderWorker | undefined;
  let retention: AuditRetention | undefined;
  const slackLogger = toSlackLogger(logger);
  const metrics = createMetrics({ processMetrics: deps.processMetrics ?? false });
  metrics.countUnfinishedWith(() => stores.submissions.countUnfinished());
  catalog.timeReadsWith((read) => metrics.providerRead(read.provider, read.operation, read.outcome, read.seconds));
  // Every WebClient: SLACK_API_URL, and node:http with keep-alive instead of the built-in fetch (a fraction of
  // the CPU per call: slack-http-transport.ts).
  const clientOptions = {
    slackApiUrl: config.slack.apiUrl,
    fetch: slackFetch,
    ...(deps.slackRetries === false ? { retryConfig: { retries: 0 } } : {}),
  };
  // One SLACK_BOT_TOKEN, or OAuth with a token per workspace (src/slack/installations/).
  const workspaces = setUpWorkspaces({ config, installations: stores.installations, logger, slackLogger, clock, clientOptions });
  const readiness = createReadinessCheck({ pingStore: () => stores.ping(), checkSlackToken: workspaces.checkBotToken, ...deps.readiness });
  const routes = exactPaths([...operatorRoutes({ started: () => ready, readiness, metrics }), ...workspaces.routes]);
  const socketMode = config.slack.appToken !== undefined;
  const app = new App({
    ...workspaces.appAuth,
    logger: slackLogger,
    // Herald keeps no per-conversation state in Bolt; its default in-memory store only costs memory.
    convoStore: false,
    clientOptions,
    receiver: socketMode
      ? createSocketModeReceiver({
          appToken: config.slack.appToken!,
          slackApiUrl: config.slack.apiUrl,
          port: config.port,
          routes,
          slackLogger,
          logger,
        })
      : createHttpReceiver({
          signingSecret: config.slack.signingSecret ?? '',
          slackApiUrl: config.slack.apiUrl,
          port: config.port,
          routes,
          slackLogger,
          logger,
          metrics,
        }),
  });

  const access = workspaces.connect(app);
  const liveSummary = createLiveSummary({ summaries: stores.summaries, corrections: stores.corrections, catalog, logger, clock });
  const groups = groupOutcomes(stores.groups);
  const notifierFor = (client: WebClient) =>
    createOutcomeNotifier({
      client,
      logger,
      clock,
      liveSummary,
      groups,
      correctable: (id) => catalog.offersCorrections(id),
      pages: catalog,
      firstPublishedAt: (draft) => stores.channels.firstPublishedAt(draft.provider, draft.page.id, draft.post.id),
    });
  const publishers = createPublisherCheck({ handles: config.publishers, logger, now: () => clock().getTime() });
  // The Home tab (docs/app-home.md): published when someone opens it, and refreshed after each update.
  const homePublisher = createHomePublisher({
    catalog,
    channels: stores.channels,
    logger,
    clock,
    overdueMinutes: config.overdueMinutes,
    pageActivity: createPageActivity(catalog, logger),
    clientFor: access.clientFor,
    ...(config.publishers.length > 0 ? { publishers } : {}),
    publishingRestricted: config.publishers.length > 0,
  });
  const homeViewers = createHomeViewers({
    publish: (viewer) => homePublisher.publish(viewer),
    // Pacing is about Slack's rate limits: real time, whatever the clock business rules read.
    now: () => Date.now(),
    ...(deps.homeRefreshMs === undefined ? {} : { minIntervalMs: deps.homeRefreshMs }),
  });
  const refreshHomeTabs = () => {
    homePublisher.forget();
    homeViewers.refreshAll();
  };
  const publisher = new Publisher({
    submissions: stores.submissions,
    catalog,
    logger: logger.child({ component: 'publisher' }),
    clock,
    // Each outcome goes out with the token of the submission's own workspace.
    notifier: refreshHomeAfterPublish(perWorkspaceNotifier(access, notifierFor, logger, clock), refreshHomeTabs),
    metrics,
    ...(deps.publishing ? { timing: deps.publishing } : {}),
    // Announcement channels (docs/announcements.md): the workspace's defaults and each incident channel's own.
    announcing: {
      announcements: stores.announcements,
      poster: createAnnouncementPoster(access.clientFor, logger),
      defaultChannels: config.announceChannels,
      ownerId: stores.ownerId,
      leaseMs: deps.publishing?.leaseMs ?? DEFAULT_PUBLISHER_TIMING.leaseMs,
    },
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
    publishers,
    maxUpdatesPerMinute: config.maxUpdatesPerMinute,
    internalPatterns: config.internalPatterns,
    announceChannels: config.announceChannels,
    liveSummary,
    homeViewers,
  });
  answerWhatListenersLeaveUnanswered(app, logger);
  app.error(async (error) => {
    const verdict = judgeListenerFailure(error);
    if (verdict.level === 'warn')
      logger.warn({ reason: verdict.reason, err: error }, 'a Slack request could not be finished, through no fault of Herald');
    else logger.error({ err: error }, 'a Slack request failed in a listener');
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
      retention = startAuditRetention({ submissions: stores.submissions, logger, retentionDays: config.auditRetentionDays, clock });
      if (deps.reminders !== false)
        reminders = startReminders({
          channels: stores.channels,
          reminders: stores.reminders,
          maintenanceReminders: stores.maintenanceReminders,
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
      homeViewers.stop();
      await app.stop();
      await reminders?.stop();
      await retention?.stop();
      await publisher.stop();
    },
  };
}
