import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointInBackground, type BackgroundCheckpoints } from '../../src/store/sqlite-checkpoints.js';
import { SQLITE_MODULE_PATH, SqliteDatabase } from '../../src/store/sqlite-database.js';
import { waitUntil } from '../support/wait-until.js';

// Herald's connection never checkpoints the WAL itself (a checkpoint inside a commit stalled publishes by
// 12-18 ms); a worker thread does, in the background. Without it the log would only ever grow.

let dir: string;
let database: SqliteDatabase;
let checkpoints: BackgroundCheckpoints | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-checkpoints-'));
  database = new SqliteDatabase(join(dir, 'herald.sqlite'));
  database.pragma('journal_mode = WAL');
  database.exec('create table notes (id integer primary key, body text not null)');
});

afterEach(async () => {
  await checkpoints?.stop();
  checkpoints = undefined;
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const fileSize = () => statSync(join(dir, 'herald.sqlite')).size;
const autocheckpointPages = () => database.pragma('wal_autocheckpoint', { simple: true });

/** About 1 MB: a quarter of what makes SQLite checkpoint on a commit by itself. */
function writeAMegabyte(): void {
  const insert = database.prepare('insert into notes (body) values (?)');
  for (let i = 0; i < 250; i += 1) insert.run('x'.repeat(4_000));
}

test('what is committed reaches the database file without any commit of ours checkpointing', async () => {
  checkpoints = checkpointInBackground(database, { modulePath: SQLITE_MODULE_PATH, everyMs: 50 });
  expect(autocheckpointPages()).toBe(0);
  const before = fileSize();
  writeAMegabyte();
  // Still only in the log right after the commits...
  expect(fileSize()).toBe(before);
  // ...and copied into the file by the worker soon after.
  await waitUntil(() => fileSize() > before + 900_000, 5_000, 'the background checkpoint');
  expect(database.prepare('select count(*) as n from notes').get()).toEqual({ n: 250 });
});

test('stopping checkpoints what is left and lets the database close', async () => {
  checkpoints = checkpointInBackground(database, { modulePath: SQLITE_MODULE_PATH, everyMs: 60_000 });
  const before = fileSize();
  writeAMegabyte();
  await checkpoints.stop();
  expect(fileSize()).toBeGreaterThan(before + 900_000);
});

test('a worker that cannot start hands checkpoints back to the commits and says why', async () => {
  const errors: Error[] = [];
  checkpoints = checkpointInBackground(database, { modulePath: join(dir, 'no-such-module.js'), onError: (error) => errors.push(error) });
  await waitUntil(() => errors.length > 0, 5_000, 'the worker to fail');
  expect(errors[0]!.message).toMatch(/no-such-module/);
  expect(autocheckpointPages()).toBe(1_000);
  await checkpoints.stop(); // nothing left to stop: resolves at once
});
