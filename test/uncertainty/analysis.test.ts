/**
 * Analyses of a Monte Carlo metric: S-curve, histogram and P(≤ threshold) as
 * worked examples; contribution to variance on a metric whose make-up is
 * known; stress analysis picking the right decile; and, on a real run, the
 * S-curve agreeing with the run's own percentiles and chance the gap closes,
 * the same whether the values were held in memory or on disk.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { analyse, contributionToVariance, loadScenario, metricDistribution, stress, UserError } from '../../src/index.js';
import { repoRoot } from '../helpers.js';
import { resolve } from 'node:path';

const FILE = resolve(repoRoot, 'test/uncertainty/fixtures/tiny-uncertain.yaml');

describe('metricDistribution', () => {
  it('worked example: 1 … 10', () => {
    const d = metricDistribution(Float64Array.from({ length: 10 }, (_, i) => 10 - i), { thresholds: [3, 0, 10, 5.5], bins: 2 });
    expect(d.curve[0]).toEqual({ p: 0, value: 1 });
    expect(d.curve[100]).toEqual({ p: 1, value: 10 });
    expect(d.curve[50]!.value).toBeCloseTo(5.5, 12); // (n − 1) × 0.5 = 4.5: halfway between 5 and 6
    expect(d.curve[10]!.value).toBeCloseTo(1.9, 12); // 0.9 of the way from 1 to 2
    expect(d.below.map((b) => b.probability)).toEqual([0.3, 0, 1, 0.5]);
    expect(d.histogram).toEqual([
      { from: 1, to: 5.5, count: 5, share: 0.5 },
      { from: 5.5, to: 10, count: 5, share: 0.5 },
    ]);
    expect(d.mean).toBe(5.5);
    expect(d.sd).toBeCloseTo(Math.sqrt(82.5 / 9), 12);
  });

  it('bins a range too small to divide (the counterexample fast-check found: 0 and 5e-324 in two bins)', () => {
    expect(metricDistribution(Float64Array.of(0, 5e-324), { bins: 2 }).histogram.map((b) => b.count)).toEqual([1, 1]);
  });

  it('one bin when every value is the same', () => {
    expect(metricDistribution(Float64Array.of(4, 4, 4)).histogram).toEqual([{ from: 4, to: 4, count: 3, share: 1 }]);
  });

  it('property: the S-curve never falls, bins hold every iteration, P(≤ t) never falls as t rises', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 30 }), fc.double({ min: -1e9, max: 1e9, noNaN: true }), (xs, bins, t) => {
        const d = metricDistribution(Float64Array.from(xs), { bins, thresholds: [t, t + 1] });
        for (let k = 1; k < d.curve.length; k++) expect(d.curve[k]!.value).toBeGreaterThanOrEqual(d.curve[k - 1]!.value);
        expect(d.histogram.reduce((s, b) => s + b.count, 0)).toBe(xs.length);
        expect(d.below[0]!.probability).toBeLessThanOrEqual(d.below[1]!.probability);
        expect(d.below[0]!.probability).toBe(xs.filter((x) => x <= t).length / xs.length);
      }),
    );
  });
});

/** Deterministic uniforms in (0, 1) (a Weyl sequence; enough to decorrelate two columns). */
function uniforms(n: number, a: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => ((i + 1) * a) % 1);
}

describe('contributionToVariance', () => {
  const n = 2000;
  const x0 = uniforms(n, 0.6180339887);
  const x1 = uniforms(n, 0.4142135623);
  const inputs = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) [inputs[2 * i], inputs[2 * i + 1]] = [x0[i]!, x1[i]!];
  const names = [
    { name: '$a', label: 'a', path: 'parameters.a.value' },
    { name: '$b', label: 'b', path: 'parameters.b.value' },
  ];

  it('gives a metric that is a monotone function of one input all of its variance', () => {
    const c = contributionToVariance(Float64Array.from(x0, (v) => -Math.exp(3 * v)), inputs, names);
    expect(c[0]!.input).toBe('$a');
    expect(c[0]!.rho).toBeCloseTo(-1, 12);
    expect(c[0]!.share).toBeGreaterThan(0.999);
  });

  it('splits y = a + b (same spread) about evenly, and the shares sum to 1', () => {
    const c = contributionToVariance(Float64Array.from(x0, (v, i) => v + x1[i]!), inputs, names);
    expect(c[0]!.share + c[1]!.share).toBeCloseTo(1, 12);
    expect(Math.abs(c[0]!.share - 0.5)).toBeLessThan(0.05);
  });

  it('gives every input 0 when the metric does not vary', () => {
    expect(contributionToVariance(new Float64Array(n).fill(7), inputs, names).map((c) => c.share)).toEqual([0, 0]);
  });
});

