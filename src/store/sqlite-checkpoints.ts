import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './sqlite-database.js';

// In WAL mode SQLite copies the log back into the database file (a checkpoint) inside the commit that takes
// the log past 1,000 pages: on Herald's one thread, in the middle of whatever that commit belonged to. The
// benchmark saw a publish's writes stall 12-18 ms at those moments, against 0.2 ms otherwise. So Herald's own
// connection never checkpoints; a worker thread with a connection of its own does, every second, PASSIVE
// (it never waits for a writer and never makes one wait). Should the worker fail, checkpoints go back to
// the commits, as SQLite does by default: slower at times, never a log that grows without end.

/** SQLite's own default: a checkpoint on the commit that takes the log past this many pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;
const CHECKPOINT_EVERY_MS = 1_000;

// CommonJS, run by `new Worker(…, { eval: true })`: the bundle (dist/bundle/herald.mjs) has no separate
// worker file to point at. It loads the same better-sqlite3 module as the main thread (see sqlite-database.ts).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { checkpoint(); } finally { db.close(); parentPort.close(); }
});
`;

export interface BackgroundCheckpoints {
  /** Checkpoints once more and closes the worker's connection; before the main connection closes. */
  stop(): Promise<void>;
}

export interface BackgroundCheckpointOptions {
  /** The path better-sqlite3 was loaded from, so the worker runs the same build. */
  modulePath: string;
  /** Told when the worker fails; checkpoints are then back on the commits. */
  onError?: ((error: Error) => void) | undefined;
  everyMs?: number;
}

export function checkpointInBackground(database: SqliteDatabase, options: BackgroundCheckpointOptions): BackgroundCheckpoints {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file: database.name, modulePath: options.modulePath, everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS },
  });
  worker.unref(); // never what keeps Herald (or a test) running
  database.pragma('wal_autocheckpoint = 0');
  let running = true;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.once('error', (error) => {
    running = false;
    if (database.open) database.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES}`);
    options.onError?.(error);
  });
  return {
    async stop() {
      if (!running) return;
      running = false;
      worker.postMessage('stop');
      await exited;
    },
  };
}
