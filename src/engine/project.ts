/**
 * One projection of a scenario, every year from base to horizon. The steps,
 * in order (MODEL.md):
 *   1. demography   population by age band and year (the model's table)
 *   2. demand       do-nothing activity by service, band and year
 *   4. cost         do-nothing cost, giving the do-nothing gap
 *   3. schemes      applied in order; after each, the changed services are
 *                   re-costed, so each scheme's effect on system cost is
 *                   measured after the schemes before it (attribution in
 *                   order of application: the waterfall sums exactly)
 *   6. funding      allocations and budgets (before schemes: they do not change it)
 *   5. payments     commissioner → provider, by payment model; with
 *      pools and envelopes: contributions, risk shares, capitated payments and
 *                   their settlements move money between organisations
 *   7. positions    each organisation's, do-nothing, after each scheme (so each
 *                   scheme's gain or loss to each organisation is known), and
 *                   after all schemes, and the system gap
 * plus stranded cost against the do-nothing.
 *
 * Pure: reads the model and the parameter vector, writes only into the
 * workspace it returns (pass one back in to avoid allocating).
 */
import type { Model, Projection } from './types.js';
import { doNothingDemand, activityTotals } from './demand.js';
import { applyScheme } from './schemes.js';
import { costShapes, costAt, strandedCost, nextStepRelease, type CostShape } from './cost.js';
import { payments } from './payments.js';
import { funding } from './funding.js';
import { positions, orgPositions } from './positions.js';
import { settleArrangements, arrangementScratch, type ArrangementScratch } from './arrangements.js';
import { cumulativeIndex, cumulativeReduction } from './series.js';

/** Scratch arrays a projection needs besides its outputs. */
interface Scratch {
  tot: Float64Array;
  dnTot: Float64Array;
  baseIndex: Float64Array;
  costMult: Float64Array;
  year: Float64Array;
  year2: Float64Array;
  touched: Uint8Array;
  pay: Float64Array;
  dnPay: Float64Array;
  pos: Float64Array;
  prevPos: Float64Array;
  arrangements: ArrangementScratch;
}

export type Workspace = Projection & { scratch: Scratch };

/** Allocate every array one projection of `model` needs. */
export function allocate(model: Model): Workspace {
  const nY = model.nYears;
  const nS = model.services.length;
  const nK = model.schemes.length;
  const nO = model.orgs.length;
  const act = () => new Float64Array(nS * nY * model.nBands);
  const sy = () => new Float64Array(nS * nY);
  const oy = () => new Float64Array(nO * nY);
  const ky = () => new Float64Array(nK * nY);
  const y = () => new Float64Array(nY);
  return {
    activity: act(),
    doNothingActivity: act(),
    cost: sy(),
    doNothingCost: sy(),
    payment: sy(),
    orgFunding: oy(),
    orgIncome: oy(),
    orgPayments: oy(),
    orgCost: oy(),
    orgInvestment: oy(),
    orgPosition: oy(),
    systemFunding: y(),
    systemCost: y(),
    systemInvestment: y(),
    systemGap: y(),
    doNothingGap: y(),
    orgTransfers: oy(),
    poolValues: new Float64Array(model.pools.length * 8 * nY),
    poolShares: new Float64Array(model.pools.length * nO * nY),
    poolContributions: new Float64Array(model.pools.length * nO * nY),
    envelopeValues: new Float64Array(model.envelopes.length * 8 * nY),
    doNothingPosition: oy(),
    schemeOrgEffect: new Float64Array(nK * nO * nY),
    schemeEffect: ky(),
    schemeInvestment: ky(),
    schemeRemoved: ky(),
    schemeAdded: ky(),
    schemeFollowerRemoved: ky(),
    stranded: sy(),
    nextStepRelease: sy(),
    scratch: { tot: sy(), dnTot: sy(), baseIndex: sy(), costMult: sy(), year: y(), year2: y(), touched: new Uint8Array(nS), pay: sy(), dnPay: sy(), pos: oy(), prevPos: oy(), arrangements: arrangementScratch(model) },
  };
}

/** Project every year of `model` with parameters `p` (defaults to the model's central values). */
export interface ProjectOptions {
  /**
   * Work out each scheme's gain or loss to each organisation (`schemeOrgEffect`);
   * defaults to true. Monte Carlo turns it off: it re-prices payments per scheme.
   */
  attribution?: boolean;
}

