/**
 * Latin hypercube sampling, the standard errors of percentiles, and running
 * until a standard error is reached.
 */
import { describe, it, expect } from 'vitest';
import { resolve, join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadScenario, simulate, simulateBlock } from '../../src/index.js';
import { planSampling, sampleInputs } from '../../src/uncertainty/sample.js';
import { ranks, pearson, stats } from '../../src/uncertainty/statistics.js';
import { simulationFiles, shardFile, mergeShards } from '../../src/uncertainty/output.js';
import { simulateUntil, headlineSe, parseSeOf } from '../../src/uncertainty/convergence.js';
import { normalQuantile } from '../../src/uncertainty/distributions.js';
import { Stream } from '../../src/uncertainty/rng.js';
import { repoRoot } from '../helpers.js';

// three inputs (interval, PERT, triangular), the first and third rank-correlated 0.7
const TINY = resolve(repoRoot, 'test/uncertainty/fixtures/tiny-uncertain.yaml');

describe('Latin hypercube sampling', () => {
  const s = loadScenario(TINY);
  const plan = planSampling(s);
  const m = plan.inputs.length;
  /** Input j's probability stratum (0..n−1) of each iteration's value: n × its truncated CDF, rounded down. */
  const strata = (x: Float64Array, n: number, j: number) =>
    Array.from({ length: n }, (_, i) => {
      const k = plan.compiled[j]!;
      return Math.floor((n * (k.cdf(x[i * m + j]!) - k.fLo)) / (k.fHi - k.fLo));
    });

  it('puts exactly one iteration in each of the n equal-probability strata of every input, correlated ones included', () => {
    expect(plan.correlated?.members.length).toBe(2);
    for (const n of [10, 257, 2000]) {
      const x = sampleInputs(plan, 8, n, 0, n, 'lhs');
      for (let j = 0; j < m; j++) expect(strata(x, n, j).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    // random sampling does not: some stratum of 2000 is empty
    const r = sampleInputs(plan, 8, 2000, 0, 2000, 'random');
    expect(new Set(strata(r, 2000, 1)).size).toBeLessThan(2000);
  });

  it('still imposes the rank correlation (Iman–Conover rearranges the stratified values)', () => {
    const n = 4000;
    const x = sampleInputs(plan, 2, n, 0, n, 'lhs');
    const [a, b] = plan.correlated!.members as [number, number];
    const col = (j: number) => Float64Array.from({ length: n }, (_, i) => x[i * m + j]!);
    expect(pearson(ranks(col(a)), ranks(col(b)))).toBeCloseTo(0.7, 1);
    const other = [0, 1, 2].find((j) => j !== a && j !== b)!;
    expect(Math.abs(pearson(ranks(col(a)), ranks(col(other))))).toBeLessThan(0.05);
  });

  it('draws the same values for an iteration however the run is split, and depends on the seed', () => {
    const n = 900;
    const whole = sampleInputs(plan, 5, n, 0, n, 'lhs');
    const parts = [sampleInputs(plan, 5, n, 0, 400, 'lhs'), sampleInputs(plan, 5, n, 400, n, 'lhs')];
    expect([...parts[0]!, ...parts[1]!]).toEqual([...whole]);
    expect([...sampleInputs(plan, 6, n, 0, n, 'lhs')]).not.toEqual([...whole]);
  });

  it('estimates an input mean far more steadily than random sampling', () => {
    // the PERT's exact mean is (0.2 + 4 × 0.5 + 0.7) / 6, before Iman–Conover (which this input is not in)
    const j = plan.inputs.findIndex((u) => u.dist.dist === 'pert');
    const exact = (0.2 + 4 * 0.5 + 0.7) / 6;
    const err = (method: 'lhs' | 'random', seed: number) => {
      const n = 200;
      const x = sampleInputs(plan, seed, n, 0, n, method);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += x[i * m + j]!;
      return Math.abs(sum / n - exact);
    };
    const worst = (method: 'lhs' | 'random') => Math.max(...Array.from({ length: 20 }, (_, k) => err(method, k + 1)));
    expect(worst('lhs')).toBeLessThan(worst('random') / 10);
  });

  it('a sharded LHS run merges byte-identically to the whole run; its JSON says how it was sampled', async () => {
    const opts = { iterations: 1200, seed: 3, samples: true, sampling: 'lhs' as const };
    const whole = await simulate(s, { ...opts, workers: 1 });
    expect(whole.sampling).toBe('lhs');
    const one = simulationFiles(whole, true);
    expect(JSON.parse(one['simulation.json']!).sampling).toBe('lhs');
    expect(simulationFiles(await simulate(s, { ...opts, workers: 2, mainThreadWorks: false }), true)).toEqual(one);
    const dir = mkdtempSync(join(tmpdir(), 'popshift-lhs-shards-'));
    const files: string[] = [];
    for (const index of [2, 0, 1]) {
      const { block, head, metrics } = await simulateBlock(s, { ...opts, workers: 1, shard: { index, count: 3 } });
      const f = join(dir, `s${index}.bin`);
      writeFileSync(f, shardFile(head, metrics, { index, count: 3 }, block));
      files.push(f);
    }
    expect(simulationFiles(mergeShards(files, true), true)).toEqual(one);
    // a random-sampling shard does not belong to an LHS run
    const { block, head, metrics } = await simulateBlock(s, { ...opts, sampling: 'random', workers: 1, shard: { index: 0, count: 3 } });
    const stray = join(dir, 'random-0.bin');
    writeFileSync(stray, shardFile(head, metrics, { index: 0, count: 3 }, block));
    expect(() => mergeShards([stray, files[0]!, files[2]!])).toThrow(/belongs to another run: different run settings/);
  }, 30_000);
});

describe('standard errors of percentiles (order-statistic method)', () => {
  it('match the asymptotic √(p(1 − p)/n) / f(x_p) on normal draws, and the spread of percentiles between runs', () => {
    const n = 4000;
    const reps = 60;
    const s = new Stream(17, 0);
    const phi = (z: number) => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
    const medians: number[] = [];
    const p90s: number[] = [];
    let seMedian = 0;
    let seP90 = 0;
    let seMean = 0;
    for (let r = 0; r < reps; r++) {
      const x = Float64Array.from({ length: n }, () => normalQuantile(s.uniform()));
      const st = stats(x);
      medians.push(st.p50);
      p90s.push(st.p90);
      seMedian += st.se.p50 / reps;
      seP90 += st.se.p90 / reps;
      seMean += st.se.mean / reps;
    }
    const z90 = normalQuantile(0.9);
    expect(seMedian / (Math.sqrt(0.25 / n) / phi(0))).toBeCloseTo(1, 1);
    expect(seP90 / (Math.sqrt(0.09 / n) / phi(z90))).toBeCloseTo(1, 1);
    expect(seMean * Math.sqrt(n)).toBeCloseTo(1, 1);
    // the percentiles of 60 runs spread as their standard errors say (within sampling error of an sd from 60 runs, about 9%)
    const sd = (v: number[]) => {
      const mu = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1));
    };
    expect(sd(medians) / seMedian).toBeGreaterThan(0.7);
    expect(sd(medians) / seMedian).toBeLessThan(1.3);
    expect(sd(p90s) / seP90).toBeGreaterThan(0.7);
    expect(sd(p90s) / seP90).toBeLessThan(1.3);
  });
});

