/** Every sensitivity result says the price base of its £ figures, as a Monte Carlo run does: a script that keeps only the result still knows cash from real terms. */
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { loadScenario, tornado, tornadoByYear, spider, goalSeek, optimise } from '../../src/index.js';
import { repoRoot } from '../helpers.js';

describe('sensitivity results carry the price base', () => {
  const priceBase = 'real terms, 2022/23 prices (a test price base)';
  const s = loadScenario(resolve(repoRoot, 'test/uncertainty/fixtures/tiny-uncertain.yaml'), { overrides: { priceBase } });
  const year = '2022/23';

  it('tornado, tornadoByYear, spider, goalSeek and optimise', () => {
    expect(s.model.priceBase).toBe(priceBase);
    const t = tornado(s, { year });
    expect(t.priceBase).toBe(priceBase);
    expect(new Set(tornadoByYear(s).map((r) => r.priceBase))).toEqual(new Set([priceBase]));
    expect(spider(s, { year }).priceBase).toBe(priceBase);
    expect(goalSeek(s, { input: '$shiftFraction', target: t.central, year }).priceBase).toBe(priceBase);
    expect(goalSeek(s, { input: '$shiftFraction', probability: 0.5, year, iterations: 50, range: [0, 1] }).priceBase).toBe(priceBase);
    expect(optimise(s, { year, iterations: 20, levels: 2, objective: 'expected-gap' }).priceBase).toBe(priceBase);
  });
});