describe('stress', () => {
  const x = Float64Array.from({ length: 100 }, (_, i) => i);
  it('holds a gap-raising input in its top decile (the worst for a gap), a position-raising one in its bottom decile', () => {
    const up = stress(Float64Array.from(x, (v) => 2 * v), x, { input: '$x', label: 'x', path: 'parameters.x.value', metric: 'gap', thresholds: [100] });
    expect(up.percentiles).toEqual([0.9, 1]);
    expect(up.worst).toBe(true);
    // the input's p90 (type 7: 0.1 of the way from 89 to 90) to its greatest
    expect(up.inputRange[0]).toBeCloseTo(89.1, 12);
    expect(up.inputRange[1]).toBe(99);
    expect(up.iterations).toBe(10); // x = 90 … 99
    expect(up.stressed.mean).toBeCloseTo(2 * 94.5, 12);
    expect(up.below[0]).toEqual({ threshold: 100, stressed: 0, baseline: 51 / 100 });
    const pos = stress(Float64Array.from(x, (v) => 2 * v), x, { input: '$x', label: 'x', path: 'parameters.x.value', metric: 'position:ccg' });
    expect(pos.percentiles).toEqual([0, 0.1]);
  });

  it('takes a chosen percentile range', () => {
    const r = stress(x, x, { input: '$x', label: 'x', path: 'parameters.x.value', metric: 'gap', percentiles: [0.5, 0.6] });
    expect(r.worst).toBe(false);
    expect(r.inputRange[0]).toBeCloseTo(49.5, 12);
    expect(r.inputRange[1]).toBeCloseTo(59.4, 12);
    expect(r.iterations).toBe(10); // 50 … 59
    expect(r.stressed.mean).toBeCloseTo(54.5, 12);
  });
});

describe('analyse (a real run)', () => {
  const scenario = loadScenario(FILE);

  it("agrees with the run's percentiles and chance of closing, in memory and on disk alike", async () => {
    const o = { iterations: 400, seed: 5, workers: 1 as const, metric: 'gap', year: '2022/23', thresholds: [0, 25000], stress: [{ input: '$admissionCost' }] };
    const { simulation, analysis } = await analyse(scenario, o);
    const run = simulation.metrics.find((m) => m.id === 'gap')!.byYear.find((y) => y.year === '2022/23')!;
    const d = analysis.distribution;
    expect(d.curve[50]!.value).toBeCloseTo(run.p50, 6);
    expect(d.curve[10]!.value).toBeCloseTo(run.p10, 6);
    expect(d.curve[95]!.value).toBeCloseTo(run.p95, 6);
    expect(d.mean).toBeCloseTo(run.mean, 6);
    expect(d.below[0]!.probability).toBe(simulation.gapCloses.find((g) => g.year === '2022/23')!.probability);
    expect(analysis.contributions.map((c) => c.input).sort()).toEqual(['$admissionCost', '$contactsEach', '$shiftFraction']);
    expect(analysis.contributions.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 12);
    // the gap rises with the admission unit cost: its worst decile is its top tenth, and the gap is higher there
    expect(analysis.stress[0]!.percentiles).toEqual([0.9, 1]);
    expect(analysis.stress[0]!.stressed.mean).toBeGreaterThan(analysis.stress[0]!.baseline.mean);
    const onDisk = await analyse(scenario, { ...o, memoryBudget: 0 });
    expect(onDisk.analysis).toEqual(analysis);
  });

  it('names a metric, year or input it does not know before running', async () => {
    await expect(analyse(scenario, { iterations: 10, metric: 'gapp' })).rejects.toThrow(/^metric: unknown metric 'gapp'/);
    await expect(analyse(scenario, { iterations: 10, year: '2040/41' })).rejects.toThrow(/^year: 2040\/41 is not in the projection/);
    await expect(analyse(scenario, { iterations: 10, stress: [{ input: '$admissionCots' }] })).rejects.toThrow(UserError);
    await expect(analyse(scenario, { iterations: 10, stress: [{ input: '$admissionCots' }] })).rejects.toThrow(/did you mean '\$admissionCost'/);
  });
});
