/**
 * How precise a run's percentiles are, and running until they are precise
 * enough.
 *
 * The standard error of a percentile is found by the order-statistic
 * (binomial) method: of n independent draws, the number below the true
 * p-quantile is Binomial(n, p), so the order statistics of ranks
 * np ∓ 1.96 √(np(1 − p)) bound a distribution-free 95% confidence interval
 * for it, and SE = (x₍ᵤ₎ − x₍ₗ₎) / (2 × 1.96). The mean's is sd / √n. Both
 * assume independent iterations: for a Latin hypercube run they are upper
 * bounds (stratifying makes the estimates steadier than that).
 *
 * `--until-se X` runs with more iterations until the system gap's watched
 * statistics in the focus year (by default p10, p50 and p90: the median and
 * the 80% band a board paper quotes; `--se-of` chooses others) each have a
 * standard error of at most X (£), judged by the largest. Each step is a whole
 * run of its size — so its result is exactly that of `--iterations N` — and
 * the next size is what 1/√n scaling says would reach X (with a margin),
 * rounded up to a whole chunk of iterations, at least one chunk more and at
 * most the maximum.
 */
import { UserError, optionProblem } from '../errors.js';
import type { PreparedScenario } from '../api.js';
import { table, type RunHead } from './output.js';
import type { SimulationResult } from './montecarlo.js';
import type { Stats } from './statistics.js';
import { simulate, SIMULATE_OPTIONS, type SimulateOptions, type RunInfo } from './simulate.js';
import { optionsArgument, scenarioArgument, simulationArgument } from '../api-arguments.js';

/** The statistics of a metric whose standard error is reported. */
export type SeStatistic = keyof Stats['se'];
/** Every statistic with a standard error, in the order the report prints them. */
export const SE_STATISTICS: readonly SeStatistic[] = ['p5', 'p10', 'p50', 'p90', 'p95', 'mean'];

/** What `--until-se` watches unless told: the gap's median and 80% band. */
export const UNTIL_SE_DEFAULT: readonly SeStatistic[] = ['p10', 'p50', 'p90'];

/** What `--until-se` did. */
export interface Convergence {
  /** The largest standard error allowed of each watched statistic of the gap in the focus year, £. */
  target: number;
  /** The statistics watched. */
  of: SeStatistic[];
  /** The largest of their standard errors in the last run, and whose it is. */
  se: number;
  largest: SeStatistic;
  reached: boolean;
  /** Iterations of each run made, the last being the result's. */
  runs: number[];
  maxIterations: number;
}

/** Iterations are added this many at a time. */
export const SE_CHUNK = 1000;

/** The largest standard error among `of`, statistics of the system gap in the focus year, and whose it is. */
export function headlineSe(r: SimulationResult, of: readonly SeStatistic[] = UNTIL_SE_DEFAULT): { se: number; largest: SeStatistic } {
  simulationArgument('headlineSe', r);
  const gap = r.metrics.find((m) => m.id === 'gap');
  const y = gap?.byYear.find((b) => b.year === r.focusYear);
  if (!y) throw new Error('no system gap in the focus year');
  let largest = of[0]!;
  for (const k of of) if (y.se[k] > y.se[largest]) largest = k;
  return { se: y.se[largest], largest };
}

/** `--se-of`'s list: statistics among SE_STATISTICS, comma-separated. */
export function parseSeOf(text: string): SeStatistic[] {
  const of = text.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = of.find((x) => !(SE_STATISTICS as readonly string[]).includes(x));
  if (bad !== undefined || of.length === 0) throw new UserError(`--se-of: statistics of the gap among ${SE_STATISTICS.join(', ')}, comma-separated (got '${text}')`);
  return [...new Set(of)] as SeStatistic[];
}

/**
 * Simulate with more iterations until each of `of` (statistics of the gap in
 * the focus year) has a standard error ≤ `target` (£), starting from
 * `options.iterations` and stopping at `maxIterations` whether or not it is reached.
 */
export async function simulateUntil(
  scenario: PreparedScenario,
  options: SimulateOptions,
  target: number,
  maxIterations: number,
  of: readonly SeStatistic[] = UNTIL_SE_DEFAULT,
): Promise<SimulationResult & { run: RunInfo; convergence: Convergence }> {
  scenarioArgument('simulateUntil', scenario);
  optionsArgument('simulateUntil', options, SIMULATE_OPTIONS, 2);
  if (!(target > 0) || !Number.isFinite(target)) throw new UserError(optionProblem('target', `the standard error to reach must be a number above 0, in £ (got ${target})`));
  if (!Number.isInteger(maxIterations) || maxIterations < options.iterations) {
    throw new UserError(optionProblem('maxIterations', (name) => `must be a whole number at least the starting ${name('iterations')} (${options.iterations}) (got ${maxIterations})`));
  }
  const runs: number[] = [];
  let n = options.iterations;
  for (;;) {
    const r = await simulate(scenario, { ...options, iterations: n });
    runs.push(n);
    const { se, largest } = headlineSe(r, of);
    const reached = se <= target;
    if (reached || n >= maxIterations) return { ...r, convergence: { target, of: [...of], se, largest, reached, runs, maxIterations } };
    // SE ∝ 1/√n: the size that would reach the target, with 10% to spare, in whole chunks
    const want = Math.ceil((n * (se / target) ** 2 * 1.1) / SE_CHUNK) * SE_CHUNK;
    n = Math.min(maxIterations, Math.max(want, n + SE_CHUNK));
  }
}

/** Text for the terminal: each percentile's standard error for the system gap by year, and what --until-se did. */
export function formatConvergence(r: RunHead & Pick<SimulationResult, 'metrics'> & { convergence?: Convergence }): string {
  const m = (x: number) => (x / 1e6).toFixed(2);
  const gap = r.metrics.find((x) => x.id === 'gap');
  const out: string[] = [];
  if (gap) {
    out.push(`Standard error of each percentile of the system gap, £m, ${r.priceBase} (${r.sampling === 'lhs' ? 'Latin hypercube sampling; order-statistic method, an upper bound for it' : 'random sampling; order-statistic method'})`);
    out.push(table(['year', 'p5', 'p10', 'p50', 'p90', 'p95', 'mean'], gap.byYear.map((s) => [s.year, m(s.se.p5), m(s.se.p10), m(s.se.p50), m(s.se.p90), m(s.se.p95), m(s.se.mean)])));
  }
  const c = r.convergence;
  if (c) {
    const pounds = (x: number) => `£${Math.round(x).toLocaleString('en-GB')}`;
    const used = `${r.iterations.toLocaleString('en-GB')} iterations (runs of ${c.runs.map((x) => x.toLocaleString('en-GB')).join(', ')})`;
    const watched = c.of.length === 1 ? c.of[0]! : `${c.of.slice(0, -1).join(', ')} and ${c.of.at(-1)}`;
    out.push(
      c.reached
        ? `--until-se: the ${r.focusYear} gap's ${watched} ${c.of.length === 1 ? 'has' : 'each have'} a standard error ≤ ${pounds(c.target)} (the largest, ${c.largest}'s, ${pounds(c.se)}) after ${used}`
        : `--until-se: NOT reached: the ${r.focusYear} gap's ${c.largest} still has a standard error of ${pounds(c.se)} > ${pounds(c.target)} at the maximum, ${used}; raise --max-iterations`,
    );
  }
  return out.join('\n');
}
