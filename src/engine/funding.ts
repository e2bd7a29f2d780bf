/**
 * Step 6, funding: each commissioner's allocation and council's budget by year.
 * A stream is either a base grown by an annual rate, or published allocations
 * (cash) that, beyond (and before) the published years, move with
 *   weighted-population growth × (1 + real-terms growth) × (1 + deflator).
 * Weighted population = Σ_places need index × Σ_ages weight(age) × population,
 * with age weights given or derived from the organisation's base-year spend by
 * age; its growth may be taken relative to a national population weighted the
 * same way (a fair share of a national settlement grows with the share). A stream for no one place is divided between the places its
 * organisation serves in proportion to their weighted population, so funding
 * exists by place and sums to the organisation's.
 */
import type { FundingDef, Model } from './types.js';
import { cumulativeIndex } from './series.js';

/** Scratch for funding: weights by band and weighted population by place and year. */
export interface FundingScratch {
  weights: Float64Array;
  /** [q * nYears + t] */
  weighted: Float64Array;
  total: Float64Array;
  /** The reference population's weighted total by year. */
  reference: Float64Array;
  stream: Float64Array;
  index: Float64Array;
  /** For each stream with given weights, Σ_ages weight × population by place and year [q*nY+t] (no parameter changes it). */
  fixedSums: (Float64Array | null)[];
  sums: Float64Array;
  /** For each stream that derives its weights, what they are derived from (weightBasis). */
  bases: (WeightBasis | null)[];
}

/** What a stream's derived weights read: its organisation's flows in its places, and those places' base-year population by band. */
export interface WeightBasis {
  flows: Int32Array;
  pop: Float64Array;
}

/** The weight basis of a stream of `org` for `places`. */
export function weightBasis(model: Model, org: number, places: Int32Array): WeightBasis {
  const { nYears: nY, nBands: nB, population } = model;
  const pop = new Float64Array(nB);
  for (const q of places) for (let a = 0; a < nB; a++) pop[a]! += population[q * nY * nB + a]!;
  const inPlace = new Uint8Array(model.places.length);
  for (const q of places) inPlace[q] = 1;
  const flows = model.flows.flatMap((flow, f) => (flow.commissioner === org && inPlace[flow.place] ? [f] : []));
  return { flows: Int32Array.from(flows), pop };
}

export function fundingScratch(model: Model): FundingScratch {
  const nY = model.nYears;
  return {
    weights: new Float64Array(model.nBands),
    weighted: new Float64Array(model.places.length * nY),
    total: new Float64Array(nY),
    reference: new Float64Array(nY),
    stream: new Float64Array(nY),
    index: new Float64Array(nY),
    fixedSums: model.funding.map((f) => (f.weights ? weightedSums(model, f.weights, f.places, new Float64Array(model.places.length * nY)) : null)),
    sums: new Float64Array(model.places.length * nY),
    bases: model.funding.map((f) => (f.weights ? null : weightBasis(model, f.org, f.places))),
  };
}

/** Σ_a w[a] × population[q, a, t] for each of `places` into `out` [q*nY+t]. */
function weightedSums(model: Model, w: Float64Array, places: Int32Array, out: Float64Array): Float64Array {
  const { nYears: nY, nBands: nB, population } = model;
  for (const q of places) {
    for (let t = 0; t < nY; t++) {
      let sum = 0;
      const row = (q * nY + t) * nB;
      for (let a = 0; a < nB; a++) sum += w[a]! * population[row + a]!;
      out[q * nY + t] = sum;
    }
  }
  return out;
}

/** The places an organisation serves as a place's commissioner or council (every place if none). */
export function placesServedBy(places: readonly { commissioner: number; council: number }[], org: number): number[] {
  const served = places.flatMap((pl, q) => (pl.commissioner === org || pl.council === org ? [q] : []));
  return served.length ? served : places.map((_, q) => q);
}

/**
 * Fill `orgFunding` [o*nY+t] and `orgPlaceFunding` [(o*nQ+q)*nY+t] (both zeroed
 * first). `dnAct` is do-nothing activity by flow, year and band (for derived weights).
 */
