import type { RequestListener } from 'node:http';
import type { App } from '@slack/bolt';
import { currentLogContext, newRequestId, withLogContext } from './log-context.js';
import type { HeraldMetrics } from './metrics.js';

// Gives each Slack request an id that every log line written while handling it carries, and times how
// long Slack waited for its answer (Slack shows the user an error after 3 s).

/** HTTP mode: wraps the receiver's listener, so the id and the clock start before Bolt reads the request. */
export function trackSlackRequests(listener: RequestListener, options: { path: string; metrics: HeraldMetrics }): RequestListener {
  return (request, response) => {
    const url = request.url ?? '';
    if (request.method !== 'POST' || !(url === options.path || url.startsWith(`${options.path}?`))) {
      listener(request, response);
      return;
    }
    const arrived = process.hrtime.bigint();
    response.once('finish', () => {
      options.metrics.slackAcknowledged(response.statusCode, Number(process.hrtime.bigint() - arrived) / 1e9);
    });
    withLogContext({ requestId: newRequestId() }, () => listener(request, response));
  };
}

/** Socket Mode (and anything else not seen by the HTTP wrapper): the id is given by a global middleware. */
export function identifySlackRequests(app: App): void {
  app.use(async ({ next }) => {
    if (currentLogContext().requestId !== undefined) return next();
    return withLogContext({ requestId: newRequestId() }, () => next());
  });
}
