/**
 * REFERENCE (bench only): the default metrics as they were at commit 7fbcc53,
 * before issue 12 (each read through its own closure), so that
 * bench/reference records them as the kernel then did. Not used by popshift.
 *
 * What a Monte Carlo run records from each projection: named per-year metrics.
 * The list is open: pass extra `MetricDef`s (e.g. a pool partner's exposure or
 * an envelope's margin) in `SimulateOptions.metrics`.
 */
import { POOL_FIELDS, ENVELOPE_FIELDS, type Model, type Projection } from '../../src/engine/types.js';

export interface MetricDef {
  /** Short id used on the command line and in outputs, e.g. `gap` or `position:ccg`. */
  id: string;
  label: string;
  unit: string;
  /** The metric in year t of a projection. */
  value(proj: Projection, t: number, model: Model): number;
}

/** Above this many places, the per-place metrics are left out of the defaults (pass `placeMetrics(model)` to record them). */
export const MAX_DEFAULT_PLACES = 50;

/** Each place's gap and do-nothing gap: `place:<id>:gap`, `place:<id>:do-nothing-gap`. */
export function placeMetrics(model: Model): MetricDef[] {
  const nY = model.nYears;
  return model.places.flatMap((pl, q) => [
    { id: `place:${pl.id}:gap`, label: `${pl.name}: gap`, unit: '£', value: (p: Projection, t: number) => p.placeGap[q * nY + t]! },
    { id: `place:${pl.id}:do-nothing-gap`, label: `${pl.name}: do-nothing gap`, unit: '£', value: (p: Projection, t: number) => p.placeDoNothingGap[q * nY + t]! },
  ]);
}

/** Each sector's gap (−Σ its organisations' positions): `sector:nhs:gap` is the local health economy's. */
export function sectorMetrics(model: Model): MetricDef[] {
  const nY = model.nYears;
  const sectors = [...new Set(model.orgs.map((o) => o.sector))];
  return sectors.map((sector) => {
    const members = model.orgs.flatMap((o, i) => (o.sector === sector ? [i] : []));
    return {
      id: `sector:${sector}:gap`,
      label: `${sector === 'nhs' ? 'Local health economy (NHS)' : sector === 'council' ? 'Councils' : 'Independent sector'}: gap`,
      unit: '£',
      value: (p: Projection, t: number) => {
        let gap = 0;
        for (const o of members) gap -= p.orgPosition[o * nY + t]!;
        return gap;
      },
    };
  });
}

/**
 * The built-in metrics: system gap, do-nothing gap, cost, funding, investment,
 * each sector's gap (when there are several), each place's gap (when there are
 * several, up to MAX_DEFAULT_PLACES), each organisation's position, each
 * pool's variance and each partner's share of it (its exposure), and each
 * envelope's margin before and after settlement.
 */
export function defaultMetrics(model: Model): MetricDef[] {
  const nY = model.nYears;
  const sectors = new Set(model.orgs.map((o) => o.sector)).size;
  const places = model.places.length;
  return [
    { id: 'gap', label: 'System gap (cost + investment − funding)', unit: '£', value: (p, t) => p.systemGap[t]! },
    { id: 'do-nothing-gap', label: 'Do-nothing system gap', unit: '£', value: (p, t) => p.doNothingGap[t]! },
    { id: 'cost', label: 'System cost', unit: '£', value: (p, t) => p.systemCost[t]! },
    { id: 'funding', label: 'System funding', unit: '£', value: (p, t) => p.systemFunding[t]! },
    { id: 'investment', label: 'Scheme investment', unit: '£', value: (p, t) => p.systemInvestment[t]! },
    ...(sectors > 1 ? sectorMetrics(model) : []),
    ...(places > 1 && places <= MAX_DEFAULT_PLACES ? placeMetrics(model) : []),
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
