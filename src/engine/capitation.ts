/**
 * Capitated envelopes: E_t = rate_t × needIndex × Σ_a w_a × pop[a,t], with
 * weights w_a derived from base-year cost by age (or given), the base rate set
 * so that the base-year envelope equals base-year spend on the scope (or
 * given), and the rate uplifted each year. The provider is paid the envelope
 * instead of the scope's own payments, then the settlement (risk corridor or
 * shared savings) moves part of the margin back. Tariff income is what the
 * same activity would have earned under Payment by Results.
 */
import { Pay, type Model } from './types.js';
import { cumulativeIndex } from './series.js';
import { settle } from './settlement.js';

/** What an envelope needs from the projection. */
export interface EnvelopeInputs {
  /** Service payments [s*nY+t] under their own payment models. */
  payment: Float64Array;
  doNothingPayment: Float64Array;
  cost: Float64Array;
  tot: Float64Array;
  baseIndex: Float64Array;
  /** Do-nothing activity by service, year and band. */
  doNothingActivity: Float64Array;
}

/** Settle envelope `k` for every year: net receipts into `transfers`, values into `values`. */
export function settleEnvelope(model: Model, p: Float64Array, k: number, inp: EnvelopeInputs, transfers: Float64Array, values: Float64Array, scratch: Float64Array): void {
  const env = model.envelopes[k]!;
  const { nYears: nY, nBands: nB, population } = model;
  // weights by age band
  const w = new Float64Array(nB);
  if (env.weights) w.set(env.weights);
  else {
    let cost = 0;
    let pop = 0;
    for (let a = 0; a < nB; a++) {
      let c = 0;
      for (const s of env.services) c += p[model.services[s]!.unitCostSlot]! * inp.doNothingActivity[(s * nY) * nB + a]!;
      w[a] = population[a]! > 0 ? c / population[a]! : 0;
      cost += c;
      pop += population[a]!;
    }
    const mean = pop > 0 ? cost / pop : 0;
    for (let a = 0; a < nB; a++) w[a] = mean > 0 ? w[a]! / mean : 1;
  }
  const need = p[env.needIndexSlot]!;
  const weighted = (t: number) => {
    let sum = 0;
    for (let a = 0; a < nB; a++) sum += w[a]! * population[t * nB + a]!;
    return need * sum;
  };
  let baseSpend = 0;
  for (const s of env.services) baseSpend += inp.doNothingPayment[s * nY]!;
  const w0 = weighted(0);
  const rate0 = env.baseRateSlot >= 0 ? p[env.baseRateSlot]! : w0 > 0 ? baseSpend / w0 : 0;
  cumulativeIndex(p, env.upliftSlot, nY, scratch);
  for (let t = 0; t < nY; t++) {
    const W = weighted(t);
    const envelope = rate0 * scratch[t]! * W;
    let cost = 0;
    let paid = 0;
    let tariff = 0;
    for (const s of env.services) {
      const svc = model.services[s]!;
      const i = s * nY + t;
      cost += inp.cost[i]!;
      paid += inp.payment[i]!;
      // what Payment by Results would have paid: the line's tariff, else unit cost × activity
      if (svc.payment.model === Pay.Tariff) tariff += inp.payment[i]!;
      else if (svc.payment.model !== Pay.None) tariff += p[svc.unitCostSlot]! * inp.baseIndex[i]! * inp.tot[i]!;
    }
    let settlement = 0;
    let payment = envelope;
    if (env.settlement && envelope > 0) {
      const r = settle(env.settlement, { benchmark: envelope, actual: cost, qualityScore: env.qualityScore });
      settlement = r.earned;
      payment = env.settlement.form === 'shared-savings' ? cost + r.earned : envelope + r.earned;
    }
    const fields = [envelope, cost, envelope - cost, tariff, settlement, payment, payment - cost, W];
    for (let f = 0; f < fields.length; f++) values[(k * 8 + f) * nY + t] = fields[f]!;
    // the commissioner pays the envelope (settled) instead of the scope's own payments
    transfers[env.commissioner * nY + t]! += paid - payment;
    transfers[env.provider * nY + t]! += payment - paid;
  }
}
