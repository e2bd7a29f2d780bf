/**
 * Step 2, do-nothing demand: act[s,a,t] = rate[s,a] × pop[a,t] × Π(1 + g_s).
 * Bed days follow their admissions: admissions × length of stay (× the same
 * growth index, read as a trend in length of stay).
 */
import { ActivityKind, type Model } from './types.js';
import { cumulativeIndex } from './series.js';

/** Fill `act` [(s*nY+t)*nB+a] with do-nothing activity; `growth` is scratch of length nYears. */
export function doNothingDemand(model: Model, p: Float64Array, act: Float64Array, growth: Float64Array): void {
  const { nYears: nY, nBands: nB, population, shape, services, order } = model;
  for (let o = 0; o < order.length; o++) {
    const s = order[o]!;
    const svc = services[s]!;
    cumulativeIndex(p, svc.growthSlot, nY, growth);
    const scale = p[svc.scaleSlot]!;
    for (let t = 0; t < nY; t++) {
      const g = growth[t]! * scale;
      const row = (s * nY + t) * nB;
      if (svc.activityKind === ActivityKind.Follows) {
        const parentRow = (svc.parent * nY + t) * nB;
        for (let a = 0; a < nB; a++) act[row + a] = act[parentRow + a]! * shape[s * nB + a]! * g;
      } else {
        for (let a = 0; a < nB; a++) act[row + a] = shape[s * nB + a]! * population[t * nB + a]! * g;
      }
    }
  }
}

/** Sum over age bands: totals [s*nY+t]. */
export function activityTotals(model: Model, act: Float64Array, out: Float64Array): void {
  const { nYears: nY, nBands: nB } = model;
  const n = model.services.length * nY;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * nB;
    for (let a = 0; a < nB; a++) sum += act[row + a]!;
    out[i] = sum;
  }
}
