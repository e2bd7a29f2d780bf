/**
 * What a Monte Carlo run records from each projection: named per-year metrics.
 * The list is open: pass extra `MetricDef`s (e.g. a pool partner's exposure or
 * an envelope's margin) in `SimulateOptions.metrics`.
 */
import { POOL_FIELDS, ENVELOPE_FIELDS, type Model, type Projection } from '../engine/types.js';

export interface MetricDef {
  /** Short id used on the command line and in outputs, e.g. `gap` or `position:ccg`. */
  id: string;
  label: string;
  unit: string;
  /** The metric in year t of a projection. */
  value(proj: Projection, t: number, model: Model): number;
}

/**
 * The built-in metrics: system gap, do-nothing gap, cost, funding, investment,
 * each organisation's position, each pool's variance and each partner's share
 * of it (its exposure), and each envelope's margin before and after settlement.
 */
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
    ...model.pools.flatMap((pool, k) => [
      {
        id: `pool:${pool.id}:variance`,
        label: `${pool.name}: variance (spend − budget)`,
        unit: '£',
        value: (p: Projection, t: number) => p.poolValues[(k * 8 + POOL_FIELDS.indexOf('variance')) * nY + t]!,
      },
      // each partner's exposure: its share of the variance (+ pays an overspend)
      ...pool.partners.map((o) => ({
        id: `pool:${pool.id}:${model.orgs[o]!.id}`,
        label: `${pool.name}: ${model.orgs[o]!.name}'s share of the variance`,
        unit: '£',
        value: (p: Projection, t: number) => p.poolShares[(k * model.orgs.length + o) * nY + t]!,
      })),
    ]),
    ...model.envelopes.flatMap((env, k) => [
      {
        id: `envelope:${env.id}:margin`,
        label: `${env.name}: margin (envelope − cost)`,
        unit: '£',
        value: (p: Projection, t: number) => p.envelopeValues[(k * 8 + ENVELOPE_FIELDS.indexOf('margin')) * nY + t]!,
      },
      {
        id: `envelope:${env.id}:final-margin`,
        label: `${env.name}: margin after settlement`,
        unit: '£',
        value: (p: Projection, t: number) => p.envelopeValues[(k * 8 + ENVELOPE_FIELDS.indexOf('finalMargin')) * nY + t]!,
      },
    ]),
  ];
}

/** The metric named `id` (UserError-free lookup; undefined if unknown). */
export function findMetric(metrics: MetricDef[], id: string): MetricDef | undefined {
  return metrics.find((m) => m.id === id);
}
