/**
 * The disk cache of finished runs: values come back exactly (typed arrays,
 * NaN, -0 included), the folder stays within its count and size bounds
 * (oldest out first, reading counts as use), a kept folder is found again by
 * a new cache, and a file that is not one of its own is treated as missing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskCache } from '../../src/server/disk-cache.js';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'popshift-disk-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.run')).sort();

describe('DiskCache', () => {
  it('gives back exactly what was stored', async () => {
    const cache = new DiskCache<unknown>({ dir: fresh() });
    const value = { a: [0.1 + 0.2, NaN, -0, Infinity], t: new Float64Array([1e-300, 5e-324]), s: 'x' };
    await cache.put('aaaa', value);
    const back = (await cache.get('aaaa')) as typeof value;
    expect(back).toEqual(value);
    expect(Object.is(back.a[2], -0)).toBe(true);
    expect(back.t).toBeInstanceOf(Float64Array);
    expect(await cache.get('bbbb')).toBeUndefined();
  });

  it('keeps at most maxEntries runs, dropping the least recently used', async () => {
    const dir = fresh();
    const cache = new DiskCache<number>({ dir, maxEntries: 2 });
    await cache.put('r1', 1);
    await cache.put('r2', 2);
    expect(await cache.get('r1')).toBe(1); // r1 is now more recent than r2
    await cache.put('r3', 3);
    expect(files(dir)).toEqual(['r1.run', 'r3.run']);
    expect(await cache.get('r2')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('keeps the folder under maxBytes', async () => {
    const dir = fresh();
    const big = 'x'.repeat(10_000);
    const cache = new DiskCache<string>({ dir, maxBytes: 25_000 });
    for (const id of ['a', 'b', 'c', 'd']) await cache.put(id, big);
    expect(cache.totalBytes).toBeLessThanOrEqual(25_000);
    expect(files(dir)).toEqual(['c.run', 'd.run']);
  });

  it('finds a kept folder again, within its bounds; a folder it made is removed on close', async () => {
    const dir = fresh();
    const first = new DiskCache<number>({ dir });
    for (const id of ['k1', 'k2', 'k3']) await first.put(id, Number(id[1]));
    const again = new DiskCache<number>({ dir, maxEntries: 2 });
    expect(again.size).toBe(2);
    expect(await again.get('k3')).toBe(3);
    again.close();
    expect(existsSync(dir)).toBe(true); // the user's folder stays

    const own = new DiskCache<number>();
    await own.put('z', 1);
    expect(existsSync(own.dir)).toBe(true);
    own.close();
    expect(existsSync(own.dir)).toBe(false);
  });

  it('treats a file that is not its own format as missing', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'junk.run'), '{"not":"a run"}');
    const cache = new DiskCache<unknown>({ dir });
    expect(await cache.get('junk')).toBeUndefined();
  });
});
