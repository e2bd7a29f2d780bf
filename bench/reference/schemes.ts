/** REFERENCE (bench only): src/engine/schemes.ts as it was before its loops were reworked for speed (issue 12), so the reference kernel stays the old one. */
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
import { SchemeKind, type Model } from '../../src/engine/types.js';

/** Per-scheme ledger, each [k * nYears + t]. */
export interface SchemeLedger {
  removed: Float64Array;
  added: Float64Array;
  followerRemoved: Float64Array;
}

/**
 * Apply scheme `k` to activity `act` [(f*nY+t)*nB+a], its flow totals `tot`
 * [f*nY+t] and the line cost multipliers `costMult` [l*nY+t]. Marks lines whose
 * cost may have changed in `touched`.
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
  const nTargets = sc.targets.length;
  const split = new Float64Array(nTargets);
  const conversion = new Float64Array(nTargets);
  sc.targets.forEach((g, m) => {
    split[m] = p[g.splitSlot]!;
    conversion[m] = p[g.conversionSlot]!;
  });
  const sums = new Float64Array(nTargets);
  const weights = new Float64Array(sc.targetFlows.length);
  ledger.removed.fill(0, k * nY, k * nY + nY);
  ledger.added.fill(0, k * nY, k * nY + nY);
  ledger.followerRemoved.fill(0, k * nY, k * nY + nY);

  for (let i = 0; i < sc.sources.length; i++) {
    const src = sc.sources[i]!;
    const srcFlow = flows[src]!;
    touched[srcFlow.line] = 1;
    // weights: each target's split, shared over its flows in this place by provider share
    const j0 = sc.targetStart[i]!;
    const j1 = sc.targetStart[i + 1]!;
    sums.fill(0);
    for (let j = j0; j < j1; j++) sums[sc.targetOf[j]!]! += p[flows[sc.targetFlows[j]!]!.shareSlot]!;
    let unitsPerUnit = 0; // target units arriving per source unit removed
    for (let j = j0; j < j1; j++) {
      const m = sc.targetOf[j]!;
      const w = sums[m]! > 0 ? (split[m]! * p[flows[sc.targetFlows[j]!]!.shareSlot]!) / sums[m]! : 0;
      weights[j] = w * conversion[m]!;
      unitsPerUnit += weights[j]!;
      touched[flows[sc.targetFlows[j]!]!.line] = 1;
    }
    const followers = isLos ? EMPTY : srcFlow.followers;
    for (const fl of followers) touched[flows[fl]!.line] = 1;
    const parent = srcFlow.parent;

    for (let t = 0; t < nY; t++) {
      const phase = sc.phase[t]!;
      if (phase === 0) continue;
      const phi = clamp01(fraction * phase * real);
      const days = sc.daysSlot >= 0 ? p[sc.daysSlot]! * phase * real : 0;
      const srow = (src * nY + t) * nB;
      let removed = 0;
      let followerRemoved = 0;
      for (let a = 0; a < nB; a++) {
        if (!sc.bands[a]) continue;
        const cur = act[srow + a]!;
        let cut: number;
        if (isLos && sc.daysSlot >= 0) {
          const adm = act[(parent * nY + t) * nB + a]!;
          cut = adm > 0 ? Math.min(cur, days * adm) : 0;
        } else cut = phi * cur;
        act[srow + a] = cur - cut;
        removed += cut;
        for (let j = j0; j < j1; j++) act[(sc.targetFlows[j]! * nY + t) * nB + a]! += cut * weights[j]!;
        for (const fl of followers) {
          const idx = (fl * nY + t) * nB + a;
          const gone = act[idx]! * phi;
          act[idx]! -= gone;
          followerRemoved += gone;
          tot[fl * nY + t]! -= gone;
        }
      }
      tot[src * nY + t]! -= removed;
      for (let j = j0; j < j1; j++) tot[sc.targetFlows[j]! * nY + t]! += removed * weights[j]!;
      ledger.removed[k * nY + t]! += removed;
      ledger.added[k * nY + t]! += removed * unitsPerUnit;
      ledger.followerRemoved[k * nY + t]! += followerRemoved;
    }
  }
}

const EMPTY = new Int32Array(0);

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
