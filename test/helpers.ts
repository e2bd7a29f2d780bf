/** Paths shared by the tests. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

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

/** Run `node bin/popshift.js ...args` from the repo root, as a user would. */
export function popshift(...args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, ['bin/popshift.js', ...args], { cwd: repoRoot, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}
