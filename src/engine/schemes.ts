/**
 * Step 3, schemes, applied one at a time in the order listed, to every flow
 * of the source service in the scheme's places. Each takes
 * φ = fraction × scope × phase(t) × realisation of the activity *remaining* in
 * its source (so fractions compound and never exceed 100%):
 *   shift  moves φ × activity to the targets, × conversion;
 *   avoid  removes φ × activity;
 *   los    cuts bed days by φ (or by days × phase × realisation per stay),
 *          optionally moving the days cut to targets, × conversion;
 *   efficiency cuts the source lines' cost by φ.
 * What a place's source flow sends goes to the same place's flows of each
 * target service, split by the target's provider shares there. Bed days leave
 * with the admissions a shift or avoidance removes. Every unit removed is
 * recorded, so activity is conserved and can be checked.
 */
import { SchemeKind, type Model } from './types.js';
import { lastBandReader } from './demand.js';

/** Per-scheme ledger, each [k * nYears + t]. */
export interface SchemeLedger {
  removed: Float64Array;
  added: Float64Array;
  followerRemoved: Float64Array;
}

/**
 * Apply scheme `k` to activity `act` [(f*nY+t)*nB+a], its flow totals `tot`
 * [f*nY+t] and the line cost multipliers `costMult` [l*nY+t]. Marks lines whose
 * cost may have changed in `touched`; `scratch` from schemeScratch (reused between calls).
 * `lean` (a projection without detail): what arrives at a target no later
 * scheme reads by band is added to its totals only (lastBandReader).
 */
export function applyScheme(
  model: Model,
  p: Float64Array,
  k: number,
  act: Float64Array,
  tot: Float64Array,
  costMult: Float64Array,
  ledger: SchemeLedger,
  touched: Uint8Array,
  scratch: SchemeScratch = schemeScratch(model),
  lean = false,
): void {
  const { nYears: nY, nBands: nB, flows } = model;
  const sc = model.schemes[k]!;
  // Scope and realisation both scale the effect: φ = fraction × scope × phase × realisation.
  const real = p[sc.realisationSlot]! * p[sc.scopeSlot]!;
  const fraction = sc.fractionSlot >= 0 ? p[sc.fractionSlot]! : 0;

  if (sc.kind === SchemeKind.Efficiency) {
    for (const l of sc.lines) {
      touched[l] = 1;
      for (let t = 0; t < nY; t++) costMult[l * nY + t]! *= 1 - clamp01(fraction * sc.phase[t]! * real);
    }
    return;
  }

  const isLos = sc.kind === SchemeKind.Los;
  const byDays = isLos && sc.daysSlot >= 0;
  const nTargets = sc.targets.length;
  const { split, conversion, sums, weights, cut, phiByBand } = scratch;
  for (let m = 0; m < nTargets; m++) {
    const g = sc.targets[m]!;
    split[m] = p[g.splitSlot]!;
    conversion[m] = p[g.conversionSlot]!;
  }
  ledger.removed.fill(0, k * nY, k * nY + nY);
  ledger.added.fill(0, k * nY, k * nY + nY);
  ledger.followerRemoved.fill(0, k * nY, k * nY + nY);
  const { bands, targetFlows, targetOf, targetStart } = sc;
  // the bands from the scheme's first in scope to its last: outside them nothing leaves, arrives or follows
  // (activity is never negative, so skipping them changes nothing, not even the sign of a zero)
  const bandFrom = scratch.bandFrom[k]!;
  const bandTo = scratch.bandTo[k]!;
  const allBands = scratch.allBands[k] === 1;
  const read = scratch.targetRead[k]!;

  for (let i = 0; i < sc.sources.length; i++) {
    const src = sc.sources[i]!;
    const srcFlow = flows[src]!;
    touched[srcFlow.line] = 1;
    // weights: each target's split, shared over its flows in this place by provider share
    const j0 = targetStart[i]!;
    const j1 = targetStart[i + 1]!;
    sums.fill(0, 0, nTargets);
    for (let j = j0; j < j1; j++) sums[targetOf[j]!]! += p[flows[targetFlows[j]!]!.shareSlot]!;
    let unitsPerUnit = 0; // target units arriving per source unit removed
    for (let j = j0; j < j1; j++) {
      const m = targetOf[j]!;
      const w = sums[m]! > 0 ? (split[m]! * p[flows[targetFlows[j]!]!.shareSlot]!) / sums[m]! : 0;
      weights[j] = w * conversion[m]!;
      unitsPerUnit += weights[j]!;
      touched[flows[targetFlows[j]!]!.line] = 1;
    }
    const followers = isLos ? EMPTY : srcFlow.followers;
    for (let x = 0; x < followers.length; x++) touched[flows[followers[x]!]!.line] = 1;
    const parent = srcFlow.parent;

    for (let t = 0; t < nY; t++) {
      const phase = sc.phase[t]!;
      if (phase === 0) continue;
      const phi = clamp01(fraction * phase * real);
      const days = sc.daysSlot >= 0 ? p[sc.daysSlot]! * phase * real : 0;
      const srow = (src * nY + t) * nB;
      const prow = (parent * nY + t) * nB;
      // what leaves the source in each band (nothing outside the scheme's bands)
      let removed = 0;
      let followerRemoved = 0;
      if (j1 - j0 <= 2 && followers.length <= 1 && scratch.onePass) {
        // the usual scheme (two targets at most, one follower at most): source, targets and follower in one pass
        // over the bands; each value is changed in the same order as by the passes below, and each sum added in the same order
        const nT = j1 - j0;
        // a target's bands only where they are read later (or the projection keeps them all)
        const to0 = nT > 0 && (!lean || read[j0] === 1);
        const to1 = nT > 1 && (!lean || read[j0 + 1] === 1);
        const w0 = nT > 0 ? weights[j0]! : 0;
        const w1 = nT > 1 ? weights[j0 + 1]! : 0;
        const t0row = nT > 0 ? (targetFlows[j0]! * nY + t) * nB : 0;
        const t1row = nT > 1 ? (targetFlows[j0 + 1]! * nY + t) * nB : 0;
        const fl = followers.length ? followers[0]! : -1;
        const frow = (fl * nY + t) * nB;
        let left = fl >= 0 ? tot[fl * nY + t]! : 0;
        for (let a = bandFrom; a < bandTo; a++) {
          const inBand = allBands || bands[a] !== 0;
          const c = inBand ? cutFrom(act, srow, prow, a, byDays, phi, days) : 0;
          removed += c;
          if (to0) act[t0row + a]! += c * w0;
          if (to1) act[t1row + a]! += c * w1;
          if (fl >= 0) {
            const gone = act[frow + a]! * (inBand ? phi : 0);
            act[frow + a]! -= gone;
            followerRemoved += gone;
            left -= gone;
          }
        }
        if (fl >= 0) tot[fl * nY + t] = left;
      } else {
        for (let a = 0; a < nB; a++) {
          const c = bands[a] ? cutFrom(act, srow, prow, a, byDays, phi, days) : 0;
          removed += c;
          cut[a] = c;
        }
        // the share its followers lose, band by band (read only by them)
        if (followers.length) for (let a = 0; a < nB; a++) phiByBand[a] = bands[a] ? phi : 0;
        // arrives at each target, band by band
        for (let j = j0; j < j1; j++) {
          if (lean && read[j] !== 1) continue;
          const w = weights[j]!;
          const trow = (targetFlows[j]! * nY + t) * nB;
          for (let a = 0; a < nB; a++) act[trow + a]! += cut[a]! * w;
        }
        // bed days leave with their admissions
        for (let x = 0; x < followers.length; x++) {
          const fl = followers[x]!;
          const frow = (fl * nY + t) * nB;
          let left = tot[fl * nY + t]!;
          for (let a = 0; a < nB; a++) {
            const gone = act[frow + a]! * phiByBand[a]!;
            act[frow + a]! -= gone;
            followerRemoved += gone;
            left -= gone;
          }
          tot[fl * nY + t] = left;
        }
      }
      tot[src * nY + t]! -= removed;
      for (let j = j0; j < j1; j++) tot[targetFlows[j]! * nY + t]! += removed * weights[j]!;
      ledger.removed[k * nY + t]! += removed;
      ledger.added[k * nY + t]! += removed * unitsPerUnit;
      ledger.followerRemoved[k * nY + t]! += followerRemoved;
    }
  }
}

