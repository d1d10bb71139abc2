import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.js';
import { SqliteDatabase } from '../../src/store/sqlite-database.js';
import { FORM_BLOCKS } from '../../src/slack/update-form/blocks/update-form-ids.js';
import { openHeraldProcessWorld, type HeraldProcessWorld } from '../support/herald-process-world.js';
import { choosePost, openUpdateForm, submitForm } from '../support/update-form-driver.js';

// The embedded store's two ways of going away: its file locked by another process, and its disk full. Herald as
// production runs it (`node dist/main.js`): at start it says what is wrong and stops, with the file intact; while
// running, a submit it cannot store is refused with the text kept, and Herald carries on once the disk has room.

const SIGNING_SECRET = 'sqlite-outages-signing-secret';
const MAIN = join(process.cwd(), 'dist', 'main.js');

/** Runs Herald until it exits on its own; its exit code and everything it wrote. */
function runUntilExit(env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

function integrityOf(dataDir: string): string {
  const database = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    return String(database.pragma('integrity_check', { simple: true }));
  } finally {
    database.close();
  }
}

describe('the SQLite file locked by another process', () => {
  let world: HeraldProcessWorld;
  beforeAll(async () => {
    world = await openHeraldProcessWorld({ signingSecret: SIGNING_SECRET, dataDirPrefix: 'herald-sqlite-locked-' });
  });
  afterAll(() => world.close());

  it('stops Herald at start with the cause and DATA_DIR named, and leaves the file intact for the next start', async () => {
    const first = await world.start();
    first.kill('SIGTERM');
    await first.exited;

    const locker = new SqliteDatabase(join(world.dataDir, SQLITE_FILE_NAME));
    locker.exec('begin exclusive');
    const locked = await runUntilExit(world.env());
    locker.exec('commit');
    locker.close();

    expect(locked.code).not.toBe(0);
    expect(locked.output).toContain('locked by another process');
    expect(locked.output).toContain('DATA_DIR');
    expect(locked.output).not.toContain('Herald is ready');

    const again = await world.start();
    again.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(integrityOf(world.dataDir)).toBe('ok');
  }, 40_000);
});

/** A small filesystem of its own for DATA_DIR, so the test can fill it: a tmpfs, where the machine lets us mount one. */
function mountSmallDisk(): { dir: string; unmount(): void } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'herald-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'pipe' });
    return {
      dir,
      unmount: () => {
        execFileSync('umount', [dir], { stdio: 'pipe' });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `cannot mount a tmpfs here (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

/**
 * Copies the write-ahead log back into the database and cuts the log file to nothing, from a connection of the
 * test's own. A full disk only refuses writes that need new space: the log keeps its file after each checkpoint
 * and later commits reuse it, so without this a submit could still fit in space the log already holds.
 */
function emptyTheLog(dataDir: string): void {
  const database = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME));
  try {
    expect(database.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
  } finally {
    database.close();
  }
}

/** Fills what is left of the disk holding `dir`; returns the filler to delete. */
function fill(dir: string): string {
  const filler = join(dir, 'filler');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let written = Buffer.alloc(0);
  try {
    for (;;) {
      written = Buffer.concat([written, chunk]);
      writeFileSync(filler, written);
    }
  } catch {
    // ENOSPC. Up to a chunk may still be free, enough for a small write to fit: top up in ever smaller pieces.
    for (const size of [4096, 512, 1]) {
      try {
        for (;;) appendFileSync(filler, Buffer.alloc(size, 1));
      } catch {
        // this size no longer fits; try a smaller one
      }
    }
    return filler; // the disk is full
  }
}

const mounted = mountSmallDisk();
const disk = 'dir' in mounted ? mounted : null;
const onDisk = disk ? describe : describe.skip;
if ('reason' in mounted) console.log(`SQLite on a full disk: not run, ${mounted.reason}`);

onDisk('the SQLite file on a full disk', () => {
  let world: HeraldProcessWorld;
  const dataDir = disk ? join(disk.dir, 'data') : '';
  beforeAll(async () => {
    world = await openHeraldProcessWorld({ signingSecret: SIGNING_SECRET, dataDirPrefix: 'herald-sqlite-full-' });
  });
  afterAll(async () => {
    await world.close();
    disk?.unmount();
  });

  it('at start, on a full disk: Herald says so and stops', async () => {
    const filler = fill(disk!.dir);
    try {
      const full = await runUntilExit(world.env({ DATA_DIR: dataDir }));
      expect(full.code).not.toBe(0);
      expect(full.output).toMatch(/DATA_DIR.*(disk is full|no space)/i);
    } finally {
      unlinkSync(filler);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('while running: a submit it cannot store is refused with the text kept, and goes through once there is room', async () => {
    const herald = await world.start({ DATA_DIR: dataDir });
    const driver = world.driverFor(herald.port);
    const seed = world.pagerduty.seed!;
    const picks = { [FORM_BLOCKS.status]: seed.statuses.incident.identified!, [FORM_BLOCKS.severity]: seed.severities.incident.major! };
    let form = await openUpdateForm(driver);
    form = await choosePost(driver, form, `incident:${seed.incidentPostId}`);

    emptyTheLog(dataDir);
    const filler = fill(disk!.dir);
    const refused = await submitForm(driver, form, { ...picks, [FORM_BLOCKS.message]: 'DISK-FULL Payments are recovering.' });
    expect(refused).toEqual({
      response_action: 'errors',
      errors: { [FORM_BLOCKS.message]: expect.stringContaining('your text is still here') },
    });
    expect((await fetch(`http://127.0.0.1:${herald.port}/healthz`)).status).toBe(200);
    expect(world.pagerduty.state.updatesOf(seed.incidentPostId).filter((update) => update.message.includes('DISK-FULL'))).toHaveLength(0);

    unlinkSync(filler);
    const since = world.slack.calls.length;
    const stored = await submitForm(driver, form, { ...picks, [FORM_BLOCKS.message]: 'DISK-FULL Payments are recovering.' });
    expect(stored).toMatchObject({ response_action: 'update' });
    await world.slack.waitFor((call) => call.method === 'chat.postMessage' && JSON.stringify(call.args).includes('DISK-FULL'), {
      since,
      timeoutMs: 10_000,
    });
    expect(world.pagerduty.state.updatesOf(seed.incidentPostId).filter((update) => update.message.includes('DISK-FULL'))).toHaveLength(1);
    expect(herald.output()).not.toMatch(/"level":60/);
    herald.kill('SIGTERM');
    expect(await herald.exited).toBe(0);
    expect(integrityOf(dataDir)).toBe('ok');
  }, 60_000);
});
