/**
 * Gamma, discrete and bernoulli inputs: their moments from samples against the exact
 * ones, their central value, bad distributions, and Iman–Conover rank
 * correlation with the ties they bring.
 */
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { compile, quantile, type Compiled } from '../../src/uncertainty/distributions.js';
import { Stream } from '../../src/uncertainty/rng.js';
import { imanConover } from '../../src/uncertainty/sample.js';
import { ranks, pearson } from '../../src/uncertainty/statistics.js';
import { centralValue } from '../../src/scenario/normalise/slots.js';
import { loadScenario, simulate } from '../../src/index.js';
import { repoRoot } from '../helpers.js';

const c = (d: Parameters<typeof compile>[0], domain = {}) => compile(d, domain) as Compiled;
const draws = (k: Compiled, n = 40000, seed = 11) => {
  const s = new Stream(seed, 0);
  return Float64Array.from({ length: n }, () => quantile(k, s.uniform()));
};
const moments = (x: Float64Array) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return { mean: m, variance: x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1) };
};

describe('discrete distribution', () => {
  // values 1, 2, 5 with p 0.2, 0.5, 0.3: mean 0.2 + 1 + 1.5 = 2.7; E[x²] = 0.2 + 2 + 7.5 = 9.7; variance 9.7 − 7.29 = 2.41
  const d = { dist: 'discrete' as const, values: [5, 1, 2], p: [0.3, 0.2, 0.5] };
  it('samples only its values, each as often as its probability, with the exact mean and variance', () => {
    const x = draws(c(d));
    const n = x.length;
    const share = (v: number) => x.filter((y) => y === v).length / n;
    expect(share(1) + share(2) + share(5)).toBe(1);
    // binomial sd of a share at n = 40,000 is at most 0.0025: 4 sd
    expect(Math.abs(share(1) - 0.2)).toBeLessThan(0.01);
    expect(Math.abs(share(2) - 0.5)).toBeLessThan(0.01);
    const { mean, variance } = moments(x);
    // sd of the mean is sqrt(2.41 / n) ≈ 0.0078: 4 sd
    expect(Math.abs(mean - 2.7)).toBeLessThan(0.031);
    expect(Math.abs(variance - 2.41)).toBeLessThan(0.06);
    expect(centralValue(d)).toBeCloseTo(2.7, 12);
  });
  it('its quantile is the smallest value whose cumulative probability reaches u', () => {
    const k = c(d);
    expect(quantile(k, 0.2)).toBe(1);
    expect(quantile(k, 0.2000001)).toBe(2);
    expect(quantile(k, 0.7)).toBe(2);
    expect(quantile(k, 0.71)).toBe(5);
    expect(k.cdf(1.5)).toBeCloseTo(0.2, 12);
    expect(k.cdf(5)).toBe(1);
  });
  it('refuses a value outside where the input must lie (a share above 1), rather than truncating', () => {
    expect(compile({ dist: 'discrete', values: [0.5, 1.2], p: [0.5, 0.5] }, { min: 0, max: 1 })).toMatch(/the value 1.2 lies outside where this input must lie \(\[0, 1\]\)/);
  });
});

describe('bernoulli distribution', () => {
  it('is value with probability p, else otherwise: mean p·v + (1 − p)·o, variance p(1 − p)(v − o)²', () => {
    const d = { dist: 'bernoulli' as const, p: 0.7 };
    const x = draws(c(d));
    const { mean, variance } = moments(x);
    expect(new Set(x)).toEqual(new Set([0, 1]));
    // sd of the mean sqrt(0.21 / n) ≈ 0.0023
    expect(Math.abs(mean - 0.7)).toBeLessThan(0.01);
    expect(Math.abs(variance - 0.21)).toBeLessThan(0.005);
    expect(centralValue(d)).toBeCloseTo(0.7, 12);
    const scaled = { dist: 'bernoulli' as const, p: 0.25, value: 0.9, otherwise: 0.1 };
    const y = moments(draws(c(scaled)));
    expect(Math.abs(y.mean - (0.25 * 0.9 + 0.75 * 0.1))).toBeLessThan(0.01);
    expect(Math.abs(y.variance - 0.25 * 0.75 * 0.8 ** 2)).toBeLessThan(0.005);
    expect(centralValue(scaled)).toBeCloseTo(0.3, 12);
  });
  it('with p = 0 or 1 always gives the one outcome', () => {
    expect(new Set(draws(c({ dist: 'bernoulli', p: 0 }), 2000))).toEqual(new Set([0]));
    expect(new Set(draws(c({ dist: 'bernoulli', p: 1 }), 2000))).toEqual(new Set([1]));
  });
});

