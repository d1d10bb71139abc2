import autocannon, { type Instance, type Result } from 'autocannon';
import { signSlackRequest } from '../../test/support/slack-signing.js';

// autocannon posting to the app's /slack/events, each request built and signed the moment it is
// sent (setupRequest), exactly as Slack signs: a fresh body, timestamp and HMAC every time.

export interface SignedLoadOptions {
  /** The app's http://127.0.0.1:<port>. */
  baseUrl: string;
  signingSecret: string;
  /** Requests in flight at once (one per connection). */
  connections: number;
  /** Stop after this many requests… */
  amount?: number;
  /** …or after this many seconds. */
  durationSeconds?: number;
  /** The next form-encoded body; called once per request, just before it is written. */
  nextBody: () => string;
}

export interface SignedLoadResult {
  requests: number;
  /** Responses other than 2xx, plus connection errors and timeouts. */
  failures: number;
  /** 2xx answers per second, from the start of the run to the last answer. */
  perSecond: number;
  durationMs: number;
  /** autocannon's own ack latency figures (send to response), ms. */
  latency: { p50: number; p99: number; max: number };
}

export async function runSignedLoad(options: SignedLoadOptions): Promise<SignedLoadResult> {
  // autocannon's own duration ends on its next one-second tick; time the run by its responses instead.
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  let acknowledged = 0;
  // Without a callback autocannon returns its Instance (an EventEmitter) made thenable; the types know only the promise.
  const run = autocannon({
    url: `${options.baseUrl}/slack/events`,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds ?? 5 }),
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const body = options.nextBody();
          return {
            ...request,
            body,
            headers: {
              ...request.headers,
              'content-type': 'application/x-www-form-urlencoded',
              ...signSlackRequest(options.signingSecret, body),
            },
          };
        },
      },
    ],
  }) as unknown as Promise<Result> & Pick<Instance, 'on'>;
  run.on('response', (_client, statusCode) => {
    lastResponseAt = performance.now();
    if (statusCode >= 200 && statusCode < 300) acknowledged += 1;
  });
  const result: Result = await run;
  const durationMs = lastResponseAt - startedAt;
  return {
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    perSecond: durationMs > 0 ? (acknowledged * 1000) / durationMs : 0,
    durationMs,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}
