import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Herald is benchmarked as it runs in production (`npm start`: the bundle dist/bundle/herald.mjs), so
// the benchmark builds it first (tsc, then scripts/bundle.mjs), unless the bundle is already newer than
// every file in src/.

export function buildHeraldIfStale(root: string, log: (message: string) => void): void {
  const entry = join(root, 'dist/main.js');
  const bundle = join(root, 'dist/bundle/herald.mjs');
  const newest = newestChange(join(root, 'src'));
  if ([entry, bundle].every((file) => existsSync(file) && newest <= statSync(file).mtimeMs)) {
    log('dist/ is up to date with src/: not rebuilding');
    return;
  }
  log('building Herald (tsc -p tsconfig.build.json)');
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (error) {
    // tsc still emits JavaScript when it finds type errors (someone may be mid-edit in src/).
    const output = String((error as { stdout?: Buffer }).stdout ?? '');
    if (!existsSync(entry)) throw new Error(`the build failed and there is no dist/main.js:\n${output}`);
    log(`the build reported errors; benchmarking what it emitted:\n${output.split('\n').slice(0, 10).join('\n')}`);
  }
  log('bundling Herald (scripts/bundle.mjs)');
  execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'pipe' });
}

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
