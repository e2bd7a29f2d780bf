/**
 * Pooled budgets and risk share. Pool budget B = Σ contributions (less any
 * amount held back for performance and not released); pool spend S = the
 * payments for in-scope services; variance V = S − B. Each in-scope line has a
 * budget (B split like do-nothing spend), so over- and underspends are known by
 * line (a line is one place's flow of an in-scope service). Overspends are covered in order — a contingency reserve, underspends
 * elsewhere in the pool — then shared between partners by the overspend rule;
 * what underspend is left is shared by the underspend rule. Rules: proportional
 * to contributions, fixed shares, or tiered bands of variance/budget; partners
 * excluded from some services; caps, with a remainder partner taking the excess.
 * Every year the partners' shares (with the reserve's funding) sum exactly to V.
 *
 * By place: the budget is divided like do-nothing spend, spend is the place's
 * own, and each partner's share is attributed to places so that it sums over
 * places to the partner's share and over partners to the place's variance.
 */
import { POOL_PLACE_FIELDS, type Model, type PoolDef, type RuleDef } from './types.js';
import { cumulativeIndex } from './series.js';

/** What a pool needs from the projection, all by flow [f * nYears + t]. */
export interface PoolInputs {
  payment: Float64Array;
  doNothingPayment: Float64Array;
  tot: Float64Array;
  dnTot: Float64Array;
}

/** Outputs for one pool and year. */
interface PoolYear {
  budget: number;
  spend: number;
  variance: number;
  reserveUsed: number;
  underspendsUsed: number;
  released: number;
  overspendShared: number;
  underspendShared: number;
}

/** Scratch for one pool evaluation, sized for the pool. */
export interface PoolScratch {
  contrib: Float64Array;
  shares: Float64Array;
  lineVar: Float64Array;
  tmp: Float64Array;
  growth: Float64Array;
  alloc: Float64Array;
  /** By place: do-nothing spend, spend. */
  placeDn: Float64Array;
  placeSpend: Float64Array;
}

export function poolScratch(pool: PoolDef, nYears: number, nPlaces: number): PoolScratch {
  const n = pool.partners.length;
  return {
    contrib: new Float64Array(n),
    shares: new Float64Array(n),
    lineVar: new Float64Array(pool.flows.length),
    tmp: new Float64Array(n),
    growth: new Float64Array(nYears),
    alloc: new Float64Array(n),
    placeDn: new Float64Array(nPlaces),
    placeSpend: new Float64Array(nPlaces),
  };
}

/** Where a pool's values by place go; null when not wanted (attribution passes). */
export interface PoolPlaceOutputs {
  values: Float64Array;
  shares: Float64Array;
  transfers: Float64Array;
}

/**
 * Settle pool `k` for every year: adds each partner's net receipt to `transfers`
 * [o*nY+t] and writes contributions, shares and the pool's values.
 */
export function settlePool(
  model: Model,
  p: Float64Array,
  k: number,
  inp: PoolInputs,
  transfers: Float64Array,
  values: Float64Array,
  shareOut: Float64Array,
  contribOut: Float64Array,
  sc: PoolScratch,
  byPlace: PoolPlaceOutputs | null,
): void {
  const pool = model.pools[k]!;
  const nY = model.nYears;
  const nO = model.orgs.length;
  const nP = pool.partners.length;
  for (let t = 0; t < nY; t++) {
    const y = poolYear(p, pool, inp, t, nY, sc);
    const fields = [y.budget, y.spend, y.variance, y.reserveUsed, y.underspendsUsed, y.released, y.overspendShared, y.underspendShared];
    for (let f = 0; f < fields.length; f++) values[(k * 8 + f) * nY + t] = fields[f]!;
    for (let j = 0; j < nP; j++) {
      const o = pool.partners[j]!;
      shareOut[(k * nO + o) * nY + t] = sc.shares[j]!;
      contribOut[(k * nO + o) * nY + t] = sc.contrib[j]!;
      transfers[o * nY + t]! -= sc.contrib[j]! + sc.shares[j]!;
    }
    // The pool pays the providers: the in-scope flows' commissioners no longer do.
    for (let i = 0; i < pool.flows.length; i++) {
      const f = pool.flows[i]!;
      transfers[model.flows[f]!.commissioner * nY + t]! += inp.payment[f * nY + t]!;
    }
    if (byPlace) attributeToPlaces(model, k, inp, t, y, sc, byPlace);
  }
}

/**
 * One year of pool `k` by place. Budget_q = B × do-nothing spend share; V_q =
 * spend_q − budget_q. Partner j's share of place q's variance is
 *   s̄_j × V_q + (share_j − s̄_j × V) × budget_q / B,
 * with s̄_j = share_j / V (or the contribution split when V is nil): it sums
 * over places to share_j and over partners to V_q.
 */
