import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { HeraldMetrics } from './metrics.js';
import type { ReadinessCheck } from './readiness.js';

// The operator's endpoints, served next to Slack's: /healthz (liveness), /readyz (readiness), /metrics.

export interface OperatorRoutesOptions {
  /** True once the app has started and until it stops. */
  started(): boolean;
  readiness: ReadinessCheck;
  metrics: HeraldMetrics;
}

export function operatorRoutes(options: OperatorRoutesOptions): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_request, response) => {
        const started = options.started();
        sendJson(response, started ? 200 : 503, { status: started ? 'ok' : 'starting' });
      },
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_request, response) => {
        if (!options.started()) return sendJson(response, 503, { status: 'starting' });
        void options.readiness
          .check()
          .then((readiness) =>
            readiness.ready
              ? sendJson(response, 200, { status: 'ready' })
              : sendJson(response, 503, { status: 'not_ready', reason: readiness.reason }),
          )
          .catch(() => sendJson(response, 503, { status: 'not_ready', reason: 'the readiness check failed' }));
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_request, response) => {
        void options.metrics
          .render()
          .then(({ contentType, body }) => {
            response.writeHead(200, { 'content-type': contentType });
            response.end(body);
          })
          .catch(() => sendJson(response, 500, { status: 'error', reason: 'could not collect the metrics' }));
      },
    },
  ];
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * The same routes, each answering only its own path as written. Bolt matches custom routes ignoring case and a
 * trailing slash, so /Metrics and /metrics/ reached /metrics past a proxy that denies "/metrics": a rule a proxy
 * can state must be the whole truth. Anything else gets 404, as a path nobody serves does.
 */
export function exactPaths(routes: CustomRoute[]): CustomRoute[] {
  return routes.map((route) => ({
    ...route,
    handler: (request, response) => {
      if (pathOf(request) === route.path) return route.handler(request, response);
      response.writeHead(404);
      response.end();
    },
  }));
}

function pathOf(request: IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? '', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}
