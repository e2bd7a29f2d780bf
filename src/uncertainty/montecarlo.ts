/**
 * Monte Carlo: each iteration samples every uncertain input once (into a copy
 * of the calibrated central parameter vector), links scalars into series, and
 * projects all years; the metrics are recorded per iteration and year.
 *
 * Every iteration is sampled (there is no "central" iteration 0): the central
 * case is the deterministic `project`. Per-iteration values are held
 * iteration-major, `values[(i × nMetrics + m) × nYears + t]`, so the results
 * of consecutive iteration ranges (workers, shards) are joined by
 * concatenation, and every statistic is computed from the joined arrays in
 * iteration order: the outputs are byte-identical whatever the split.
 */
import { createHash } from 'node:crypto';
import { sampleCorrelation } from 'simple-statistics';
import { resolve } from 'node:path';
import type { PreparedScenario } from '../api.js';
import type { DistributionT } from '../scenario/schema.js';
import { displayPath } from '../scenario/load.js';
import { defaultMetrics, type MetricDef } from './metrics.js';
import { memoryColumns, type ColumnStore } from './columns.js';
import { kernel } from './kernel.js';
import { seRanks, percentileSe } from './convergence.js';
import { planSampling, sampleInputs, inputNames, type SamplingPlan, type SamplingMethod } from './sample.js';

/** Per-iteration values for iterations [start, end). */
export interface IterationBlock {
  start: number;
  end: number;
  /** [(i − start) × nMetrics + m) × nYears + t] */
  values: Float64Array;
  /** The sampled inputs [(i − start) × nInputs + j]. */
  inputs: Float64Array;
}

/** Run iterations [start, end) of a run of `n` in this thread. */
export function runIterations(
  scenario: PreparedScenario,
  plan: SamplingPlan,
  metrics: MetricDef[],
  seed: number,
  n: number,
  start: number,
  end: number,
  onProgress?: (done: number) => void,
  fixed?: { slot: number; value: number },
): IterationBlock {
  const inputs = sampleInputs(plan, seed, n, start, end);
  const values = kernel(scenario.model, plan.inputs.map((u) => u.slot), metrics, fixed).run(inputs, start, end, onProgress);
  return { start, end, values, inputs };
}

/** Summary of one metric in one year. */
export interface Stats {
  mean: number;
  sd: number;
  p5: number;
  p10: number;
  p50: number;
  p90: number;
  p95: number;
  /** The standard error of each: percentiles by the order-statistic method, the mean as sd / √n (convergence.ts). */
  se: { mean: number; p5: number; p10: number; p50: number; p90: number; p95: number };
}

export const PERCENTILES = [5, 10, 50, 90, 95] as const;

/** Everything a run produces (the JSON output is this, without `samples`). */
export interface SimulationResult {
  scenario: string;
  file: string;
  /** sha256 of the merged scenario, its calibrated central values and the metric ids. */
  scenarioHash: string;
  seed: number;
  iterations: number;
  /** How the inputs were sampled: simple random sampling, or Latin hypercube. */
  sampling: SamplingMethod;
  years: string[];
  /** The year reported first: --year, else the calibration year, else the horizon. */
  focusYear: string;
  units: '£';
  /** `options`: a choice's option names (its samples are their indices). */
  inputs: { name: string; label: string; dist: DistributionT; central: number; options?: string[] }[];
  metrics: { id: string; label: string; unit: string; byYear: ({ year: string } & Stats)[] }[];
  /** Probability the system gap is closed (gap ≤ 0) in each year. */
  gapCloses: { year: string; probability: number }[];
  /** Spearman rank correlation of each input with the system gap in the focus year, largest magnitude first. */
  rankCorrelation: { input: string; rho: number }[];
  /** Per-iteration values (kept in memory; written only with --samples). */
  samples?: { metricIds: string[]; inputNames: string[]; values: Float64Array; inputs: Float64Array };
}

