/**
 * Capitated envelopes: E_t = rate_t × needIndex × Σ_places Σ_a w[q,a] × pop[q,a,t],
 * with weights derived from base-year cost by age in each place (or given),
 * the base rate set so that the base-year envelope equals base-year spend on
 * the scope (or given), and the rate uplifted each year. The provider (or an
 * alliance of providers) is paid the envelope instead of the scope's own
 * payments, then the settlement (risk corridor or shared savings) moves part
 * of the margin back. An alliance shares its margin between its members by
 * their agreed shares. Tariff income is what the same activity would have
 * earned under Payment by Results. Every value exists by place: the envelope
 * by the place's weighted population, the settlement in proportion to it.
 */
import { Pay, type Model } from './types.js';
import { cumulativeIndex } from './series.js';
import { settle } from './settlement.js';

/** What an envelope needs from the projection (by flow). */
export interface EnvelopeInputs {
  /** Flow payments [f*nY+t] under their own payment models. */
  payment: Float64Array;
  doNothingPayment: Float64Array;
  cost: Float64Array;
  tot: Float64Array;
  lineIndex: Float64Array;
  /** Do-nothing activity by flow, year and band. */
  doNothingActivity: Float64Array;
}

/** Where an envelope's values by place go; null when not wanted. */
export interface EnvelopePlaceOutputs {
  values: Float64Array;
  transfers: Float64Array;
}

const N_FIELDS = 8;