describe('--until-se: more iterations until the headline standard error is reached', () => {
  const s = loadScenario(TINY);
  it('stops at the first run whose gap p10, p50 and p90 each have an SE at most the target; that run is exactly --iterations N', async () => {
    const first = await simulate(s, { iterations: 1000, seed: 2, workers: 1 });
    const target = headlineSe(first).se / 2.5;
    const r = await simulateUntil(s, { iterations: 1000, seed: 2, workers: 1 }, target, 100_000);
    expect(r.convergence.reached).toBe(true);
    expect(r.convergence.se).toBeLessThanOrEqual(target);
    // every watched statistic is within the target, the largest named
    const se = r.metrics.find((m) => m.id === 'gap')!.byYear.find((b) => b.year === r.focusYear)!.se;
    expect(r.convergence.of).toEqual(['p10', 'p50', 'p90']);
    for (const k of ['p10', 'p50', 'p90'] as const) expect(se[k]).toBeLessThanOrEqual(target);
    expect(r.convergence.se).toBe(Math.max(se.p10, se.p50, se.p90));
    expect(se[r.convergence.largest]).toBe(r.convergence.se);
    expect(r.convergence.runs[0]).toBe(1000);
    expect(r.convergence.runs.length).toBeGreaterThan(1);
    expect(r.iterations).toBe(r.convergence.runs.at(-1));
    // SE ∝ 1/√n: about 2.5² × 1000 iterations, in whole thousands
    expect(r.iterations % 1000).toBe(0);
    expect(r.iterations).toBeGreaterThan(3000);
    expect(r.iterations).toBeLessThan(20_000);
    const same = await simulate(s, { iterations: r.iterations, seed: 2, workers: 1 });
    expect(simulationFiles(same, false)['percentiles.csv']).toBe(simulationFiles(r, false)['percentiles.csv']);
    expect(JSON.parse(simulationFiles(r, false)['simulation.json']!).convergence.reached).toBe(true);
  });
  it('watches only what --se-of names: the median alone needs fewer iterations than the 80% band', async () => {
    const first = await simulate(s, { iterations: 1000, seed: 2, workers: 1 });
    const target = headlineSe(first, ['p10', 'p50', 'p90']).se / 2;
    const median = await simulateUntil(s, { iterations: 1000, seed: 2, workers: 1 }, target, 100_000, ['p50']);
    const band = await simulateUntil(s, { iterations: 1000, seed: 2, workers: 1 }, target, 100_000);
    expect(median.convergence.largest).toBe('p50');
    expect(median.convergence.se).toBe(median.metrics.find((m) => m.id === 'gap')!.byYear.find((b) => b.year === median.focusYear)!.se.p50);
    expect(median.iterations).toBeLessThan(band.iterations);
    expect(() => parseSeOf('p50,p99')).toThrow(/--se-of: statistics of the gap among p5, p10, p50, p90, p95, mean, comma-separated \(got 'p50,p99'\)/);
    expect(parseSeOf(' p90 ,mean')).toEqual(['p90', 'mean']);
  });
  it('stops at the maximum, saying the target was not reached', async () => {
    const r = await simulateUntil(s, { iterations: 500, seed: 2, workers: 1 }, 1e-6, 2000);
    expect(r.convergence.reached).toBe(false);
    expect(r.iterations).toBe(2000);
    await expect(simulateUntil(s, { iterations: 500, seed: 2 }, -1, 2000)).rejects.toThrow(/^target: .*above 0/);
    await expect(simulateUntil(s, { iterations: 500, seed: 2 }, 1, 100)).rejects.toThrow(/^maxIterations: .*at least the starting iterations \(500\)/);
  });
});
