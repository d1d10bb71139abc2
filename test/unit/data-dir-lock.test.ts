import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE_NAME, lockDataDir } from '../../src/store/data-dir-lock.js';
import { openStore } from '../../src/store/open-store.js';

// One Herald process per DATA_DIR: while a process holds the directory's lock, another process cannot take it,
// and the stores one process opens share it; the last to close lets it go. (The real bundle refused, and started
// again after a SIGKILL: test/e2e/startup-errors.test.ts.)

const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');

/** Whether another process can take the lock on `dataDir` right now, as a second Herald would try to. */
function anotherProcessCanLock(dataDir: string): boolean {
  const attempt = `
    const Database = require(${JSON.stringify(SQLITE_MODULE)});
    const lock = new Database(${JSON.stringify(join(dataDir, LOCK_FILE_NAME))});
    lock.pragma('busy_timeout = 0');
    lock.pragma('locking_mode = EXCLUSIVE');
    try { lock.exec('begin exclusive; commit'); } catch { process.exit(3); }
  `;
  const result = spawnSync(process.execPath, ['-e', attempt], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 3) throw new Error(`the other process failed: ${result.stderr}`);
  return result.status === 0;
}

describe("DATA_DIR's lock", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'herald-lock-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps another process out while held, and lets it in once let go', () => {
    const lock = lockDataDir(dataDir, 0);
    expect(anotherProcessCanLock(dataDir)).toBe(false);
    lock.release();
    expect(anotherProcessCanLock(dataDir)).toBe(true);
  });

  it('is shared by the holders in one process, and let go when the last of them releases it', () => {
    const first = lockDataDir(dataDir, 0);
    const second = lockDataDir(dataDir, 0);
    first.release();
    first.release(); // a second release of the same hold changes nothing
    expect(anotherProcessCanLock(dataDir)).toBe(false);
    second.release();
    expect(anotherProcessCanLock(dataDir)).toBe(true);
  });

  it('is held by an open SQLite store and let go when it closes', async () => {
    const stores = await openStore({ dataDir });
    expect(anotherProcessCanLock(dataDir)).toBe(false);
    await stores.close();
    expect(anotherProcessCanLock(dataDir)).toBe(true);
  });
});
