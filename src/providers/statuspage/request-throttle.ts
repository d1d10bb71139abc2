import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';

// Statuspage allows one request per second per API token. Herald keeps under it on its own side: every
// request with one token waits its turn in that token's queue (p-queue: one at a time, at most one
// start per rolling interval), so a burst of responders is spread out instead of being refused.
// The next request starts a full interval after the previous one *ended*: a request reaches Statuspage
// somewhere between its start and its answer, so only that spacing holds at their end whatever the
// network does. Retries inside one request (420/429/503) wait at least as long (see the client).

export interface RequestThrottle {
  run<T>(task: () => Promise<T>): Promise<T>;
}

const throttles = new Map<string, RequestThrottle>();

/** The one throttle for this token (and API), shared by every client that uses it in this process. */
export function throttleForToken(baseUrl: string, token: string, intervalMs: number): RequestThrottle {
  // Keyed by a digest: the map outlives the clients and need not hold another copy of the secret.
  const key = createHash('sha256').update(`${intervalMs}\n${baseUrl}\n${token}`).digest('hex');
  let throttle = throttles.get(key);
  if (!throttle) {
    throttle = createRequestThrottle(intervalMs);
    throttles.set(key, throttle);
  }
  return throttle;
}

export function createRequestThrottle(intervalMs: number): RequestThrottle {
  const queue = new PQueue({ concurrency: 1, interval: intervalMs, intervalCap: 1, strict: true });
  let lastEndedAt = Number.NEGATIVE_INFINITY;
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return queue.add(async () => {
        const wait = lastEndedAt + intervalMs - Date.now();
        if (wait > 0) await sleep(wait);
        try {
          return await task();
        } finally {
          lastEndedAt = Date.now();
        }
      });
    },
  };
}
