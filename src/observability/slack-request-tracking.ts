import type { RequestListener } from 'node:http';
import type { AckFn, App, ReceiverEvent } from '@slack/bolt';
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
      options.metrics.slackAcknowledged(response.statusCode, secondsSince(arrived), 'http');
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

/**
 * Socket Mode: times each envelope from the moment the receiver hands it to Bolt to its acknowledgement
 * being sent back over the WebSocket. Wraps App#processEvent, the one door every receiver uses.
 */
export function timeSocketModeAcks(app: App, metrics: HeraldMetrics): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const arrived = process.hrtime.bigint();
    let timed = false;
    const ack: AckFn<unknown> = async (response) => {
      await event.ack(response);
      // Bolt ignores a second ack; so does the histogram.
      if (timed) return;
      timed = true;
      metrics.slackAcknowledged('acked', secondsSince(arrived), 'socket');
    };
    return processEvent({ ...event, ack });
  };
}

function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
