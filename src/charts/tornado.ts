/**
 * The tornado: how far one metric (by default the system gap in a year) moves
 * when each uncertain input goes from its p10 to its p90, the others at their
 * central values; largest swing at the top.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../results/summary.js';
import type { TornadoResult } from '../uncertainty/sensitivity.js';
import { GREY, WIDTH, decimalsFor, fmtM, frame, subtitle, toM, HUE, wrappedBars } from './common.js';

/** Inputs drawn at most; the rest swing less and are named in the description. */
const MAX_BARS = 12;

/** Characters of an input's label per line before it wraps. */
const LABEL_WIDTH = 34;

/**
 * Horizontal bars from the metric at each input's p10 to its p90, around a
 * rule at the central value: the p10 end white with an outline, the p90 end
 * mid grey (so direction reads in greyscale), swings labelled in £m.
 */
export function tornadoChart(r: Results, t: TornadoResult): TopLevelSpec {
  const bars = t.bars.slice(0, MAX_BARS);
  const rows = bars.flatMap((b, order) => [
    { input: b.label, order, end: 'input at p10', from: toM(t.central), to: toM(b.atLow) },
    { input: b.label, order, end: 'input at p90', from: toM(t.central), to: toM(b.atHigh) },
  ]);
  const labels = bars.map((b) => ({ input: b.label, at: toM(Math.max(b.atLow, b.atHigh)), swing: toM(b.swing) }));
  const d = decimalsFor(rows.flatMap((x) => [x.from, x.to]));
  const top = bars[0];
  const description = top
    ? `${t.metricLabel} in ${t.year} is ${fmtM(toM(t.central), d)} at central values. ` +
      `${bars.slice(0, 3).map((b) => `${b.label} moves it by ${fmtM(toM(b.swing), d)}`).join('; ')}` +
      `${t.bars.length > MAX_BARS ? `; ${t.bars.length - MAX_BARS} smaller inputs are not drawn` : ''}.`
    : `No uncertain inputs: ${t.metricLabel} in ${t.year} is ${fmtM(toM(t.central), d)}.`;
  // Each bar's row is tall enough for its label's wrapped lines, so two-line labels never run into the next.
  const rowsOf = wrappedBars(bars.map((b) => b.label), LABEL_WIDTH);
  const y = { field: 'input', type: 'nominal' as const, sort: bars.map((b) => b.label), title: null, axis: rowsOf.axis };
  // not from 0: the bars sit around the central value, and a zero far off would squeeze them
  const x = { field: 'from', type: 'quantitative' as const, title: `${t.metricLabel}, ${t.year} (£m)`, scale: { zero: false } };
  return {
    ...frame(
      `What moves the ${t.metricLabel.toLowerCase()} most (${t.year})`,
      subtitle(r, '£m; each input from its p10 to its p90, the others at their central values'),
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
          x,
          x2: { field: 'to' },
          fill: {
            field: 'end',
            type: 'nominal',
            scale: { domain: ['input at p10', 'input at p90'], range: [HUE.white, HUE.mid] },
            legend: { title: null, orient: 'bottom' },
          },
        },
      },
      {
        data: { values: [{ central: toM(t.central) }] },
        mark: { type: 'rule', color: GREY.ink, strokeDash: [4, 3] },
        encoding: { x: { field: 'central', type: 'quantitative' } },
      },
      {
        data: { values: labels },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: GREY.ink },
        encoding: { y, x: { field: 'at', type: 'quantitative' }, text: { field: 'swing', type: 'quantitative', format: `,.${d}f` } },
      },
    ],
  } as TopLevelSpec;
}