describe('gamma distribution', () => {
  it('has mean kθ and variance kθ², and its quantile inverts its CDF', () => {
    const d = { dist: 'gamma' as const, shape: 2.5, scale: 4 };
    const k = c(d);
    const { mean, variance } = moments(draws(k));
    // sd of the mean sqrt(40 / n) ≈ 0.032
    expect(Math.abs(mean - 10)).toBeLessThan(0.13);
    expect(Math.abs(variance / 40 - 1)).toBeLessThan(0.05);
    for (const u of [1e-6, 0.01, 0.5, 0.9, 0.999999]) expect(k.cdf(quantile(k, u))).toBeCloseTo(u, 10);
    // shape 1 is the exponential: median θ ln 2
    expect(quantile(c({ dist: 'gamma', shape: 1, scale: 3 }), 0.5)).toBeCloseTo(3 * Math.LN2, 12);
    expect(centralValue(d)).toBe(10);
  });
});

describe('Iman–Conover with discrete inputs (ties)', () => {
  it('keeps each input its values exactly and gives the pairing a positive rank correlation near the target', () => {
    const n = 5000;
    const s = new Stream(3, 0);
    const bern = c({ dist: 'bernoulli', p: 0.5 });
    const disc = c({ dist: 'discrete', values: [1, 2, 3, 4], p: [0.25, 0.25, 0.25, 0.25] });
    const x = [Float64Array.from({ length: n }, () => quantile(disc, s.uniform())), Float64Array.from({ length: n }, () => quantile(bern, s.uniform())), Float64Array.from({ length: n }, () => s.uniform())];
    const y = imanConover(x, [[1, 0.6, 0.5], [0.6, 1, 0], [0.5, 0, 1]], 5);
    for (let a = 0; a < 3; a++) expect(Array.from(Float64Array.from(y[a]!).sort())).toEqual(Array.from(Float64Array.from(x[a]!).sort()));
    const rho = (a: number, b: number) => pearson(ranks(y[a]!), ranks(y[b]!));
    // ties cap what a rank correlation can reach: a two-point input with a four-point one reaches at most about 0.77
    expect(rho(0, 1)).toBeGreaterThan(0.45);
    expect(rho(0, 1)).toBeLessThan(0.65);
    expect(rho(0, 2)).toBeGreaterThan(0.4);
    expect(Math.abs(rho(1, 2))).toBeLessThan(0.05);
  });
});

describe('a scheme that delivers or not (bernoulli realisation) in Monte Carlo', () => {
  it("splits the runs into two: the scheme's effect is all or nothing, the share that delivers about p", async () => {
    const s = loadScenario(resolve(repoRoot, 'test/uncertainty/fixtures/bernoulli-scheme.yaml'));
    const r = await simulate(s, { iterations: 2000, seed: 4, workers: 1, samples: true });
    const k = r.samples!.inputNames.indexOf('$delivers');
    const delivered = Array.from({ length: 2000 }, (_, i) => r.samples!.inputs[i * r.inputs.length + k]!);
    expect(new Set(delivered)).toEqual(new Set([0, 1]));
    expect(Math.abs(delivered.filter((v) => v === 1).length / 2000 - 0.6)).toBeLessThan(0.045);
    // with nothing else uncertain, the gap takes exactly two values
    const g = r.samples!.metricIds.indexOf('gap');
    const nM = r.samples!.metricIds.length;
    const nY = r.years.length;
    const last = new Set(Array.from({ length: 2000 }, (_, i) => r.samples!.values[(i * nM + g) * nY + nY - 1]!));
    expect(last.size).toBe(2);
  });
});
