/**
 * Step 3, schemes, applied one at a time in the order listed. Each takes
 * φ = fraction × phase(t) × realisation of the activity *remaining* in its
 * source (so fractions compound and never exceed 100%):
 *   shift  moves φ × activity to the target, × conversion;
 *   avoid  removes φ × activity;
 *   los    cuts bed days by φ (or by days × phase × realisation per stay),
 *          optionally moving the days cut to a target, × conversion;
 *   efficiency cuts the source's cost by φ.
 * Bed days leave with the admissions a shift or avoidance removes. Every unit
 * removed is recorded, so activity is conserved and can be checked.
 */
import { SchemeKind, type Model } from './types.js';

/** Per-scheme ledger, each [k * nYears + t]. */
export interface SchemeLedger {
  removed: Float64Array;
  added: Float64Array;
  followerRemoved: Float64Array;
}

/**
 * Apply scheme `k` to activity `act` [(s*nY+t)*nB+a], its totals `tot` [s*nY+t]
 * and the cost multipliers `costMult` [s*nY+t]. Marks services whose cost may
 * have changed in `touched`.
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
  const { nYears: nY, nBands: nB, services } = model;
  const sc = model.schemes[k]!;
  const src = sc.source;
  // Scope and realisation both scale the effect: φ = fraction × scope × phase × realisation.
  const real = p[sc.realisationSlot]! * p[sc.scopeSlot]!;
  const fraction = sc.fractionSlot >= 0 ? p[sc.fractionSlot]! : 0;
  const conversion = sc.conversionSlot >= 0 ? p[sc.conversionSlot]! : 0;
  const tgt = sc.target;
  touched[src] = 1;
  if (tgt >= 0) touched[tgt] = 1;

  if (sc.kind === SchemeKind.Efficiency) {
    for (let t = 0; t < nY; t++) costMult[src * nY + t]! *= 1 - clamp01(fraction * sc.phase[t]! * real);
    return;
  }

  // Bed-day services that follow the source leave with its admissions.
  const followers: number[] = [];
  if (sc.kind !== SchemeKind.Los) {
    for (let s = 0; s < services.length; s++) if (services[s]!.parent === src) followers.push(s);
    for (const f of followers) touched[f] = 1;
  }
  const parent = services[src]!.parent;

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
      if (sc.kind === SchemeKind.Los && sc.daysSlot >= 0) {
        const adm = act[(parent * nY + t) * nB + a]!;
        cut = adm > 0 ? Math.min(cur, days * adm) : 0;
      } else cut = phi * cur;
      act[srow + a] = cur - cut;
      removed += cut;
      if (tgt >= 0) act[(tgt * nY + t) * nB + a]! += cut * conversion;
      for (const f of followers) {
        const i = (f * nY + t) * nB + a;
        const gone = act[i]! * phi;
        act[i]! -= gone;
        followerRemoved += gone;
        tot[f * nY + t]! -= gone;
      }
    }
    tot[src * nY + t]! -= removed;
    if (tgt >= 0) tot[tgt * nY + t]! += removed * conversion;
    ledger.removed[k * nY + t] = removed;
    ledger.added[k * nY + t] = tgt >= 0 ? removed * conversion : 0;
    ledger.followerRemoved[k * nY + t] = followerRemoved;
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