export function project(model: Model, p: Float64Array = model.p0, ws: Workspace = allocate(model), options: ProjectOptions = {}): Workspace {
  const attribution = options.attribution ?? true;
  const nY = model.nYears;
  const nS = model.services.length;
  const { tot, dnTot, baseIndex, costMult, year, year2, touched } = ws.scratch;
  applyLinks(model, p);

  // 2. do-nothing demand
  doNothingDemand(model, p, ws.doNothingActivity, year);
  activityTotals(model, ws.doNothingActivity, dnTot);

  // 4. do-nothing cost; baseIndex = inflation × (1 − efficiency) a year
  const shapes = costShapes(model, p, dnTot);
  for (let s = 0; s < nS; s++) {
    const svc = model.services[s]!;
    cumulativeIndex(p, svc.inflationSlot, nY, baseIndex, s * nY);
    cumulativeReduction(p, svc.efficiencySlot, nY, year2);
    for (let t = 0; t < nY; t++) {
      const i = s * nY + t;
      baseIndex[i]! *= year2[t]!;
      ws.doNothingCost[i] = baseIndex[i]! * costAt(shapes[s]!, dnTot[i]!);
    }
  }

  // 6. funding (schemes do not change it); do-nothing positions
  funding(model, p, ws.orgFunding, year);
  ws.orgInvestment.fill(0);
  const { pay, dnPay, pos, prevPos, arrangements } = ws.scratch;
  payments(model, p, dnTot, dnTot, baseIndex, shapes, dnPay, year);
  const hasArrangements = model.pools.length + model.envelopes.length > 0;
  const settleAll = (payment: Float64Array, cost: Float64Array, totals: Float64Array) => {
    if (!hasArrangements) return;
    const inputs = { payment, doNothingPayment: dnPay, cost, tot: totals, dnTot, baseIndex, doNothingActivity: ws.doNothingActivity };
    settleArrangements(model, p, inputs, ws, arrangements);
  };
  ws.orgTransfers.fill(0);
  settleAll(dnPay, ws.doNothingCost, dnTot);
  orgPositions(model, ws.doNothingCost, dnPay, ws.orgFunding, ws.orgInvestment, ws.orgTransfers, ws.doNothingPosition);
  prevPos.set(ws.doNothingPosition);
  const nO = model.orgs.length;

  // 3. schemes, each re-costing what it changed
  ws.activity.set(ws.doNothingActivity);
  tot.set(dnTot);
  ws.cost.set(ws.doNothingCost);
  costMult.fill(1);
  const ledger = { removed: ws.schemeRemoved, added: ws.schemeAdded, followerRemoved: ws.schemeFollowerRemoved };
  ledger.removed.fill(0);
  ledger.added.fill(0);
  ledger.followerRemoved.fill(0);
  for (let k = 0; k < model.schemes.length; k++) {
    touched.fill(0);
    applyScheme(model, p, k, ws.activity, tot, costMult, ledger, touched);
    year.fill(0);
    for (let s = 0; s < nS; s++) {
      if (!touched[s]) continue;
      for (let t = 0; t < nY; t++) {
        const i = s * nY + t;
        const c = baseIndex[i]! * costMult[i]! * costAt(shapes[s]!, tot[i]!);
        year[t]! += c - ws.cost[i]!;
        ws.cost[i] = c;
      }
    }
    const sc = model.schemes[k]!;
    for (let t = 0; t < nY; t++) {
      ws.schemeEffect[k * nY + t] = year[t]!;
      let inv = 0;
      for (const v of sc.investments) {
        const amount = (v.oneOffSlots[t]! >= 0 ? p[v.oneOffSlots[t]!]! : 0) + (v.recurrentSlot >= 0 ? p[v.recurrentSlot]! * sc.phase[t]! : 0);
        ws.orgInvestment[v.org * nY + t]! += amount;
        inv += amount;
      }
      ws.schemeInvestment[k * nY + t] = inv;
    }
    // who gains and who loses from this scheme, after those before it
    if (!attribution) continue;
    payments(model, p, tot, dnTot, baseIndex, shapes, pay, year);
    settleAll(pay, ws.cost, tot);
    orgPositions(model, ws.cost, pay, ws.orgFunding, ws.orgInvestment, ws.orgTransfers, pos);
    const base = k * nO * nY;
    for (let i = 0; i < nO * nY; i++) ws.schemeOrgEffect[base + i] = pos[i]! - prevPos[i]!;
    prevPos.set(pos);
  }

  // stranded cost and the next step, against the do-nothing
  strandedAndSteps(model, shapes, dnTot, tot, baseIndex, costMult, ws);

  // 5, 7. payments and positions after all schemes
  payments(model, p, tot, dnTot, baseIndex, shapes, ws.payment, year);
  settleAll(ws.payment, ws.cost, tot);
  positions(model, ws);
  for (let t = 0; t < nY; t++) {
    let dnCost = 0;
    for (let s = 0; s < nS; s++) dnCost += ws.doNothingCost[s * nY + t]!;
    ws.doNothingGap[t] = dnCost - ws.systemFunding[t]!;
  }
  return ws;
}

function strandedAndSteps(
  model: Model,
  shapes: CostShape[],
  dnTot: Float64Array,
  tot: Float64Array,
  baseIndex: Float64Array,
  costMult: Float64Array,
  ws: Projection,
): void {
  const nY = model.nYears;
  for (let s = 0; s < model.services.length; s++) {
    for (let t = 0; t < nY; t++) {
      const i = s * nY + t;
      ws.stranded[i] = strandedCost(shapes[s]!, dnTot[i]!, tot[i]!, baseIndex[i]! * costMult[i]!);
      ws.nextStepRelease[i] = nextStepRelease(shapes[s]!, tot[i]!);
    }
  }
}

/** Copy each linked scalar into the series slots that use it (idempotent). */
export function applyLinks(model: Model, p: Float64Array): void {
  const l = model.links;
  for (let i = 0; i < l.length; i += 2) p[l[i + 1]!] = p[l[i]!]!;
}

/** The do-nothing gap in one year: the calibration's metric. */
export function doNothingGapIn(model: Model, p: Float64Array, year: number, ws?: Workspace): number {
  return project(model, p, ws).doNothingGap[year]!;
}
