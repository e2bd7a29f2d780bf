/**
 * Would the kernel gain from many iterations at once, the iteration loop
 * innermost? A prototype of the usual scheme's band loop (a share φ of the
 * source leaves for one target, and its follower loses φ too; 13 years × 19
 * age bands), run for 10,000 iterations as applyScheme runs it (one
 * iteration at a time, its activity [flow][year][band]) and with iterations
 * innermost ([flow][year][band][iteration], 256 at a time). Both give the
 * same results to the bit; the bench prints which is faster. In V8, which
 * does not vectorise these loops, iterations innermost only adds loads and
 * leaves the activity of one iteration (6 KB) for a chunk's (1.6 MB).
 */
const N_YEARS = 14;
const N_BANDS = 19;
const N = 10_000;
const CHUNK = 256;

/** The loop's size: years, age bands and iterations (bench/wasm.ts runs the same). */
export const BAND_LOOP = { nYears: N_YEARS, nBands: N_BANDS, n: N } as const;

export interface Case {
  phase: Float64Array;
  fraction: Float64Array;
  weight: Float64Array;
  base: Float64Array;
}

export function makeCase(): Case {
  let u = 12345;
  const next = () => ((u = (Math.imul(u, 48271) >>> 0) % 2147483647) / 2147483647);
  return {
    phase: Float64Array.from({ length: N_YEARS }, (_, t) => Math.min(1, t / 3)),
    fraction: Float64Array.from({ length: N }, () => 0.1 + 0.1 * next()),
    weight: Float64Array.from({ length: N }, () => 5 + next()),
    base: Float64Array.from({ length: 3 * N_YEARS * N_BANDS }, () => 100 * next()),
  };
}

/** One iteration at a time, as the kernel runs: what leaves the source and the follower, summed over every iteration's years (and, into `last`, the last iteration's activity). */
export function perIteration(c: Case, last?: Float64Array): number {
  const act = new Float64Array(c.base.length);
  let check = 0;
  for (let i = 0; i < N; i++) {
    act.set(c.base);
    const w = c.weight[i]!;
    for (let t = 0; t < N_YEARS; t++) {
      if (c.phase[t] === 0) continue;
      const phi = c.fraction[i]! * c.phase[t]!;
      const s = t * N_BANDS;
      const g = (N_YEARS + t) * N_BANDS;
      const f = (2 * N_YEARS + t) * N_BANDS;
      let removed = 0;
      let followerRemoved = 0;
      for (let a = 0; a < N_BANDS; a++) {
        const cur = act[s + a]!;
        const cut = phi * cur;
        act[s + a] = cur - cut;
        removed += cut;
        act[g + a]! += cut * w;
        const gone = act[f + a]! * phi;
        act[f + a]! -= gone;
        followerRemoved += gone;
      }
      check += removed + followerRemoved;
    }
  }
  // the last iteration's activity at the end (source, target and follower), for bench/wasm.ts to compare
  last?.set(act);
  return check;
}

/** The same, CHUNK iterations at a time with the iteration loop innermost (each sum still band by band in order). */
function iterationsInnermost(c: Case): number {
  const cells = c.base.length;
  const act = new Float64Array(cells * CHUNK);
  const removed = new Float64Array(CHUNK);
  const followerRemoved = new Float64Array(CHUNK);
  const byYear = new Float64Array(N_YEARS * CHUNK);
  let check = 0;
  for (let i0 = 0; i0 < N; i0 += CHUNK) {
    const nb = Math.min(CHUNK, N - i0);
    for (let k = 0; k < cells; k++) act.fill(c.base[k]!, k * CHUNK, k * CHUNK + nb);
    for (let t = 0; t < N_YEARS; t++) {
      if (c.phase[t] === 0) continue;
      const ph = c.phase[t]!;
      removed.fill(0);
      followerRemoved.fill(0);
      for (let a = 0; a < N_BANDS; a++) {
        const s = (t * N_BANDS + a) * CHUNK;
        const g = ((N_YEARS + t) * N_BANDS + a) * CHUNK;
        const f = ((2 * N_YEARS + t) * N_BANDS + a) * CHUNK;
        for (let b = 0; b < nb; b++) {
          const phi = c.fraction[i0 + b]! * ph;
          const cur = act[s + b]!;
          const cut = phi * cur;
          act[s + b] = cur - cut;
          removed[b]! += cut;
          act[g + b]! += cut * c.weight[i0 + b]!;
          const gone = act[f + b]! * phi;
          act[f + b]! -= gone;
          followerRemoved[b]! += gone;
        }
      }
      for (let b = 0; b < nb; b++) byYear[t * CHUNK + b] = removed[b]! + followerRemoved[b]!;
    }
    // added in the order one iteration at a time adds them
    for (let b = 0; b < nb; b++) for (let t = 0; t < N_YEARS; t++) if (c.phase[t] !== 0) check += byYear[t * CHUNK + b]!;
  }
  return check;
}

/** Median cost of `fn` (a run of the loop over every iteration) per band-cell the scheme reaches. */
export function nsPerCell(fn: (c: Case) => number, c: Case): number {
  for (let r = 0; r < 3; r++) fn(c);
  const times: number[] = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    fn(c);
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  const cells = N * (N_YEARS - 1) * N_BANDS;
  return (times[4]! * 1e6) / cells;
}

/** Print the two layouts' cost per band-cell and whether their results agree to the bit. */
export function benchBatching(): void {
  const c = makeCase();
  const same = perIteration(c) === iterationsInnermost(c);
  const one = nsPerCell(perIteration, c);
  const many = nsPerCell(iterationsInnermost, c);
  console.log(
    `  iterations innermost? (bench/batching.ts: the usual scheme's band loop, ${N.toLocaleString('en-GB')} iterations, results ${same ? 'the same to the bit' : 'DIFFERENT'}): one at a time ${one.toFixed(1)} ns a band-cell, ${CHUNK} at a time ${many.toFixed(1)} ns: ${many > one ? `${(many / one).toFixed(1)}× slower` : `${(one / many).toFixed(1)}× faster`}`,
  );
}
