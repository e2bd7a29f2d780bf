/**
 * A Monte Carlo run in real terms. Harrogate's GDP deflator is the same in
 * every iteration (no sampled input moves it), so each £ statistic of year t
 * is the cash one × that year's factor — here taken from the deterministic
 * projection's own real-terms figures (real funding ÷ cash funding), not from
 * the code that restates the run. Probabilities, rank correlations, inputs and
 * metrics in other units are unchanged; samples and analyses are restated
 * with the percentiles; a deflator over a sampled inflation rate is refused.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { loadScenario, project, simulate, simulateBlock, analyse, UserError, type PreparedScenario } from '../../src/index.js';
import type { SimulationResult } from '../../src/uncertainty/montecarlo.js';
import type { MetricDef } from '../../src/uncertainty/metrics.js';
import { model } from '../helpers.js';

const REAL = { real: '2020/21' } as const;
// a metric in another unit: reads money, but is not £, so it is not restated
const costIndex: MetricDef = { id: 'cost-index', label: 'System cost, index', unit: 'index', value: (p, t) => p.systemCost[t]! / 1e6 };
const opts = { iterations: 400, seed: 3, workers: 1 as const, samples: true, metrics: [costIndex] };

let s: PreparedScenario;
let cash: SimulationResult;
let real: SimulationResult;
/** Year t's factor, from the deterministic projection in real terms. */
let factor: number[];

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));

beforeAll(async () => {
  s = loadScenario(model('harrogate-integrated-care-uncertain.yaml'));
  [cash, real] = await Promise.all([simulate(s, opts), simulate(s, { ...opts, prices: REAL })]);
  const detCash = project(s);
  const detReal = project(s, undefined, { prices: REAL });
  factor = detCash.years.map((_, t) => detReal.system.funding[t]! / detCash.system.funding[t]!);
});

describe('simulate in real terms', () => {
  it('gives each £ percentile, mean, sd and standard error as the cash one × the deterministic run’s factor for that year, and the rest unchanged', () => {
    expect(factor[3]).toBeCloseTo(1, 12);
    expect(factor[0]).toBeGreaterThan(1);
    let checked = 0;
    real.metrics.forEach((m, k) => {
      if (m.unit !== '£') return;
      m.byYear.forEach((y, t) => {
        const c = cash.metrics[k]!.byYear[t]!;
        for (const stat of ['mean', 'sd', 'p5', 'p10', 'p50', 'p90', 'p95'] as const) close(y[stat], c[stat] * factor[t]!);
        for (const stat of ['mean', 'p5', 'p10', 'p50', 'p90', 'p95'] as const) close(y.se[stat], c.se[stat] * factor[t]!);
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(100);
    // and leaves probabilities, rank correlations, inputs and a metric in another unit as they are
    expect(real.gapCloses).toEqual(cash.gapCloses);
    expect(real.rankCorrelation).toEqual(cash.rankCorrelation);
    expect(real.inputs).toEqual(cash.inputs);
    expect(real.metrics.find((m) => m.id === 'cost-index')).toEqual(cash.metrics.find((m) => m.id === 'cost-index'));
    expect(real.samples!.inputs).toEqual(cash.samples!.inputs);
  });

  it('names the price base as the deterministic run does, and leaves the cash run as it was', () => {
    const detReal = project(s, undefined, { prices: REAL });
    expect(real.priceBase).toBe(detReal.priceBase);
    expect(real.priceBase).toBe('real terms at 2020/21 prices (deflated by the GDP deflator)');
    expect(real.prices).toEqual(detReal.prices);
    expect(cash.priceBase).toBe(s.model.priceBase);
    expect('prices' in cash).toBe(false);
  });

  it('restates the samples it keeps, so they agree with the percentiles', () => {
    const { metricIds, values } = real.samples!;
    const nM = metricIds.length;
    const nY = real.years.length;
    const gap = metricIds.indexOf('gap');
    const other = metricIds.indexOf('cost-index');
    for (let i = 0; i < real.iterations; i += 37) {
      for (let t = 0; t < nY; t++) {
        const o = (i * nM + gap) * nY + t;
        close(values[o]!, cash.samples!.values[o]! * factor[t]!);
        const x = (i * nM + other) * nY + t;
        expect(values[x]).toBe(cash.samples!.values[x]);
      }
    }
    // the median of the restated samples is the restated median
    const t = 0;
    const col = Float64Array.from({ length: real.iterations }, (_, i) => values[(i * nM + gap) * nY + t]!).sort();
    const h = (real.iterations - 1) / 2;
    close(col[Math.floor(h)]! + (h - Math.floor(h)) * (col[Math.ceil(h)]! - col[Math.floor(h)]!), real.metrics.find((m) => m.id === 'gap')!.byYear[t]!.p50);
  });

  it('analyses the run in real terms: the S-curve restated, P(gap ≤ 0) unchanged', async () => {
    const a = { iterations: 400, seed: 3, workers: 1 as const, metric: 'gap', year: '2027/28', thresholds: [0] };
    const [c, r] = await Promise.all([analyse(s, a), analyse(s, { ...a, prices: REAL })]);
    const t = s.model.years.indexOf('2027/28');
    r.analysis.distribution.curve.forEach((x, k) => close(x.value, c.analysis.distribution.curve[k]!.value * factor[t]!));
    expect(r.analysis.distribution.below).toEqual(c.analysis.distribution.below);
    expect(r.analysis.contributions).toEqual(c.analysis.contributions);
  });

  it('refuses a deflator that a sampled input moves, naming the input and a deflator that would do', async () => {
    // the NHS Cost Inflation Index follows $cii, whose rate after 2023/24 is $ciiThereafter, sampled
    const run = simulate(s, { ...opts, prices: { real: '2017/18', deflator: 'nhs-cost' } });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow("prices: the NHS Cost Inflation Index ('nhs-cost') moves with the sampled input $ciiThereafter, so each iteration would have its own deflator; a Monte Carlo run is stated in real terms by one index, the same in every iteration: give real:2017/18:gdp, or drop prices for the run in the scenario's own prices");
    // a deterministic run in real terms by it is still given: one projection, one index
    expect(project(s, undefined, { prices: { real: '2017/18', deflator: 'nhs-cost' } }).priceBase).toMatch(/NHS Cost Inflation Index/);
  });

  it('refuses a price year outside the projection as project does, and a shard in real terms', async () => {
    await expect(simulate(s, { ...opts, prices: { real: '2010/11' } })).rejects.toThrow(/^prices: 2010\/11 is not in the projection \(2017\/18 to 2030\/31\)/);
    await expect(simulateBlock(s, { ...opts, shard: { index: 0, count: 2 }, prices: REAL })).rejects.toThrow(/a shard file holds its iterations in the scenario's own prices/);
  });
});
