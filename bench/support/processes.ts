import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

// The apps under test run as their own processes, so their memory and CPU are theirs alone and
// the benchmark's heap, fakes and load generator never show up in what is measured.

export interface AppProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** From spawn to the first 200 on /healthz, in ms. */
  readyAfterMs: number;
  /** The last lines the app wrote, for explaining a failure. */
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnAppOptions {
  /** Node arguments and script, e.g. ['dist/main.js']. */
  args: string[];
  env: Record<string, string>;
  port: number;
  /** Pins the process to these CPUs (taskset), so the app and the load generator do not share a core. */
  cpus?: string;
  readyTimeoutMs?: number;
}

const OUTPUT_KEEP_CHARS = 8_000;

export async function spawnApp(options: SpawnAppOptions): Promise<AppProcess> {
  const command = options.cpus === undefined ? process.execPath : 'taskset';
  const args = options.cpus === undefined ? options.args : ['-c', options.cpus, process.execPath, ...options.args];
  const startedAt = performance.now();
  const child = spawn(command, args, {
    // Only what the app needs: nothing of the benchmark's own environment leaks in.
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = startedAt + (options.readyTimeoutMs ?? 15_000);
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before it was ready:\n${output}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app was not ready within ${options.readyTimeoutMs ?? 15_000} ms:\n${output}`);
    }
    ready = await isHealthy(baseUrl);
    if (!ready) await sleep(5);
  }
  const readyAfterMs = performance.now() - startedAt;

  return {
    child,
    // taskset execs node in place, so the pid is node's.
    pid: child.pid!,
    port: options.port,
    baseUrl,
    readyAfterMs,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Resident set size in bytes, from /proc/<pid>/status (VmRSS). */
export async function residentSetBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kilobytes) * 1024;
}

/** CPU time (user + system) the process has used so far, in ms, from /proc/<pid>/stat. */
export async function cpuTimeMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at index 2 (state); utime, stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ; 100 on every Linux we run on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** A free loopback port: bound once by the OS, released, then handed to the child. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
