/**
 * Systems side by side per head: the gap per head (or per need-weighted head)
 * by year for each system, so that a board can see its system beside another
 * of a different size.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SystemComparison } from '../results/compare.js';
import { DASH_RAMP, GREY, HEIGHT, SHAPE_RAMP, WIDTH, frame, wrap, yearAxis, HUE } from './common.js';

const STROKES = [HUE.ink, HUE.dark, HUE.mid, HUE.ink, HUE.dark];

/** £ with thousands separators, for text. */
const pounds = (v: number) => `${v < 0 ? '−' : ''}£${Math.round(Math.abs(v)).toLocaleString('en-GB')}`;

/**
 * The funding gap per head by financial year, one line per system (each its own dash and point
 * shape, greyscale-safe), £ per head or per weighted head, in the years every system projects.
 */
export function perHeadChart(c: SystemComparison): TopLevelSpec {
  const unit = c.per === 'head' ? '£ per head' : '£ per weighted head';
  const names = c.systems.map((s) => s.scenario);
  const rows = c.systems.flatMap((s) => c.years.map((year, t) => ({ year, system: s.scenario, value: Math.round(s.gap[t]!) })));
  const last = c.years.length - 1;
  const ranked = [...c.systems].sort((a, b) => b.gap[last]! - a.gap[last]!);
  const description =
    last < 0
      ? 'The systems share no year.'
      : `In ${c.years[last]} the gap is ${ranked.map((s) => `${pounds(s.gap[last]!)} ${c.per === 'head' ? 'a head' : 'a weighted head'} in “${s.scenario}”`).join(', ')}; in ${c.years[0]} it was ${c.systems.map((s) => pounds(s.gap[0]!)).join(', ')} respectively.`;
  const sub = [
    ...wrap(`${unit}, positive = shortfall. Price base: ${c.priceBase}.`),
    ...wrap(c.per === 'head' ? 'Each system’s gap divided by its population.' : 'Each system’s gap divided by its population weighted by need (each place’s need index; relative to England where the scenario says so).'),
    ...wrap(`Source: popshift projections, scenarios ${names.map((n) => `“${n}”`).join(', ')}.`),
  ];
  // one legend for stroke, dash and point shape (the same field), so each system is told apart without colour
  const legend = { orient: 'bottom' as const, direction: 'vertical' as const, symbolSize: 200, labelLimit: WIDTH };
  const color = { domain: names, range: names.map((_, i) => STROKES[i % STROKES.length]!) };
  return {
    ...frame(`Funding gap ${c.per === 'head' ? 'per head' : 'per weighted head'}, systems side by side`, sub, description),
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: GREY.mid, strokeWidth: 1 }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
      {
        mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 40, color: GREY.ink } },
        encoding: {
          x: { field: 'year', type: 'ordinal', sort: c.years, scale: { domain: c.years }, axis: yearAxis(c.years) },
          y: { field: 'value', type: 'quantitative', title: unit, axis: { format: ',.0f' } },
          stroke: { field: 'system', type: 'nominal', title: null, scale: color, legend },
          strokeDash: { field: 'system', type: 'nominal', title: null, scale: { domain: names, range: names.map((_, i) => DASH_RAMP[i % DASH_RAMP.length]!) }, legend },
          shape: { field: 'system', type: 'nominal', title: null, scale: { domain: names, range: names.map((_, i) => SHAPE_RAMP[i % SHAPE_RAMP.length]!) }, legend },
          tooltip: [
            { field: 'system', type: 'nominal' },
            { field: 'year', type: 'ordinal' },
            { field: 'value', type: 'quantitative', title: unit, format: ',.0f' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
