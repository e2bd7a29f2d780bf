/**
 * Contribution to variance: each uncertain input's share of a metric's
 * variance over a Monte Carlo run (squared rank correlations, normalised),
 * largest first, with the direction of its effect in the label.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricAnalysis } from '../uncertainty/analysis.js';
import { GREY, HUE, WIDTH, frame, subtitle, wrappedBars, type Source } from './common.js';

/** Inputs drawn at most; the rest are named in the description. */
const MAX_BARS = 12;

/** Horizontal bars of each input's share; filled dark where the input raises the metric, white (outlined) where it lowers it. */
export function contributionChart(src: Source, a: MetricAnalysis): TopLevelSpec {
  const bars = a.contributions.slice(0, MAX_BARS);
  const rows = bars.map((c) => ({ input: c.label, share: c.share, direction: c.rho >= 0 ? 'raises it' : 'lowers it', text: `${(c.share * 100).toFixed(1)}%` }));
  const description = bars.length
    ? `Share of the variance of ${a.metricLabel.toLowerCase()} in ${a.year}: ${bars.slice(0, 3).map((c) => `${c.label} ${(c.share * 100).toFixed(1)}%`).join(', ')}` +
      `${a.contributions.length > MAX_BARS ? `; ${a.contributions.length - MAX_BARS} smaller inputs are not drawn` : ''}.`
    : `No uncertain inputs: ${a.metricLabel.toLowerCase()} does not vary.`;
  // labels wrapped, not cut, each row as tall as its lines need
  const rowsOf = wrappedBars(rows.map((r) => r.input), 34);
  const y = { field: 'input', type: 'nominal' as const, sort: rows.map((r) => r.input), title: null, axis: rowsOf.axis };
  return {
    ...frame(
      `What the spread of the ${a.metricLabel.toLowerCase()} comes from (${a.year})`,
      subtitle(src, `share of variance: each input's squared rank correlation with the metric over ${a.iterations.toLocaleString('en-GB')} iterations, divided by their sum`),
      description,
    ),
    width: WIDTH - 200,
    height: rowsOf.height,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', stroke: GREY.ink, strokeWidth: 1 },
        encoding: {
          y,
          x: { field: 'share', type: 'quantitative', title: 'Share of variance', axis: { format: '.0%' } },
          fill: { field: 'direction', type: 'nominal', scale: { domain: ['raises it', 'lowers it'], range: [HUE.mid, HUE.white] }, legend: { title: `As the input rises, the ${a.metric}`, orient: 'bottom' } },
        },
      },
      {
        data: { values: rows },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: GREY.ink },
        encoding: { y, x: { field: 'share', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
      },
    ],
  } as TopLevelSpec;
}
