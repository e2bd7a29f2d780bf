/**
 * Pools and envelopes together: the money that moves between organisations
 * beyond each flow's own payment. Returns net receipts by organisation (and,
 * when asked, by organisation and place), which sum to zero every year, so
 * they never change the system position, nor any place's.
 */
import type { Model } from './types.js';
import { settlePool, poolScratch, type PoolScratch } from './pools.js';
import { settleEnvelope } from './capitation.js';

export interface ArrangementInputs {
  payment: Float64Array;
  doNothingPayment: Float64Array;
  cost: Float64Array;
  tot: Float64Array;
  dnTot: Float64Array;
  lineIndex: Float64Array;
  doNothingActivity: Float64Array;
}

export interface ArrangementOutputs {
  orgTransfers: Float64Array;
  poolValues: Float64Array;
  poolShares: Float64Array;
  poolContributions: Float64Array;
  envelopeValues: Float64Array;
  envelopeMemberMargins: Float64Array;
  orgPlaceTransfers: Float64Array;
  poolPlaceValues: Float64Array;
  poolPlaceShares: Float64Array;
  envelopePlaceValues: Float64Array;
}

export interface ArrangementScratch {
  pools: PoolScratch[];
  year: Float64Array;
}

export function arrangementScratch(model: Model): ArrangementScratch {
  return { pools: model.pools.map((pl) => poolScratch(pl, model.nYears, model.places.length)), year: new Float64Array(model.nYears) };
}

/** Settle every pool and envelope; `out.orgTransfers` gets each organisation's net receipts (and `orgPlaceTransfers` with `byPlace`). */
export function settleArrangements(model: Model, p: Float64Array, inp: ArrangementInputs, out: ArrangementOutputs, sc: ArrangementScratch, byPlace: boolean): void {
  out.orgTransfers.fill(0);
  if (byPlace) out.orgPlaceTransfers.fill(0);
  const poolPlaces = byPlace ? { values: out.poolPlaceValues, shares: out.poolPlaceShares, transfers: out.orgPlaceTransfers } : null;
  for (let k = 0; k < model.pools.length; k++) {
    settlePool(model, p, k, inp, out.orgTransfers, out.poolValues, out.poolShares, out.poolContributions, sc.pools[k]!, poolPlaces);
  }
  const envPlaces = byPlace ? { values: out.envelopePlaceValues, transfers: out.orgPlaceTransfers } : null;
  for (let k = 0; k < model.envelopes.length; k++) {
    settleEnvelope(model, p, k, inp, out.orgTransfers, out.envelopeValues, out.envelopeMemberMargins, sc.year, envPlaces);
  }
}