/** Scratch for applyScheme, sized for a model (schemeScratch). */
export interface SchemeScratch {
  split: Float64Array;
  conversion: Float64Array;
  sums: Float64Array;
  weights: Float64Array;
  /** By band: what leaves the source, and the share its followers lose. */
  cut: Float64Array;
  phiByBand: Float64Array;
  /** Per scheme: its first age band in scope, and one past its last (0 and 0 with none). */
  bandFrom: Int32Array;
  bandTo: Int32Array;
  /** Per scheme: 1 when it applies to every age band from bandFrom to bandTo. */
  allBands: Uint8Array;
  /** Per scheme, per target flow (as targetFlows): 1 when a later scheme reads that flow's activity by band. */
  targetRead: Uint8Array[];
  /** Whether a source with up to two targets and one follower is changed in one pass over the bands (true; false forces the general passes, which tests compare it with). */
  onePass: boolean;
}

/** Scratch big enough for every scheme of `model`. */
export function schemeScratch(model: Model): SchemeScratch {
  const lastRead = lastBandReader(model);
  const targets = Math.max(1, ...model.schemes.map((k) => k.targets.length));
  const flows = Math.max(1, ...model.schemes.map((k) => k.targetFlows.length));
  const ranges = model.schemes.map((k) => bandRange(k.bands));
  return {
    split: new Float64Array(targets),
    conversion: new Float64Array(targets),
    sums: new Float64Array(targets),
    weights: new Float64Array(flows),
    cut: new Float64Array(model.nBands),
    phiByBand: new Float64Array(model.nBands),
    bandFrom: Int32Array.from(ranges, (r) => r.from),
    bandTo: Int32Array.from(ranges, (r) => r.to),
    allBands: Uint8Array.from(ranges, (r) => (r.whole ? 1 : 0)),
    targetRead: model.schemes.map((sc, k) => Uint8Array.from(sc.targetFlows, (f) => (lastRead[f]! > k ? 1 : 0))),
    onePass: true,
  };
}

const EMPTY = new Int32Array(0);

/** A scheme's age bands in scope as a range: its first, one past its last, and whether every band between is in scope. */
function bandRange(bands: Uint8Array): { from: number; to: number; whole: boolean } {
  const from = bands.findIndex((b) => b !== 0);
  if (from < 0) return { from: 0, to: 0, whole: true };
  const to = bands.findLastIndex((b) => b !== 0) + 1;
  return { from, to, whole: bands.subarray(from, to).every((b) => b !== 0) };
}

/** What leaves the source's band a (and leaves it): a share φ of it, or with `byDays` the days cut from each stay of its admissions (act[prow + a]), at most all of it. */
function cutFrom(act: Float64Array, srow: number, prow: number, a: number, byDays: boolean, phi: number, days: number): number {
  const cur = act[srow + a]!;
  let c: number;
  if (byDays) {
    const adm = act[prow + a]!;
    c = adm > 0 ? Math.min(cur, days * adm) : 0;
  } else c = phi * cur;
  act[srow + a] = cur - c;
  return c;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