/** Settle envelope `k` for every year: net receipts into `transfers`, values into `values`. */
export function settleEnvelope(
  model: Model,
  p: Float64Array,
  k: number,
  inp: EnvelopeInputs,
  transfers: Float64Array,
  values: Float64Array,
  memberMargins: Float64Array,
  scratch: Float64Array,
  byPlace: EnvelopePlaceOutputs | null,
): void {
  const env = model.envelopes[k]!;
  const { nYears: nY, nBands: nB, population } = model;
  const nQ = model.places.length;
  const nO = model.orgs.length;
  const places = env.places;
  // weights by place and age band
  const w = new Float64Array(nQ * nB);
  if (env.weights) for (const q of places) w.set(env.weights, q * nB);
  else {
    let cost = 0;
    let pop = 0;
    for (const f of env.flows) {
      const flow = model.flows[f]!;
      const unit = p[flow.unitCostSlot]!;
      for (let a = 0; a < nB; a++) w[flow.place * nB + a]! += unit * inp.doNothingActivity[f * nY * nB + a]!;
    }
    for (const q of places) {
      for (let a = 0; a < nB; a++) {
        const persons = population[q * nY * nB + a]!;
        cost += w[q * nB + a]!;
        pop += persons;
        w[q * nB + a] = persons > 0 ? w[q * nB + a]! / persons : 0;
      }
    }
    const mean = pop > 0 ? cost / pop : 0;
    for (const q of places) for (let a = 0; a < nB; a++) w[q * nB + a] = mean > 0 ? w[q * nB + a]! / mean : 1;
  }
  const need = p[env.needIndexSlot]!;
  const weighted = (q: number, t: number) => {
    let sum = 0;
    const row = (q * nY + t) * nB;
    for (let a = 0; a < nB; a++) sum += w[q * nB + a]! * population[row + a]!;
    return need * sum;
  };
  let baseSpend = 0;
  for (const f of env.flows) baseSpend += inp.doNothingPayment[f * nY]!;
  let w0 = 0;
  for (const q of places) w0 += weighted(q, 0);
  const rate0 = env.baseRateSlot >= 0 ? p[env.baseRateSlot]! : w0 > 0 ? baseSpend / w0 : 0;
  cumulativeIndex(p, env.upliftSlot, nY, scratch);
  const placeW = new Float64Array(nQ);
  const placeCost = new Float64Array(nQ);
  const placePaid = new Float64Array(nQ);
  const placeTariff = new Float64Array(nQ);
  const members = env.members;
  const memberCost = new Float64Array(members.length);
  const memberPaid = new Float64Array(members.length);
  for (let t = 0; t < nY; t++) {
    let W = 0;
    for (const q of places) {
      placeW[q] = weighted(q, t);
      W += placeW[q]!;
    }
    const envelope = rate0 * scratch[t]! * W;
    let cost = 0;
    let paid = 0;
    let tariff = 0;
    placeCost.fill(0);
    placePaid.fill(0);
    placeTariff.fill(0);
    memberCost.fill(0);
    memberPaid.fill(0);
    for (const f of env.flows) {
      const flow = model.flows[f]!;
      const i = f * nY + t;
      // what Payment by Results would have paid: the flow's tariff, else unit cost × activity
      let tf = 0;
      if (flow.payment.model === Pay.Tariff) tf = inp.payment[i]!;
      else if (flow.payment.model !== Pay.None) tf = p[flow.unitCostSlot]! * inp.lineIndex[flow.line * nY + t]! * inp.tot[i]!;
      cost += inp.cost[i]!;
      paid += inp.payment[i]!;
      tariff += tf;
      placeCost[flow.place]! += inp.cost[i]!;
      placePaid[flow.place]! += inp.payment[i]!;
      placeTariff[flow.place]! += tf;
      for (let m = 0; m < members.length; m++) {
        if (members[m]!.org !== flow.provider) continue;
        memberCost[m]! += inp.cost[i]!;
        memberPaid[m]! += inp.payment[i]!;
      }
    }
    let settlement = 0;
    let payment = envelope;
    const sharedSavings = env.settlement?.form === 'shared-savings';
    if (env.settlement && envelope > 0) {
      // rounding can leave an emptied scope a speck below zero: settle on what it costs, at least nothing
      const r = settle(env.settlement, { benchmark: envelope, actual: Math.max(0, cost), qualityScore: env.qualityScore });
      settlement = r.earned;
      payment = sharedSavings ? cost + r.earned : envelope + r.earned;
    }
    const finalMargin = payment - cost;
    const fields = [envelope, cost, envelope - cost, tariff, settlement, payment, finalMargin, W];
    for (let fi = 0; fi < N_FIELDS; fi++) values[(k * N_FIELDS + fi) * nY + t] = fields[fi]!;
    // the commissioner pays the envelope (settled) instead of the scope's own payments
    transfers[env.commissioner * nY + t]! += paid - payment;
    if (members.length === 0) transfers[env.provider * nY + t]! += payment - paid;
    else {
      // each member is paid its cost and its share of the alliance's margin
      for (let m = 0; m < members.length; m++) {
        const o = members[m]!.org;
        const margin = p[members[m]!.shareSlot]! * finalMargin;
        memberMargins[(k * nO + o) * nY + t] = margin;
        transfers[o * nY + t]! += memberCost[m]! + margin - memberPaid[m]!;
      }
    }
    if (!byPlace) continue;
    for (const q of places) {
      const part = W > 0 ? placeW[q]! / W : 1 / places.length;
      const eq = envelope * part;
      const sq = settlement * part;
      const payq = sharedSavings ? placeCost[q]! + sq : eq + sq;
      const pf = [eq, placeCost[q]!, eq - placeCost[q]!, placeTariff[q]!, sq, payq, payq - placeCost[q]!, placeW[q]!];
      const base = (k * nQ + q) * N_FIELDS;
      for (let fi = 0; fi < N_FIELDS; fi++) byPlace.values[(base + fi) * nY + t] = pf[fi]!;
      byPlace.transfers[(env.commissioner * nQ + q) * nY + t]! += placePaid[q]! - payq;
      if (members.length === 0) byPlace.transfers[(env.provider * nQ + q) * nY + t]! += payq - placePaid[q]!;
    }
    if (members.length) {
      // members' receipts by place: their cost and paid there, and their share of the place's margin
      for (const f of env.flows) {
        const flow = model.flows[f]!;
        const i = f * nY + t;
        byPlace.transfers[(flow.provider * nQ + flow.place) * nY + t]! += inp.cost[i]! - inp.payment[i]!;
      }
      for (const q of places) {
        const part = W > 0 ? placeW[q]! / W : 1 / places.length;
        const sq = settlement * part;
        const payq = sharedSavings ? placeCost[q]! + sq : envelope * part + sq;
        const marginQ = payq - placeCost[q]!;
        for (const mem of members) byPlace.transfers[(mem.org * nQ + q) * nY + t]! += p[mem.shareSlot]! * marginQ;
      }
    }
  }
}
