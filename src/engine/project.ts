/**
 * One projection of a scenario, every year from base to horizon, for every
 * place and the system. The steps, in order (MODEL.md):
 *   1. demography   population by place, age band and year (the model's table)
 *   2. demand       do-nothing activity by flow (place × provider line), band and year
 *   4. cost         do-nothing cost of each line (its whole activity), shared
 *                   back to its flows, giving the do-nothing gap
 *   6. funding      allocations and budgets, by organisation and place
 *                   (before schemes: they do not change it)
 *   3. schemes      applied in order; after each, the changed lines are
 *                   re-costed, so each scheme's effect on system (and place)
 *                   cost is measured after the schemes before it (attribution
 *                   in order of application: the waterfall sums exactly)
 *   5. payments     commissioner → provider, by payment model; with
 *      pools and envelopes: contributions, risk shares, capitated payments and
 *                   their settlements move money between organisations
 *   7. positions    each organisation's, do-nothing, after each scheme (so each
 *                   scheme's gain or loss to each organisation is known), and
 *                   after all schemes; the system gap and each place's
 * plus stranded cost against the do-nothing, and beds needed on lines with capacity.
 *
 * Pure: reads the model and the parameter vector, writes only into the
 * workspace it returns (pass one back in to avoid allocating).
 */
import { variantFor, type VariantOptions } from './variants.js';
import { ActivityKind, type Model, type Projection } from './types.js';
import { doNothingDemand, lineTotals, flowsReadByBand, demandBase, derivesWeights } from './demand.js';
import { applyScheme, schemeScratch, type SchemeScratch } from './schemes.js';
import { costShapes, costAt, shareLineCost, strandedCost, nextStepRelease, type CostShape } from './cost.js';
import { payments } from './payments.js';
import { funding, fundingScratch, type FundingScratch } from './funding.js';
import { positions, orgPositions } from './positions.js';
import { settleArrangements, arrangementScratch, type ArrangementScratch } from './arrangements.js';
import { cumulativeIndex, cumulativeReduction, flowSeries, fillSeries, type FlowSeries } from './series.js';
import { applyFormulas, type FormulaTree } from './formulas.js';
import { flowRows, type FlowRows } from './flow-rows.js';

/** Scratch arrays a projection needs besides its outputs. */
interface Scratch {
  lineTot: Float64Array;
  dnLineTot: Float64Array;
  lineIndex: Float64Array;
  costMult: Float64Array;
  lineCostBefore: Float64Array;
  /** Each line's do-nothing cost at base-year prices [l*nY+t], kept for the lines a projection holds (Held.lines). */
  dnBaseCost: Float64Array;
  year: Float64Array;
  /** The inflation index Π(1 + rate) of the series last worked out this projection (lines that share it read it). */
  inflation: Float64Array;
  /** Each line's efficiency index Π(1 − rate) [l*nY+t] (kept for the lines a projection holds: Held.efficiency). */
  lineEfficiency: Float64Array;
  shareScratch: Float64Array;
  touched: Uint8Array;
  pay: Float64Array;
  pos: Float64Array;
  prevPos: Float64Array;
  flowCostBefore: Float64Array;
  orgPlaceInvestment: Float64Array;
  /** Each flow's demand multiplier (scale × growth index) [f*nY+t]. */
  gain: Float64Array;
  /** The flows whose activity by band is kept in a projection without detail. */
  bandFlows: Uint8Array;
  /**
   * Their do-nothing activity by band as views of `doNothingActivity`, one a
   * run of consecutive such flows, with where each run starts: a projection
   * without detail copies them into `activity` with one set() a run (made
   * once here, so copying costs no allocation and no loop over elements).
   */
  bandRuns: { from: Float64Array; at: number }[];
  /** Whether a projection without detail still needs every flow's base year by band (derived weights). */
  baseYearBands: boolean;
  /** The flows' line, place and organisation rows as typed arrays. */
  rows: FlowRows;
  /** Growth and uplift indices, computed once a projection. */
  series: FlowSeries;
  /** Demand's part no parameter changes (demandBase). */
  demandBase: Float64Array;
  /** Each line's cost shape, rewritten by each projection. */
  shapes: CostShape[];
  /** Each scheme's investments' population by year (investmentPersons). */
  persons: Float64Array[][];
  funding: FundingScratch;
  arrangements: ArrangementScratch;
  schemes: SchemeScratch;
  /** With a choice among population tables: each option's model and workspace (set on first use). */
  variants?: VariantOptions;
}

