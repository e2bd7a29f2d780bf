/**
 * REFERENCE (bench only): sampling as it was at commit 7fbcc53, before issue
 * 12 (each input's quantile through its compiled closure, Iman–Conover's
 * reordering by closure sorts), for today's plan's inputs and correlations
 * (so both kernels draw the same inputs in the same order). Not used by popshift.
 */
import { Stream, STREAM_PERMUTATIONS } from '../../src/uncertainty/rng.js';
import type { SamplingPlan } from '../../src/uncertainty/sample.js';
import { compile, quantile, normalQuantile, type Compiled } from './distributions.js';

/** Today's plan with each input compiled by the distributions of 7fbcc53. */
export interface ReferencePlan {
  compiled: Compiled[];
  correlated: SamplingPlan['correlated'];
  cache?: { seed: number; n: number; cols: Float64Array[] };
}

/** The reference sampler for today's plan (its inputs were checked when it was made). */
export function referencePlan(plan: SamplingPlan): ReferencePlan {
  return {
    compiled: plan.inputs.map((u) => {
      const c = compile(u.dist, u.domain);
      if (typeof c === 'string') throw new Error(`bench/reference cannot sample ${u.label}: ${c}`);
      return c;
    }),
    correlated: plan.correlated,
  };
}

/**
 * Lower Cholesky factor of a symmetric matrix, allowing it to be positive
 * semi-definite (pivots down to −1e-9 are taken as 0). Returns the failing
 * row's index if the matrix is not PSD.
 */
export function cholesky(a: number[][]): number[][] | number {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let s = a[j]![j]!;
    for (let k = 0; k < j; k++) s -= l[j]![k]! ** 2;
    if (s < -1e-9) return j;
    const d = s > 1e-12 ? Math.sqrt(s) : 0;
    l[j]![j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i]![j]!;
      for (let k = 0; k < j; k++) t -= l[i]![k]! * l[j]![k]!;
      if (d === 0) {
        if (Math.abs(t) > 1e-9) return i;
        l[i]![j] = 0;
      } else l[i]![j] = t / d;
    }
  }
  return l;
}

/**
 * The inputs' values for iterations [start, end) of a run of n with `seed`:
 * row-major [(i − start) × m + j].
 */
export function sampleInputs(plan: ReferencePlan, seed: number, n: number, start: number, end: number): Float64Array {
  const m = plan.compiled.length;
  const out = new Float64Array((end - start) * m);
  const stream = new Stream();
  for (let i = start; i < end; i++) {
    stream.reset(seed, i);
    const row = (i - start) * m;
    for (let j = 0; j < m; j++) out[row + j] = quantile(plan.compiled[j]!, stream.uniform());
  }
  if (plan.correlated) {
    const { members } = plan.correlated;
    if (!plan.cache || plan.cache.seed !== seed || plan.cache.n !== n) plan.cache = { seed, n, cols: correlatedColumns(plan, seed, n) };
    const cols = plan.cache.cols;
    members.forEach((j, c) => {
      for (let i = start; i < end; i++) out[(i - start) * m + j] = cols[c]![i]!;
    });
  }
  return out;
}

/** The correlated inputs' values for all n iterations, after Iman–Conover. */
function correlatedColumns(plan: ReferencePlan, seed: number, n: number): Float64Array[] {
  const { members, rank } = plan.correlated!;
  const m = plan.compiled.length;
  const k = members.length;
  const cols = members.map(() => new Float64Array(n));
  const stream = new Stream();
  const u = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    stream.reset(seed, i);
    for (let j = 0; j < m; j++) u[j] = stream.uniform();
    members.forEach((j, c) => (cols[c]![i] = quantile(plan.compiled[j]!, u[j]!)));
  }
  return imanConover(cols, rank, seed);
}

/**
 * Rearrange each column of `x` (same length n) so the columns' rank
 * correlations approach `rank` (Iman & Conover 1982, van der Waerden scores;
 * the target is converted to the Pearson correlation of normal scores,
 * 2 sin(π r / 6)). Each column keeps exactly its values.
 */
export function imanConover(x: Float64Array[], rank: number[][], seed: number): Float64Array[] {
  const k = x.length;
  const n = x[0]?.length ?? 0;
  if (k < 2 || n < 3) return x;
  const target = rank.map((row) => row.map((r, j) => (r === 1 ? 1 : 2 * Math.sin((Math.PI * r) / 6))));
  const P = cholesky(target);
  if (typeof P === 'number') throw new Error('correlation matrix not PSD');
  // Scores: van der Waerden, each column an independent random permutation.
  const base = new Float64Array(n);
  for (let i = 0; i < n; i++) base[i] = normalQuantile((i + 1) / (n + 1));
  let ss = 0;
  for (let i = 0; i < n; i++) ss += base[i]! ** 2;
  const sd = Math.sqrt(ss / n);
  const stream = new Stream();
  const S = x.map((_, c) => {
    const col = Float64Array.from(base, (v) => v / sd);
    stream.reset(seed, STREAM_PERMUTATIONS + c);
    for (let i = n - 1; i > 0; i--) {
      const r = Math.floor(stream.uniform() * (i + 1));
      const t = col[i]!;
      col[i] = col[r]!;
      col[r] = t;
    }
    return col;
  });
  // E = correlation of the scores; T = S (P Q^-1)^T with Q = chol(E).
  const E = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += S[a]![i]! * S[b]![i]!;
    return s / n;
  }));
  const Q = cholesky(E);
  if (typeof Q === 'number') throw new Error('score correlation not PSD');
  const Qinv = lowerInverse(Q);
  const M = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => {
    let s = 0;
    for (let c = 0; c < k; c++) s += P[a]![c]! * Qinv[c]![b]!;
    return s;
  }));
  const T = Array.from({ length: k }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b <= a; b++) s += M[a]![b]! * S[b]![i]!;
      T[a]![i] = s;
    }
  }
  return x.map((col, a) => {
    const sorted = Float64Array.from(col).sort();
    const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => T[a]![p]! - T[a]![q]! || p - q);
    const out = new Float64Array(n);
    order.forEach((i, r) => (out[i] = sorted[r]!));
    return out;
  });
}

function lowerInverse(L: number[][]): number[][] {
  const n = L.length;
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    inv[i]![i] = L[i]![i]! === 0 ? 0 : 1 / L[i]![i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let c = j; c < i; c++) s += L[i]![c]! * inv[c]![j]!;
      inv[i]![j] = L[i]![i]! === 0 ? 0 : -s / L[i]![i]!;
    }
  }
  return inv;
}
