import { sql, type Expression, type SqlBool } from 'kysely';
import pg from 'pg';

// How a PostgreSQL store shows other processes that it is alive: for as long as it is open it holds a
// session-level advisory lock named after its owner id, on a connection of its own. PostgreSQL drops the
// lock the moment that session ends, which a killed process's does at once (the kernel closes its sockets).
// So "the lease owner's lock is free" means "the process that held this lease is gone", and its submissions
// can be taken over without waiting for the lease to run out.

/** Advisory lock namespace ("HRLD"), so Herald's locks never meet another application's on a shared server. */
const LOCK_CLASS = 0x48524c44;
const RECONNECT_DELAY_MS = 2000;

/**
 * True when the process named in `ownerColumn` no longer holds its lock. Trying a shared, transaction-level
 * lock on the same key answers that without waiting: it fails while the owner holds its exclusive session
 * lock, succeeds (and is released at the statement's end) once the owner is gone. Shared, so any number of
 * claims may ask at once; the row lock of the claiming UPDATE still lets only one of them win.
 */
export function ownerIsGone(ownerColumn: Expression<string | null>): Expression<SqlBool> {
  return sql<SqlBool>`(${ownerColumn} is not null and pg_try_advisory_xact_lock_shared(${sql.lit(LOCK_CLASS)}, hashtext(${ownerColumn})))`;
}

export interface OwnerLock {
  release(): Promise<void>;
}

/**
 * Takes the owner's lock on a dedicated connection and keeps it: if that connection breaks (the server
 * restarted), it reconnects and takes the lock again. Until then other processes may take over this one's
 * leases; its heartbeat notices (`renewLease` fails) and stops before sending anything more.
 */
export async function holdOwnerLock(connectionString: string, ownerId: string, onError: (error: Error) => void): Promise<OwnerLock> {
  let current: pg.Client | null = null;
  let released = false;
  let retry: NodeJS.Timeout | undefined;

  async function lock(): Promise<void> {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000, application_name: 'herald-owner-lock' });
    client.on('error', (error) => {
      onError(error);
      lost(client);
    });
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query('select pg_advisory_lock($1, hashtext($2))', [LOCK_CLASS, ownerId]);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (released) await client.end();
    else current = client;
  }

  function lost(client: pg.Client): void {
    if (released || client !== current) return;
    current = null;
    void client.end().catch(() => undefined);
    retryLater();
  }

  function retryLater(): void {
    if (released || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      if (released) return;
      lock().catch((error: unknown) => {
        onError(error instanceof Error ? error : new Error(String(error)));
        retryLater();
      });
    }, RECONNECT_DELAY_MS);
    retry.unref();
  }

  await lock();
  return {
    async release() {
      released = true;
      clearTimeout(retry);
      const holding = current;
      current = null;
      // Ending the session releases the lock.
      await holding?.end().catch(() => undefined);
    },
  };
}
