import type { Model } from './types.js';

/** Persons in age band `a` in year `t`. */
export function persons(model: Model, t: number, a: number): number {
  return model.population[t * model.nBands + a]!;
}

/** Total persons by year. */
export function populationTotals(model: Model): Float64Array {
  const { nYears, nBands, population } = model;
  const out = new Float64Array(nYears);
  for (let t = 0; t < nYears; t++) {
    let sum = 0;
    for (let a = 0; a < nBands; a++) sum += population[t * nBands + a]!;
    out[t] = sum;
  }
  return out;
}