export type Workspace = Projection & { scratch: Scratch };

/** Allocate every array one projection of `model` needs (`base`: its demand base, if already worked out, as mergeFlows does). */
export function allocate(model: Model, base: Float64Array = demandBase(model)): Workspace {
  const nY = model.nYears;
  const nF = model.flows.length;
  const nL = model.lines.length;
  const nK = model.schemes.length;
  const nO = model.orgs.length;
  const nQ = model.places.length;
  const nPools = model.pools.length;
  const nEnv = model.envelopes.length;
  const act = () => new Float64Array(nF * nY * model.nBands);
  const fy = () => new Float64Array(nF * nY);
  const ly = () => new Float64Array(nL * nY);
  const oy = () => new Float64Array(nO * nY);
  const qy = () => new Float64Array(nQ * nY);
  const oqy = () => new Float64Array(nO * nQ * nY);
  const ky = () => new Float64Array(nK * nY);
  const y = () => new Float64Array(nY);
  const doNothingActivity = act();
  const bandFlows = flowsReadByBand(model);
  return {
    activity: act(),
    doNothingActivity,
    flowActivity: fy(),
    flowDoNothingActivity: fy(),
    cost: fy(),
    doNothingCost: fy(),
    lineCost: ly(),
    lineDoNothingCost: ly(),
    payment: fy(),
    doNothingPayment: fy(),
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
    placeFunding: qy(),
    placeCost: qy(),
    placeDoNothingCost: qy(),
    placeInvestment: qy(),
    placeGap: qy(),
    placeDoNothingGap: qy(),
    orgPlaceFunding: oqy(),
    orgPlacePosition: oqy(),
    orgTransfers: oy(),
    orgPlaceTransfers: oqy(),
    poolValues: new Float64Array(nPools * 8 * nY),
    poolShares: new Float64Array(nPools * nO * nY),
    poolContributions: new Float64Array(nPools * nO * nY),
    poolPlaceValues: new Float64Array(nPools * nQ * 3 * nY),
    poolPlaceShares: new Float64Array(nPools * nQ * nO * nY),
    envelopeValues: new Float64Array(nEnv * 8 * nY),
    envelopePlaceValues: new Float64Array(nEnv * nQ * 8 * nY),
    envelopeMemberMargins: new Float64Array(nEnv * nO * nY),
    doNothingPosition: oy(),
    schemeOrgEffect: new Float64Array(nK * nO * nY),
    schemeEffect: ky(),
    schemeInvestment: ky(),
    placeSchemeEffect: new Float64Array(nK * nQ * nY),
    placeSchemeInvestment: new Float64Array(nK * nQ * nY),
    schemeRemoved: ky(),
    schemeAdded: ky(),
    schemeFollowerRemoved: ky(),
    stranded: ly(),
    nextStepRelease: ly(),
    bedsNeeded: ly(),
    doNothingBedsNeeded: ly(),
    scratch: {
      lineTot: ly(),
      dnLineTot: ly(),
      lineIndex: ly(),
      costMult: ly(),
      lineCostBefore: ly(),
      dnBaseCost: ly(),
      year: y(),
      inflation: y(),
      lineEfficiency: ly(),
      shareScratch: y(),
      touched: new Uint8Array(nL),
      pay: fy(),
      pos: oy(),
      prevPos: oy(),
      flowCostBefore: fy(),
      orgPlaceInvestment: oqy(),
      gain: fy(),
      bandFlows,
      bandRuns: runsOf(bandFlows, nY * model.nBands, doNothingActivity),
      baseYearBands: derivesWeights(model),
      demandBase: base,
      persons: investmentPersons(model),
      shapes: model.lines.map(() => ({ fixed: 0, variable: 0, stepCost: 0, stepSize: 0 })),
      series: flowSeries(model.flows, nY),
      rows: flowRows(model),
      funding: fundingScratch(model),
      arrangements: arrangementScratch(model),
      schemes: schemeScratch(model),
    },
  };
}

