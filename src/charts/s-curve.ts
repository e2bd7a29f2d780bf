/**
 * The S-curve: the cumulative distribution of one Monte Carlo metric in one
 * year (the share of iterations at or below each value), with each threshold
 * marked and P(metric ≤ threshold) labelled. One chart for the CLI's analysis
 * of any metric (`simulate --metric`) and the dashboard's gap in a chosen year.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricAnalysis } from '../uncertainty/analysis.js';
import type { CurvePoint } from '../uncertainty/scurve.js';
import { GREY, HEIGHT, HUE, WIDTH, axisFormat, decimalsFor, frame, metricScale, subtitle, type Source } from './common.js';

/** What an S-curve draws: a metric's value at ascending probabilities, and the thresholds asked about. */
export interface SCurve {
  /** The metric's label, e.g. "System gap". */
  metricLabel: string;
  /** What P(…) names in the labels: "gap" for the system gap, else "value". */
  symbol: string;
  unit: string;
  year: string;
  iterations: number;
  seed: number;
  /** The metric at or below which `p` of iterations fall, p ascending from 0 to 1. */
  curve: CurvePoint[];
  /** P(metric ≤ threshold) for each threshold marked, in the metric's unit. */
  below: { threshold: number; probability: number }[];
}

/** The system gap's quantiles by year from a Monte Carlo run: `quantiles[t][k]` is its k/(length − 1) quantile in `years[t]`, £. */
export interface GapDistribution {
  years: string[];
  iterations: number;
  seed: number;
  quantiles: number[][];
}

function quantilesIn(d: GapDistribution, year: string): number[] {
  const q = d.quantiles[d.years.indexOf(year)];
  if (!q) throw new Error(`no year ${year} in the distribution`);
  return q;
}

/** P(gap ≤ target) in a year, from the quantiles (to within one step of them). */
export function probabilityAtMost(d: GapDistribution, year: string, target: number): number {
  const q = quantilesIn(d, year);
  const steps = q.length - 1;
  let k = -1;
  while (k < steps && q[k + 1]! <= target) k++;
  return k < 0 ? 0 : k / steps;
}

/** The S-curve of the system gap in `year` (every 1% drawn), with `target` (£) marked. */
export function gapSCurve(d: GapDistribution, year: string, target: number): SCurve {
  const q = quantilesIn(d, year);
  const steps = q.length - 1;
  const every = Math.max(1, Math.round(steps / 100));
  const curve = q.flatMap((value, k) => (k % every === 0 || k === steps ? [{ p: k / steps, value }] : []));
  return { metricLabel: 'System gap', symbol: 'gap', unit: '£', year, iterations: d.iterations, seed: d.seed, curve, below: [{ threshold: target, probability: probabilityAtMost(d, year, target) }] };
}

/** The S-curve of an analysed metric, with the thresholds the analysis was asked for. */
export function analysisSCurve(a: MetricAnalysis): SCurve {
  return { metricLabel: a.metricLabel, symbol: a.metric === 'gap' ? 'gap' : 'value', unit: a.unit, year: a.year, iterations: a.iterations, seed: a.seed, curve: a.distribution.curve, below: a.distribution.below };
}

/** The value at probability `p`, interpolated along the curve. */
function valueAt(curve: CurvePoint[], p: number): number {
  const k = curve.findIndex((c) => c.p >= p);
  if (k <= 0) return curve[Math.max(0, k)]!.value;
  const [a, b] = [curve[k - 1]!, curve[k]!];
  return a.value + ((p - a.p) / (b.p - a.p)) * (b.value - a.value);
}

/** A line from 0% to 100% through the curve; a dashed rule, a diamond and a label at each threshold. */
export function sCurveChart(src: Source, c: SCurve): TopLevelSpec {
  const s = metricScale(c.unit);
  const rows = c.curve.map((x) => ({ value: s.to(x.value), p: x.p }));
  const d = decimalsFor(rows.map((r) => r.value));
  const marks = c.below.map((b) => ({ value: s.to(b.threshold), p: b.probability, label: `P(${c.symbol} ≤ ${s.text(s.to(b.threshold), d)}) = ${(b.probability * 100).toFixed(1)}%` }));
  // The labels sit in the plot's top-left corner, one a line, lowest threshold first: a cumulative curve
  // seldom passes there (low values have low probabilities), and they stay clear of the y-axis at any width
  // (beside the rule they ran over the axis labels on a phone when the threshold was mid-range).
  const labels = [...marks].sort((a, b) => a.value - b.value).map((m, i) => ({ ...m, row: i }));
  const at = (p: number) => s.text(s.to(valueAt(c.curve, p)), d);
  const n = c.iterations.toLocaleString('en-GB');
  const description =
    `S-curve of the ${c.metricLabel.toLowerCase()} in ${c.year} over ${n} Monte Carlo iterations: median ${at(0.5)}, ` +
    `10th to 90th percentile ${at(0.1)} to ${at(0.9)}${marks.length ? `; ${marks.map((m) => m.label).join('; ')}` : ''}.`;
  const x = { field: 'value', type: 'quantitative' as const, title: `${c.metricLabel}, ${c.year} (${s.axis})`, scale: { zero: false }, axis: { format: axisFormat(d) } };
  const at2 = { x: { field: 'value', type: 'quantitative' as const }, y: { field: 'p', type: 'quantitative' as const } };
  return {
    ...frame(`How likely each ${c.metricLabel.toLowerCase()} is (${c.year})`, subtitle(src, `${s.axis}; share of ${n} Monte Carlo iterations (seed ${c.seed}) at or below each value`), description),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', color: HUE.dark, strokeWidth: 2.2 },
        encoding: { x, y: { field: 'p', type: 'quantitative', title: 'Probability at or below', axis: { format: '.0%' }, scale: { domain: [0, 1] } } },
      },
      ...(marks.length
        ? [
            {
              data: { values: marks },
              layer: [
                { mark: { type: 'rule' as const, color: GREY.ink, strokeDash: [4, 3] }, encoding: { x: at2.x } },
                { mark: { type: 'point' as const, shape: 'diamond', size: 90, filled: true, color: HUE.mid, stroke: GREY.ink }, encoding: at2 },
                // each label twice: a white outline first, so a rule or gridline under it does not cross the text
                ...labels.flatMap((m) =>
                  [{ stroke: '#ffffff', strokeWidth: 4, strokeJoin: 'round' as const }, {}].map((halo) => ({
                    data: { values: [m] },
                    mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, x: 6, y: 6 + 15 * m.row, fontSize: 11, color: GREY.ink, ...halo },
                    encoding: { text: { field: 'label', type: 'nominal' as const } },
                  })),
                ),
              ],
            },
          ]
        : []),
    ],
  } as TopLevelSpec;
}
