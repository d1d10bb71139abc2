import autocannon, { type Result } from 'autocannon';
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
  /** Completed requests per second over the whole run. */
  perSecond: number;
  durationMs: number;
  /** autocannon's own ack latency figures (send to response), ms. */
  latency: { p50: number; p99: number; max: number };
}

export async function runSignedLoad(options: SignedLoadOptions): Promise<SignedLoadResult> {
  const result: Result = await autocannon({
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
  });
  const requests = result.requests.total;
  return {
    requests,
    failures: result.non2xx + result.errors + result.timeouts,
    perSecond: requests / result.duration,
    durationMs: result.duration * 1000,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}
