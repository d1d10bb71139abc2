// `npm run build` step two: Herald as one file, dist/bundle/herald.mjs, which `npm start` and the Docker
// image run. Node spends most of Herald's start-up resolving and compiling some 1,500 module files;
// one bundled file starts in a fraction of that time. tsc's dist/ stays for type checks and tests.
// Native addons (and modules only they load) cannot be bundled: they stay in node_modules.
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const BUNDLE = 'dist/bundle/herald.mjs';

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Readable stack traces in production logs matter more than the source bytes minifying would save.
  minify: false,
  external: ['better-sqlite3', 'better-sqlite3-12', 'pg-native'],
  // The CommonJS packages inside call require() for Node's built-ins; an ES module has no require of its own.
  banner: { js: "import { createRequire as __heraldCreateRequire } from 'node:module'; const require = __heraldCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  write: false,
});

for (const file of result.outputFiles) {
  // esbuild escapes every non-ASCII character in code, but copies the comments it keeps as they are,
  // and one "—" in a comment makes V8 hold the whole 5 MB source as a two-byte string: 10 MB of heap
  // for the life of the process. Each such UTF-16 unit becomes one "?" (columns, so the source map, stay right).
  const text = file.path.endsWith('.mjs') ? file.text.replace(/[^\x00-\x7f]/g, '?') : file.text;
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, text);
}
