import { SqliteDatabase } from '../../src/store/sqlite-database.js';
import { withStatementCache } from '../../src/store/sqlite-statement-cache.js';

// Kysely asks for a statement on every query; the cache must hand back the same prepared one for the
// same SQL, stay within its bound, and give correct answers when a statement is reused.

/** Records the SQL of every real prepare. */
function recordPrepares(database: SqliteDatabase): string[] {
  const prepared: string[] = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof database.prepare;
  return prepared;
}

test('the same SQL is prepared once and its statement reused, with fresh parameters each time', () => {
  const database = new SqliteDatabase(':memory:');
  const prepared = recordPrepares(database);
  const cached = withStatementCache(database);
  cached.prepare('create table t (id integer primary key, name text)').run([]);
  const insert = 'insert into t (name) values (?)';
  cached.prepare(insert).run(['a']);
  cached.prepare(insert).run(['b']);
  const select = 'select name from t where id = ?';

  expect(cached.prepare(select).all([1])).toEqual([{ name: 'a' }]);
  expect(cached.prepare(select).all([2])).toEqual([{ name: 'b' }]);
  expect(prepared).toHaveLength(3);
  cached.close();
});

test('beyond its bound the oldest statement is dropped and prepared again when asked for', () => {
  const database = new SqliteDatabase(':memory:');
  const prepared = recordPrepares(database);
  const cached = withStatementCache(database, 2);
  cached.prepare('select 1');
  cached.prepare('select 2');
  cached.prepare('select 3');
  cached.prepare('select 3');
  cached.prepare('select 1');

  expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 1']);
  cached.close();
});
