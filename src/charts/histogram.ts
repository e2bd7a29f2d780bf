/**
 * The histogram of one Monte Carlo metric in one year: the share of
 * iterations in each equal-width bin, with each threshold marked.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricAnalysis } from '../uncertainty/analysis.js';
import { GREY, HUE, WIDTH, HEIGHT, decimalsFor, frame, metricScale, subtitle, type Source } from './common.js';

/** Bars from each bin's start to its end, height its share of iterations; dashed rules at the thresholds. */
export function histogramChart(src: Source, a: MetricAnalysis): TopLevelSpec {
  const s = metricScale(a.unit);
  const rows = a.distribution.histogram.map((b) => ({ from: s.to(b.from), to: s.to(b.to), share: b.share, count: b.count }));
  const d = decimalsFor(rows.flatMap((r) => [r.from, r.to]));
  const mode = rows.reduce((m, r) => (r.count > m.count ? r : m), rows[0]!);
  const description =
    `Histogram of ${a.metricLabel.toLowerCase()} in ${a.year} over ${a.iterations.toLocaleString('en-GB')} iterations, ${rows.length} bins from ${s.text(rows[0]!.from, d)} to ${s.text(rows[rows.length - 1]!.to, d)}; ` +
    `the fullest bin, ${s.text(mode.from, d)} to ${s.text(mode.to, d)}, holds ${(mode.share * 100).toFixed(1)}% of iterations.`;
  const thresholds = a.distribution.below.map((b) => ({ value: s.to(b.threshold) }));
  return {
    ...frame(`Spread of the ${a.metricLabel.toLowerCase()} (${a.year})`, subtitle(src, `${s.axis}; share of ${a.iterations.toLocaleString('en-GB')} Monte Carlo iterations in each bin (seed ${a.seed})`), description),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', fill: HUE.light, stroke: HUE.ink, strokeWidth: 0.5 },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: `${a.metricLabel}, ${a.year} (${s.axis})`, scale: { zero: false } },
          x2: { field: 'to' },
          y: { field: 'share', type: 'quantitative', title: 'Share of iterations', axis: { format: '.0%' } },
          // with x2 a bar is ranged along x: without a y2 it is a hairline at its share, not a column from 0
          y2: { datum: 0 },
        },
      },
      ...(thresholds.length
        ? [{ data: { values: thresholds }, mark: { type: 'rule' as const, color: GREY.ink, strokeDash: [4, 3] }, encoding: { x: { field: 'value', type: 'quantitative' as const } } }]
        : []),
    ],
  } as TopLevelSpec;
}
