import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';

// Statuspage allows one request per second per API token. Herald keeps under it on its own side: every
// request with one token waits its turn in that token's queue (p-queue, one at a time, at most one
// start per rolling interval), so a burst of responders is spread out instead of being refused.
// A task may send more than once (the HTTP layer retries 420/429/503); the next task then keeps its
// distance from the last attempt, not from the task's start.

export interface RequestThrottle {
  /** Runs `task` in turn; the task reports when each of its attempts started. */
  run<T>(task: (attemptStarted: (startedAtMs: number) => void) => Promise<T>): Promise<T>;
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
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  return {
    async run<T>(task: (attemptStarted: (startedAtMs: number) => void) => Promise<T>): Promise<T> {
      return queue.add(async () => {
        const wait = lastAttemptAt + intervalMs - Date.now();
        if (wait > 0) await sleep(wait);
        lastAttemptAt = Math.max(lastAttemptAt, Date.now());
        return task((startedAtMs) => {
          lastAttemptAt = Math.max(lastAttemptAt, startedAtMs);
        });
      });
    },
  };
}
