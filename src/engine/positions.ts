/**
 * Step 7, positions. Every organisation:
 *   position = funding − payments made + income received − provider cost − investment
 *              + net receipts through pools and envelopes (which sum to zero)
 * so commissioners are funding − payments, providers income − cost, and the
 * internal payments net out: Σ positions = system funding − system cost − investment.
 */
import type { Model, Projection } from './types.js';

/** Each organisation's position [o*nY+t] from service cost and payment [s*nY+t] and organisation funding and investment. */
export function orgPositions(
  model: Model,
  cost: Float64Array,
  payment: Float64Array,
  orgFunding: Float64Array,
  orgInvestment: Float64Array,
  orgTransfers: Float64Array,
  into: Float64Array,
): void {
  const nY = model.nYears;
  for (let i = 0; i < into.length; i++) into[i] = orgFunding[i]! - orgInvestment[i]! + orgTransfers[i]!;
  const services = model.services;
  for (let s = 0; s < services.length; s++) {
    const svc = services[s]!;
    for (let t = 0; t < nY; t++) {
      const pay = payment[s * nY + t]!;
      into[svc.commissioner * nY + t]! -= pay;
      into[svc.provider * nY + t]! += pay - cost[s * nY + t]!;
    }
  }
}

/** Fill the organisation and system arrays of `out` from cost, payment and funding. */
export function positions(model: Model, out: Projection): void {
  const nY = model.nYears;
  const { cost, payment, orgFunding, orgIncome, orgPayments, orgCost, orgInvestment, orgPosition } = out;
  orgIncome.fill(0);
  orgPayments.fill(0);
  orgCost.fill(0);
  model.services.forEach((svc, s) => {
    for (let t = 0; t < nY; t++) {
      orgIncome[svc.provider * nY + t]! += payment[s * nY + t]!;
      orgPayments[svc.commissioner * nY + t]! += payment[s * nY + t]!;
      orgCost[svc.provider * nY + t]! += cost[s * nY + t]!;
    }
  });
  orgPositions(model, cost, payment, orgFunding, orgInvestment, out.orgTransfers, orgPosition);
  out.systemFunding.fill(0);
  out.systemCost.fill(0);
  out.systemInvestment.fill(0);
  for (let o = 0; o < model.orgs.length; o++) {
    for (let t = 0; t < nY; t++) {
      const i = o * nY + t;
      out.systemFunding[t]! += orgFunding[i]!;
      out.systemCost[t]! += orgCost[i]!;
      out.systemInvestment[t]! += orgInvestment[i]!;
    }
  }
  for (let t = 0; t < nY; t++) out.systemGap[t] = out.systemCost[t]! + out.systemInvestment[t]! - out.systemFunding[t]!;
}