function attributeToPlaces(model: Model, k: number, inp: PoolInputs, t: number, y: PoolYear, sc: PoolScratch, out: PoolPlaceOutputs): void {
  const pool = model.pools[k]!;
  const { nYears: nY } = model;
  const nQ = model.places.length;
  const nO = model.orgs.length;
  const nP = pool.partners.length;
  const { placeDn, placeSpend } = sc;
  placeDn.fill(0);
  placeSpend.fill(0);
  let dnTotal = 0;
  for (const f of pool.flows) {
    const q = model.flows[f]!.place;
    placeDn[q]! += inp.doNothingPayment[f * nY + t]!;
    placeSpend[q]! += inp.payment[f * nY + t]!;
    dnTotal += inp.doNothingPayment[f * nY + t]!;
  }
  let present = 0;
  for (let q = 0; q < nQ; q++) if (placeDn[q]! > 0 || placeSpend[q]! > 0) present++;
  const V = y.variance;
  const B = y.budget;
  const nilV = Math.abs(V) <= 1e-9 * Math.max(1, Math.abs(B));
  for (let q = 0; q < nQ; q++) {
    const w = dnTotal > 0 ? placeDn[q]! / dnTotal : placeDn[q]! > 0 || placeSpend[q]! > 0 ? 1 / present : 0;
    const budget = B * w;
    const vq = placeSpend[q]! - budget;
    const base = (k * nQ + q) * POOL_PLACE_FIELDS.length;
    out.values[(base + 0) * nY + t] = budget;
    out.values[(base + 1) * nY + t] = placeSpend[q]!;
    out.values[(base + 2) * nY + t] = vq;
    for (let j = 0; j < nP; j++) {
      const o = pool.partners[j]!;
      const share = sc.shares[j]!;
      const sBar = !nilV ? share / V : B > 0 ? sc.contrib[j]! / B : 1 / nP;
      const part = sBar * vq + (share - sBar * V) * w;
      const contrib = sc.contrib[j]! * w;
      out.shares[((k * nQ + q) * nO + o) * nY + t] = part;
      out.transfers[(o * nQ + q) * nY + t]! -= contrib + part;
    }
  }
  for (const f of pool.flows) {
    const flow = model.flows[f]!;
    out.transfers[(flow.commissioner * nQ + flow.place) * nY + t]! += inp.payment[f * nY + t]!;
  }
}

function poolYear(p: Float64Array, pool: PoolDef, inp: PoolInputs, t: number, nY: number, sc: PoolScratch): PoolYear {
  const nP = pool.partners.length;
  const { contrib, shares, lineVar } = sc;
  contrib.fill(0);
  shares.fill(0);
  // contributions
  for (const c of pool.contributions) {
    let amount: number;
    if (c.kind === 0) {
      cumulativeIndex(p, c.growthSlot, nY, sc.growth);
      amount = p[c.amountSlot]! * sc.growth[t]!;
    } else if (c.kind === 1) amount = p[c.yearSlots[t]!]!;
    else {
      let planned = 0;
      if (c.basisDoNothing) for (const f of c.flows) planned += inp.doNothingPayment[f * nY + t]!;
      else {
        cumulativeIndex(p, c.growthSlot, nY, sc.growth);
        for (const f of c.flows) planned += inp.doNothingPayment[f * nY]! * sc.growth[t]!;
      }
      amount = p[c.shareSlot]! * planned;
    }
    contrib[c.partner]! += amount;
  }
  // performance-linked release: the held amount is paid in as the target is met
  let released = 0;
  if (pool.performance && t >= pool.performance.start) {
    const perf = pool.performance;
    cumulativeIndex(p, perf.growthSlot, nY, sc.growth);
    // a partner cannot hold back more than it puts in that year
    const held = Math.min(p[perf.heldSlot]! * sc.growth[t]!, Math.max(0, contrib[perf.partner]!));
    let dn = 0;
    let now = 0;
    for (const f of perf.flows) {
      dn += inp.dnTot[f * nY + t]!;
      now += inp.tot[f * nY + t]!;
    }
    const achieved = dn > 0 ? (dn - now) / dn : 0;
    const target = p[perf.targetSlot]!;
    const fraction = target > 0 ? Math.min(1, Math.max(0, achieved / target)) : 1;
    released = held * fraction;
    contrib[perf.partner]! -= held - released;
  }
  let budget = 0;
  for (let j = 0; j < nP; j++) budget += contrib[j]!;
  // spend and line variances against budgets split like do-nothing spend
  let spend = 0;
  let dnSpend = 0;
  for (const f of pool.flows) {
    spend += inp.payment[f * nY + t]!;
    dnSpend += inp.doNothingPayment[f * nY + t]!;
  }
  let over = 0;
  let under = 0;
  for (let i = 0; i < pool.flows.length; i++) {
    const f = pool.flows[i]!;
    const share = dnSpend > 0 ? inp.doNothingPayment[f * nY + t]! / dnSpend : 1 / pool.flows.length;
    const v = inp.payment[f * nY + t]! - budget * share;
    lineVar[i] = v;
    if (v > 0) over += v;
    else under -= v;
  }
  // cover, in order, before partners
  let overLeft = over;
  let underLeft = under;
  let reserveUsed = 0;
  let underspendsUsed = 0;
  const reserve = pool.reserveSlot >= 0 ? p[pool.reserveSlot]! : 0;
  for (const step of pool.cover) {
    if (step === 0) {
      const used = Math.min(overLeft, reserve - reserveUsed);
      reserveUsed += used;
      overLeft -= used;
    } else {
      const used = Math.min(overLeft, underLeft);
      underspendsUsed += used;
      overLeft -= used;
      underLeft -= used;
    }
  }
  if (overLeft > 0) share(p, pool, pool.overspend, overLeft, over, lineVar, 1, budget, contrib, shares, sc);
  if (underLeft > 0) share(p, pool, pool.underspend, underLeft, under, lineVar, -1, budget, contrib, shares, sc);
  if (reserveUsed > 0) {
    // the reserve is partners' money too: its use is charged to its funders
    for (let j = 0; j < nP; j++) {
      const w = pool.reserveShares ? pool.reserveShares[j]! : budget > 0 ? contrib[j]! / budget : 1 / nP;
      shares[j]! += reserveUsed * w;
    }
  }
  return { budget, spend, variance: spend - budget, reserveUsed, underspendsUsed, released, overspendShared: overLeft, underspendShared: underLeft };
}

