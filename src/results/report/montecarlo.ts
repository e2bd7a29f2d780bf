/**
 * The Monte Carlo summary the workbook and the board report take: percentiles
 * of each metric by year. Accepts the flat form, or a simulation result whose
 * metrics carry `byYear` (as `simulate()` returns), and flattens it.
 */
import type { SimulationResult } from '../../uncertainty/montecarlo.js';
import type { Stats } from '../../uncertainty/statistics.js';

/** One metric in one year: its statistics (without their standard errors). */
export interface MonteCarloRow extends Omit<Stats, 'se'> {
  /** Metric id, e.g. `gap` or `position:ccg`. */
  name: string;
  label?: string;
  /** Defaults to £. */
  unit?: string;
  year: string;
}

export interface MonteCarloSummary {
  iterations?: number;
  seed?: number;
  /** The price base of its £ figures (the run's: the scenario's own, or real terms as `simulate` was asked). */
  priceBase?: string;
  metrics: MonteCarloRow[];
}

/** What `simulate()` returns, as far as the exports read it. */
export type SimulationLike = Pick<SimulationResult, 'iterations' | 'seed' | 'metrics'> & Partial<Pick<SimulationResult, 'priceBase'>>;

/** Either form → the flat summary. */
export function toMonteCarloSummary(x: MonteCarloSummary | SimulationLike): MonteCarloSummary {
  const metrics: MonteCarloRow[] = [];
  for (const m of x.metrics as unknown[]) {
    const r = m as Record<string, unknown>;
    if (Array.isArray(r.byYear)) {
      const s = m as SimulationLike['metrics'][number];
      for (const y of s.byYear) metrics.push({ name: s.id, label: s.label, unit: s.unit, year: y.year, mean: y.mean, sd: y.sd, p5: y.p5, p10: y.p10, p50: y.p50, p90: y.p90, p95: y.p95 });
    } else metrics.push(m as MonteCarloRow);
  }
  return { iterations: x.iterations, seed: x.seed, ...(x.priceBase !== undefined ? { priceBase: x.priceBase } : {}), metrics };
}

/** The system gap's fan (for the gap chart), if the summary has the `gap` metric. */
export function gapFan(mc: MonteCarloSummary | undefined): { years: string[]; p5: number[]; p10: number[]; p50: number[]; p90: number[]; p95: number[] } | undefined {
  const rows = mc?.metrics.filter((r) => r.name === 'gap') ?? [];
  if (!rows.length) return undefined;
  return {
    years: rows.map((r) => r.year),
    p5: rows.map((r) => r.p5),
    p10: rows.map((r) => r.p10),
    p50: rows.map((r) => r.p50),
    p90: rows.map((r) => r.p90),
    p95: rows.map((r) => r.p95),
  };
}