export interface ProjectOptions {
  /**
   * Work out each scheme's gain or loss to each organisation (`schemeOrgEffect`);
   * defaults to true. Monte Carlo turns it off: it re-prices payments per scheme.
   */
  attribution?: boolean;
  /**
   * Copy linked scalars into series and evaluate formulas first (default true).
   * False projects `p` exactly as given (the reconciliation zeroes series slots).
   */
  links?: boolean;
  /**
   * Compute everything (default true). False keeps current only what Monte
   * Carlo records: system, sector, organisation and place gaps and positions,
   * funding, cost, investment, scheme effects, pool and envelope values and
   * shares. Activity by band is kept only where schemes need it; stranded
   * cost, beds, the do-nothing positions, place-level transfers and the
   * schemes' effects and investment by place are not computed (their arrays
   * keep whatever they held).
   */
  detail?: boolean;
  /**
   * The workspace already holds this projection's do-nothing demand: it was
   * last used for parameters whose demand inputs were the same (Monte Carlo
   * when no demand input is sampled; see `demandVaries`).
   */
  sameDemand?: boolean;
  /**
   * What the workspace already holds from its last projection, part by part
   * (as `sameDemand`, for the parts whose inputs were the same then; Monte
   * Carlo: what no sampled input reaches, see `heldParts`). Those parts are
   * not recomputed.
   */
  held?: Held;
  /** With `detail` false: whether the places' gaps are kept (default true; Monte Carlo records them only for up to 50 places). */
  places?: boolean;
}

/** Parts of a projection a workspace may hold from its last one (ProjectOptions.held). */
export interface Held {
  /** The flows whose do-nothing demand is held. */
  flows: Uint8Array;
  /** The lines whose do-nothing totals, cost shape and cost at base-year prices are held (their prices are worked out afresh). */
  lines: Uint8Array;
  /** The growth and uplift series (rows of the workspace's FlowSeries) whose indices are held. */
  series: Uint8Array;
  /** The lines whose efficiency index Π(1 − rate) is held. */
  efficiency: Uint8Array;
  /** The lines whose price index (inflation × efficiency) is held. */
  prices: Uint8Array;
  /** The lines whose do-nothing cost in £ is held, and shared over their flows as held: held lines whose prices are held. */
  costs: Uint8Array;
  /** The other lines: those whose do-nothing cost is worked out and shared afresh. */
  costed: Uint8Array;
}

