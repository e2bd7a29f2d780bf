/**
 * The reconciliation a finance lead recognises: what moves the do-nothing gap
 * from the base year to a later year, in steps that sum exactly to it:
 *   base-year gap
 *   + demography                 cost of the later year's population at base-year activity rates and prices
 *   + non-demographic growth     activity per head growing beyond ageing
 *   + cost inflation             prices and pay (net of efficiency), on all of the above
 *   − funding growth             (the two together: cost inflation above or below funding growth)
 *   + fitted residual            what the calibrated parameter adds (last, so it is only what the drivers leave)
 *   = the gap that year.
 * Each step is the difference between two projections that switch one driver
 * on (cost = gap + funding in each, so funding never hides in a cost step).
 * For the system, a sector (the local health economy) or one place.
 */
import type { Model, Projection, Sector } from './types.js';
import { allocate, applyLinks, project, type Workspace } from './project.js';

/** Whose gap: the system's, one sector's or one place's. */
export type GapScope = { kind: 'system' } | { kind: 'sector'; sector: Sector; place?: number } | { kind: 'place'; place: number };

export type BridgeStepId = 'base' | 'demography' | 'growth' | 'inflation' | 'funding' | 'residual' | 'end';

export interface BridgeStep {
  id: BridgeStepId;
  label: string;
  /** £: positive widens the gap. */
  value: number;
  /** Where the step's figures come from (filled in from the scenario's own sources). */
  source?: string;
}

export interface Bridge {
  year: string;
  /** 'system', 'sector:nhs' or 'place:<id>'. */
  scope: string;
  steps: BridgeStep[];
  /** The calibrated parameter whose effect is the residual step, if any. */
  residualParameter?: string;
}

/** The calibrated parameter and the value at which it has no effect. */
export interface Residual {
  parameter: string;
  slot: number;
  neutral: number;
}

/**
 * The do-nothing gap and funding of `scope` in year t of a projection. A
 * sector's is before pools and envelopes (which are things a system does, not
 * its do-nothing): its providers' cost, plus what its commissioners pay other
 * sectors, less what it is paid by them, less its funding.
 */
export function scopeGap(model: Model, proj: Projection, scope: GapScope, t: number): { gap: number; funding: number } {
  const nY = model.nYears;
  if (scope.kind === 'system') return { gap: proj.doNothingGap[t]!, funding: proj.systemFunding[t]! };
  if (scope.kind === 'place') return { gap: proj.placeDoNothingGap[scope.place * nY + t]!, funding: proj.placeFunding[scope.place * nY + t]! };
  return sectorGap(model, proj, scope.sector, t, proj.doNothingCost, proj.doNothingPayment, scope.place);
}

/** A sector's gap from flow cost and payment (no pools or envelopes), and its funding; in one place if `place` is given. */
export function sectorGap(model: Model, proj: Projection, sector: Sector, t: number, cost: Float64Array, payment: Float64Array, place?: number): { gap: number; funding: number } {
  const nY = model.nYears;
  const nQ = model.places.length;
  const orgs = model.orgs;
  let funding = 0;
  orgs.forEach((o, i) => (o.sector === sector ? (funding += place === undefined ? proj.orgFunding[i * nY + t]! : proj.orgPlaceFunding[(i * nQ + place) * nY + t]!) : 0));
  let gap = -funding;
  const flows = model.flows;
  for (let f = 0; f < flows.length; f++) {
    const flow = flows[f]!;
    if (place !== undefined && flow.place !== place) continue;
    const i = f * nY + t;
    const payer = orgs[flow.commissioner]!.sector === sector;
    const payee = orgs[flow.provider]!.sector === sector;
    if (payee) gap += cost[i]!;
    if (payer && !payee) gap += payment[i]!;
    if (payee && !payer) gap -= payment[i]!;
  }
  return { gap, funding };
}

/** Name a scope for output. */
export function scopeName(model: Model, scope: GapScope): string {
  if (scope.kind === 'sector' && scope.place !== undefined) return `sector:${scope.sector}:place:${model.places[scope.place]!.id}`;
  return scope.kind === 'system' ? 'system' : scope.kind === 'sector' ? `sector:${scope.sector}` : `place:${model.places[scope.place]!.id}`;
}

/** First slots of every series that is a price index: cost inflation, efficiency, payment and transfer uplifts. */
function priceSeries(model: Model): number[] {
  const out = new Set<number>();
  for (const l of model.lines) {
    out.add(l.inflationSlot);
    out.add(l.efficiencySlot);
  }
  for (const f of model.flows) if (f.payment.upliftSlot >= 0) out.add(f.payment.upliftSlot);
  for (const pool of model.pools) {
    for (const c of pool.contributions) out.add(c.growthSlot);
    if (pool.performance) out.add(pool.performance.growthSlot);
  }
  for (const e of model.envelopes) out.add(e.upliftSlot);
  return [...out];
}

function zeroSeries(p: Float64Array, firstSlots: Iterable<number>, nYears: number): void {
  for (const s of firstSlots) for (let t = 1; t < nYears; t++) p[s + t] = 0;
}

/** The bridge from the base year to year `t` for `scope`, with parameters `p` (calibrated). */
export function reconcile(model: Model, p: Float64Array, scope: GapScope, t: number, residual?: Residual): Bridge {
  const nY = model.nYears;
  const ws: Workspace = allocate(model);
  const full = Float64Array.from(p);
  applyLinks(model, full);
  const at = (q: Float64Array, year: number) => scopeGap(model, project(model, q, ws, { attribution: false, links: false }), scope, year);
  const proj = project(model, full, ws, { attribution: false, links: false });
  const f0 = scopeGap(model, proj, scope, 0);
  const fT = scopeGap(model, proj, scope, t);
  const cost = (g: { gap: number; funding: number }) => g.gap + g.funding;
  // S3: no residual
  const s3 = Float64Array.from(full);
  if (residual) {
    s3[residual.slot] = residual.neutral;
    applyLinks(model, s3);
  }
  const c3 = residual ? cost(at(s3, t)) : cost(fT);
  // S2: and no price growth
  const s2 = Float64Array.from(s3);
  zeroSeries(s2, priceSeries(model), nY);
  const c2 = cost(at(s2, t));
  // S1: and no non-demographic growth
  const s1 = Float64Array.from(s2);
  zeroSeries(s1, new Set(model.flows.map((f) => f.growthSlot)), nY);
  const c1 = cost(at(s1, t));
  const c0 = cost(f0);
  const steps: BridgeStep[] = [
    { id: 'base', label: `Base-year gap ${model.years[0]}`, value: f0.gap },
    { id: 'demography', label: 'Demography (population growth and ageing, at base-year rates and prices)', value: c1 - c0 },
    { id: 'growth', label: 'Non-demographic growth in activity per head', value: c2 - c1 },
    { id: 'inflation', label: 'Cost inflation (pay and prices, net of efficiency)', value: c3 - c2 },
    { id: 'funding', label: 'Funding growth', value: -(fT.funding - f0.funding) },
  ];
  if (residual) steps.push({ id: 'residual', label: `Fitted residual ('${residual.parameter}')`, value: cost(fT) - c3 });
  steps.push({ id: 'end', label: `Gap ${model.years[t]}`, value: fT.gap });
  return { year: model.years[t]!, scope: scopeName(model, scope), steps, residualParameter: residual?.parameter };
}
