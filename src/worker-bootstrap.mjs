/**
 * Worker threads on popshift's own modules, started the same way from the
 * compiled package (dist/) and from the TypeScript sources (vitest, tsx).
 *
 * A worker thread starts as a plain Node thread, without any TypeScript loader
 * its parent runs under. So each kind of worker has a small JavaScript entry
 * file beside its module (the build copies every .mjs file under src/ into
 * dist/), and threads are started on the entry, never on the module:
 *
 *   // src/uncertainty/worker-entry.mjs
 *   import { importModule } from '../worker-bootstrap.mjs';
 *   await importModule(new URL('./worker.js', import.meta.url));
 *
 *   // the parent
 *   new Worker(new URL('./worker-entry.mjs', import.meta.url));
 *
 * For a pool that calls the module's exports (piscina's `filename`), the entry
 * re-exports them: `const m = await importModule(new URL('./pool-worker.js',
 * import.meta.url)); export default m.default;`.
 *
 * Name the module by its compiled name (`.js`). In dist/ that file exists and
 * is imported as it is (no TypeScript tooling at run time). Beside the sources
 * only the `.ts` file exists: it is imported after registering tsx, a
 * devDependency, which an installed package therefore never loads.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Import a module of this package from dist/ or, failing that, its TypeScript source. */
export async function importModule(jsUrl) {
  if (existsSync(fileURLToPath(jsUrl))) return import(jsUrl.href);
  const tsUrl = new URL(jsUrl.href.replace(/\.js$/, '.ts'));
  if (!existsSync(fileURLToPath(tsUrl))) throw new Error(`worker module ${fileURLToPath(jsUrl)} not found`);
  const { register } = await import('tsx/esm/api');
  register();
  return import(tsUrl.href);
}
