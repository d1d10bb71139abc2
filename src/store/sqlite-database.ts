import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3's Database class, in the major version that is safe on this Node.
 *
 * 12.x subclasses `node::ObjectWrap`, which on Node 24 removes a cleanup hook in its destructor and
 * aborts the process (`Assertion failed: (env) != nullptr`) when a statement or database is garbage
 * collected by a GC that an allocation triggered. 13.x is built on Node-API and does not, but its
 * binary needs Node-API 10 (Node >= 22.14) and crashes Node 20 on load. So: 13 where Node-API 10 is
 * there, 12 (the `better-sqlite3-12` alias) on Node 20.
 */
const SQLITE_MODULE = Number(process.versions.napi) >= 10 ? 'better-sqlite3' : 'better-sqlite3-12';

export const SqliteDatabase: typeof BetterSqlite3 = (await import(SQLITE_MODULE)).default;

/** Where that module loads from, for a worker thread that opens the same database (see sqlite-checkpoints.ts). */
export const SQLITE_MODULE_PATH = createRequire(import.meta.url).resolve(SQLITE_MODULE);
export type SqliteDatabase = BetterSqlite3.Database;
