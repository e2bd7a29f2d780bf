/**
 * Step 2, do-nothing demand, for each flow (a place's activity at one provider):
 *   act[f,a,t] = share_f × rate[f,a] × pop[place(f),a,t] × Π(1 + g_f)
 * Bed days follow their admissions flow: admissions × length of stay (× the
 * same growth index, read as a trend in length of stay).
 */
import { ActivityKind, SchemeKind, type Model } from './types.js';
import type { FlowSeries } from './series.js';
import type { FlowRows } from './flow-rows.js';

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
  return need;
}

/**
 * Per flow, the last scheme (index in the order applied) that reads its
 * activity by band: as a source, as the admissions a source's stays are cut
 * from (days per stay), or as a follower that loses what its admissions
 * lose; −1 if none. What arrives at a target after that is seen only in its
 * totals, so a projection without detail need not spread it over the bands.
 */
export function lastBandReader(model: Model): Int32Array {
  const last = new Int32Array(model.flows.length).fill(-1);
  model.schemes.forEach((sc, k) => {
    for (const f of sc.sources) {
      last[f] = k;
      const flow = model.flows[f]!;
      if (sc.kind === SchemeKind.Los) {
        if (sc.daysSlot >= 0) last[flow.parent] = k;
      } else for (const fl of flow.followers) last[fl] = k;
    }
  });
  return last;
}

/**
 * The flows whose activity by band a projection without detail keeps in
 * every year: those a scheme reads by band (lastBandReader), with the
 * admissions flows those follow (their bands are made from their admissions').
 */
export function flowsReadByBand(model: Model): Uint8Array {
  const read = lastBandReader(model);
  const need = new Uint8Array(model.flows.length);
  for (let f = 0; f < read.length; f++) {
    if (read[f]! < 0) continue;
    for (let g = f; g >= 0 && !need[g]; g = model.flows[g]!.activityKind === ActivityKind.Follows ? model.flows[g]!.parent : -1) need[g] = 1;
  }
  return need;
}

/** Whether funding or an envelope derives its age weights from base-year activity by band. */
export function derivesWeights(model: Model): boolean {
  return model.funding.some((f) => !f.weights) || model.envelopes.some((e) => !e.weights);
}

/**
 * What demand does not sample: each flow's base-year rates applied to its
 * place's population, Σ_a shape[f,a] × pop[place,a,t] [f*nY+t], with bed
 * days through their admissions' rates (Σ_a shape[parent,a] × shape[f,a] × pop).
 * A flow's total is then its gain (scale × growth index, × its parent's
 * gain for bed days) times this, so a projection's totals cost one
 * multiplication a flow and year, whatever the number of age bands.
 */
export function demandBase(model: Model): Float64Array {
  const { nYears: nY, nBands: nB, population, shape, flows, order } = model;
  const chain = new Float64Array(flows.length * nB);
  const base = new Float64Array(flows.length * nY);
  for (let o = 0; o < order.length; o++) {
    const f = order[o]!;
    const flow = flows[f]!;
    for (let a = 0; a < nB; a++) {
      chain[f * nB + a] = flow.activityKind === ActivityKind.Follows ? chain[flow.parent * nB + a]! * shape[f * nB + a]! : shape[f * nB + a]!;
    }
    for (let t = 0; t < nY; t++) {
      const pr = (flow.place * nY + t) * nB;
      let sum = 0;
      for (let a = 0; a < nB; a++) sum += chain[f * nB + a]! * population[pr + a]!;
      base[f * nY + t] = sum;
    }
  }
  return base;
}

/**
 * Do-nothing activity: totals into `tot` [f*nY+t] (gain × `base`, from
 * demandBase) and, by band, into `act` [(f*nY+t)*nB+a] — every row when
 * `bands` is null, else only the rows of the flows it marks, and every flow's
 * base year if `baseYearBands` (other rows are left as they were). `series` holds the growth
 * indices (filled for `p`); `gain` [f*nY+t] receives each flow's gain. The
 * flows marked in `held` are left as they are (they hold their demand already).
 */
export function doNothingDemand(
  model: Model,
  p: Float64Array,
  base: Float64Array,
  act: Float64Array,
  tot: Float64Array,
  series: FlowSeries,
  gain: Float64Array,
  bands: Uint8Array | null,
  baseYearBands = true,
  held?: Uint8Array,
): void {
  const { nYears: nY, nBands: nB, population, shape, flows, order } = model;
  for (let o = 0; o < order.length; o++) {
    const f = order[o]!;
    if (held && held[f]) continue;
    const flow = flows[f]!;
    const growth = series.values;
    const go = series.growthRow[f]! * nY;
    const follows = flow.activityKind === ActivityKind.Follows;
    const scale = p[flow.scaleSlot]! * (follows ? 1 : p[flow.shareSlot]!);
    const rows = bands === null || bands[f] === 1 ? nY : baseYearBands ? 1 : 0;
    const sh = f * nB;
    const r = f * nY;
    for (let t = 0; t < nY; t++) {
      const g = growth[go + t]! * scale;
      gain[r + t] = follows ? gain[flow.parent * nY + t]! * g : g;
      tot[r + t] = gain[r + t]! * base[r + t]!;
      if (t >= rows) continue;
      const row = (r + t) * nB;
      if (follows) {
        const parentRow = (flow.parent * nY + t) * nB;
        for (let a = 0; a < nB; a++) act[row + a] = act[parentRow + a]! * shape[sh + a]! * g;
      } else {
        const pr = (flow.place * nY + t) * nB;
        for (let a = 0; a < nB; a++) act[row + a] = shape[sh + a]! * population[pr + a]! * g;
      }
    }
  }
}

/** Sum flow totals [f*nY+t] into line totals [l*nY+t] (`rows`: the flows' line rows), but for the lines marked in `keep`, left as they are. */
export function lineTotals(model: Model, flowTot: Float64Array, out: Float64Array, rows: FlowRows, keep?: Uint8Array): void {
  const nY = model.nYears;
  if (!keep) out.fill(0);
  else for (let l = 0; l < keep.length; l++) if (!keep[l]) out.fill(0, l * nY, l * nY + nY);
  const line = rows.line;
  for (let f = 0; f < line.length; f++) {
    const lr = line[f]!;
    if (keep && keep[model.flows[f]!.line]) continue;
    const fr = f * nY;
    for (let t = 0; t < nY; t++) out[lr + t]! += flowTot[fr + t]!;
  }
}
