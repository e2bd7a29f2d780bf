/**
 * Step 7, positions. Every organisation:
 *   position = funding − payments made + income received − provider cost − investment
 *              + net receipts through pools and envelopes (which sum to zero)
 * so commissioners are funding − payments, providers income − cost, and the
 * internal payments net out: Σ positions = system funding − system cost − investment.
 * The same holds in each place (flows belong to one place; funding,
 * investment and transfers are attributed to places), and the places sum to the system.
 */
import type { Model, Projection } from './types.js';
import type { FlowRows } from './flow-rows.js';

/** Each organisation's position [o*nY+t] from flow cost and payment [f*nY+t] and organisation funding and investment. */
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
  const flows = model.flows;
  for (let f = 0; f < flows.length; f++) {
    const flow = flows[f]!;
    const c = flow.commissioner * nY;
    const pr = flow.provider * nY;
    const row = f * nY;
    for (let t = 0; t < nY; t++) {
      const pay = payment[row + t]!;
      into[c + t]! -= pay;
      into[pr + t]! += pay - cost[row + t]!;
    }
  }
}

/**
 * Fill the organisation, system and place arrays of `out` from cost, payment,
 * funding, investment and transfers; `orgPlaceInvestment` [(o*nQ+q)*nY+t].
 * Without `detail`, only positions, cost and the place gaps (not income,
 * payments or positions by place), and without `places` not the place gaps either.
 */
export function positions(model: Model, out: Projection, orgPlaceInvestment: Float64Array, rows: FlowRows, detail = true, places = true): void {
  const nY = model.nYears;
  const { cost, payment, orgFunding, orgCost, orgInvestment, orgPosition } = out;
  orgCost.fill(0);
  out.placeCost.fill(0);
  out.placeDoNothingCost.fill(0);
  if (detail) {
    positionsInDetail(model, out, orgPlaceInvestment);
    orgPositions(model, cost, payment, orgFunding, orgInvestment, out.orgTransfers, orgPosition);
  } else {
    // positions, cost by organisation and by place in one pass (the same sums, in the same order, as orgPositions)
    for (let i = 0; i < orgPosition.length; i++) orgPosition[i] = orgFunding[i]! - orgInvestment[i]! + out.orgTransfers[i]!;
    const { placeCost, placeDoNothingCost, doNothingCost } = out;
    const { commissioner, provider, place } = rows;
    for (let f = 0; f < commissioner.length; f++) {
      const row = f * nY;
      const cr = commissioner[f]!;
      const pr = provider[f]!;
      const qr = place[f]!;
      for (let t = 0; t < nY; t++) {
        const c = cost[row + t]!;
        const pay = payment[row + t]!;
        orgPosition[cr + t]! -= pay;
        orgPosition[pr + t]! += pay - c;
        orgCost[pr + t]! += c;
        if (!places) continue;
        placeCost[qr + t]! += c;
        placeDoNothingCost[qr + t]! += doNothingCost[row + t]!;
      }
    }
  }
  systemAndPlaces(model, out, orgPlaceInvestment, rows, detail || places);
}

function positionsInDetail(model: Model, out: Projection, orgPlaceInvestment: Float64Array): void {
  const nY = model.nYears;
  const nQ = model.places.length;
  const { cost, payment, orgIncome, orgPayments, orgCost } = out;
  orgIncome.fill(0);
  orgPayments.fill(0);
  for (let i = 0; i < out.orgPlacePosition.length; i++) {
    out.orgPlacePosition[i] = out.orgPlaceFunding[i]! - orgPlaceInvestment[i]! + out.orgPlaceTransfers[i]!;
  }
  const flows = model.flows;
  for (let f = 0; f < flows.length; f++) {
    const flow = flows[f]!;
    const row = f * nY;
    const q = flow.place;
    const cq = (flow.commissioner * nQ + q) * nY;
    const pq = (flow.provider * nQ + q) * nY;
    for (let t = 0; t < nY; t++) {
      const pay = payment[row + t]!;
      const c = cost[row + t]!;
      orgIncome[flow.provider * nY + t]! += pay;
      orgPayments[flow.commissioner * nY + t]! += pay;
      orgCost[flow.provider * nY + t]! += c;
      out.orgPlacePosition[cq + t]! -= pay;
      out.orgPlacePosition[pq + t]! += pay - c;
      out.placeCost[q * nY + t]! += c;
      out.placeDoNothingCost[q * nY + t]! += out.doNothingCost[row + t]!;
    }
  }
}

function systemAndPlaces(model: Model, out: Projection, orgPlaceInvestment: Float64Array, rows: FlowRows, places: boolean): void {
  const nY = model.nYears;
  const nQ = model.places.length;
  const nO = model.orgs.length;
  const { orgFunding, orgCost, orgInvestment } = out;
  out.systemFunding.fill(0);
  out.systemCost.fill(0);
  out.systemInvestment.fill(0);
  for (let o = 0; o < nO; o++) {
    for (let t = 0; t < nY; t++) {
      const i = o * nY + t;
      out.systemFunding[t]! += orgFunding[i]!;
      out.systemCost[t]! += orgCost[i]!;
      out.systemInvestment[t]! += orgInvestment[i]!;
    }
  }
  for (let t = 0; t < nY; t++) out.systemGap[t] = out.systemCost[t]! + out.systemInvestment[t]! - out.systemFunding[t]!;
  if (!places) return;
  // by place, over the organisations that have funding or invest (the others' rows are zero)
  const addRows = (into: Float64Array, from: Float64Array, orgs: Int32Array) => {
    into.fill(0);
    for (const o of orgs) {
      for (let q = 0; q < nQ; q++) {
        const row = (o * nQ + q) * nY;
        for (let t = 0; t < nY; t++) into[q * nY + t]! += from[row + t]!;
      }
    }
  };
  addRows(out.placeFunding, out.orgPlaceFunding, rows.funders);
  addRows(out.placeInvestment, orgPlaceInvestment, rows.investors);
  for (let i = 0; i < nQ * nY; i++) {
    out.placeGap[i] = out.placeCost[i]! + out.placeInvestment[i]! - out.placeFunding[i]!;
    out.placeDoNothingGap[i] = out.placeDoNothingCost[i]! - out.placeFunding[i]!;
  }
}
