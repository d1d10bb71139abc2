import {
  HTTPModuleFunctions,
  HTTPReceiver,
  type Logger as SlackLogger,
  type CustomRoute,
  type ReceiverProcessEventErrorHandlerArgs,
  SocketModeReceiver,
} from '@slack/bolt';
import type { Logger } from '../../observability/logger.js';
import type { HeraldMetrics } from '../../observability/metrics.js';
import { trackSlackRequests } from '../../observability/slack-request-tracking.js';
import { guardSlackRequests } from './request-guard.js';
import { slackFetch } from './slack-http-transport.js';
import { screenSocketModeMessages } from './socket-mode-screen.js';
import { unansweredResponse } from './unanswered-requests.js';
import { slackOriginsWith } from './request-shape.js';

// How requests from Slack reach Bolt: signed HTTP posts to /slack/events, or envelopes over Socket Mode
// (SLACK_APP_TOKEN). Either way, what cannot be a request from Slack is refused before Bolt sees it.

export const SLACK_EVENTS_PATH = '/slack/events';
/**
 * The most a request from Slack may carry. Real payloads are a few kilobytes (a full form with its view is
 * well under 100 KB); Bolt's default of 4 MB only lets a hostile sender make us hold more in memory.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

export interface ReceiverOptions {
  port: number;
  /** SLACK_API_URL: requests' response_urls must point at Slack (or at the Slack it names, in tests). */
  slackApiUrl: string;
  /** The operator's routes (/healthz, /readyz, /metrics) and OAuth's, served on the same port. */
  routes: CustomRoute[];
  slackLogger: SlackLogger;
  logger: Logger;
}

/**
 * Bolt's HTTP receiver, told what to do with bad requests: bodies over SLACK_BODY_LIMIT get 413, a missing,
 * wrong or stale signature and a replayed request 401 (see request-guard.ts, which checks signatures in Bolt's
 * place), a signed body that is not a payload Slack sends 400, and a failure inside Bolt an answer Slack can
 * show rather than a 500.
 */
export function createHttpReceiver(options: ReceiverOptions & { signingSecret: string; metrics: HeraldMetrics }): HTTPReceiver {
  const { signingSecret, logger } = options;
  const receiver = new HTTPReceiver({
    signingSecret,
    // Checked once, by guardSlackRequests below, before any request reaches Bolt.
    signatureVerification: false,
    endpoints: [SLACK_EVENTS_PATH],
    port: options.port,
    customRoutes: options.routes,
    logger: options.slackLogger,
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
    slackOrigins: slackOriginsWith(options.slackApiUrl),
    onReplay: () => logger.warn('refused a replayed Slack request'),
    onBadSignature: (reason) => logger.warn({ reason }, 'refused a Slack request whose signature did not verify'),
    onMalformed: (reason) => logger.warn({ reason }, 'refused a signed Slack request that is not a payload Slack sends'),
  });
  receiver.requestListener = trackSlackRequests(receiver.requestListener, { path: SLACK_EVENTS_PATH, metrics: options.metrics });
  return receiver;
}

/** Socket Mode, with every message screened before the client reads it (socket-mode-screen.ts). */
export function createSocketModeReceiver(options: ReceiverOptions & { appToken: string }): SocketModeReceiver {
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    customRoutes: options.routes,
    // The Socket Mode client has a WebClient of its own (for apps.connections.open): the same API base and transport.
    installerOptions: { port: options.port, clientOptions: { slackApiUrl: options.slackApiUrl, fetch: slackFetch } },
    logger: options.slackLogger,
  });
  screenSocketModeMessages(receiver, slackOriginsWith(options.slackApiUrl), (reason) =>
    options.logger.warn({ reason }, 'dropped a Socket Mode envelope that is not a payload Slack sends'),
  );
  return receiver;
}
