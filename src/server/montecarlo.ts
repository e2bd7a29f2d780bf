/** Monte Carlo for `POST /api/runs` with `monteCarlo: { iterations, seed }`, through the library's `simulate` (run in the server's worker pool). */
import type { PreparedScenario } from '../api.js';
import { simulate } from '../uncertainty/simulate.js';
import type { SimulationResult } from '../uncertainty/montecarlo.js';
import type { Fan } from '../charts/index.js';

/** Iterations allowed in one request. */
export const MAX_ITERATIONS = 20_000;

/** Monte Carlo is always available (kept for the health check's report). */
export function monteCarloAvailable(): boolean {
  return true;
}

export type MonteCarloSummary = Omit<SimulationResult, 'samples' | 'run'> & { ms: number };

export async function runMonteCarlo(
  scenario: PreparedScenario,
  o: { iterations: number; seed: number; sampling?: 'random' | 'lhs'; overrides?: { overrides: Record<string, unknown>; overridesLabel: string } | undefined; onProgress?: (done: number, total: number) => void },
): Promise<{ summary: MonteCarloSummary; fan?: Fan }> {
  const t0 = performance.now();
  // One thread (the server's pool worker): a request is bounded to MAX_ITERATIONS, below the library's worker threshold.
  const r = await simulate(scenario, { iterations: o.iterations, seed: o.seed, workers: 1, ...(o.sampling ? { sampling: o.sampling } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.overrides ? { loadOptions: o.overrides } : {}) });
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
  return { summary: { ...rest, ms: performance.now() - t0 }, ...(fan ? { fan } : {}) };
}
