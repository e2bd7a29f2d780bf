/**
 * Stress analysis: a metric's distribution over the Monte Carlo iterations in
 * which one input fell in a percentile range of its samples (by default its
 * worst decile: the tenth of its values that moves the metric the wrong way),
 * against the whole run. Conditioning on the samples already drawn, so no
 * iteration is rerun and the other inputs keep their joint distribution
 * (including any correlation with the stressed input).
 */
import { stats, ranks, pearson, type Stats } from './statistics.js';
import { quantileSorted, shareAtOrBelow, sortedCopy } from './scurve.js';
import { optionKeys, optionsArgument, valuesArgument } from '../api-arguments.js';
import { UserError } from '../errors.js';
import { messages } from '../scenario/messages.js';

export interface StressResult {
  /** The input as an analyst names it: `$parameter`, else its scenario path. */
  input: string;
  /** Its name as a person would say it (the parameter's `label`, else its name in words). */
  label: string;
  /** Where it is written in the scenario (`parameters.ndg_ae.value`). */
  path: string;
  /** The input's percentile range, as fractions 0 to 1. */
  percentiles: [number, number];
  /** Whether the range was chosen as the worst decile (the end that moves the metric the wrong way). */
  worst: boolean;
  /** The input's values bounding the range. */
  inputRange: [number, number];
  /** Iterations in the range. */
  iterations: number;
  stressed: Stats;
  baseline: Stats;
  /** P(metric ≤ threshold), stressed and over the whole run. */
  below: { threshold: number; stressed: number; baseline: number }[];
}

/** What a stress analysis is of: the input (as named, labelled and found in the scenario) and the metric, and optionally its range and thresholds. */
export interface StressOptions {
  input: string;
  label: string;
  path: string;
  /** The metric's id (whether larger is better decides its worst decile). */
  metric: string;
  /** The input's percentile range, as fractions 0 to 1 (default: its worst decile). */
  percentiles?: [number, number];
  /** Thresholds for P(metric ≤ threshold), in the metric's unit. */
  thresholds?: number[];
}

const STRESS_OPTIONS = optionKeys<StressOptions>({ input: 'required', label: 'required', path: 'required', metric: 'required', percentiles: 'optional', thresholds: 'optional' });

/**
 * Metrics for which a larger value is better (positions, funding, margins):
 * their worst decile is the one that lowers them. For the others (gaps,
 * cost, investment, pool variance and shares of it) larger is worse.
 */
export function largerIsBetter(metricId: string): boolean {
  return metricId === 'funding' || metricId.startsWith('position:') || /^envelope:.*margin$/.test(metricId);
}

/**
 * The metric `y` over iterations whose input `x` (same length) lies in its
 * `percentiles` range; with `percentiles` left out, the worst decile: the
 * top tenth of x when x and the metric rise together (rank correlation ≥ 0)
 * and larger is worse, and so on.
 *
 * @example
 * ```ts
 * stress(gap2020, costSamples, { input: '$unit_cost', label: 'Unit cost', path: 'parameters.unit_cost.value', metric: 'gap' });
 * // the gap when the unit cost is in its top 10%
 * ```
 */
export function stress(y: Float64Array, x: Float64Array, o: StressOptions): StressResult {
  valuesArgument('stress', y, "the metric's values, one an iteration", 1);
  valuesArgument('stress', x, "the input's values, one an iteration", 2);
  optionsArgument('stress', o, STRESS_OPTIONS, 3);
  const n = y.length;
  if (x.length !== n) throw new UserError(messages.argument.sameLength('stress', "the second argument (the input's values)", x.length, `one an iteration, as the metric's values: ${n}`));
  let range = o.percentiles;
  const worst = range === undefined;
  if (!range) {
    const rho = pearson(ranks(x), ranks(y));
    const raisesMetric = rho >= 0;
    range = raisesMetric !== largerIsBetter(o.metric) ? [0.9, 1] : [0, 0.1];
  }
  const xs = sortedCopy(x);
  const lo = quantileSorted(xs, range[0]);
  const hi = quantileSorted(xs, range[1]);
  const picked: number[] = [];
  for (let i = 0; i < n; i++) if (x[i]! >= lo && x[i]! <= hi) picked.push(y[i]!);
  const sub = Float64Array.from(picked);
  const subSorted = sortedCopy(sub);
  const ySorted = sortedCopy(y);
  return {
    input: o.input,
    label: o.label,
    path: o.path,
    percentiles: range,
    worst,
    inputRange: [lo, hi],
    iterations: sub.length,
    stressed: stats(sub),
    baseline: stats(y),
    below: (o.thresholds ?? []).map((threshold) => ({ threshold, stressed: shareAtOrBelow(subSorted, threshold), baseline: shareAtOrBelow(ySorted, threshold) })),
  };
}
