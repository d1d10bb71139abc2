import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3's Database class. Its 13.x line is built on Node-API 10 (Node >= 22.14) and ships that build
 * for each platform inside the package, so installing it compiles nothing. On an older Node its binary crashes
 * the process on load: refused here first, in words (package.json's `node` dependency brings Node 24 to
 * `npm start` and `npm test`; see docs/configuration.md, "Node").
 */
if (Number(process.versions.napi) < 10) {
  throw new Error(
    `Herald needs Node 22.14 or later; this is Node ${process.versions.node}. Run it with \`npm start\`, which uses the Node that \`npm ci\` installed, or the Docker image.`,
  );
}

export const SqliteDatabase: typeof BetterSqlite3 = (await import('better-sqlite3')).default;

/** Where that module loads from, for a worker thread that opens the same database (see sqlite-checkpoints.ts). */
export const SQLITE_MODULE_PATH = createRequire(import.meta.url).resolve('better-sqlite3');
export type SqliteDatabase = BetterSqlite3.Database;
