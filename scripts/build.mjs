#!/usr/bin/env node
/**
 * `npm run build`: compile src/ into dist/ (JavaScript and .d.ts, by tsc with
 * tsconfig.build.json), then copy what tsc does not emit: the .mjs worker
 * bootstraps (src/worker-bootstrap.mjs) and the dashboard's static files,
 * and bundle mathjs's expression parser into dist/vendor/.
 * dist/ is made anew, so a deleted source leaves nothing behind.
 *
 * `--if-stale`: build only when a file under src/ (or a tsconfig) is newer than
 * the last build. `npm start`, `npm run bench`, the test suite's global setup
 * and bin/popshift.js in a clone use it, so the compiled CLI they run is never
 * older than the sources. (scripts/ is not in the package: an installed
 * popshift runs its dist/ as shipped.)
 *
 * Also importable: `ensureBuilt()` does what `--if-stale` does.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
/** Written last: its time is the build's, and a build that failed midway has none. */
const stamp = join(dist, '.built');
const inputs = ['tsconfig.json', 'tsconfig.build.json'].map((f) => join(root, f));

/** Every file under a folder. */
function files(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** True when dist/ is missing or older than a source. */
export function stale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return [...files(src), ...inputs].some((f) => statSync(f).mtimeMs > built);
}

/**
 * Compile and copy into a new folder beside dist/, then swap it in, so that a
 * build never leaves dist/ half-made (two builds at once each swap in a whole
 * one). Throws when tsc reports errors (printed on stderr).
 */
export function build() {
  const next = `${dist}.${process.pid}.tmp`;
  const old = `${dist}.${process.pid}.old`;
  rmSync(next, { recursive: true, force: true });
  try {
    const pkg = createRequire(import.meta.url).resolve('typescript/package.json');
    const tsc = join(dirname(pkg), JSON.parse(readFileSync(pkg, 'utf8')).bin.tsc);
    const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', next], { stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new Error(`build: tsc failed (exit ${r.status ?? r.signal})`);
    for (const f of files(src)) {
      const rel = relative(src, f);
      if (f.endsWith('.mjs') || rel.startsWith(join('server', 'public'))) {
        mkdirSync(dirname(join(next, rel)), { recursive: true });
        cpSync(f, join(next, rel));
      }
    }
    bundleMathParser(join(next, 'vendor', 'mathjs-parse.cjs'));
    writeFileSync(join(next, '.built'), `${new Date().toISOString()}\n`);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(next, dist);
  } finally {
    rmSync(next, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

/**
 * mathjs's expression parser alone (its number build's `create` and
 * `parseDependencies`, tree-shaken by esbuild) in one file: loading it and a
 * first parse take some 30 ms, against some 230 ms for mathjs's one-file build,
 * which instantiates most of mathjs on a first parse. Formulas in scenario
 * files are read with it (src/scenario/normalise/formulas.ts).
 */
function bundleMathParser(outfile) {
  const require = createRequire(import.meta.url);
  const { version, license } = require('mathjs/package.json');
  require('esbuild').buildSync({
    stdin: { contents: "export { create, parseDependencies } from 'mathjs/number';", resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minify: true,
    legalComments: 'eof',
    banner: { js: `/* mathjs ${version} (${license}, https://mathjs.org): its expression parser, bundled from node_modules/mathjs by popshift's scripts/build.mjs */` },
    outfile,
    logLevel: 'error',
  });
}

/** Build when stale; true if it built. */
export function ensureBuilt() {
  if (!stale()) return false;
  build();
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    if (ifStale ? ensureBuilt() : (build(), true)) console.error(`built ${relative(process.cwd(), dist) || 'dist'}/`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
