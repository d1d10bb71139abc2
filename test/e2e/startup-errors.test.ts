import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_ENTRY } from '../support/herald-process.js';
import { openHeraldProcessWorld, type HeraldProcessWorld } from '../support/herald-process-world.js';
import { waitUntil } from '../support/wait-until.js';

// What an operator meets when Herald cannot start, or is stopped: the bundle `npm start` runs, as its own
// process, in a working directory of the test's own (where it looks for .env).

interface Started {
  pid: number;
  exited: Promise<number | null>;
  output(): string;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; uid?: number; gid?: number }): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { pid: child.pid!, exited, output: () => output };
}

const herald = (cwd: string, env: NodeJS.ProcessEnv, ids: { uid?: number; gid?: number } = {}) =>
  run(process.execPath, [BUNDLE_ENTRY], { cwd, env, ...ids });

async function listenOn(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve));
  return server;
}

async function portIsFree(port: number): Promise<boolean> {
  try {
    const server = await listenOn(port);
    await new Promise((resolve) => server.close(resolve));
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = await listenOn(0);
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every process started under `pid`, however deep (npm, its shell if any, node). */
function descendantsOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    // pgrep exits 1 when there are none.
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('starting and stopping Herald as an operator does', () => {
  let world: HeraldProcessWorld;
  let cwd: string;
  beforeAll(async () => {
    world = await openHeraldProcessWorld({ signingSecret: 'startup-errors-signing-secret', dataDirPrefix: 'herald-startup-errors-' });
  });
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'herald-cwd-'));
  });
  afterEach(() => rm(cwd, { recursive: true, force: true }));
  afterAll(() => world.close());

  it('reads .env itself, value for value as written, and refuses a HERALD_PUBLISHERS that names no group', async () => {
    // What `set -a; . ./.env` turned into an unset variable: a shell reads "@sre" as a command.
    const { HERALD_PUBLISHERS: _unset, ...env } = world.env();
    await writeFile(join(cwd, '.env'), 'HERALD_PUBLISHERS=, ,\n');
    const refused = herald(cwd, env);
    expect(await refused.exited).toBe(78);
    expect(refused.output()).toContain('HERALD_PUBLISHERS is set but names no user group');

    await writeFile(join(cwd, '.env'), 'HERALD_PUBLISHERS=@incident-commanders, @sre\nLOG_LEVEL=debug\n');
    const started = herald(cwd, { ...env, LOG_LEVEL: 'info' });
    await waitUntil(() => started.output().includes('Herald is ready'), 10_000, 'Herald is ready', started.output);
    // The file was read (it is named), and a variable already set (LOG_LEVEL) won over the file's.
    expect(started.output()).toContain(`"file":"${join(cwd, '.env')}"`);
    expect(started.output()).not.toContain('"level":20');
    process.kill(started.pid, 'SIGTERM');
    expect(await started.exited).toBe(0);
  });

  it("warns about each of .env.example's sample values still in place", async () => {
    await writeFile(join(cwd, '.env'), 'SLACK_SIGNING_SECRET=your-signing-secret\n');
    const { SLACK_SIGNING_SECRET: _unset, ...env } = world.env();
    const started = herald(cwd, env);
    await waitUntil(() => started.output().includes('Herald is ready'), 10_000, 'Herald is ready', started.output);
    expect(started.output()).toContain('SLACK_SIGNING_SECRET still holds the sample value from .env.example');
    expect(started.output()).not.toContain('SLACK_BOT_TOKEN still holds');
    process.kill(started.pid, 'SIGTERM');
    expect(await started.exited).toBe(0);
  });

  it('names PORT when the port is taken', async () => {
    const taken = await listenOn(0);
    const port = (taken.address() as { port: number }).port;
    try {
      const refused = herald(cwd, world.env({ PORT: String(port) }));
      expect(await refused.exited).toBe(78);
      expect(refused.output()).toContain(`PORT ${port} is already in use (EADDRINUSE)`);
    } finally {
      taken.close();
    }
  });

  // Root may write anywhere, so as root Herald runs as "nobody" here, as it would in a locked-down container.
  const asRoot = process.getuid?.() === 0;
  it('names DATA_DIR and says "permission denied" when it may not write there, exiting 78', async () => {
    const locked = join(cwd, 'locked');
    await mkdir(locked, { mode: 0o555 });
    const refused = herald(cwd, world.env({ DATA_DIR: join(locked, 'data') }), asRoot ? { uid: 65534, gid: 65534 } : {});
    expect(await refused.exited).toBe(78);
    expect(refused.output()).toContain(`DATA_DIR (${join(locked, 'data')}): could not open the SQLite database`);
    expect(refused.output()).toContain('permission denied');
  });

  it('names DATA_DIR when it is not a directory', async () => {
    await writeFile(join(cwd, 'a-file'), '');
    const refused = herald(cwd, world.env({ DATA_DIR: join(cwd, 'a-file') }));
    expect(await refused.exited).toBe(78);
    expect(refused.output()).toContain(`DATA_DIR (${join(cwd, 'a-file')})`);
    expect(refused.output()).toContain('not a directory');
  });

  it('refuses a second Herald on the same DATA_DIR, naming it, and starts the next once the first is gone, even killed', async () => {
    const dataDir = join(cwd, 'data');
    const on = async () => world.env({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    const started: Started[] = [];
    const start = async () => {
      const one = herald(cwd, await on());
      started.push(one);
      return one;
    };
    try {
      const first = await start();
      await waitUntil(() => first.output().includes('Herald is ready'), 10_000, 'the first Herald ready', first.output);
      const second = await start();
      // It waits a few seconds for a Herald that is stopping, then says why it cannot start; a restart may succeed.
      let code: number | null | undefined;
      void second.exited.then((exited) => (code = exited));
      await waitUntil(() => code !== undefined || second.output().includes('Herald is ready'), 15_000, 'the second to exit', second.output);
      expect(second.output()).not.toContain('Herald is ready');
      expect(code).toBe(1);
      expect(second.output()).toContain(`DATA_DIR (${dataDir}): could not open the SQLite database`);
      expect(second.output()).toContain('another Herald is running on this directory');
      expect(second.output()).toContain('Run one Herald per DATA_DIR, or point every replica at PostgreSQL (DATABASE_URL)');
      process.kill(first.pid, 'SIGKILL');
      await first.exited;
      const next = await start();
      await waitUntil(() => next.output().includes('Herald is ready'), 10_000, 'the next Herald ready', next.output);
      process.kill(next.pid, 'SIGTERM');
      expect(await next.exited).toBe(0);
    } finally {
      for (const one of started) if (pidAlive(one.pid)) process.kill(one.pid, 'SIGKILL');
    }
  }, 40_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('`npm start` stops on %s: no node left behind, the port free again', async (signal) => {
    const port = await freePort();
    const npm = run('npm', ['start', '--silent'], { cwd: process.cwd(), env: world.env({ PORT: String(port) }) });
    await waitUntil(() => npm.output().includes('Herald is ready'), 15_000, 'Herald is ready', npm.output);
    expect(await portIsFree(port)).toBe(false);
    const underNpm = descendantsOf(npm.pid);
    expect(underNpm.length).toBeGreaterThan(0);
    process.kill(npm.pid, signal);
    await npm.exited;
    await waitUntil(async () => portIsFree(port), 5_000, `port ${port} released`, npm.output);
    expect(npm.output()).toContain(`"signal":"${signal}"`);
    await waitUntil(() => !underNpm.some(pidAlive), 5_000, 'every process under npm gone', npm.output);
  });
});
