/** Paths shared by the tests. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** A file under test/fixtures. */
export function fixture(name: string): string {
  return resolve(repoRoot, 'test/fixtures', name);
}

/** A file under models/. */
export function model(name: string): string {
  return resolve(repoRoot, 'models', name);
}

/** What a spawned `popshift` printed and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The timeout of a hook or test that waits for spawned `popshift` processes.
 * A spawn of the compiled CLI costs a fraction of a second of CPU, but on a
 * busy 2-core machine (CI beside other work) processes wait for a core: the
 * limit is there to catch a hang, not to time the CLI (speed goals are in
 * `npm run bench`).
 */
export const SPAWN_TIMEOUT = 300_000;

/** At most this many `popshift` processes at once: more only queue for the cores and hold memory. */
const MAX_SPAWNS = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

/**
 * Run `node bin/popshift.js ...args` from the repo root, as a user would (the
 * compiled CLI in dist/, built by the global setup), a few at a time.
 */
export async function popshift(...args: string[]): Promise<CliRun> {
  if (running >= MAX_SPAWNS) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await new Promise((done) => {
      execFile(process.execPath, ['bin/popshift.js', ...args], { cwd: repoRoot, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}