/** Project every year of `model` with parameters `p` (defaults to the model's central values). */
export function project(model: Model, p: Float64Array = model.p0, ws: Workspace = allocate(model), options: ProjectOptions = {}): Workspace {
  // a choice among population tables: project the chosen option's model, in its own workspace
  if (model.populationVariants) {
    const v = variantFor(model, p, ws);
    const { held, ...rest } = options;
    return project(v.model, p, v.ws, { ...rest, sameDemand: (options.sameDemand ?? false) && v.held, ...(held && v.held ? { held } : {}) });
  }
  const attribution = options.attribution ?? true;
  const detail = options.detail ?? true;
  const nY = model.nYears;
  const nL = model.lines.length;
  const nQ = model.places.length;
  const nO = model.orgs.length;
  const s = ws.scratch;
  const { lineTot, dnLineTot, lineIndex, costMult, year, touched } = s;
  if (options.links ?? true) applyLinks(model, p);

  // 2. do-nothing demand
  const dnTot = ws.flowDoNothingActivity;
  const tot = ws.flowActivity;
  const bands = detail ? null : s.bandFlows;
  const held = options.held;
  fillSeries(s.series, p, nY, held?.series);
  if (!options.sameDemand) {
    doNothingDemand(model, p, s.demandBase, ws.doNothingActivity, dnTot, s.series, s.gain, bands, s.baseYearBands, held?.flows);
    lineTotals(model, dnTot, dnLineTot, s.rows, held?.lines);
  }

  // 4. do-nothing cost of each line; lineIndex = inflation × (1 − efficiency) a year
  const heldLines = held?.lines;
  const shapes = costShapes(model, p, dnLineTot, s.shapes, heldLines);
  let inflationOf: number | undefined; // the series s.inflation holds
  for (let l = 0; l < nL; l++) {
    const line = model.lines[l]!;
    const prev = l > 0 ? model.lines[l - 1]! : undefined;
    // a line's price index and do-nothing cost that no sampled input reaches are as the workspace holds them
    if (held?.costs[l]) continue;
    if (!held?.prices[l]) {
      // lines usually share their inflation and efficiency series: the same index as the line before
      if (prev && prev.inflationSlot === line.inflationSlot && prev.efficiencySlot === line.efficiencySlot) lineIndex.copyWithin(l * nY, (l - 1) * nY, l * nY);
      else {
        // or their inflation alone: its index worked out once, each line's efficiency index its own
        if (inflationOf !== line.inflationSlot) cumulativeIndex(p, line.inflationSlot, nY, s.inflation);
        inflationOf = line.inflationSlot;
        if (!held?.efficiency[l]) cumulativeReduction(p, line.efficiencySlot, nY, s.lineEfficiency, l * nY);
        for (let t = 0; t < nY; t++) lineIndex[l * nY + t] = s.inflation[t]! * s.lineEfficiency[l * nY + t]!;
      }
    }
    if (heldLines?.[l]) for (let t = 0; t < nY; t++) ws.lineDoNothingCost[l * nY + t] = lineIndex[l * nY + t]! * s.dnBaseCost[l * nY + t]!;
    else {
      for (let t = 0; t < nY; t++) {
        const i = l * nY + t;
        const c = costAt(shapes[l]!, dnLineTot[i]!);
        s.dnBaseCost[i] = c;
        ws.lineDoNothingCost[i] = lineIndex[i]! * c;
      }
    }
  }
  shareLineCost(model, ws.lineDoNothingCost, dnTot, dnTot, ws.doNothingCost, s.shareScratch, held?.costed);

  // 6. funding (schemes do not change it); do-nothing positions
  funding(model, p, ws.doNothingActivity, ws.orgFunding, ws.orgPlaceFunding, s.funding);
  ws.orgInvestment.fill(0);
  // figures by place Monte Carlo does not record: each scheme's effect and investment by place (with detail), organisations' investment by place (with places)
  const places = options.places ?? true;
  const byPlace = detail || places;
  if (byPlace) s.orgPlaceInvestment.fill(0);
  const { pay, pos, prevPos, arrangements } = s;
  const dnPay = ws.doNothingPayment;
  const hasArrangements = model.pools.length + model.envelopes.length > 0;
  // do-nothing payments: for the do-nothing positions, and what pools and envelopes settle against
  if (detail || attribution || hasArrangements) payments(model, p, dnTot, dnTot, dnLineTot, lineIndex, shapes, dnPay, s.series);
  const settleAll = (payment: Float64Array, cost: Float64Array, totals: Float64Array, byPlace: boolean) => {
    if (!hasArrangements) return;
    const inputs = { payment, doNothingPayment: dnPay, cost, tot: totals, dnTot, lineIndex, doNothingActivity: ws.doNothingActivity };
    settleArrangements(model, p, inputs, ws, arrangements, byPlace);
  };
  ws.orgTransfers.fill(0);
  ws.orgPlaceTransfers.fill(0);
  if (detail || attribution) {
    settleAll(dnPay, ws.doNothingCost, dnTot, false);
    orgPositions(model, ws.doNothingCost, dnPay, ws.orgFunding, ws.orgInvestment, ws.orgTransfers, ws.doNothingPosition);
    prevPos.set(ws.doNothingPosition);
  }

  // 3. schemes, each re-costing the lines it changed
  if (bands === null) ws.activity.set(ws.doNothingActivity);
  else for (const run of s.bandRuns) ws.activity.set(run.from, run.at);
  tot.set(dnTot);
  lineTot.set(dnLineTot);
  ws.lineCost.set(ws.lineDoNothingCost);
  ws.cost.set(ws.doNothingCost);
  costMult.fill(1);
  const ledger = { removed: ws.schemeRemoved, added: ws.schemeAdded, followerRemoved: ws.schemeFollowerRemoved };
  ledger.removed.fill(0);
  ledger.added.fill(0);
  ledger.followerRemoved.fill(0);
  if (detail) {
    ws.placeSchemeEffect.fill(0);
    ws.placeSchemeInvestment.fill(0);
  }
  for (let k = 0; k < model.schemes.length; k++) {
    touched.fill(0);
    applyScheme(model, p, k, ws.activity, tot, costMult, ledger, touched, s.schemes, !detail);
    year.fill(0);
    const phase = model.schemes[k]!.phase;
    for (let l = 0; l < nL; l++) {
      if (!touched[l]) continue;
      const lineFlows = model.lines[l]!.flows;
      for (let t = 0; t < nY; t++) {
        // a year the scheme has not reached: none of the line's activity or cost multiplier changed, so neither did its cost
        if (phase[t] === 0) continue;
        const i = l * nY + t;
        let a = 0;
        for (let x = 0; x < lineFlows.length; x++) a += tot[lineFlows[x]! * nY + t]!;
        lineTot[i] = a;
        const c = lineIndex[i]! * costMult[i]! * costAt(shapes[l]!, a);
        year[t]! += c - ws.lineCost[i]!;
        ws.lineCost[i] = c;
      }
      if (detail) for (let x = 0; x < lineFlows.length; x++) copy(s.flowCostBefore, ws.cost, lineFlows[x]! * nY, nY);
    }
    shareLineCost(model, ws.lineCost, tot, dnTot, ws.cost, s.shareScratch, touched);
    for (let l = 0; l < nL && detail; l++) {
      if (!touched[l]) continue;
      const lineFlows = model.lines[l]!.flows;
      for (let x = 0; x < lineFlows.length; x++) {
        const f = lineFlows[x]!;
        const row = k * nQ * nY + s.rows.place[f]!;
        for (let t = 0; t < nY; t++) ws.placeSchemeEffect[row + t]! += ws.cost[f * nY + t]! - s.flowCostBefore[f * nY + t]!;
      }
    }
    schemeInvestment(model, p, k, ws, s.orgPlaceInvestment, s.persons, detail, byPlace);
    for (let t = 0; t < nY; t++) ws.schemeEffect[k * nY + t] = year[t]!;
    // who gains and who loses from this scheme, after those before it
    if (!attribution) continue;
    payments(model, p, tot, dnTot, dnLineTot, lineIndex, shapes, pay, s.series);
    settleAll(pay, ws.cost, tot, false);
    orgPositions(model, ws.cost, pay, ws.orgFunding, ws.orgInvestment, ws.orgTransfers, pos);
    const base = k * nO * nY;
    for (let i = 0; i < nO * nY; i++) ws.schemeOrgEffect[base + i] = pos[i]! - prevPos[i]!;
    prevPos.set(pos);
  }

  // stranded cost and the next step against the do-nothing; beds needed
  if (detail) linesAfterSchemes(model, p, shapes, dnLineTot, lineTot, lineIndex, costMult, ws);

  // 5, 7. payments and positions after all schemes
  payments(model, p, tot, dnTot, dnLineTot, lineIndex, shapes, ws.payment, s.series);
  settleAll(ws.payment, ws.cost, tot, detail);
  positions(model, ws, s.orgPlaceInvestment, s.rows, detail, places);
  for (let t = 0; t < nY; t++) {
    let dnCost = 0;
    for (let l = 0; l < nL; l++) dnCost += ws.lineDoNothingCost[l * nY + t]!;
    ws.doNothingGap[t] = dnCost - ws.systemFunding[t]!;
  }
  return ws;
}