/** sha256 identifying a scenario as run: the merged scenario, central values and metrics. */
export function scenarioHash(scenario: PreparedScenario, metrics: MetricDef[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(scenario.loaded.scenario));
  h.update(new Uint8Array(scenario.model.p0.buffer, scenario.model.p0.byteOffset, scenario.model.p0.byteLength));
  h.update(JSON.stringify(metrics.map((m) => m.id)));
  return h.digest('hex').slice(0, 32);
}

/**
 * Summarise per-iteration values into the result (pure, deterministic):
 * `values` iteration-major [(i × nMetrics + m) × nYears + t], or a store
 * that gives them a column at a time (the same statistics either way).
 */
export function summariseRun(head: Omit<SimulationResult, 'metrics' | 'gapCloses' | 'rankCorrelation' | 'samples'>, metricDefs: { id: string; label: string; unit: string }[], values: Float64Array | ColumnStore, inputs: Float64Array, keepSamples: boolean): SimulationResult {
  const n = head.iterations;
  const nY = head.years.length;
  const nM = metricDefs.length;
  const store = values instanceof Float64Array ? memoryColumns(0, n, nM, nY, values) : values;
  let col = new Float64Array(n);
  const scratch = new Float64Array(n);
  const g = metricDefs.findIndex((d) => d.id === 'gap');
  const gapCloses = head.years.map((year) => ({ year, probability: 0 }));
  // in memory, a metric's years are read in one pass (each iteration's are adjacent), not one strided pass a year
  const years = store.values ? head.years.map(() => new Float64Array(n)) : null;
  const metrics = metricDefs.map((def, k) => {
    if (years) yearsOf(store.values!, k, nM, years);
    return {
      id: def.id,
      label: def.label,
      unit: def.unit,
      byYear: head.years.map((year, t) => {
        if (years) col = years[t]!;
        else store.column(k, t, col);
        if (k === g) {
          let c = 0;
          for (let i = 0; i < n; i++) if (col[i]! <= 0) c++;
          gapCloses[t]!.probability = c / n;
        }
        return { year, ...stats(col, scratch) };
      }),
    };
  });
  const ft = head.years.indexOf(head.focusYear);
  const nIn = head.inputs.length;
  const rankCorrelation: SimulationResult['rankCorrelation'] = [];
  if (g >= 0 && nIn > 0) {
    store.column(g, ft, col);
    const ry = ranks(col);
    const x = new Float64Array(n);
    head.inputs.forEach((inp, j) => {
      for (let i = 0; i < n; i++) x[i] = inputs[i * nIn + j]!;
      rankCorrelation.push({ input: inp.name, rho: pearson(ranks(x), ry) });
    });
    rankCorrelation.sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho) || (a.input < b.input ? -1 : 1));
  }
  const result: SimulationResult = { ...head, metrics, gapCloses, rankCorrelation };
  if (keepSamples) {
    if (!store.values) throw new Error('samples are kept only for a run held in memory');
    result.samples = { metricIds: metricDefs.map((d) => d.id), inputNames: head.inputs.map((i) => i.name), values: store.values, inputs };
  }
  return result;
}

/** Metric m of every iteration into `out[t]` for each year t, from an iteration-major block of nM metrics. */
function yearsOf(values: Float64Array<ArrayBufferLike>, m: number, nM: number, out: Float64Array[]): void {
  const nY = out.length;
  const n = out[0]?.length ?? 0;
  for (let i = 0; i < n; i++) {
    const row = (i * nM + m) * nY;
    for (let t = 0; t < nY; t++) out[t]![i] = values[row + t]!;
  }
}

