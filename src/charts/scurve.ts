/**
 * The S-curve: the cumulative distribution of one Monte Carlo metric in one
 * year (the share of iterations at or below each value), with each threshold
 * asked for marked and its probability labelled.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricAnalysis } from '../uncertainty/analysis.js';
import { GREY, WIDTH, HEIGHT, decimalsFor, fmtM, frame, subtitle, toM, type Source } from './common.js';

/** How a metric's values are drawn: £m for money, as they are otherwise. */
export function metricScale(unit: string): { to: (v: number) => number; text: (v: number, d: number) => string; axis: string } {
  return unit === '£' ? { to: toM, text: fmtM, axis: '£m' } : { to: (v) => v, text: (v, d) => v.toFixed(d), axis: unit };
}

/** A line from 0% to 100% through the value at every percentile; a dashed rule and label at each threshold. */
export function scurveChart(src: Source, a: MetricAnalysis): TopLevelSpec {
  const s = metricScale(a.unit);
  const rows = a.distribution.curve.map((c) => ({ value: s.to(c.value), p: c.p }));
  const d = decimalsFor(rows.map((r) => r.value));
  const marks = a.distribution.below.map((b) => ({ value: s.to(b.threshold), p: b.probability, label: `P ≤ ${s.text(s.to(b.threshold), d)}: ${(b.probability * 100).toFixed(1)}%` }));
  const median = a.distribution.curve[50]!.value;
  const description =
    `S-curve of ${a.metricLabel.toLowerCase()} in ${a.year} over ${a.iterations.toLocaleString('en-GB')} iterations: ` +
    `median ${s.text(s.to(median), d)}, 10th to 90th percentile ${s.text(s.to(a.distribution.curve[10]!.value), d)} to ${s.text(s.to(a.distribution.curve[90]!.value), d)}` +
    `${marks.length ? `; ${marks.map((m) => m.label).join('; ')}` : ''}.`;
  const x = { field: 'value', type: 'quantitative' as const, title: `${a.metricLabel}, ${a.year} (${s.axis})`, scale: { zero: false } };
  return {
    ...frame(
      `How likely each ${a.metricLabel.toLowerCase()} is (${a.year})`,
      subtitle(src, `${s.axis}; share of ${a.iterations.toLocaleString('en-GB')} Monte Carlo iterations at or below each value (seed ${a.seed})`),
      description,
    ),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', color: GREY.ink, interpolate: 'linear' },
        encoding: { x, y: { field: 'p', type: 'quantitative', title: 'Probability at or below', axis: { format: '.0%' }, scale: { domain: [0, 1] } } },
      },
      ...(marks.length
        ? [
            {
              data: { values: marks },
              mark: { type: 'rule' as const, color: GREY.dark, strokeDash: [4, 3] },
              encoding: { x: { field: 'value', type: 'quantitative' as const } },
            },
            {
              data: { values: marks },
              mark: { type: 'text' as const, align: 'left' as const, dx: 4, dy: -6, fontSize: 10, color: GREY.ink },
              encoding: { x: { field: 'value', type: 'quantitative' as const }, y: { field: 'p', type: 'quantitative' as const }, text: { field: 'label', type: 'nominal' as const } },
            },
          ]
        : []),
    ],
  } as TopLevelSpec;
}