/** Copy `len` values of `from` into `to` at `at` (a loop: for a short row, cheaper than a subarray view). */
function copy(to: Float64Array, from: Float64Array, at: number, len: number): void {
  for (let i = at; i < at + len; i++) to[i] = from[i]!;
}

/** Views of `from`'s rows (`rowLen` values a flow) for each run of consecutive flows `marked`, with where each starts. */
function runsOf(marked: Uint8Array, rowLen: number, from: Float64Array): { from: Float64Array; at: number }[] {
  const runs: { from: Float64Array; at: number }[] = [];
  for (let f = 0; f < marked.length; f++) {
    if (!marked[f]) continue;
    const first = f;
    while (f + 1 < marked.length && marked[f + 1]) f++;
    runs.push({ from: from.subarray(first * rowLen, (f + 1) * rowLen), at: first * rowLen });
  }
  return runs;
}

/**
 * Scheme k's investment by organisation and year into the workspace, and
 * divided by population between the places each investment is for (by place
 * with `detail`, and by organisation and place with `byPlace`). `persons`
 * (investmentPersons) holds each investment's population by year.
 */
function schemeInvestment(model: Model, p: Float64Array, k: number, ws: Workspace, orgPlaceInvestment: Float64Array, persons: Float64Array[][], detail: boolean, byPlace: boolean): void {
  const { nYears: nY, nBands: nB, population } = model;
  const nQ = model.places.length;
  const sc = model.schemes[k]!;
  for (let t = 0; t < nY; t++) {
    let inv = 0;
    for (let x = 0; x < sc.investments.length; x++) {
      const v = sc.investments[x]!;
      const amount = (v.oneOffSlots[t]! >= 0 ? p[v.oneOffSlots[t]!]! : 0) + (v.recurrentSlot >= 0 ? p[v.recurrentSlot]! * sc.phase[t]! : 0);
      if (amount === 0) continue;
      ws.orgInvestment[v.org * nY + t]! += amount;
      inv += amount;
      if (!byPlace) continue;
      const all = persons[k]![x]![t]!;
      for (const q of v.places) {
        let pq = 0;
        for (let a = 0; a < nB; a++) pq += population[(q * nY + t) * nB + a]!;
        const part = v.places.length === 1 ? amount : all > 0 ? (amount * pq) / all : amount / v.places.length;
        if (detail) ws.placeSchemeInvestment[(k * nQ + q) * nY + t]! += part;
        orgPlaceInvestment[(v.org * nQ + q) * nY + t]! += part;
      }
    }
    ws.schemeInvestment[k * nY + t] = inv;
  }
}

