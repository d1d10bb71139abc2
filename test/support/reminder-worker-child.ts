import { spawn } from 'node:child_process';
import { join } from 'node:path';

// Starts test/support/reminder-worker-process.ts in a child process (TypeScript through tsx), so a test can
// SIGKILL a reminder worker the way a crashed replica dies: mid-statement, its database sessions cut.

const SCRIPT = join(process.cwd(), 'test', 'support', 'reminder-worker-process.ts');

export interface ReminderWorkerChild {
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  /** Everything it wrote, standard output and error. */
  output(): string;
}

export function startReminderWorkerChild(env: NodeJS.ProcessEnv, now: Date): ReminderWorkerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { PATH: process.env.PATH, ...env, HERALD_TEST_NOW: now.toISOString() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { exited, kill: (signal) => child.kill(signal), output: () => output };
}
