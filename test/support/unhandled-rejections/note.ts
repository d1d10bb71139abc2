import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UNHANDLED_REJECTION_MESSAGE } from '../../../src/observability/process-guard.js';

// A Herald process that reached its process guard wrote UNHANDLED_REJECTION_MESSAGE to its log: noted where
// global-teardown.mjs finds it, so the whole run fails, naming the process and the line.

export function noteGuardLines(where: string, output: string): void {
  const lines = output.split('\n').filter((line) => line.includes(UNHANDLED_REJECTION_MESSAGE));
  if (lines.length === 0) return;
  const dir = process.env.HERALD_TEST_UNHANDLED_DIR;
  const note = `${where}:\n${lines.join('\n')}`;
  if (!dir) {
    process.stderr.write(`${note}\n`);
    return;
  }
  writeFileSync(join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`), note);
}
