/** Paths shared by the tests. */
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
