/**
 * The gap by place: each place's do-nothing and residual gap in one year,
 * which sum to the system's.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../results/summary.js';
import { GREY, WIDTH, axisFormat, decimalsFor, fmtM, frame, gapText, subtitle, toM, HUE } from './common.js';

export interface PlacesOptions {
  /** The year shown; default the horizon. */
  year?: string;
  /** Most places drawn; the rest are added up as "Other places" (default 20). */
  max?: number;
}

/**
 * Horizontal bars, one per place, largest gap first: the do-nothing gap as an
 * outlined light bar and, with schemes, the residual gap as a dark bar inside it.
 */
export function placesChart(r: Results, opts: PlacesOptions = {}): TopLevelSpec {
  const year = opts.year ?? r.horizon;
  const t = r.years.indexOf(year);
  if (t < 0) throw new Error(`year ${year} is not in the projection`);
  const max = opts.max ?? 20;
  let places = r.places.map((p) => ({ name: p.name, doNothing: p.doNothingGap[t]!, gap: p.gap[t]! })).sort((a, b) => b.doNothing - a.doNothing);
  if (places.length > max) {
    const rest = places.slice(max - 1);
    places = [...places.slice(0, max - 1), { name: `Other places (${rest.length})`, doNothing: rest.reduce((a, p) => a + p.doNothing, 0), gap: rest.reduce((a, p) => a + p.gap, 0) }];
  }
  const withSchemes = r.schemes.length > 0;
  const rows = places.flatMap((p) => [
    { place: p.name, series: 'Do-nothing gap', value: toM(p.doNothing) },
    ...(withSchemes ? [{ place: p.name, series: 'Gap with schemes', value: toM(p.gap) }] : []),
  ]);
  const d = decimalsFor(rows.map((x) => x.value));
  const order = places.map((p) => p.name);
  const top = places[0]!;
  const description =
    `In ${year} the system's do-nothing gap is ${gapText(toM(r.system.doNothingGap[t]!), d)} over ${r.places.length} places; ` +
    `the largest is ${top.name}'s, ${gapText(toM(top.doNothing), d)}${withSchemes ? `, and with schemes the system's gap is ${gapText(toM(r.system.gap[t]!), d)}` : ''}. ` +
    `Places sum to the system: ${fmtM(toM(places.reduce((a, p) => a + p.doNothing, 0)), d)}.`;
  const series = withSchemes ? ['Do-nothing gap', 'Gap with schemes'] : ['Do-nothing gap'];
  return {
    ...frame(`Gap by place, ${year}`, subtitle(r, '£m, positive = shortfall; places sum to the system'), description),
    width: WIDTH - 160,
    height: Math.max(80, places.length * 20),
    data: { values: rows },
    layer: series.map((name, i) => ({
      transform: [{ filter: `datum.series === '${name}'` }],
      mark: { type: 'bar' as const, stroke: GREY.ink, strokeWidth: 1, size: i === 0 ? 14 : 7 },
      encoding: {
        y: { field: 'place', type: 'nominal' as const, sort: order, title: null },
        x: { field: 'value', type: 'quantitative' as const, title: '£m', axis: { format: axisFormat(d) } },
        fill: { field: 'series', type: 'nominal' as const, title: null, scale: { domain: series, range: [HUE.faint, HUE.dark] } },
        tooltip: [
          { field: 'place', type: 'nominal' as const },
          { field: 'series', type: 'nominal' as const },
          { field: 'value', type: 'quantitative' as const, title: '£m', format: `,.${d}f` },
        ],
      },
    })),
  };
}
