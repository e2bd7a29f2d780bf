/**
 * The statistics of a run's per-iteration values: mean, standard deviation,
 * percentiles (by selection, not a full sort) with their standard errors,
 * ranks and correlations. A module of its own, with nothing of the scenario
 * layer, so that a worker thread can summarise a share of a run's metrics.
 */
import { sampleCorrelation } from 'simple-statistics';
import type { ColumnStore } from './columns.js';

/** Summary of one metric in one year. */
export interface Stats {
  mean: number;
  sd: number;
  p5: number;
  p10: number;
  p50: number;
  p90: number;
  p95: number;
  /** The standard error of each: percentiles by the order-statistic method, the mean as sd / √n (seRanks, percentileSe below). */
  se: { mean: number; p5: number; p10: number; p50: number; p90: number; p95: number };
}

export const PERCENTILES = [5, 10, 50, 90, 95] as const;

const Z95 = 1.959963984540054;

/** The 0-based ranks of the order statistics bounding the p-quantile's 95% interval in n draws. */
export function seRanks(n: number, p: number): [number, number] {
  const centre = n * p;
  const half = Z95 * Math.sqrt(n * p * (1 - p));
  const lo = Math.min(n - 1, Math.max(0, Math.floor(centre - half) - 1));
  const hi = Math.min(n - 1, Math.max(0, Math.ceil(centre + half) - 1));
  return [lo, hi];
}

/** The p-quantile's standard error from `sorted`, where at least the ranks `seRanks(n, p)` hold their order statistics. */
export function percentileSe(sorted: ArrayLike<number>, n: number, p: number): number {
  const [lo, hi] = seRanks(n, p);
  return (sorted[hi]! - sorted[lo]!) / (2 * Z95);
}

/** Mean, sd and percentiles (linear interpolation between order statistics, Hyndman–Fan type 7). */
export function stats(x: Float64Array, scratch: Float64Array = new Float64Array(x.length)): Stats {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    ss += d * d; // as (x − mean) ** 2, to the bit (pow(d, 2) is d × d)
  }
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  // the order statistics the percentiles need, found by selection (no full sort)
  const a = scratch.subarray(0, n);
  a.set(x);
  const want = PERCENTILES.flatMap((pc) => {
    const h = (n - 1) * (pc / 100);
    const lo = Math.floor(h);
    return [lo, Math.min(n - 1, lo + 1), ...seRanks(n, pc / 100)];
  });
  selectAll(a, Int32Array.from(new Set(want)).sort(), 0, n - 1);
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    return a[lo]! + (h - lo) * (a[hi]! - a[lo]!);
  };
  const se = (p: number) => percentileSe(a, n, p);
  return { mean, sd, p5: q(0.05), p10: q(0.1), p50: q(0.5), p90: q(0.9), p95: q(0.95), se: { mean: sd / Math.sqrt(n), p5: se(0.05), p10: se(0.1), p50: se(0.5), p90: se(0.9), p95: se(0.95) } };
}

/**
 * Put every rank in `ks` (ascending, within [left, right]) where a sort would
 * put it, partitioning once for all of them: each partition sends the ranks
 * below its pivot left and the rest right (about 3n comparisons for the ten
 * ranks a summary needs, against some 25n for ten selections one after another;
 * Hoare's partition, median-of-three pivots; values finite).
 */
export function selectAll(a: Float64Array, ks: Int32Array, left: number, right: number, kLo = 0, kHi = ks.length): void {
  while (kLo < kHi && right > left) {
    // median of three into a[mid], then partition around it
    const mid = (left + right) >>> 1;
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // ranks ≤ j lie left, ≥ i right; those between hold the pivot and are placed
    let m = kLo;
    while (m < kHi && ks[m]! <= j) m++;
    let r = m;
    while (r < kHi && ks[r]! < i) r++;
    // loop on one side, recursing into the other only when both hold ranks (so the depth stays logarithmic)
    if (r < kHi && m > kLo) {
      if (j - left < right - i) {
        selectAll(a, ks, left, j, kLo, m);
        left = i;
        kLo = r;
      } else {
        selectAll(a, ks, i, right, r, kHi);
        right = j;
        kHi = m;
      }
    } else if (m > kLo) {
      right = j;
      kHi = m;
    } else {
      left = i;
      kLo = r;
    }
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Ranks 1..n, ties given their average rank (from one typed sort and binary searches). */
export function ranks(x: Float64Array): Float64Array {
  const n = x.length;
  const sorted = Float64Array.from(x).sort();
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    // first index holding v, and one past the last
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    // one past the last: the next index, unless v is tied (searched for only then)
    let end = lo + 1;
    if (end < n && sorted[end] === v) {
      hi = n;
      while (end < hi) {
        const mid = (end + hi) >>> 1;
        if (sorted[mid]! <= v) end = mid + 1;
        else hi = mid;
      }
    }
    r[i] = (lo + end - 1) / 2 + 1;
  }
  return r;
}

/** Pearson correlation (simple-statistics' sample correlation; 0 when either side is constant). */
export function pearson(a: Float64Array, b: Float64Array): number {
  const r = sampleCorrelation(Array.from(a), Array.from(b));
  return Number.isFinite(r) ? r : 0;
}

/** One metric's statistics in each year and, for the system gap, the share of iterations at or below 0 in each. */
export interface MetricSummary {
  byYear: Stats[];
  closes?: Float64Array;
}

/**
 * Summarise metrics `ks` of a run of n iterations held in `store` (nM metrics ×
 * nY years an iteration); metric `gap` also gets the share of iterations ≤ 0.
 */
export function summariseMetrics(store: ColumnStore, n: number, nM: number, nY: number, ks: readonly number[], gap: number): Map<number, MetricSummary> {
  const out = new Map<number, MetricSummary>();
  const scratch = new Float64Array(n);
  const col = new Float64Array(n);
  // in memory, a metric's years are read in one pass (each iteration's are adjacent), not one strided pass a year
  const years = store.values ? Array.from({ length: nY }, () => new Float64Array(n)) : null;
  for (const k of ks) {
    if (years) yearsOf(store.values!, k, nM, years);
    const closes = k === gap ? new Float64Array(nY) : undefined;
    const byYear: Stats[] = [];
    for (let t = 0; t < nY; t++) {
      const x = years ? years[t]! : col;
      if (!years) store.column(k, t, col);
      if (closes) {
        let c = 0;
        for (let i = 0; i < n; i++) if (x[i]! <= 0) c++;
        closes[t] = c / n;
      }
      byYear.push(stats(x, scratch));
    }
    out.set(k, closes ? { byYear, closes } : { byYear });
  }
  return out;
}

/** Metric m of every iteration into `out[t]` for each year t, from an iteration-major block of nM metrics. */
function yearsOf(values: Float64Array<ArrayBufferLike>, m: number, nM: number, out: Float64Array[]): void {
  const nY = out.length;
  const n = out[0]?.length ?? 0;
  for (let i = 0; i < n; i++) {
    const row = (i * nM + m) * nY;
    for (let t = 0; t < nY; t++) out[t]![i] = values[row + t]!;
  }
}
