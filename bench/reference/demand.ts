/**
 * REFERENCE (bench only): the kernel as it was at commit 7fbcc53, before issue 12, kept to measure
 * today's kernel against it (`npm run bench`). Not used by popshift.
 *
 * Step 2, do-nothing demand, for each flow (a place's activity at one provider):
 *   act[f,a,t] = share_f × rate[f,a] × pop[place(f),a,t] × Π(1 + g_f)
 * Bed days follow their admissions flow: admissions × length of stay (× the
 * same growth index, read as a trend in length of stay).
 */
import { ActivityKind, type Model } from '../../src/engine/types.js';
import { cumulativeIndex } from '../../src/engine/series.js';

/** Fill `act` [(f*nY+t)*nB+a] with do-nothing activity; `growth` is scratch of length nYears. */
export function doNothingDemand(model: Model, p: Float64Array, act: Float64Array, growth: Float64Array): void {
  const { nYears: nY, nBands: nB, population, shape, flows, order } = model;
  for (let o = 0; o < order.length; o++) {
    const f = order[o]!;
    const flow = flows[f]!;
    cumulativeIndex(p, flow.growthSlot, nY, growth);
    const scale = p[flow.scaleSlot]! * (flow.activityKind === ActivityKind.Follows ? 1 : p[flow.shareSlot]!);
    const popRow = flow.place * nY * nB;
    for (let t = 0; t < nY; t++) {
      const g = growth[t]! * scale;
      const row = (f * nY + t) * nB;
      if (flow.activityKind === ActivityKind.Follows) {
        const parentRow = (flow.parent * nY + t) * nB;
        for (let a = 0; a < nB; a++) act[row + a] = act[parentRow + a]! * shape[f * nB + a]! * g;
      } else {
        const pr = popRow + t * nB;
        for (let a = 0; a < nB; a++) act[row + a] = shape[f * nB + a]! * population[pr + a]! * g;
      }
    }
  }
}

/** Sum over age bands: totals [f*nY+t]. */
export function activityTotals(model: Model, act: Float64Array, out: Float64Array): void {
  const { nYears: nY, nBands: nB } = model;
  const n = model.flows.length * nY;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * nB;
    for (let a = 0; a < nB; a++) sum += act[row + a]!;
    out[i] = sum;
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
