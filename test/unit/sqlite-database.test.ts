import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// better-sqlite3 12 on Node 24 aborts the process when a GC that an allocation triggered collects a
// statement; an explicit gc() does not show it. So: churn statements and allocations in a fresh process.
const churn = `
  import { SqliteDatabase } from ${JSON.stringify(fileURLToPath(new URL('../../src/store/sqlite-database.ts', import.meta.url)))};
  for (let round = 0; round < 10; round++) {
    const db = new SqliteDatabase(':memory:');
    db.prepare('create table t (x)').run();
    for (let i = 0; i < 500; i++) db.prepare('insert into t values (?)').run(i);
    if (round % 2) db.close();
    let garbage = [];
    for (let i = 0; i < 1e6; i++) { garbage.push({ i }); if (garbage.length > 1000) garbage = []; }
  }
  console.log('survived');
`;

describe('SqliteDatabase', () => {
  it('survives statements being garbage collected mid-run', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', churn], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: child.status, signal: child.signal, stdout: child.stdout.trim() }).toEqual({
      status: 0,
      signal: null,
      stdout: 'survived',
    });
  });
});