/** Mean, sd and percentiles (linear interpolation between order statistics, Hyndman–Fan type 7). */
export function stats(x: Float64Array, scratch: Float64Array = new Float64Array(x.length)): Stats {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    ss += d * d; // as (x − mean) ** 2, to the bit (pow(d, 2) is d × d)
  }
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  // the order statistics the percentiles need, found by selection (no full sort)
  const a = scratch.subarray(0, n);
  a.set(x);
  const want = PERCENTILES.flatMap((pc) => {
    const h = (n - 1) * (pc / 100);
    const lo = Math.floor(h);
    return [lo, Math.min(n - 1, lo + 1), ...seRanks(n, pc / 100)];
  });
  selectAll(a, Int32Array.from(new Set(want)).sort(), 0, n - 1);
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    return a[lo]! + (h - lo) * (a[hi]! - a[lo]!);
  };
  const se = (p: number) => percentileSe(a, n, p);
  return { mean, sd, p5: q(0.05), p10: q(0.1), p50: q(0.5), p90: q(0.9), p95: q(0.95), se: { mean: sd / Math.sqrt(n), p5: se(0.05), p10: se(0.1), p50: se(0.5), p90: se(0.9), p95: se(0.95) } };
}

/**
 * Put every rank in `ks` (ascending, within [left, right]) where a sort would
 * put it, partitioning once for all of them: each partition sends the ranks
 * below its pivot left and the rest right (about 3n comparisons for the ten
 * ranks a summary needs, against some 25n for ten selections one after another;
 * Hoare's partition, median-of-three pivots; values finite).
 */
export function selectAll(a: Float64Array, ks: Int32Array, left: number, right: number, kLo = 0, kHi = ks.length): void {
  while (kLo < kHi && right > left) {
    // median of three into a[mid], then partition around it
    const mid = (left + right) >>> 1;
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // ranks ≤ j lie left, ≥ i right; those between hold the pivot and are placed
    let m = kLo;
    while (m < kHi && ks[m]! <= j) m++;
    let r = m;
    while (r < kHi && ks[r]! < i) r++;
    // loop on one side, recursing into the other only when both hold ranks (so the depth stays logarithmic)
    if (r < kHi && m > kLo) {
      if (j - left < right - i) {
        selectAll(a, ks, left, j, kLo, m);
        left = i;
        kLo = r;
      } else {
        selectAll(a, ks, i, right, r, kHi);
        right = j;
        kHi = m;
      }
    } else if (m > kLo) {
      right = j;
      kHi = m;
    } else {
      left = i;
      kLo = r;
    }
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Ranks 1..n, ties given their average rank (from one typed sort and binary searches). */
export function ranks(x: Float64Array): Float64Array {
  const n = x.length;
  const sorted = Float64Array.from(x).sort();
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    // first index holding v, and one past the last
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    // one past the last: the next index, unless v is tied (searched for only then)
    let end = lo + 1;
    if (end < n && sorted[end] === v) {
      hi = n;
      while (end < hi) {
        const mid = (end + hi) >>> 1;
        if (sorted[mid]! <= v) end = mid + 1;
        else hi = mid;
      }
    }
    r[i] = (lo + end - 1) / 2 + 1;
  }
  return r;
}

/** Pearson correlation (simple-statistics' sample correlation; 0 when either side is constant). */
export function pearson(a: Float64Array, b: Float64Array): number {
  const r = sampleCorrelation(Array.from(a), Array.from(b));
  return Number.isFinite(r) ? r : 0;
}

/** The header of a run: what identifies it and its inputs. */
export function runHead(scenario: PreparedScenario, plan: SamplingPlan, metrics: MetricDef[], seed: number, n: number, focusYear: string, sampling: SamplingMethod = 'random') {
  const names = inputNames(scenario);
  return {
    scenario: scenario.name,
    // One spelling per file (relative to the working directory where it is under it), so shards run as `models/x.yaml` and `/abs/models/x.yaml` merge.
    file: displayPath(resolve(scenario.file)),
    scenarioHash: scenarioHash(scenario, metrics),
    seed,
    iterations: n,
    sampling,
    years: scenario.model.years,
    focusYear,
    units: '£' as const,
    inputs: plan.inputs.map((u, j) => ({ name: names[j]!, label: u.label, dist: u.dist, central: scenario.model.p0[u.slot]!, ...(u.options ? { options: u.options } : {}) })),
  };
}

export { defaultMetrics, planSampling };
