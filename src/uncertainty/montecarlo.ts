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
import { resolve } from 'node:path';
import type { PreparedScenario } from '../api.js';
import type { DistributionT } from '../scenario/schema.js';
import type { Prices } from '../results/summary.js';
import { displayPath } from '../scenario/load.js';
import { defaultMetrics, type MetricDef } from './metrics.js';
import { memoryColumns, type ColumnStore } from './columns.js';
import { kernel } from './kernel.js';
import { ranks, pearson, binScratch, summariseMetrics, type MetricSummary, type Stats } from './statistics.js';
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
  /** The price base of every £ figure: the scenario's (cash unless it says otherwise), or real terms when asked (`SimulateOptions.prices`). */
  priceBase: string;
  /** In real terms: the price year and deflator (absent for a run in the scenario's own prices). */
  prices?: Prices;
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
export function scenarioHash(scenario: PreparedScenario, metrics: readonly { id: string }[]): string {
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
 * `given`, `givenRanks`: metrics (by index) and rank correlations already
 * worked out elsewhere (by rankCorrelations, summariseMetrics), as a run on
 * several threads does.
 */
export function summariseRun(
  head: Omit<SimulationResult, 'metrics' | 'gapCloses' | 'rankCorrelation' | 'samples'>,
  metricDefs: { id: string; label: string; unit: string }[],
  values: Float64Array | ColumnStore,
  inputs: Float64Array | ColumnStore,
  keepSamples: boolean,
  given: ReadonlyMap<number, MetricSummary> = new Map(),
  givenRanks?: SimulationResult['rankCorrelation'],
): SimulationResult {
  const n = head.iterations;
  const nY = head.years.length;
  const nM = metricDefs.length;
  const store = values instanceof Float64Array ? memoryColumns(0, n, nM, nY, values) : values;
  const g = gapIndex(metricDefs);
  const todo = metricDefs.flatMap((_, k) => (given.has(k) ? [] : [k]));
  const done = new Map([...given, ...summariseMetrics(store, n, nM, nY, todo, g)]);
  const metrics = metricDefs.map((def, k) => ({ id: def.id, label: def.label, unit: def.unit, byYear: head.years.map((year, t) => ({ year, ...done.get(k)!.byYear[t]! })) }));
  const closes = g >= 0 ? done.get(g)!.closes! : null;
  const gapCloses = head.years.map((year, t) => ({ year, probability: closes ? closes[t]! : 0 }));
  const inputStore = inputs instanceof Float64Array ? memoryColumns(0, n, head.inputs.length, 1, inputs) : inputs;
  const rankCorrelation = givenRanks ?? rankCorrelations(head, store, inputStore, g);
  const result: SimulationResult = { ...head, metrics, gapCloses, rankCorrelation };
  if (keepSamples) {
    if (!store.values || !inputStore.values) throw new Error('samples are kept only for a run held in memory');
    result.samples = { metricIds: metricDefs.map((d) => d.id), inputNames: head.inputs.map((i) => i.name), values: store.values, inputs: inputStore.values };
  }
  return result;
}

/** Spearman rank correlation of each input with the system gap (metric `g`) in the focus year, largest magnitude first. */
export function rankCorrelations(head: Pick<SimulationResult, 'iterations' | 'years' | 'focusYear' | 'inputs'>, store: ColumnStore, inputs: ColumnStore, g: number): SimulationResult['rankCorrelation'] {
  const n = head.iterations;
  const nIn = head.inputs.length;
  const out: SimulationResult['rankCorrelation'] = [];
  if (g < 0 || nIn === 0) return out;
  const col = new Float64Array(n);
  store.column(g, head.years.indexOf(head.focusYear), col);
  const bins = binScratch();
  const ry = ranks(col, bins);
  const x = new Float64Array(n);
  head.inputs.forEach((inp, j) => {
    inputs.column(j, 0, x);
    out.push({ input: inp.name, rho: pearson(ranks(x, bins), ry) });
  });
  return out.sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho) || (a.input < b.input ? -1 : 1));
}

/** The index of the system gap among a run's metrics (−1 if it records none). */
export function gapIndex(metricDefs: readonly { id: string }[]): number {
  return metricDefs.findIndex((d) => d.id === 'gap');
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
    priceBase: scenario.model.priceBase,
    inputs: plan.inputs.map((u, j) => ({ name: names[j]!, label: u.title, path: u.label, dist: u.dist, central: scenario.model.p0[u.slot]!, ...(u.options ? { options: u.options } : {}) })),
  };
}

export { defaultMetrics, planSampling };
