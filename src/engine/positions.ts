/**
 * Step 7, positions. Every organisation:
 *   position = funding − payments made + income received − provider cost − investment
 * so commissioners are funding − payments, providers income − cost, and the
 * internal payments net out: Σ positions = system funding − system cost − investment.
 */
import type { Model, Projection } from './types.js';

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
  out.systemFunding.fill(0);
  out.systemCost.fill(0);
  out.systemInvestment.fill(0);
  for (let o = 0; o < model.orgs.length; o++) {
    for (let t = 0; t < nY; t++) {
      const i = o * nY + t;
      orgPosition[i] = orgFunding[i]! - orgPayments[i]! + orgIncome[i]! - orgCost[i]! - orgInvestment[i]!;
      out.systemFunding[t]! += orgFunding[i]!;
      out.systemCost[t]! += orgCost[i]!;
      out.systemInvestment[t]! += orgInvestment[i]!;
    }
  }
  for (let t = 0; t < nY; t++) out.systemGap[t] = out.systemCost[t]! + out.systemInvestment[t]! - out.systemFunding[t]!;
}
