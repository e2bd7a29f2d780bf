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

/**
 * Scratch for funding. Streams that weight the same population the same way
 * (same organisation and places, or the same given weights, and the same
 * reference) share one weighted population, worked out once a projection.
 */
export interface FundingScratch {
  /** Each stream's group: the streams whose weighted population is the same. */
  groupOf: Int32Array;
  /** The first stream of each group (whose definition the group is worked out from). */
  groups: Int32Array;
  /** Per group: weights by band, weighted population [q * nYears + t], its sum and the reference's, by year. */
  weights: Float64Array[];
  weighted: Float64Array[];
  total: Float64Array[];
  reference: Float64Array[];
  stream: Float64Array;
  index: Float64Array;
  /** Per group with given weights, Σ_ages weight × population by place and year [q*nY+t] (no parameter changes it). */
  fixedSums: (Float64Array | null)[];
  sums: Float64Array;
  /** Per group that derives its weights, what they are derived from (weightBasis). */
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
  const nQ = model.places.length;
  const same = (a: FundingDef, b: FundingDef) =>
    (a.weights && b.weights ? equal(a.weights, b.weights) : !a.weights && !b.weights && a.org === b.org) &&
    (a.reference && b.reference ? equal(a.reference, b.reference) : a.reference === b.reference) &&
    equal(a.places, b.places);
  const groups: number[] = [];
  const groupOf = Int32Array.from(model.funding, (f, k) => {
    const g = groups.findIndex((first) => same(model.funding[first]!, f));
    if (g >= 0) return g;
    groups.push(k);
    return groups.length - 1;
  });
  const defs = groups.map((k) => model.funding[k]!);
  return {
    groupOf,
    groups: Int32Array.from(groups),
    weights: defs.map(() => new Float64Array(model.nBands)),
    weighted: defs.map(() => new Float64Array(nQ * nY)),
    total: defs.map(() => new Float64Array(nY)),
    reference: defs.map(() => new Float64Array(nY)),
    stream: new Float64Array(nY),
    index: new Float64Array(nY),
    fixedSums: defs.map((f) => (f.weights ? weightedSums(model, f.weights, f.places, new Float64Array(nQ * nY)) : null)),
    sums: new Float64Array(nQ * nY),
    bases: defs.map((f) => (f.weights ? null : weightBasis(model, f.org, f.places))),
  };
}

function equal(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Σ_a w[a] × population[q, a, t] for each of `places` into `out` [q*nY+t]. */
function weightedSums(model: Model, w: Float64Array, places: Int32Array, out: Float64Array): Float64Array {
  const { nYears: nY, nBands: nB, population } = model;
  for (const q of places) dotRows(w, population, q * nY * nB, nB, nY, out, q * nY);
  return out;
}

/**
 * Σ_a w[a] × m[from + r × nB + a] into out[at + r] for rows r < nRows: two rows
 * at a time, each summed band by band in order as one row at a time would be
 * (the same value), the two sums' additions overlapping instead of waiting on each other.
 */
function dotRows(w: Float64Array, m: Float64Array, from: number, nB: number, nRows: number, out: Float64Array, at: number): void {
  let r = 0;
  for (; r + 1 < nRows; r += 2) {
    const r0 = from + r * nB;
    const r1 = r0 + nB;
    let s0 = 0;
    let s1 = 0;
    for (let a = 0; a < nB; a++) {
      const wa = w[a]!;
      s0 += wa * m[r0 + a]!;
      s1 += wa * m[r1 + a]!;
    }
    out[at + r] = s0;
    out[at + r + 1] = s1;
  }
  for (; r < nRows; r++) {
    const r0 = from + r * nB;
    let s0 = 0;
    for (let a = 0; a < nB; a++) s0 += w[a]! * m[r0 + a]!;
    out[at + r] = s0;
  }
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
  for (let g = 0; g < sc.groups.length; g++) weightedPopulation(model, p, model.funding[sc.groups[g]!]!, dnAct, sc, g);
  for (let k = 0; k < model.funding.length; k++) {
    const f = model.funding[k]!;
    const g = sc.groupOf[k]!;
    const places = f.places;
    const weighted = sc.weighted[g]!;
    const totals = sc.total[g]!;
    streamValues(model, p, f, sc, totals, sc.reference[g]!);
    for (let t = 0; t < nY; t++) {
      const v = sc.stream[t]!;
      orgFunding[f.org * nY + t]! += v;
      const total = totals[t]!;
      for (const q of places) {
        const part = places.length === 1 ? 1 : total > 0 ? weighted[q * nY + t]! / total : 1 / places.length;
        orgPlaceFunding[(f.org * nQ + q) * nY + t]! += v * part;
      }
    }
  }
}

/** Group g's weighted population of each of its places by year, their sum and (with a reference) the reference's weighted total. */
function weightedPopulation(model: Model, p: Float64Array, f: FundingDef, dnAct: Float64Array, sc: FundingScratch, g: number): void {
  const { nYears: nY, nBands: nB } = model;
  const places = f.places;
  const w = sc.weights[g]!;
  const weighted = sc.weighted[g]!;
  const total = sc.total[g]!;
  if (f.weights) w.set(f.weights);
  else derivedWeights(model, p, sc.bases[g]!, dnAct, w);
  const sums = sc.fixedSums[g] ?? weightedSums(model, w, places, sc.sums);
  total.fill(0);
  for (const q of places) {
    const need = p[model.places[q]!.needIndexSlot]!;
    for (let t = 0; t < nY; t++) {
      const sum = sums[q * nY + t]!;
      weighted[q * nY + t] = need * sum;
      total[t]! += need * sum;
    }
  }
  if (!f.reference) return;
  dotRows(w, f.reference, 0, nB, nY, sc.reference[g]!, 0);
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

/** The stream's £ by year into sc.stream, from its group's weighted population `total` and the reference's `reference` by year. */
function streamValues(model: Model, p: Float64Array, f: FundingDef, sc: FundingScratch, total: Float64Array, reference: Float64Array): void {
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
  for (let t = last + 1; t < nY; t++) out[t] = out[t - 1]! * growthInto(p, f, total, reference, t);
  for (let t = first - 1; t >= 0; t--) out[t] = out[t + 1]! / growthInto(p, f, total, reference, t + 1);
}

/** A stream's growth into year t from t − 1 (a function, not a closure: made once, not every projection). */
function growthInto(p: Float64Array, f: FundingDef, total: Float64Array, reference: Float64Array, t: number): number {
  let wp = f.weightedPopulation && total[t - 1]! > 0 ? total[t]! / total[t - 1]! : 1;
  if (f.weightedPopulation && f.reference && reference[t - 1]! > 0) wp /= reference[t]! / reference[t - 1]!;
  const real = f.realGrowthSlot >= 0 ? p[f.realGrowthSlot + t]! : 0;
  const defl = f.deflatorSlot >= 0 ? p[f.deflatorSlot + t]! : 0;
  return wp * (1 + real) * (1 + defl);
}
