/**
 * REFERENCE (bench only): the kernel as it was at commit 7fbcc53, before issue 12, kept to measure
 * today's kernel against it (`npm run bench`). Not used by popshift.
 *
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
import type { PreparedScenario } from '../../src/api.js';
import { allocate, applyLinks, project } from './project.js';
import type { DistributionT } from '../../src/scenario/schema.js';
import { defaultMetrics, type MetricDef } from './metrics.js';
import { planSampling, inputNames, type SamplingPlan } from '../../src/uncertainty/sample.js';
import { referencePlan, sampleInputs } from './sample.js';

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
  const model = scenario.model;
  const nY = model.nYears;
  const nM = metrics.length;
  const m = plan.inputs.length;
  // sampled as 7fbcc53 sampled (a fresh plan each run, as each run made one then: nothing cached from the last)
  const inputs = sampleInputs(referencePlan(plan), seed, n, start, end);
  const values = new Float64Array((end - start) * nM * nY);
  const p = Float64Array.from(model.p0);
  const ws = allocate(model);
  const slots = plan.inputs.map((u) => u.slot);
  for (let i = start; i < end; i++) {
    const r = i - start;
    p.set(model.p0);
    for (let j = 0; j < m; j++) p[slots[j]!] = inputs[r * m + j]!;
    if (fixed) p[fixed.slot] = fixed.value;
    applyLinks(model, p);
    const proj = project(model, p, ws, { attribution: false });
    let o = r * nM * nY;
    for (let k = 0; k < nM; k++) {
      const def = metrics[k]!;
      for (let t = 0; t < nY; t++) values[o++] = def.value(proj, t, model);
    }
    if (onProgress && (r + 1) % 250 === 0) onProgress(r + 1);
  }
  onProgress?.(end - start);
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
  years: string[];
  /** The year reported first: --year, else the calibration year, else the horizon. */
  focusYear: string;
  units: '£';
  inputs: { name: string; label: string; dist: DistributionT; central: number }[];
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

/** Summarise per-iteration values into the result (pure, deterministic). */
export function summariseRun(head: Omit<SimulationResult, 'metrics' | 'gapCloses' | 'rankCorrelation' | 'samples'>, metricDefs: { id: string; label: string; unit: string }[], values: Float64Array, inputs: Float64Array, keepSamples: boolean): SimulationResult {
  const n = head.iterations;
  const nY = head.years.length;
  const nM = metricDefs.length;
  const col = new Float64Array(n);
  const metrics = metricDefs.map((def, k) => ({
    id: def.id,
    label: def.label,
    unit: def.unit,
    byYear: head.years.map((year, t) => {
      for (let i = 0; i < n; i++) col[i] = values[(i * nM + k) * nY + t]!;
      return { year, ...stats(col) };
    }),
  }));
  const g = metricDefs.findIndex((d) => d.id === 'gap');
  const gapCloses = head.years.map((year, t) => {
    let c = 0;
    if (g >= 0) for (let i = 0; i < n; i++) if (values[(i * nM + g) * nY + t]! <= 0) c++;
    return { year, probability: c / n };
  });
  const ft = head.years.indexOf(head.focusYear);
  const nIn = head.inputs.length;
  const rankCorrelation: SimulationResult['rankCorrelation'] = [];
  if (g >= 0 && nIn > 0) {
    for (let i = 0; i < n; i++) col[i] = values[(i * nM + g) * nY + ft]!;
    const ry = ranks(col);
    const x = new Float64Array(n);
    head.inputs.forEach((inp, j) => {
      for (let i = 0; i < n; i++) x[i] = inputs[i * nIn + j]!;
      rankCorrelation.push({ input: inp.name, rho: pearson(ranks(x), ry) });
    });
    rankCorrelation.sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho) || (a.input < b.input ? -1 : 1));
  }
  const result: SimulationResult = { ...head, metrics, gapCloses, rankCorrelation };
  if (keepSamples) result.samples = { metricIds: metricDefs.map((d) => d.id), inputNames: head.inputs.map((i) => i.name), values, inputs };
  return result;
}

/** Mean, sd and percentiles (linear interpolation between order statistics, Hyndman–Fan type 7). */
export function stats(x: Float64Array): Stats {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const sorted = Float64Array.from(x).sort();
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  };
  return { mean, sd, p5: q(0.05), p10: q(0.1), p50: q(0.5), p90: q(0.9), p95: q(0.95) };
}

/** Ranks 1..n, ties given their average rank. */
export function ranks(x: Float64Array): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]!] === x[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/** Pearson correlation (0 when either side is constant). */
export function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/** The header of a run: what identifies it and its inputs. */
export function runHead(scenario: PreparedScenario, plan: SamplingPlan, metrics: MetricDef[], seed: number, n: number, focusYear: string) {
  const names = inputNames(scenario);
  return {
    scenario: scenario.name,
    file: scenario.file,
    scenarioHash: scenarioHash(scenario, metrics),
    seed,
    iterations: n,
    years: scenario.model.years,
    focusYear,
    units: '£' as const,
    inputs: plan.inputs.map((u, j) => ({ name: names[j]!, label: u.label, dist: u.dist, central: scenario.model.p0[u.slot]! })),
  };
}

export { defaultMetrics, planSampling };
