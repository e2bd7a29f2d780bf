/**
 * Step 2, do-nothing demand, for each flow (a place's activity at one provider):
 *   act[f,a,t] = share_f × rate[f,a] × pop[place(f),a,t] × Π(1 + g_f)
 * Bed days follow their admissions flow: admissions × length of stay (× the
 * same growth index, read as a trend in length of stay).
 */
import { ActivityKind, type Model } from './types.js';
import { cumulativeIndex } from './series.js';

/**
 * The flows whose activity by age band a projection must keep in every year:
 * what schemes read or change (sources, their parents, followers and
 * targets), with the admissions flows those follow. Every other flow needs
 * only its totals (and its base year by band, for derived weights).
 */
export function flowsNeedingBands(model: Model): Uint8Array {
  const need = new Uint8Array(model.flows.length);
  const mark = (f: number) => {
    for (let g = f; g >= 0 && !need[g]; g = model.flows[g]!.activityKind === ActivityKind.Follows ? model.flows[g]!.parent : -1) need[g] = 1;
  };
  for (const sc of model.schemes) {
    for (const f of sc.sources) {
      mark(f);
      for (const fl of model.flows[f]!.followers) mark(fl);
    }
    for (const f of sc.targetFlows) mark(f);
  }
  // a follower of a follower reads its parent's bands
  model.flows.forEach((flow) => {
    if (flow.activityKind === ActivityKind.Follows && model.flows[flow.parent]!.activityKind === ActivityKind.Follows) mark(flow.parent);
  });
  return need;
}

/**
 * Do-nothing activity: totals into `tot` [f*nY+t] and, by band, into `act`
 * [(f*nY+t)*nB+a] — every row when `bands` is null, else only the rows of the
 * flows it marks and every flow's base year (other rows are left as they
 * were). The sums are the same whichever rows are kept. `growth` is scratch
 * of length nYears, `gain` of length nFlows × nYears.
 */
export function doNothingDemand(model: Model, p: Float64Array, act: Float64Array, tot: Float64Array, growth: Float64Array, gain: Float64Array, bands: Uint8Array | null): void {
  const { nYears: nY, nBands: nB, population, shape, flows, order } = model;
  for (let o = 0; o < order.length; o++) {
    const f = order[o]!;
    const flow = flows[f]!;
    cumulativeIndex(p, flow.growthSlot, nY, growth);
    const follows = flow.activityKind === ActivityKind.Follows;
    const scale = p[flow.scaleSlot]! * (follows ? 1 : p[flow.shareSlot]!);
    const keep = bands === null || bands[f] === 1;
    const sh = f * nB;
    for (let t = 0; t < nY; t++) {
      const g = growth[t]! * scale;
      gain[f * nY + t] = g;
      const row = (f * nY + t) * nB;
      let sum = 0;
      if (follows) {
        const parent = flow.parent;
        const pf = flows[parent]!;
        const parentRow = (parent * nY + t) * nB;
        if (keep || t === 0) {
          if (bands === null || bands[parent] === 1 || t === 0) for (let a = 0; a < nB; a++) sum += act[row + a] = act[parentRow + a]! * shape[sh + a]! * g;
          else {
            // the parent's bands are not kept: the same products, recomputed
            const gp = gain[parent * nY + t]!;
            const pr = (pf.place * nY + t) * nB;
            for (let a = 0; a < nB; a++) sum += act[row + a] = shape[parent * nB + a]! * population[pr + a]! * gp * shape[sh + a]! * g;
          }
        } else if (bands[parent] === 1) {
          for (let a = 0; a < nB; a++) sum += act[parentRow + a]! * shape[sh + a]! * g;
        } else {
          const gp = gain[parent * nY + t]!;
          const pr = (pf.place * nY + t) * nB;
          for (let a = 0; a < nB; a++) sum += shape[parent * nB + a]! * population[pr + a]! * gp * shape[sh + a]! * g;
        }
      } else {
        const pr = (flow.place * nY + t) * nB;
        if (keep || t === 0) for (let a = 0; a < nB; a++) sum += act[row + a] = shape[sh + a]! * population[pr + a]! * g;
        else for (let a = 0; a < nB; a++) sum += shape[sh + a]! * population[pr + a]! * g;
      }
      tot[f * nY + t] = sum;
    }
  }
}

/** Sum flow totals [f*nY+t] into line totals [l*nY+t]. */
export function lineTotals(model: Model, flowTot: Float64Array, out: Float64Array): void {
  const nY = model.nYears;
  out.fill(0);
  const flows = model.flows;
  for (let f = 0; f < flows.length; f++) {
    const l = flows[f]!.line;
    for (let t = 0; t < nY; t++) out[l * nY + t]! += flowTot[f * nY + t]!;
  }
}
