/**
 * Sampling the uncertain inputs of a scenario.
 *
 * Each iteration i of a run with seed S has its own random stream (S, i): draw
 * j of that stream is the uniform for the j-th uncertain input (in the order
 * of their paths), turned into a value by the input's inverse CDF (truncated to its
 * bounds and to the domain the model needs). Iteration i's values therefore do
 * not depend on how iterations are split between workers or shards.
 *
 * Rank correlations (the scenario's `correlations`) are imposed by the
 * Iman–Conover method over the whole run: the correlated inputs' independent
 * draws for all n iterations are rearranged (each input keeps exactly its own
 * values, only their pairing across inputs changes) so their rank correlations
 * approach the targets. The rearrangement depends on the seed and n only, so
 * every worker and shard computes the same pairing (cost: n × k numbers for k
 * correlated inputs in each).
 *
 * Latin hypercube sampling (`method: 'lhs'`) divides each input's
 * probability into n equal strata and puts exactly one iteration in each:
 * iteration i's uniform for input j is (π_j(i) + u) / n, where u is the draw
 * random sampling would use and π_j a random permutation of 0..n−1 that
 * depends on the seed, n and j only — so, like the rearrangement, every
 * worker and shard computes the same strata, and a sharded run is exactly
 * the whole run. Iman–Conover then rearranges the correlated inputs' values,
 * which keeps each input's strata (every value stays in the run).
 */
import { shuffleInPlace } from 'simple-statistics';
import { UserError } from '../errors.js';
import type { PreparedScenario } from '../api.js';
import type { UncertainInput } from '../scenario/normalise.js';
import { nearest } from '../scenario/messages.js';
import { compile, quantile, normalQuantile, type Compiled } from './distributions.js';
import { Stream, STREAM_PERMUTATIONS, STREAM_STRATA } from './rng.js';
import { orderOf, binScratch } from './statistics.js';

/** A checked set of uncertain inputs, ready to sample. */
export interface SamplingPlan {
  inputs: UncertainInput[];
  compiled: Compiled[];
  /** Correlated inputs (indices into `inputs`) and their target rank-correlation matrix. */
  correlated: { members: number[]; rank: number[][] } | null;
  /** The correlated columns of the last (seed, n, method) sampled (Iman–Conover works on the whole run). */
  cache?: { seed: number; n: number; method: SamplingMethod; cols: Float64Array[] };
  /** The Latin hypercube strata of the last (seed, n) sampled: input j's stratum for iteration i is strata[j][i]. */
  strata?: { seed: number; n: number; strata: Uint32Array[] };
}

/** How the uniforms are drawn: independently (simple random sampling), or one in each of n equal strata per input (Latin hypercube). */
export type SamplingMethod = 'random' | 'lhs';
export const SAMPLING_METHODS: readonly SamplingMethod[] = ['random', 'lhs'];

/** Check every distribution and correlation of a scenario (UserError with the location on a problem). */
export function planSampling(scenario: PreparedScenario): SamplingPlan {
  const { loaded } = scenario;
  const inputs = scenario.uncertain;
  const problems: string[] = [];
  const compiled = inputs.map((u) => {
    const c = compile(u.dist, u.domain);
    if (typeof c === 'string') problems.push(loaded.problem(u.path, c));
    return c as Compiled;
  });
  if (problems.length) throw new UserError(problems);
  return { inputs, compiled, correlated: correlations(scenario) };
}

/** Find an uncertain input by `$parameter` name, bare parameter name, or scenario path label. */
export function findInput(scenario: PreparedScenario, name: string): number {
  const inputs = scenario.uncertain;
  const bare = name.startsWith('$') ? name.slice(1) : name;
  const par = scenario.model.parameters.get(bare);
  let i = par && !par.series ? inputs.findIndex((u) => u.slot === par.slot) : -1;
  if (i < 0) i = inputs.findIndex((u) => u.label === name || u.label === `parameters.${bare}`);
  return i;
}

/** Names an analyst can use for the uncertain inputs: $parameter where there is one, else the path. */
export function inputNames(scenario: PreparedScenario): string[] {
  return scenario.uncertain.map((u) => {
    const s = scenario.model.slots[u.slot];
    return s?.parameter ? `$${s.parameter}` : u.label;
  });
}

