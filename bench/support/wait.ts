import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function waitUntil<T>(check: () => T | undefined, timeoutMs: number, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
