/**
 * The distribution of one metric in one year over a Monte Carlo run: its
 * S-curve (the cumulative distribution, value at each percentile), a
 * histogram, and the probability the metric is at or below any threshold.
 * Pure functions of the per-iteration values.
 */
import { stats } from './statistics.js';
import { optionKeys, optionsArgument, valuesArgument } from '../api-arguments.js';
import { UserError } from '../errors.js';
import { messages } from '../scenario/messages.js';

/** One point of the S-curve: `p` of iterations have the metric at or below `value` (type-7 quantile). */
export interface CurvePoint {
  /** Cumulative probability, 0 to 1. */
  p: number;
  value: number;
}

/** One histogram bin [from, to) (the last one closed), with its count and share of iterations. */
export interface HistogramBin {
  from: number;
  to: number;
  count: number;
  share: number;
}

export interface MetricDistribution {
  iterations: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** The value at every percentile 0, 1, …, 100. */
  curve: CurvePoint[];
  histogram: HistogramBin[];
  /** P(metric ≤ threshold) for each threshold asked for, in the order asked. */
  below: { threshold: number; probability: number }[];
}

/** Histogram bins when none are asked for: about √n, from 10 to 40. */
export function defaultBins(n: number): number {
  return Math.max(10, Math.min(40, Math.round(Math.sqrt(n))));
}

/** Sorted copy of the values (finite numbers, as a run's checked values are). */
export function sortedCopy(x: Float64Array): Float64Array {
  return Float64Array.from(x).sort();
}

/** The p-quantile of sorted values, interpolating between order statistics (Hyndman–Fan type 7, as the run's percentiles). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Share of sorted values at or below `threshold`. */
export function shareAtOrBelow(sorted: Float64Array, threshold: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= threshold) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length ? lo / sorted.length : 0;
}

const DISTRIBUTION_OPTIONS = optionKeys<{ thresholds?: number[]; bins?: number }>({ thresholds: 'optional', bins: 'optional' });

/**
 * S-curve, histogram (`bins` equal-width bins from the least to the greatest
 * value; default `defaultBins(n)`) and P(metric ≤ t) for each threshold.
 *
 * @example
 * ```ts
 * const d = metricDistribution(Float64Array.of(1, 2, 3, 4), { thresholds: [2.5], bins: 2 });
 * d.below[0].probability; // 0.5
 * d.histogram.map((b) => b.count); // [2, 2]
 * ```
 */
export function metricDistribution(values: Float64Array, options: { thresholds?: number[]; bins?: number } = {}): MetricDistribution {
  valuesArgument('metricDistribution', values, "a metric's values, one an iteration", 1);
  optionsArgument('metricDistribution', options, DISTRIBUTION_OPTIONS, 2);
  const n = values.length;
  if (n === 0) throw new UserError(messages.argument.empty('metricDistribution', 'the first argument'));
  const sorted = sortedCopy(values);
  // the same mean and sd as the run's percentiles (summed in iteration order)
  const { mean, sd } = stats(values);
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  const curve = Array.from({ length: 101 }, (_, k) => ({ p: k / 100, value: quantileSorted(sorted, k / 100) }));
  const nBins = options.bins ?? defaultBins(n);
  if (!Number.isInteger(nBins) || nBins < 1) throw new UserError(`bins: must be a whole number above 0 (got ${nBins})`);
  const histogram = bin(sorted, nBins);
  const below = (options.thresholds ?? []).map((threshold) => ({ threshold, probability: shareAtOrBelow(sorted, threshold) }));
  return { iterations: n, mean, sd, min, max, curve, histogram, below };
}

/** Equal-width bins over [min, max] of sorted values; all in one bin when every value is the same. */
function bin(sorted: Float64Array, k: number): HistogramBin[] {
  const n = sorted.length;
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  if (!(max > min)) return [{ from: min, to: max, count: n, share: 1 }];
  // positions as a share of the whole range, not ÷ a bin's width (which underflows to 0 for a subnormal range)
  const span = max - min;
  const edge = (b: number) => (b === k ? max : min + (span * b) / k);
  const bins = Array.from({ length: k }, (_, b) => ({ from: edge(b), to: edge(b + 1), count: 0, share: 0 }));
  for (let i = 0; i < n; i++) bins[Math.max(0, Math.min(k - 1, Math.floor(((sorted[i]! - min) / span) * k)))]!.count++;
  for (const b of bins) b.share = b.count / n;
  return bins;
}