export function funding(model: Model, p: Float64Array, dnAct: Float64Array, orgFunding: Float64Array, orgPlaceFunding: Float64Array, sc: FundingScratch): void {
  const nY = model.nYears;
  const nQ = model.places.length;
  orgFunding.fill(0);
  orgPlaceFunding.fill(0);
  for (let k = 0; k < model.funding.length; k++) {
    const f = model.funding[k]!;
    const places = f.places;
    weightedPopulation(model, p, f, places, dnAct, sc, sc.fixedSums[k]!, sc.bases[k]!);
    streamValues(model, p, f, sc);
    for (let t = 0; t < nY; t++) {
      const v = sc.stream[t]!;
      orgFunding[f.org * nY + t]! += v;
      const total = sc.total[t]!;
      for (const q of places) {
        const part = places.length === 1 ? 1 : total > 0 ? sc.weighted[q * nY + t]! / total : 1 / places.length;
        orgPlaceFunding[(f.org * nQ + q) * nY + t]! += v * part;
      }
    }
  }
}

/** Weighted population of each of `places` by year into sc.weighted, their sum into sc.total. */
function weightedPopulation(model: Model, p: Float64Array, f: FundingDef, places: Int32Array, dnAct: Float64Array, sc: FundingScratch, fixedSums: Float64Array | null, basis: WeightBasis | null): void {
  const { nYears: nY, nBands: nB } = model;
  const w = sc.weights;
  if (f.weights) w.set(f.weights);
  else derivedWeights(model, p, basis!, dnAct, w);
  const sums = fixedSums ?? weightedSums(model, w, places, sc.sums);
  sc.total.fill(0);
  for (const q of places) {
    const need = p[model.places[q]!.needIndexSlot]!;
    for (let t = 0; t < nY; t++) {
      const sum = sums[q * nY + t]!;
      sc.weighted[q * nY + t] = need * sum;
      sc.total[t]! += need * sum;
    }
  }
  if (!f.reference) return;
  for (let t = 0; t < nY; t++) {
    let sum = 0;
    for (let a = 0; a < nB; a++) sum += w[a]! * f.reference[t * nB + a]!;
    sc.reference[t] = sum;
  }
}

/**
 * Relative weights by age from what `org` spends on each age band in the base
 * year per head, scaled to average 1 over `places`' base-year population.
 */
export function derivedWeights(model: Model, p: Float64Array, basis: WeightBasis, dnAct: Float64Array, w: Float64Array): Float64Array {
  const { nYears: nY, nBands: nB, flows } = model;
  const { pop } = basis;
  w.fill(0);
  for (let x = 0; x < basis.flows.length; x++) {
    const fi = basis.flows[x]!;
    const unit = p[flows[fi]!.unitCostSlot]!;
    const row = fi * nY * nB;
    for (let a = 0; a < nB; a++) w[a]! += unit * dnAct[row + a]!;
  }
  let cost = 0;
  let persons = 0;
  for (let a = 0; a < nB; a++) {
    cost += w[a]!;
    persons += pop[a]!;
  }
  const mean = persons > 0 ? cost / persons : 0;
  for (let a = 0; a < nB; a++) w[a] = mean > 0 && pop[a]! > 0 ? w[a]! / pop[a]! / mean : 1;
  return w;
}

/** The stream's £ by year into sc.stream (sc.total holds its weighted population). */
function streamValues(model: Model, p: Float64Array, f: FundingDef, sc: FundingScratch): void {
  const nY = model.nYears;
  const out = sc.stream;
  if (f.kind === 'growth') {
    cumulativeIndex(p, f.growthSlot, nY, sc.index);
    const base = p[f.baseSlot]!;
    for (let t = 0; t < nY; t++) out[t] = base * sc.index[t]!;
    return;
  }
  let first = -1;
  let last = -1;
  for (let t = 0; t < nY; t++) {
    const s = f.allocationSlots[t]!;
    if (s < 0) continue;
    out[t] = p[s]!;
    if (first < 0) first = t;
    last = t;
  }
  // the growth into year t from t − 1
  const growth = (t: number) => {
    let wp = f.weightedPopulation && sc.total[t - 1]! > 0 ? sc.total[t]! / sc.total[t - 1]! : 1;
    if (f.weightedPopulation && f.reference && sc.reference[t - 1]! > 0) wp /= sc.reference[t]! / sc.reference[t - 1]!;
    const real = f.realGrowthSlot >= 0 ? p[f.realGrowthSlot + t]! : 0;
    const defl = f.deflatorSlot >= 0 ? p[f.deflatorSlot + t]! : 0;
    return wp * (1 + real) * (1 + defl);
  };
  for (let t = last + 1; t < nY; t++) out[t] = out[t - 1]! * growth(t);
  for (let t = first - 1; t >= 0; t--) out[t] = out[t + 1]! / growth(t + 1);
}
