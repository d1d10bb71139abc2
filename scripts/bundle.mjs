// `npm run build` step two: Herald as one file, dist/bundle/herald.mjs, which `npm start` and the Docker
// image run. Node spends most of Herald's start-up resolving and compiling some 1,500 module files;
// one bundled file starts in a fraction of that time. tsc's dist/ stays for type checks and tests.
// Native addons (and modules only they load) cannot be bundled: they stay in node_modules.
import { build, transform } from 'esbuild';
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
  target: 'node22',
  // No source map: nothing would read it (Node uses one only with --enable-source-maps), and the bundle is not
  // minified, so a stack trace in production logs names readable lines of herald.mjs itself.
  sourcemap: false,
  minify: false,
  // Non-ASCII characters in strings become escapes: see the comment check below for why it matters.
  charset: 'ascii',
  // liquidjs has non-ASCII characters in regex literals (its accent-stripping filters), which the check below
  // refuses; it is one file of its own, so loading it from node_modules costs next to nothing.
  external: ['better-sqlite3', 'pg-native', 'liquidjs'],
  // The CommonJS packages inside call require() for Node's built-ins; an ES module has no require of its own.
  banner: {
    js: "import { createRequire as __heraldCreateRequire } from 'node:module'; const require = __heraldCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  write: false,
});

for (const file of result.outputFiles) {
  const text = file.path.endsWith('.mjs') ? await asciiOnly(file.text) : file.text;
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, text);
}

/**
 * One non-ASCII character anywhere makes V8 hold the whole 5 MB source as a two-byte string: 10 MB of
 * heap for the life of the process. `charset: 'ascii'` escapes them in strings, but esbuild copies the
 * comments it keeps as they are, and regex literals too (where an escape could change their meaning).
 * So each UTF-16 unit in a comment becomes one "?" (columns, so the source map, stay right); anything
 * else fails the build, as "?" there would change what the code does (it once turned a "•" in a
 * regex into "?", and list items on public status pages with it). Whether a character is in a comment
 * is esbuild's call: without whitespace and comments, the code must read the same before and after.
 */
async function asciiOnly(code) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is everything outside ASCII; its lower bound is only the range's start
  const rewritten = code.replace(/[^\x00-\x7f]/g, '?');
  if (rewritten === code) return code;
  const [before, after] = await Promise.all([withoutComments(code), withoutComments(rewritten)]);
  if (before !== after) {
    let at = 0;
    while (before[at] === after[at]) at += 1;
    const context = before.slice(Math.max(0, at - 80), at + 40);
    throw new Error(
      `${BUNDLE} would keep a non-ASCII character outside a comment (in a regex literal?), near:\n  ${context}\n` +
        'Write it as a \\u escape in the source.',
    );
  }
  return rewritten;
}

async function withoutComments(code) {
  const result = await transform(code, {
    loader: 'js',
    format: 'esm',
    minifyWhitespace: true,
    legalComments: 'none',
    charset: 'ascii',
    logLevel: 'silent',
  });
  return result.code;
}
