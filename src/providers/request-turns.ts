import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';

// Status pages limit how fast one API token may call them: Statuspage one request per second, PagerDuty 960 a
// minute. Herald keeps under those limits on its own side, so a burst of responders is spread out instead of
// refused. The limit is the token's, whoever holds it: with several Herald processes on one database, their
// requests must share it, so the turns are kept where every process sees them (the store implements this port
// for PostgreSQL: store/request-turns-store.ts). Alone, a process keeps them in memory (below).

export interface RequestTurns {
  /**
   * Runs `task` when no other request with this key is running anywhere, and no sooner than `spacingMs` after
   * the last one ended: a request reaches the provider somewhere between its start and its answer, so only that
   * spacing holds at the provider's end whatever the network does.
   */
  exclusive<T>(key: string, spacingMs: number, task: () => Promise<T>): Promise<T>;
  /**
   * Runs `task` within a rate: a bucket of `burst` starts, refilled one every `spacingMs` (requests may overlap).
   * In any window of `burst × spacingMs` at most `2 × burst` requests start.
   */
  paced<T>(key: string, rate: PaceRate, task: () => Promise<T>): Promise<T>;
}

export interface PaceRate {
  spacingMs: number;
  burst: number;
}

/**
 * When a request may start, and the key's new "theoretical arrival time" (GCRA): each start moves it on by one
 * spacing from now or from where it stood; a start may come early by up to `burst - 1` spacings.
 */
export function nextPacedStart(arrival: number | undefined, now: number, rate: PaceRate): { startAt: number; arrival: number } {
  const next = Math.max(arrival ?? now, now) + rate.spacingMs;
  return { startAt: Math.max(now, next - rate.spacingMs * rate.burst), arrival: next };
}

/** A token's key for its turns: a digest, so no copy of the secret is kept with them. */
export function turnKey(provider: string, baseUrl: string, token: string): string {
  return createHash('sha256').update(`${provider}\n${baseUrl}\n${token}`).digest('hex');
}

/** Turns kept in this process: right when it is the only one using the token (SQLite is one process's). */
export function turnsInThisProcess(): RequestTurns {
  const queues = new Map<string, { queue: PQueue; lastEndedAt: number }>();
  const arrivals = new Map<string, number>();
  return {
    exclusive(key, spacingMs, task) {
      let turn = queues.get(key);
      if (!turn) {
        turn = { queue: new PQueue({ concurrency: 1 }), lastEndedAt: Number.NEGATIVE_INFINITY };
        queues.set(key, turn);
      }
      const held = turn;
      return held.queue.add(async () => {
        const wait = held.lastEndedAt + spacingMs - Date.now();
        if (wait > 0) await sleep(wait);
        try {
          return await task();
        } finally {
          held.lastEndedAt = Date.now();
        }
      });
    },
    async paced(key, rate, task) {
      const now = Date.now();
      const { startAt, arrival } = nextPacedStart(arrivals.get(key), now, rate);
      arrivals.set(key, arrival);
      if (startAt > now) await sleep(startAt - now);
      return task();
    },
  };
}

/** The one in-process set of turns, shared by every client made without the store's. */
export const PROCESS_TURNS: RequestTurns = turnsInThisProcess();