function correlations(scenario: PreparedScenario): SamplingPlan['correlated'] {
  const list = scenario.loaded.scenario.correlations ?? [];
  if (!list.length) return null;
  const { loaded } = scenario;
  const names = inputNames(scenario);
  const members: number[] = [];
  const pairs: { a: number; b: number; rank: number; k: number }[] = [];
  const problems: string[] = [];
  list.forEach((c, k) => {
    const idx = c.between.map((name, j) => {
      const i = findInput(scenario, name);
      if (i < 0) {
        const near = nearest(name, names);
        problems.push(loaded.problem(['correlations', k, 'between', j], `'${name}' is not an uncertain input${near ? ` (did you mean '${near}'?)` : ''}; correlations name inputs written as distributions: ${names.join(', ') || 'there are none'}`));
      }
      return i;
    });
    const [a, b] = idx as [number, number];
    if (a < 0 || b < 0) return;
    if (a === b) return void problems.push(loaded.problem(['correlations', k, 'between'], 'an input cannot be correlated with itself'));
    const dup = pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
    if (dup) return void problems.push(loaded.problem(['correlations', k, 'between'], `this pair is already correlated (correlations[${dup.k}])`));
    for (const i of [a, b]) if (!members.includes(i)) members.push(i);
    pairs.push({ a, b, rank: c.rank, k });
  });
  if (problems.length) throw new UserError(problems);
  const n = members.length;
  const rank = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (const p of pairs) {
    const [i, j] = [members.indexOf(p.a), members.indexOf(p.b)];
    rank[i]![j] = rank[j]![i] = p.rank;
  }
  const failed = cholesky(rank);
  if (typeof failed === 'number') {
    const who = members[failed]!;
    const involved = pairs.filter((p) => members.indexOf(p.a) <= failed && members.indexOf(p.b) <= failed && (p.a === who || p.b === who));
    const desc = involved.map((p) => `correlations[${p.k}] (${names[p.a]} ~ ${names[p.b]}: ${p.rank})`).join(', ');
    throw new UserError(
      loaded.problem(['correlations'], `these rank correlations cannot hold together (the correlation matrix is not positive semi-definite): check ${desc || 'the correlations'}`),
    );
  }
  return { members, rank };
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
export function sampleInputs(plan: SamplingPlan, seed: number, n: number, start: number, end: number, method: SamplingMethod = 'random'): Float64Array {
  const m = plan.inputs.length;
  const out = new Float64Array((end - start) * m);
  const stream = new Stream();
  const strata = method === 'lhs' ? latinStrata(plan, seed, n) : null;
  // correlated inputs are drawn for the whole run below: here they only take their place in each iteration's stream
  const alone = Uint8Array.from(plan.inputs, () => 1);
  for (const j of plan.correlated?.members ?? []) alone[j] = 0;
  for (let i = start; i < end; i++) {
    stream.reset(seed, i);
    const row = (i - start) * m;
    for (let j = 0; j < m; j++) {
      const u = stream.uniform();
      if (alone[j]) out[row + j] = quantile(plan.compiled[j]!, strata ? (strata[j]![i]! + u) / n : u);
    }
  }
  if (plan.correlated) {
    const { members } = plan.correlated;
    const c = plan.cache;
    if (!c || c.seed !== seed || c.n !== n || c.method !== method) plan.cache = { seed, n, method, cols: correlatedColumns(plan, seed, n, strata) };
    const cols = plan.cache!.cols;
    members.forEach((j, c) => {
      for (let i = start; i < end; i++) out[(i - start) * m + j] = cols[c]![i]!;
    });
  }
  return out;
}

/**
 * Each input's Latin hypercube strata for a run of n with `seed`: a random
 * permutation of 0..n−1 per input (Fisher–Yates on its own stream), kept for
 * the next call with the same seed and n.
 */
export function latinStrata(plan: SamplingPlan, seed: number, n: number): Uint32Array[] {
  if (plan.strata && plan.strata.seed === seed && plan.strata.n === n) return plan.strata.strata;
  const stream = new Stream();
  const strata = plan.inputs.map((_, j) => {
    const perm = new Uint32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    return shuffle(perm, stream.reset(seed, STREAM_STRATA + j));
  });
  plan.strata = { seed, n, strata };
  return strata;
}

/** The correlated inputs' values for all n iterations, after Iman–Conover. */
function correlatedColumns(plan: SamplingPlan, seed: number, n: number, strata: Uint32Array[] | null): Float64Array[] {
  const { members, rank } = plan.correlated!;
  const m = plan.inputs.length;
  const cols = members.map(() => new Float64Array(n));
  const stream = new Stream();
  const u = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    stream.reset(seed, i);
    for (let j = 0; j < m; j++) u[j] = stream.uniform();
    for (let c = 0; c < members.length; c++) {
      const j = members[c]!;
      cols[c]![i] = quantile(plan.compiled[j]!, strata ? (strata[j]![i]! + u[j]!) / n : u[j]!);
    }
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
    // a loop, not Float64Array.from with a map function (which goes through the iterator protocol, value by value)
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) scores[i] = base[i]! / sd;
    return shuffle(scores, stream.reset(seed, STREAM_PERMUTATIONS + c));
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
  // each column's values in the order of its T: the iteration with the r-th smallest T (ties in iteration order) takes the r-th smallest value
  const bins = binScratch();
  return x.map((col, a) => {
    const sorted = Float64Array.from(col).sort();
    const { order } = orderOf(T[a]!, bins);
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[order[r]!] = sorted[r]!;
    return out;
  });
}

/** Shuffle `a` in place by Fisher–Yates (simple-statistics' shuffleInPlace) on `stream`'s uniforms. */
function shuffle<T extends Float64Array | Uint32Array>(a: T, stream: Stream): T {
  shuffleInPlace(a as unknown as number[], () => stream.uniform());
  return a;
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

/** The p-quantile of an input's (truncated) distribution. */
export function inputQuantile(plan: SamplingPlan, j: number, p: number): number {
  return quantile(plan.compiled[j]!, p);
}
