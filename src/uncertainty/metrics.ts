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
  /** When the metric is one row of a projection's array: year t is `proj[row.field][row.offset + t]` (the kernel reads it without a call). */
  row?: { field: Row; offset: number };
  /** When the metric is minus the sum of rows of one array: year t is `0 − Σ proj[field][offset + t]` over `offsets` in order (the kernel reads it without a call). */
  negatedSum?: { field: Row; offsets: Int32Array };
  /** True when it reads only what a projection without detail keeps (ProjectOptions.detail); others get the full projection. */
  lean?: boolean;
  /** True when it reads a place's figures (ProjectOptions.places). */
  byPlace?: boolean;
}

/** Mark metrics as readable from a projection without detail. */
const lean = (defs: MetricDef[]): MetricDef[] => defs.map((d) => ({ ...d, lean: true }));

/** The projection's arrays a metric may read as one row of years. */
export type Row = { [K in keyof Projection]: Projection[K] extends Float64Array ? K : never }[keyof Projection];

/** A metric that is the row of `field` starting at `offset` (year t at offset + t). */
function row(field: Row, offset: number): Pick<MetricDef, 'value' | 'row'> {
  return { row: { field, offset }, value: (p, t) => p[field][offset + t]! };
}

/** A metric that is minus the sum of the rows of `field` at `offsets` (year t: 0 − each row's year t, in order). */
function negatedSum(field: Row, offsets: Int32Array): Pick<MetricDef, 'value' | 'negatedSum'> {
  return {
    negatedSum: { field, offsets },
    value: (p, t) => {
      let v = 0;
      for (let y = 0; y < offsets.length; y++) v -= p[field][offsets[y]! + t]!;
      return v;
    },
  };
}

/** Above this many places, the per-place metrics are left out of the defaults (pass `placeMetrics(model)` to record them). */
export const MAX_DEFAULT_PLACES = 50;

/** Each place's gap and do-nothing gap: `place:<id>:gap`, `place:<id>:do-nothing-gap`. */
export function placeMetrics(model: Model): MetricDef[] {
  const nY = model.nYears;
  return lean(model.places.flatMap((pl, q) => [
    { id: `place:${pl.id}:gap`, label: `${pl.name}: gap`, unit: '£', byPlace: true, ...row('placeGap', q * nY) },
    { id: `place:${pl.id}:do-nothing-gap`, label: `${pl.name}: do-nothing gap`, unit: '£', byPlace: true, ...row('placeDoNothingGap', q * nY) },
  ]));
}

/** Each sector's gap (−Σ its organisations' positions): `sector:nhs:gap` is the local health economy's. */
export function sectorMetrics(model: Model): MetricDef[] {
  const nY = model.nYears;
  const sectors = [...new Set(model.orgs.map((o) => o.sector))];
  return lean(sectors.map((sector) => {
    const members = model.orgs.flatMap((o, i) => (o.sector === sector ? [i] : []));
    return {
      id: `sector:${sector}:gap`,
      label: `${sector === 'nhs' ? 'Local health economy (NHS)' : sector === 'council' ? 'Councils' : 'Independent sector'}: gap`,
      unit: '£',
      ...negatedSum('orgPosition', Int32Array.from(members, (o) => o * nY)),
    };
  }));
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
  return lean([
    { id: 'gap', label: 'System gap (cost + investment − funding)', unit: '£', ...row('systemGap', 0) },
    { id: 'do-nothing-gap', label: 'Do-nothing system gap', unit: '£', ...row('doNothingGap', 0) },
    { id: 'cost', label: 'System cost', unit: '£', ...row('systemCost', 0) },
    { id: 'funding', label: 'System funding', unit: '£', ...row('systemFunding', 0) },
    { id: 'investment', label: 'Scheme investment', unit: '£', ...row('systemInvestment', 0) },
    ...(sectors > 1 ? sectorMetrics(model) : []),
    ...(places > 1 && places <= MAX_DEFAULT_PLACES ? placeMetrics(model) : []),
    ...model.orgs.map((o, i) => ({
      id: `position:${o.id}`,
      label: `${o.name}: position (+ surplus, − deficit)`,
      unit: '£',
      ...row('orgPosition', i * nY),
    })),
    ...model.pools.flatMap((pool, k) => [
      {
        id: `pool:${pool.id}:variance`,
        label: `${pool.name}: variance (spend − budget)`,
        unit: '£',
        ...row('poolValues', (k * 8 + POOL_FIELDS.indexOf('variance')) * nY),
      },
      // each partner's exposure: its share of the variance (+ pays an overspend)
      ...pool.partners.map((o) => ({
        id: `pool:${pool.id}:${model.orgs[o]!.id}`,
        label: `${pool.name}: ${model.orgs[o]!.name}'s share of the variance`,
        unit: '£',
        ...row('poolShares', (k * model.orgs.length + o) * nY),
      })),
    ]),
    ...model.envelopes.flatMap((env, k) => [
      {
        id: `envelope:${env.id}:margin`,
        label: `${env.name}: margin (envelope − cost)`,
        unit: '£',
        ...row('envelopeValues', (k * 8 + ENVELOPE_FIELDS.indexOf('margin')) * nY),
      },
      {
        id: `envelope:${env.id}:final-margin`,
        label: `${env.name}: margin after settlement`,
        unit: '£',
        ...row('envelopeValues', (k * 8 + ENVELOPE_FIELDS.indexOf('finalMargin')) * nY),
      },
    ]),
  ]);
}

/** The metric named `id` (UserError-free lookup; undefined if unknown). */
export function findMetric(metrics: MetricDef[], id: string): MetricDef | undefined {
  return metrics.find((m) => m.id === id);
}
