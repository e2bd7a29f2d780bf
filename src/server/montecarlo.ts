/** Monte Carlo for `POST /api/runs` with `monteCarlo: { iterations, seed }`, through the library's `simulate` (run in the server's worker pool). */
import type { PreparedScenario } from '../api.js';
import { simulate } from '../uncertainty/simulate.js';
import type { SimulationResult } from '../uncertainty/montecarlo.js';
import type { Fan, GapDistribution } from '../charts/index.js';

/** Iterations allowed in one request. */
export const MAX_ITERATIONS = 20_000;

/** Monte Carlo is always available (kept for the health check's report). */
export function monteCarloAvailable(): boolean {
  return true;
}

export type MonteCarloSummary = Omit<SimulationResult, 'samples' | 'run'> & { ms: number };

/** Quantiles of the system gap kept per year for the S-curve: p = 0, 1/STEPS, …, 1 (P(gap ≤ x) to within 1/STEPS). */
export const CURVE_STEPS = 1000;

/**
 * The system gap's distribution by year, as CURVE_STEPS + 1 quantiles (type 7,
 * rounded to £1) of the run's iterations: enough for an S-curve and for
 * P(gap ≤ any target), far smaller than the samples.
 */
export function gapDistribution(r: SimulationResult): GapDistribution | undefined {
  const s = r.samples;
  const m = s?.metricIds.indexOf('gap') ?? -1;
  if (!s || m < 0) return undefined;
  const nM = s.metricIds.length;
  const nY = r.years.length;
  const n = r.iterations;
  const col = new Float64Array(n);
  const quantiles = r.years.map((_, t) => {
    for (let i = 0; i < n; i++) col[i] = s.values[(i * nM + m) * nY + t]!;
    col.sort();
    return Array.from({ length: CURVE_STEPS + 1 }, (_, k) => {
      const h = ((n - 1) * k) / CURVE_STEPS;
      const lo = Math.floor(h);
      const v = col[lo]! + (h - lo) * ((col[Math.min(lo + 1, n - 1)] ?? col[lo]!) - col[lo]!);
      return Math.round(v);
    });
  });
  return { years: r.years, iterations: n, seed: r.seed, quantiles };
}

export async function runMonteCarlo(
  scenario: PreparedScenario,
  o: { iterations: number; seed: number; sampling?: 'random' | 'lhs'; overrides?: { overrides: Record<string, unknown>; overridesLabel: string } | undefined; onProgress?: (done: number, total: number) => void },
): Promise<{ summary: MonteCarloSummary; fan?: Fan; distribution?: GapDistribution }> {
  const t0 = performance.now();
  // One thread (the server's pool worker): a request is bounded to MAX_ITERATIONS, below the library's worker threshold.
  const r = await simulate(scenario, { iterations: o.iterations, seed: o.seed, workers: 1, samples: true, ...(o.sampling ? { sampling: o.sampling } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.overrides ? { loadOptions: o.overrides } : {}) });
  const { samples: _samples, run: _run, ...rest } = r;
  const gap = r.metrics.find((m) => m.id === 'gap');
  const fan: Fan | undefined = gap
    ? {
        years: gap.byYear.map((s) => s.year),
        p5: gap.byYear.map((s) => s.p5),
        p10: gap.byYear.map((s) => s.p10),
        p50: gap.byYear.map((s) => s.p50),
        p90: gap.byYear.map((s) => s.p90),
        p95: gap.byYear.map((s) => s.p95),
      }
    : undefined;
  const distribution = gapDistribution(r);
  return { summary: { ...rest, ms: performance.now() - t0 }, ...(fan ? { fan } : {}), ...(distribution ? { distribution } : {}) };
}
