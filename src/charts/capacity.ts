/**
 * Capacity: beds needed by year at the target occupancy against the beds
 * stated, so a board sees when a projection stops being physically possible.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CapacityResult, Results } from '../results/summary.js';
import { DASH, GREY, HEIGHT, WIDTH, fmtN, frame, subtitle, yearAxis, HUE, orgName, serviceName } from './common.js';

export interface CapacityOptions {
  /** Which bed-day line: `service` or `service@provider`; default the first. */
  line?: string;
}

/** The capacity line chosen by `line`, or the first. */
function pick(r: Results, line?: string): CapacityResult {
  const c = line === undefined ? r.capacity[0] : r.capacity.find((x) => x.service === line || `${x.service}@${x.provider}` === line);
  if (!c) throw new Error(line === undefined ? 'the scenario states no capacity' : `no capacity for ${line}`);
  return c;
}

/**
 * Beds needed with no schemes (dashed) and after schemes (solid), against the
 * beds stated (a thick grey step); every year over capacity is marked with a
 * filled black triangle and named in the description.
 */
export function capacityChart(r: Results, opts: CapacityOptions = {}): TopLevelSpec {
  const c = pick(r, opts.line);
  const withSchemes = r.schemes.length > 0;
  const rows = r.years.flatMap((year, t) => [
    { year, series: 'Beds available', value: c.beds[t]!, over: false },
    { year, series: withSchemes ? 'Beds needed, do nothing' : 'Beds needed', value: c.doNothingBedsNeeded[t]!, over: c.doNothingBreaches.includes(year) },
    ...(withSchemes ? [{ year, series: 'Beds needed, with schemes', value: c.bedsNeeded[t]!, over: c.breaches.includes(year) }] : []),
  ]);
  const series = withSchemes ? ['Beds available', 'Beds needed, do nothing', 'Beds needed, with schemes'] : ['Beds available', 'Beds needed'];
  const breaches = withSchemes ? c.breaches : c.doNothingBreaches;
  const h = r.years.length - 1;
  const service = serviceName(r, c.service);
  const provider = orgName(r, c.provider);
  const description =
    `${service} at ${provider}: ${fmtN(c.doNothingBedsNeeded[0]!)} beds needed in ${r.baseYear} at ${(c.occupancy * 100).toFixed(0)}% occupancy against ${fmtN(c.beds[0]!)} beds, ` +
    `${fmtN(c.doNothingBedsNeeded[h]!)} by ${r.horizon} with no schemes${withSchemes ? ` and ${fmtN(c.bedsNeeded[h]!)} with them` : ''}. ` +
    (breaches.length
      ? `Demand exceeds the beds in ${breaches.length} year${breaches.length > 1 ? 's' : ''}, from ${breaches[0]}: past that point the projection describes demand that cannot be met.`
      : 'Demand stays within the beds in every year.');
  const x = { field: 'year', type: 'ordinal' as const, sort: r.years, scale: { domain: r.years }, axis: yearAxis(r.years) };
  // one layer of lines, all drawn with the same scales so they share one legend
  const line = (filter: string, strokeWidth: number, format: string, titled: boolean) => ({
    transform: [{ filter }],
    mark: { type: 'line' as const, interpolate: 'step-after' as const, strokeWidth },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative' as const, ...(titled ? { title: 'Beds', scale: { zero: false } } : {}) },
      stroke: { field: 'series', type: 'nominal' as const, title: null, scale: { domain: series, range: [HUE.light, HUE.dark, HUE.ink] } },
      strokeDash: { field: 'series', type: 'nominal' as const, scale: { domain: series, range: [[...DASH.solid], [...DASH.dashed], [...DASH.solid]] } },
      tooltip: [
        { field: 'series', type: 'nominal' as const },
        { field: 'year', type: 'ordinal' as const },
        { field: 'value', type: 'quantitative' as const, title: 'beds', format },
      ],
    },
  });
  return {
    ...frame(
      `Beds needed against beds available: ${service}`,
      subtitle({ scenario: r.scenario, file: r.file }, `Beds (bed days ÷ (365 × ${(c.occupancy * 100).toFixed(0)}% target occupancy)) at ${provider}`, ['Black triangles: years in which beds needed exceed the beds available.']),
      description,
    ),
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    layer: [
      // the beds: one thick light line; beds needed: dashed with no schemes, solid with them
      line("datum.series === 'Beds available'", 6, ',.0f', true),
      line("datum.series !== 'Beds available'", 2, ',.1f', false),
      {
        transform: [{ filter: 'datum.over' }],
        mark: { type: 'point', shape: 'triangle-up', filled: true, size: 80, color: GREY.ink },
        encoding: { x, y: { field: 'value', type: 'quantitative' } },
      },
    ],
  };
}
