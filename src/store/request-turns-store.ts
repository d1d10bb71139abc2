import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import { nextPacedStart, type RequestTurns, turnsInThisProcess } from '../providers/request-turns.js';
import { ownerIsGone } from './owner-lock.js';
import type { Database } from './schema.js';

// The providers' rate limits held across every Herald process on one PostgreSQL database (migration 012): a
// token's turns are a row every process updates in one statement. An exclusive turn is held while its request
// runs, under a lease, and frees the next start a spacing after it ended; a process that dies holding one does
// not stall the others (its lease runs out, and its owner lock tells the others at once that it is gone). Paced
// turns only move the token's arrival time on: nothing is held. Within a process, requests for one key take
// their turns one after another first, so a burst asks the database once at a time.

/** How long an exclusive turn is the holder's while its request (with its retries) runs. */
const LEASE_MS = 120_000;
/** How often a request waiting for a turn held elsewhere looks again, at most. */
const POLL_MS = 100;

export function sharedRequestTurns(db: Kysely<Database>, ownerId: string): RequestTurns {
  const local = turnsInThisProcess();

  async function acquire(key: string): Promise<void> {
    for (;;) {
      const now = Date.now();
      const taken = await sql`
        insert into request_turns (key, next_at_ms, owner, lease_until_ms) values (${key}, ${now}, ${ownerId}, ${now + LEASE_MS})
        on conflict (key) do update set owner = excluded.owner, lease_until_ms = excluded.lease_until_ms
        where request_turns.next_at_ms <= ${now}
          and (request_turns.owner is null or request_turns.lease_until_ms <= ${now} or ${ownerIsGone(sql.ref('request_turns.owner'))})
        returning key`.execute(db);
      if (taken.rows.length > 0) return;
      const row = (
        await sql<{
          next_at_ms: string | number;
          owner: string | null;
        }>`select next_at_ms, owner from request_turns where key = ${key}`.execute(db)
      ).rows[0];
      const wait = row && row.owner === null ? Number(row.next_at_ms) - now : POLL_MS;
      await sleep(Math.min(Math.max(wait, 5), POLL_MS));
    }
  }

  async function release(key: string, spacingMs: number): Promise<void> {
    await sql`update request_turns set owner = null, lease_until_ms = null, next_at_ms = ${Date.now() + spacingMs}
      where key = ${key} and owner = ${ownerId}`.execute(db);
  }

  return {
    exclusive(key, spacingMs, task) {
      return local.exclusive(key, 0, async () => {
        await acquire(key);
        try {
          return await task();
        } finally {
          await release(key, spacingMs);
        }
      });
    },
    async paced(key, rate, task) {
      const now = Date.now();
      const { arrival } = nextPacedStart(undefined, now, rate);
      const row = (
        await sql<{ arrival_ms: string | number }>`
          insert into request_turns (key, arrival_ms) values (${key}, ${arrival})
          on conflict (key) do update set arrival_ms =
            (case when coalesce(request_turns.arrival_ms, 0) > ${now} then request_turns.arrival_ms else ${now} end) + ${rate.spacingMs}
          returning arrival_ms`.execute(db)
      ).rows[0]!;
      const startAt = Math.max(now, Number(row.arrival_ms) - rate.spacingMs * rate.burst);
      if (startAt > now) await sleep(startAt - now);
      return task();
    },
  };
}
