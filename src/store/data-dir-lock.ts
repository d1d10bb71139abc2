import { join, resolve } from 'node:path';
import { SqliteDatabase } from './sqlite-database.js';

// One Herald process per DATA_DIR. On SQLite, Herald keeps what only its own process changes in memory (the
// channels' links, each status page's request pacing), so a second process on the same files would open forms on
// links it never read again and send to a status page faster than its limit allows. The first process holds an
// exclusive SQLite lock on a small file of its own beside the database for as long as it has the database open.
// The system drops that lock when the process ends, however it ends, so a killed Herald leaves nothing to clean
// up; a Herald that is still stopping (a restart, a rolling deploy) is waited for a few seconds. Within one
// process the lock is shared: every store the process opens on the directory holds it, and the last to close
// lets it go.

export const LOCK_FILE_NAME = 'herald.lock';

/** How long a starting Herald waits for the one before it to let go. */
export const LOCK_WAIT_MS = 5_000;

export interface DataDirLock {
  release(): void;
}

/** Another process holds the directory's lock. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/** The locks this process holds, by directory, with how many of its stores hold each. */
const held = new Map<string, { lock: SqliteDatabase; holders: number }>();

/**
 * Takes `dataDir`'s lock for this process (or joins this process's hold on it), waiting up to `waitMs` for another
 * process that holds it to let go; throws DataDirInUseError when it does not.
 */
export function lockDataDir(dataDir: string, waitMs = LOCK_WAIT_MS): DataDirLock {
  const key = resolve(dataDir);
  const hold = held.get(key) ?? { lock: takeLock(key, waitMs), holders: 0 };
  hold.holders += 1;
  held.set(key, hold);
  let holding = true;
  return {
    release: () => {
      if (!holding) return;
      holding = false;
      hold.holders -= 1;
      if (hold.holders > 0) return;
      held.delete(key);
      hold.lock.close();
    },
  };
}

function takeLock(dataDir: string, waitMs: number): SqliteDatabase {
  const lock = new SqliteDatabase(join(dataDir, LOCK_FILE_NAME));
  try {
    lock.pragma(`busy_timeout = ${Math.max(0, Math.round(waitMs))}`);
    // In exclusive locking mode a connection keeps every lock it has taken until it closes.
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('begin exclusive; commit');
    return lock;
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new DataDirInUseError(`another Herald is running on this directory (it holds ${LOCK_FILE_NAME})`, { cause: error });
    }
    throw error;
  }
}
