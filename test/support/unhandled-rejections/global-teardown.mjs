import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// Fails the run when a Herald process reached its process guard (src/observability/process-guard.ts): it kept
// serving, but every unhandled rejection is a bug to fix, not one to guard against.
export default function teardown() {
  const dir = process.env.HERALD_TEST_UNHANDLED_DIR;
  if (!dir) return;
  const notes = readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  if (notes.length > 0) {
    throw new Error(`Unhandled promise rejections during the test run (${notes.length}):\n${notes.join('\n---\n')}`);
  }
}