/**
 * Add `sign × amount` split between partners into `out`. The amount is spread
 * over the lines in proportion to their own over (sign 1) or under (sign −1)
 * spend, so exclusions by service can apply; caps then pass excess to the remainder.
 */
function share(
  p: Float64Array,
  pool: PoolDef,
  rule: RuleDef,
  amount: number,
  lineTotal: number,
  lineVar: Float64Array,
  sign: 1 | -1,
  budget: number,
  contrib: Float64Array,
  out: Float64Array,
  sc: PoolScratch,
): void {
  const nP = pool.partners.length;
  // the base share vector for this amount
  const base = sc.tmp;
  if (rule.method === 0) for (let j = 0; j < nP; j++) base[j] = budget > 0 ? contrib[j]! / budget : 1 / nP;
  else if (rule.method === 1) base.set(rule.shares);
  else {
    base.fill(0);
    const x = budget > 0 ? amount / budget : Infinity;
    let covered = 0;
    for (const b of rule.bands) {
      const portion = Math.max(0, Math.min(x, b.to) - b.from);
      if (portion <= 0) continue;
      const w = x === Infinity ? (covered === 0 ? 1 : 0) : portion / x;
      covered += w;
      for (let j = 0; j < nP; j++) base[j]! += w * b.shares[j]!;
    }
  }
  const alloc = sc.alloc;
  alloc.fill(0);
  for (let i = 0; i < pool.flows.length; i++) {
    const v = sign * lineVar[i]!;
    if (v <= 0 || lineTotal <= 0) continue;
    const part = amount * (v / lineTotal);
    let sum = 0;
    for (let j = 0; j < nP; j++) if (!rule.excluded[i * nP + j]) sum += base[j]!;
    if (sum <= 0) {
      alloc[rule.remainder]! += part;
      continue;
    }
    // the ratio first: a partner whose base share is subnormal (a contribution of 5e-324 of the budget)
    // loses its precision in part × base, and the line's part would no longer be shared out whole
    for (let j = 0; j < nP; j++) if (!rule.excluded[i * nP + j]) alloc[j]! += part * (base[j]! / sum);
  }
  // caps: a partner pays (or receives) at most its cap; the remainder partner takes the rest
  let excess = 0;
  for (let j = 0; j < nP; j++) {
    const slot = rule.capSlots[j]!;
    if (slot >= 0 && alloc[j]! > p[slot]!) {
      excess += alloc[j]! - p[slot]!;
      alloc[j] = p[slot]!;
    }
  }
  alloc[rule.remainder]! += excess;
  for (let j = 0; j < nP; j++) out[j]! += sign * alloc[j]!;
}
