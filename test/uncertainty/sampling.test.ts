import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compile, quantile, normalCdf, normalQuantile, betaCdf, betaQuantile, betaQuantiles, logGamma, type Compiled } from '../../src/uncertainty/distributions.js';
import { Stream } from '../../src/uncertainty/rng.js';
import { imanConover, sampleInputs, planSampling } from '../../src/uncertainty/sample.js';
import { ranks, pearson } from '../../src/uncertainty/statistics.js';
import { loadScenario } from '../../src/index.js';
import { repoRoot } from '../helpers.js';
import { resolve } from 'node:path';

const TINY = resolve(repoRoot, 'test/uncertainty/fixtures/tiny-uncertain.yaml');
const c = (d: Parameters<typeof compile>[0], domain = {}) => compile(d, domain) as Compiled;
const draws = (k: Compiled, n = 20000, seed = 7) => {
  const s = new Stream(seed, 0);
  return Float64Array.from({ length: n }, () => quantile(k, s.uniform()));
};
const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;

describe('normal CDF and quantile', () => {
  it('match known values', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    for (const p of [1e-9, 0.01, 0.3, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
  });
});

describe('distributions', () => {
  it('the 80% interval puts 10% below p10 and 10% above p90 (a normal)', () => {
    const k = c({ dist: 'interval', p10: 2, p90: 6 });
    expect(quantile(k, 0.1)).toBeCloseTo(2, 10);
    expect(quantile(k, 0.9)).toBeCloseTo(6, 10);
    expect(quantile(k, 0.5)).toBeCloseTo(4, 10);
    const x = draws(k);
    expect(x.filter((v) => v < 2).length / x.length).toBeCloseTo(0.1, 2);
  });
  it('normal and lognormal moments and medians', () => {
    const x = draws(c({ dist: 'normal', mean: 10, sd: 2 }));
    expect(mean(x)).toBeCloseTo(10, 1);
    const ln = c({ dist: 'lognormal', median: 5, sd: 0.3 });
    expect(quantile(ln, 0.5)).toBeCloseTo(5, 10);
    expect(mean(draws(ln))).toBeCloseTo(5 * Math.exp(0.045), 1);
  });
  it('triangular and PERT: mode, support and mean', () => {
    const tri = c({ dist: 'triangular', min: 0, mode: 2, max: 10 });
    expect(quantile(tri, 0.2)).toBeCloseTo(2, 10); // F(mode) = (mode − min)/(max − min)
    expect(mean(draws(tri))).toBeCloseTo(4, 1);
    const pert = c({ dist: 'pert', min: 0, mode: 2, max: 10 });
    const x = draws(pert);
    expect(mean(x)).toBeCloseTo((0 + 4 * 2 + 10) / 6, 1);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(10);
    // the mode is where the density peaks: more mass near 2 than near 1 or 3
    const near = (v: number) => x.filter((y) => Math.abs(y - v) < 0.25).length;
    expect(near(2)).toBeGreaterThan(near(1));
    expect(near(2)).toBeGreaterThan(near(3.5));
    expect(pert.cdf(quantile(pert, 0.37))).toBeCloseTo(0.37, 10);
  });
  it('the beta quantile a PERT samples with (from its table) solves I_x(a, b) = p as tightly as the one from the mean, and agrees with it', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 5, noNaN: true }), fc.double({ min: 1, max: 5, noNaN: true }), fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), (a, b, p) => {
        const x = betaQuantiles(a, b)(p);
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(1);
        // the solver's tolerance (1e-15) plus the CDF's own rounding (a few units in the last place of
        // I_x), since a draw from so close a start is mostly one unconfirmed Newton step
        expect(Math.abs(betaCdf(x, a, b) - p)).toBeLessThan(4e-15);
        // the two differ only within the solver's tolerance: as far apart as 2e-15 of probability allows where x lies
        const dens = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - (logGamma(a) + logGamma(b) - logGamma(a + b)));
        expect(Math.abs(x - betaQuantile(p, a, b))).toBeLessThan(4e-15 / dens + 1e-15);
      }),
      { numRuns: 300 },
    );
    const q = betaQuantiles(2, 3);
    expect([q(0), q(1)]).toEqual([0, 1]);
    // the end cells (where the start is the power law, not the cubic) and a point of the table itself
    const ends = betaQuantiles(4.2, 1.3);
    for (const p of [1e-7, 1e-3, 3 / 1024, 0.25, 1 - 3 / 1024, 1 - 1e-3, 1 - 1e-7]) expect(Math.abs(betaCdf(ends(p), 4.2, 1.3) - p)).toBeLessThan(4e-15);
  });
  it('bounds truncate by inverse CDF (not clamping): all inside, no pile-up at the bound', () => {
    const k = c({ dist: 'normal', mean: 0, sd: 1, min: -0.5, max: 2 });
    const x = draws(k);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...x)).toBeLessThanOrEqual(2);
    expect(x.filter((v) => v === -0.5 || v === 2).length).toBe(0);
    // median of the truncated normal
    const med = normalQuantile((normalCdf(-0.5) + normalCdf(2)) / 2);
    expect(quantile(k, 0.5)).toBeCloseTo(med, 10);
    // the domain a share needs truncates too
    const share = c({ dist: 'interval', p10: 0.8, p90: 1.1 }, { min: 0, max: 1 });
    expect(Math.max(...draws(share))).toBeLessThanOrEqual(1);
  });
  it('rejects bad distributions with a reason', () => {
    expect(compile({ dist: 'interval', p10: 3, p90: 1 })).toMatch(/p10 \(3\) must not be above p90 \(1\)/);
    expect(compile({ dist: 'normal', mean: 0, sd: -1 })).toMatch(/cannot be negative/);
    expect(compile({ dist: 'normal', mean: 0, sd: 1, min: 50, max: 60 })).toMatch(/exclude the whole distribution/);
    expect(compile({ dist: 'pert', min: 0, mode: 5, max: 4 })).toMatch(/min ≤ mode ≤ max/);
    expect(compile({ dist: 'lognormal', median: -1, sd: 1 })).toMatch(/median/);
  });
});

