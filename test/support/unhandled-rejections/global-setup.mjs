import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Where the tests note each unhandled promise rejection a Herald process they started logged (see
// test/support/herald-process.ts); the workers are started after this and inherit the variable.
// global-teardown.mjs reads it.
export default function setup() {
  process.env.HERALD_TEST_UNHANDLED_DIR = mkdtempSync(join(tmpdir(), 'herald-unhandled-'));
}