/** Each scheme's investments' population (over the places each is for) by year [k][investment][t]: no parameter changes it. */
function investmentPersons(model: Model): Float64Array[][] {
  const { nYears: nY, nBands: nB, population } = model;
  return model.schemes.map((sc) =>
    sc.investments.map((v) => {
      const out = new Float64Array(nY);
      for (let t = 0; t < nY; t++) {
        let persons = 0;
        for (const q of v.places) for (let a = 0; a < nB; a++) persons += population[(q * nY + t) * nB + a]!;
        out[t] = persons;
      }
      return out;
    }),
  );
}

function linesAfterSchemes(
  model: Model,
  p: Float64Array,
  shapes: CostShape[],
  dnLineTot: Float64Array,
  lineTot: Float64Array,
  lineIndex: Float64Array,
  costMult: Float64Array,
  ws: Projection,
): void {
  const nY = model.nYears;
  for (let l = 0; l < model.lines.length; l++) {
    const cap = model.lines[l]!.capacity;
    for (let t = 0; t < nY; t++) {
      const i = l * nY + t;
      ws.stranded[i] = strandedCost(shapes[l]!, dnLineTot[i]!, lineTot[i]!, lineIndex[i]! * costMult[i]!);
      ws.nextStepRelease[i] = nextStepRelease(shapes[l]!, lineTot[i]!);
      if (!cap) {
        ws.bedsNeeded[i] = NaN;
        ws.doNothingBedsNeeded[i] = NaN;
        continue;
      }
      const perBed = 365 * p[cap.occupancySlot]!;
      ws.bedsNeeded[i] = lineTot[i]! / perBed;
      ws.doNothingBedsNeeded[i] = dnLineTot[i]! / perBed;
    }
  }
}

/**
 * The slots that change when `sampled` slots do: the sampled slots, the
 * series slots their links fill and the formulas reading any of them, to a fixed point.
 */
