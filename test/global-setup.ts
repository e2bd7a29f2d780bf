/**
 * Vitest global setup: the tests that spawn `popshift` run the compiled CLI
 * (bin/popshift.js → dist/), as an installed package does, so dist/ is built
 * here first when a source is newer than it (`npm run build -- --if-stale`).
 */
import { execFileSync } from 'node:child_process';
import { repoRoot } from './helpers.js';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: repoRoot, stdio: 'inherit' });
}
