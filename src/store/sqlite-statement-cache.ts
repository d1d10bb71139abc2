import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';
import type { SqliteDatabase } from './sqlite-database.js';

// Kysely's SQLite driver prepares every query afresh, and SQLite compiling the same SQL again is most of
// what a one-row lookup costs (a tenth of a millisecond per /status-update in the benchmark's profile).
// Herald runs a handful of distinct queries (their values are bound parameters, never part of the SQL),
// so the prepared statements are kept and reused. Reuse is safe: better-sqlite3 runs a statement to
// completion synchronously, and Herald never streams a query (the only way one would stay open), and a
// schema change makes SQLite recompile a kept statement by itself.

/** Distinct SQL texts kept at most; the oldest is dropped beyond it (a bound, not an expected size). */
const MAX_STATEMENTS = 500;

export function withStatementCache(database: SqliteDatabase, maxStatements = MAX_STATEMENTS): KyselySqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= maxStatements) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
