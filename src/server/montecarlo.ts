/**
 * Monte Carlo for `POST /api/runs` with `monteCarlo: { iterations, seed }`.
 * Uses the library's `simulate` when the public API exports it (it is being
 * added alongside this server); until then `monteCarloAvailable()` is false
 * and such requests get 501.
 */
import * as lib from '../index.js';
import type { PreparedScenario } from '../index.js';
import type { Fan } from '../charts/index.js';

/** Iterations allowed in one request. */
export const MAX_ITERATIONS = 20_000;

interface Stats {
  year: string;
  mean: number;
  sd: number;
  p5: number;
  p10: number;
  p50: number;
  p90: number;
  p95: number;
}

/** The parts of the library's SimulationResult the server uses. */
interface SimulationLike {
  iterations: number;
  seed: number;
  focusYear: string;
  metrics: { id: string; label: string; unit: string; byYear: Stats[] }[];
  gapCloses?: { year: string; probability: number }[];
  rankCorrelation?: { input: string; rho: number }[];
  inputs?: unknown[];
}

type Simulate = (scenario: PreparedScenario, options: Record<string, unknown>) => Promise<SimulationLike>;

function simulateFn(): Simulate | undefined {
  const f = (lib as unknown as Record<string, unknown>).simulate;
  return typeof f === 'function' ? (f as Simulate) : undefined;
}

export function monteCarloAvailable(): boolean {
  return simulateFn() !== undefined;
}

export type MonteCarloSummary = Omit<SimulationLike, 'samples'> & { ms: number };

export async function runMonteCarlo(
  scenario: PreparedScenario,
  o: { iterations: number; seed: number; overrides?: { overrides: Record<string, unknown>; overridesLabel: string } | undefined },
): Promise<{ summary: MonteCarloSummary; fan?: Fan }> {
  const simulate = simulateFn();
  if (!simulate) throw new Error('simulate is not available');
  const t0 = performance.now();
  // In process: a request is bounded to MAX_ITERATIONS, below the library's worker threshold.
  const r = await simulate(scenario, { iterations: o.iterations, seed: o.seed, workers: 1, ...(o.overrides ? { loadOptions: o.overrides } : {}) });
  const { samples: _samples, run: _run, ...rest } = r as SimulationLike & { samples?: unknown; run?: unknown };
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
