/**
 * The order of uncertain inputs is canonical: writing a scenario's mapping keys
 * in another order (parameters, fields of a service) is the same scenario, so
 * Monte Carlo with the same seed gives the same figures.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScenario, simulate } from '../../src/index.js';
import { repoRoot } from '../helpers.js';

/** Every mapping's keys in reverse order, at every depth (lists keep their order). */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  return v;
}

describe('canonical order of uncertain inputs', () => {
  it('reordering mapping keys changes no Monte Carlo figure for the same seed', async () => {
    // The merged scenario (tables already absolute) written out whole, as written and with every mapping reversed.
    const merged = loadScenario(resolve(repoRoot, 'models/harrogate-integrated-care-uncertain.yaml')).loaded.scenario;
    const dir = mkdtempSync(join(tmpdir(), 'popshift-order-'));
    try {
      const files = [merged, reverseKeys(merged)].map((data, i) => {
        const file = join(dir, `order-${i}.json`);
        writeFileSync(file, JSON.stringify(data));
        return file;
      });
      const [a, b] = await Promise.all(files.map((f) => simulate(loadScenario(f), { iterations: 200, seed: 7, workers: 1 })));
      expect(b!.inputs.map((x) => x.name).sort()).toEqual(a!.inputs.map((x) => x.name).sort());
      expect(b!.metrics).toEqual(a!.metrics);
      expect(b!.gapCloses).toEqual(a!.gapCloses);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
