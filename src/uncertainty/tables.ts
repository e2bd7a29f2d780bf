/** A simulation's results as arquero tables, for analysts and notebooks. */
import { from, type ColumnTable } from 'arquero';
import type { SimulationResult } from './montecarlo.js';
import { simulationArgument } from '../api-arguments.js';

export interface SimulationTables {
  /** One row per metric and year: metric, unit, year, mean, sd, p5, p10, p50, p90, p95. */
  percentiles: ColumnTable;
  /** One row per year: year, probability (the system gap closes). */
  gapCloses: ColumnTable;
  /** One row per input: input, rho (Spearman with the focus year's gap). */
  rankCorrelation: ColumnTable;
}

/**
 * @example
 * ```ts
 * const t = toSimulationTables(await simulate(s, { iterations: 2000 }));
 * t.percentiles.filter((d) => d.metric === 'gap').print();
 * ```
 */
export function toSimulationTables(r: SimulationResult): SimulationTables {
  simulationArgument('toSimulationTables', r);
  return {
    percentiles: from(r.metrics.flatMap((m) => m.byYear.map((y) => ({ metric: m.id, unit: m.unit, ...y })))),
    gapCloses: from(r.gapCloses),
    rankCorrelation: from(r.rankCorrelation),
  };
}
