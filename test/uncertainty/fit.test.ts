/**
 * `popshift fit`: on data drawn from known distributions, each fit recovers
 * the parameters and ranks the true family first; user errors name the file
 * and line.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { parse } from 'yaml';
import { compile, quantile, type Compiled } from '../../src/uncertainty/distributions.js';
import { Stream } from '../../src/uncertainty/rng.js';
import { fitDistributions, fitSnippet, digamma, trigamma, type Fit } from '../../src/uncertainty/fit.js';
import { Distribution, type DistributionT } from '../../src/scenario/schema.js';
import { UserError } from '../../src/errors.js';
import { popshift, SPAWN_TIMEOUT, type CliRun } from '../helpers.js';

const N = 3000;
const draw = (d: DistributionT, seed: number) => {
  const c = compile(d) as Compiled;
  const s = new Stream(seed, 1);
  return Array.from({ length: N }, () => quantile(c, s.uniform()));
};
const fitted = (fits: Fit[], family: string) => fits.find((f) => f.family === family)!.dist as unknown as Record<string, number>;

describe('fitting on data drawn from known distributions (n = 3,000)', () => {
  it('normal: the mean within 3 standard errors, the sd within 5%; ranked first', () => {
    const r = fitDistributions(draw({ dist: 'normal', mean: 10, sd: 2 }, 1));
    expect(r.fits[0]!.family).toBe('normal');
    const d = fitted(r.fits, 'normal');
    expect(Math.abs(d.mean! - 10)).toBeLessThan((3 * 2) / Math.sqrt(N));
    expect(d.sd! / 2).toBeCloseTo(1, 1);
    expect(Math.abs(d.sd! / 2 - 1)).toBeLessThan(0.05);
  });
  it('lognormal: median within 3% and sd of log within 5%; ranked first, and first by KS too', () => {
    const r = fitDistributions(draw({ dist: 'lognormal', median: 50, sd: 0.5 }, 2));
    expect(r.fits[0]!.family).toBe('lognormal');
    expect(Math.min(...r.fits.map((f) => f.ks))).toBe(r.fits[0]!.ks);
    const d = fitted(r.fits, 'lognormal');
    expect(Math.abs(d.median! / 50 - 1)).toBeLessThan(0.03);
    expect(Math.abs(d.sd! / 0.5 - 1)).toBeLessThan(0.05);
  });
  it('gamma: shape and scale within 10%; ranked first', () => {
    const r = fitDistributions(draw({ dist: 'gamma', shape: 2, scale: 3 }, 3));
    expect(r.fits[0]!.family).toBe('gamma');
    const d = fitted(r.fits, 'gamma');
    expect(Math.abs(d.shape! / 2 - 1)).toBeLessThan(0.1);
    expect(Math.abs(d.scale! / 3 - 1)).toBeLessThan(0.1);
    // its mean is the data's (the maximum-likelihood gamma keeps the mean)
    const x = draw({ dist: 'gamma', shape: 2, scale: 3 }, 3);
    expect(d.shape! * d.scale!).toBeCloseTo(x.reduce((a, b) => a + b, 0) / N, 10);
  });
  it('PERT: min, mode and max within 2% of the range; ranked first', () => {
    const r = fitDistributions(draw({ dist: 'pert', min: 0, mode: 2, max: 10 }, 4));
    expect(r.fits[0]!.family).toBe('pert');
    const d = fitted(r.fits, 'pert');
    expect(Math.abs(d.min! - 0)).toBeLessThan(0.2);
    expect(Math.abs(d.mode! - 2)).toBeLessThan(0.2);
    expect(Math.abs(d.max! - 10)).toBeLessThan(0.2);
  });
  it('AIC is 2k − 2 log L, fits are ordered by it, and a normal log-likelihood checks by hand', () => {
    const x = draw({ dist: 'normal', mean: 0, sd: 1 }, 5);
    const r = fitDistributions(x, ['normal']);
    const f = r.fits[0]!;
    const { mean: mu, sd } = f.dist as { mean: number; sd: number };
    const byHand = x.reduce((s, v) => s - 0.5 * Math.log(2 * Math.PI * sd * sd) - (v - mu) ** 2 / (2 * sd * sd), 0);
    expect(f.logLikelihood).toBeCloseTo(byHand, 6);
    expect(f.aic).toBeCloseTo(4 - 2 * byHand, 6);
    const all = fitDistributions(draw({ dist: 'gamma', shape: 2, scale: 3 }, 6));
    for (let i = 1; i < all.fits.length; i++) expect(all.fits[i]!.aic).toBeGreaterThanOrEqual(all.fits[i - 1]!.aic);
  });
  it('leaves out lognormal and gamma for data with values ≤ 0, saying why', () => {
    const r = fitDistributions(draw({ dist: 'normal', mean: 0.02, sd: 0.01 }, 7));
    expect(r.fits.map((f) => f.family).sort()).toEqual(['normal', 'pert']);
    expect(r.skipped.map((s) => s.family)).toEqual(['lognormal', 'gamma']);
    expect(r.skipped[0]!.reason).toMatch(/a lognormal needs every value above 0 \(the smallest is -/);
  });
  it('the snippet is a distribution the scenario schema accepts', () => {
    const r = fitDistributions(draw({ dist: 'gamma', shape: 2, scale: 3 }, 8));
    for (const f of r.fits) {
      const y = parse(fitSnippet(f, 'test')) as { value: unknown; source: string };
      expect(Distribution.safeParse(y.value).success, fitSnippet(f, 'test')).toBe(true);
      expect(y.source).toBe('test');
    }
  });
  it('a library caller\'s bad data is a UserError naming the value, not a TypeError inside a fit', () => {
    const x = [0.021, 0.012, 0.016, 0.021, 0.025, 0.026, 0.073, 0.043];
    expect(() => fitDistributions([...x, NaN])).toThrow(UserError);
    expect(() => fitDistributions([...x, NaN])).toThrow('fitDistributions: data[8] is NaN, not a finite number (leave missing values out)');
    expect(() => fitDistributions([...x.slice(0, 3), Infinity, ...x.slice(3)])).toThrow('data[3] is Infinity');
    expect(() => fitDistributions(x.slice(0, 3))).toThrow(new UserError('fitDistributions: fitting needs at least 8 values (got 3)'));
    expect(() => fitDistributions(x, ['weibull' as 'normal'])).toThrow("fitDistributions: 'weibull' is not a family popshift fits (normal, lognormal, gamma, pert)");
  });
  it('digamma and trigamma match known values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 12);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 12);
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 12);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 11);
  });
});

const DIR = 'test/uncertainty/fixtures/fit';
const cases: Record<string, { args: string[]; message: RegExp }> = {
  missingColumn: { args: ['fit', `${DIR}/growth.csv`, '--column', 'grwth'], message: /^popshift: --column: data table test\/uncertainty\/fixtures\/fit\/growth\.csv has no column 'grwth' \(its columns: year, growth, note\)$/m },
  nonNumeric: { args: ['fit', `${DIR}/bad-cell.csv`, '--column', 'growth'], message: /data table test\/uncertainty\/fixtures\/fit\/bad-cell\.csv:4: column 'growth' is not a number \('2\.5%'\)/ },
  tooFew: { args: ['fit', `${DIR}/few.csv`, '--column', 'growth'], message: /few\.csv: column 'growth' has 3 values \(and 1 blank\); fitting needs at least 8/ },
  lognormalNegative: { args: ['fit', `${DIR}/growth.csv`, '--column', 'growth', '--dist', 'lognormal'], message: /growth\.csv:12: column 'growth' is -0\.004: a lognormal needs every value above 0/ },
  noColumn: { args: ['fit', `${DIR}/growth.csv`], message: /--column: required/ },
  unknownFamily: { args: ['fit', `${DIR}/growth.csv`, '--column', 'growth', '--dist', 'weibull'], message: /--dist: 'weibull' is not a family popshift fits \(normal, lognormal, gamma, pert\)/ },
};

let runs: Record<string, CliRun>;
let good: CliRun;
beforeAll(async () => {
  const names = Object.keys(cases);
  const all = await Promise.all([...names.map((n) => popshift(...cases[n]!.args)), popshift('fit', `${DIR}/growth.csv`, '--column', 'growth')]);
  runs = Object.fromEntries(names.map((n, i) => [n, all[i]!]));
  good = all[names.length]!;
}, SPAWN_TIMEOUT);

describe('popshift fit on the command line', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: exits 2 with one clear line`, () => {
      expect(runs[name]!.code).toBe(2);
      expect(runs[name]!.stderr).toMatch(c.message);
      expect(runs[name]!.stderr).not.toMatch(/internal error/);
    });
  }
  it('ranks the families, leaves out those the data rule out, and prints the snippet for the best', () => {
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/11 values \(1 blank cells left out\)/);
    expect(good.stdout).toMatch(/family\s+parameters\s+log-likelihood\s+AIC\s+ΔAIC\s+KS D\s+KS rank/);
    expect(good.stdout).toMatch(/not fitted: lognormal \(a lognormal needs every value above 0 \(the smallest is -0\.004\)\)/);
    const snippet = good.stdout.split('for a parameter:\n')[1]!;
    const y = parse(snippet) as { value: unknown; source: string };
    expect(Distribution.safeParse(y.value).success).toBe(true);
    expect(y.source).toMatch(/fitted to test\/uncertainty\/fixtures\/fit\/growth\.csv column growth \(n = 11\)/);
  });
});