export function varyingSlots(model: Model, sampled: readonly number[]): Uint8Array {
  const v = new Uint8Array(model.p0.length);
  for (const slot of sampled) v[slot] = 1;
  const reads = (t: FormulaTree): boolean =>
    t.k === 'slot' ? v[t.slot] === 1 : t.k === 'neg' ? reads(t.a) : t.k === 'op' ? reads(t.a) || reads(t.b) : t.k === 'fn' ? t.args.some(reads) : false;
  for (let changed = true; changed; ) {
    changed = false;
    const l = model.links;
    for (let i = 0; i < l.length; i += 2) {
      if (v[l[i]!] && !v[l[i + 1]!]) {
        v[l[i + 1]!] = 1;
        changed = true;
      }
    }
    for (const f of model.formulas) {
      if (!v[f.slot] && reads(f.tree)) {
        v[f.slot] = 1;
        changed = true;
      }
    }
  }
  return v;
}

/** Whether do-nothing demand reads any of the `varying` slots (scale, share or growth of a flow). */
export function demandVaries(model: Model, varying: Uint8Array): boolean {
  const nY = model.nYears;
  return model.flows.some((f) => {
    if (varying[f.scaleSlot] || varying[f.shareSlot]) return true;
    for (let t = 1; t < nY; t++) if (varying[f.growthSlot + t]) return true;
    return false;
  });
}

/**
 * What of a projection reads none of the `varying` slots, and so is the
 * same in every projection: a workspace that holds it may keep it
 * (ProjectOptions.held). A flow's demand, unless its scale, share or growth
 * varies, or its parent's for bed days; a line's totals, cost shape and cost
 * at base-year prices, if every flow of it is held and its unit cost, cost
 * shares and step size do not vary; a growth or uplift series, or a line's
 * efficiency index, unless a rate in it varies; a line's price index unless
 * its inflation or efficiency varies, and its do-nothing cost in £ if both
 * it and its price index are held.
 */
export function heldParts(model: Model, varying: Uint8Array): Held {
  const nY = model.nYears;
  const seriesVaries = (slot: number) => {
    for (let t = 1; t < nY; t++) if (varying[slot + t]) return true;
    return false;
  };
  const flows = new Uint8Array(model.flows.length);
  for (const f of model.order) {
    const flow = model.flows[f]!;
    const varies = varying[flow.scaleSlot] === 1 || varying[flow.shareSlot] === 1 || (flow.activityKind === ActivityKind.Follows && !flows[flow.parent]) || seriesVaries(flow.growthSlot);
    flows[f] = varies ? 0 : 1;
  }
  const lines = Uint8Array.from(model.lines, (line) =>
    Array.from(line.flows).every((f) => flows[f] === 1) && ![line.unitCostSlot, line.fixedShareSlot, line.stepShareSlot, line.stepSizeSlot].some((slot) => varying[slot] === 1) ? 1 : 0,
  );
  const series = Uint8Array.from(flowSeries(model.flows, nY).slots, (slot) => (seriesVaries(slot) ? 0 : 1));
  const efficiency = Uint8Array.from(model.lines, (line) => (seriesVaries(line.efficiencySlot) ? 0 : 1));
  const prices = Uint8Array.from(model.lines, (line, l) => (efficiency[l] && !seriesVaries(line.inflationSlot) ? 1 : 0));
  const costs = Uint8Array.from(lines, (held, l) => held & prices[l]!);
  return { flows, lines, series, efficiency, prices, costs, costed: costs.map((held) => 1 - held) };
}

/** Copy each linked scalar into the series slots that use it, and evaluate formulas (idempotent). */
export function applyLinks(model: Pick<Model, 'links' | 'formulas'>, p: Float64Array): void {
  const l = model.links;
  for (let i = 0; i < l.length; i += 2) p[l[i + 1]!] = p[l[i]!]!;
  if (model.formulas.length === 0) return;
  // formulas may read series filled by links, and feed series through links
  applyFormulas(model.formulas, p);
  for (let i = 0; i < l.length; i += 2) p[l[i + 1]!] = p[l[i]!]!;
}

/** The do-nothing gap in one year: the calibration's metric. */
export function doNothingGapIn(model: Model, p: Float64Array, year: number, ws?: Workspace): number {
  return project(model, p, ws).doNothingGap[year]!;
}
