/** Step 1, demography: population by place, age band and year. */
import type { Model } from './types.js';

/** Total persons by year, over every place (or one place `q`). */
export function populationTotals(model: Model, q = -1): Float64Array {
  const { nYears: nY, nBands: nB, population } = model;
  const out = new Float64Array(nY);
  for (let r = 0; r < model.places.length; r++) {
    if (q >= 0 && r !== q) continue;
    for (let t = 0; t < nY; t++) {
      let sum = 0;
      const row = (r * nY + t) * nB;
      for (let a = 0; a < nB; a++) sum += population[row + a]!;
      out[t]! += sum;
    }
  }
  return out;
}

/** Persons by year and band summed over places [t * nBands + a]. */
export function populationByBand(model: Model): Float64Array {
  const { nYears: nY, nBands: nB, population } = model;
  const out = new Float64Array(nY * nB);
  for (let q = 0; q < model.places.length; q++) {
    const off = q * nY * nB;
    for (let i = 0; i < nY * nB; i++) out[i]! += population[off + i]!;
  }
  return out;
}
