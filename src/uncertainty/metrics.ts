/**
 * What a Monte Carlo run records from each projection: named per-year metrics.
 * The list is open: pass extra `MetricDef`s (e.g. a pool partner's exposure or
 * an envelope's margin) in `SimulateOptions.metrics`.
 */
import type { Model, Projection } from '../engine/types.js';

export interface MetricDef {
  /** Short id used on the command line and in outputs, e.g. `gap` or `position:ccg`. */
  id: string;
  label: string;
  unit: string;
  /** The metric in year t of a projection. */
  value(proj: Projection, t: number, model: Model): number;
}

/** The built-in metrics: system gap, do-nothing gap, cost, funding, investment, and each organisation's position. */
export function defaultMetrics(model: Model): MetricDef[] {
  const nY = model.nYears;
  return [
    { id: 'gap', label: 'System gap (cost + investment − funding)', unit: '£', value: (p, t) => p.systemGap[t]! },
    { id: 'do-nothing-gap', label: 'Do-nothing system gap', unit: '£', value: (p, t) => p.doNothingGap[t]! },
    { id: 'cost', label: 'System cost', unit: '£', value: (p, t) => p.systemCost[t]! },
    { id: 'funding', label: 'System funding', unit: '£', value: (p, t) => p.systemFunding[t]! },
    { id: 'investment', label: 'Scheme investment', unit: '£', value: (p, t) => p.systemInvestment[t]! },
    ...model.orgs.map((o, i) => ({
      id: `position:${o.id}`,
      label: `${o.name}: position (funding − cost)`,
      unit: '£',
      value: (p: Projection, t: number) => p.orgPosition[i * nY + t]!,
    })),
  ];
}

/** The metric named `id` (UserError-free lookup; undefined if unknown). */
export function findMetric(metrics: MetricDef[], id: string): MetricDef | undefined {
  return metrics.find((m) => m.id === id);
}
