import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { noteGuardLines } from './unhandled-rejections/note.js';

// Herald as production runs it: `node dist/main.js` in its own process (`npm test` builds dist first),
// for the tests that kill it, restart it or run two side by side.

// HERALD_TEST_ENTRY=dist/bundle/herald.mjs runs these tests against the bundle `npm start` runs.
const MAIN = join(process.cwd(), process.env.HERALD_TEST_ENTRY ?? join('dist', 'main.js'));

export interface HeraldProcess {
  exited: Promise<number | null>;
  /** The HTTP port it chose (PORT=0), read from its "Herald is ready" log line. */
  port: number;
  kill(signal: NodeJS.Signals): void;
  /** Everything it wrote, standard output and error. */
  output(): string;
}

/** The bundle `npm start` runs (`npm test` builds it first). */
export const BUNDLE_ENTRY = join(process.cwd(), 'dist', 'bundle', 'herald.mjs');

/** Starts Herald with exactly this environment (plus PATH) and resolves once it is ready. */
export async function startHeraldProcess(env: NodeJS.ProcessEnv, entry: string = MAIN): Promise<HeraldProcess> {
  const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      noteGuardLines(`Herald process ${child.pid} (${entry})`, output);
      resolve(code);
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Left running, it would keep jest waiting for ever.
      child.kill('SIGKILL');
      reject(new Error(`Herald did not become ready:\n${output}`));
    }, 20_000);
    const look = () => {
      const ready = output.split('\n').find((line) => line.includes('Herald is ready'));
      if (ready) {
        clearTimeout(timer);
        resolve((JSON.parse(ready) as { port: number }).port);
      }
    };
    child.stdout.on('data', look);
    void exited.then((code) => reject(new Error(`Herald exited (${code}) before it was ready:\n${output}`)));
  });
  return { exited, port, kill: (signal) => child.kill(signal), output: () => output };
}