describe('streams and Iman–Conover', () => {
  it('iteration i draws the same values however iterations are split', () => {
    const plan = planSampling(loadScenario(TINY));
    const whole = sampleInputs(plan, 42, 1000, 0, 1000);
    const m = plan.inputs.length;
    const parts = [sampleInputs(plan, 42, 1000, 0, 333), sampleInputs(plan, 42, 1000, 333, 700), sampleInputs(plan, 42, 1000, 700, 1000)];
    const joined = new Float64Array(1000 * m);
    let o = 0;
    for (const p of parts) {
      joined.set(p, o);
      o += p.length;
    }
    expect(Array.from(joined)).toEqual(Array.from(whole));
    expect(Array.from(sampleInputs(plan, 43, 1000, 0, 1000))).not.toEqual(Array.from(whole));
  });
  it('achieves the target rank correlation and keeps each marginal exactly', () => {
    const n = 5000;
    const s = new Stream(1, 0);
    const x = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => s.uniform() ** 2));
    const target = [
      [1, 0.6, -0.3],
      [0.6, 1, 0],
      [-0.3, 0, 1],
    ];
    const y = imanConover(x, target, 9);
    for (let a = 0; a < 3; a++) expect(Array.from(Float64Array.from(y[a]!).sort())).toEqual(Array.from(Float64Array.from(x[a]!).sort()));
    const rho = (a: number, b: number) => pearson(ranks(y[a]!), ranks(y[b]!));
    expect(rho(0, 1)).toBeCloseTo(0.6, 1);
    expect(rho(0, 2)).toBeCloseTo(-0.3, 1);
    expect(Math.abs(rho(1, 2))).toBeLessThan(0.05);
  });
});
