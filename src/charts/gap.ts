/**
 * The funding gap by year: the system gap, the do-nothing gap when the
 * scenario has schemes, and an optional Monte Carlo fan.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../results/summary.js';
import { DASH, GREY, HEIGHT, WIDTH, axisFormat, decimalsFor, fmtM, frame, gapText, subtitle, toM, course, yearAxis, HUE } from './common.js';

/** Monte Carlo percentiles of the system gap by year, £. */
export interface Fan {
  years: string[];
  p5: number[];
  p10: number[];
  p50: number[];
  p90: number[];
  p95: number[];
}

export interface GapOptions {
  fan?: Fan;
}

const SYSTEM = 'System gap (with schemes)';
const SYSTEM_ONLY = 'System gap';
const DO_NOTHING = 'Do-nothing gap';
const MEDIAN = 'Monte Carlo median';
const BAND90 = '90% of runs (p5–p95)';
const BAND80 = '80% of runs (p10–p90)';

/**
 * The funding gap (cost + investment − funding) by financial year, £m. With
 * schemes, the do-nothing gap is drawn dashed beside the system gap; with a
 * `fan`, the p5–p95 and p10–p90 bands of Monte Carlo runs are shaded (light
 * and darker grey) with the median dotted.
 */
export function gapChart(r: Results, opts: GapOptions = {}): TopLevelSpec {
  const withSchemes = r.schemes.length > 0;
  const systemName = withSchemes ? SYSTEM : SYSTEM_ONLY;
  const lines: { year: string; series: string; value: number }[] = [];
  r.years.forEach((year, t) => {
    lines.push({ year, series: systemName, value: toM(r.system.gap[t]!) });
    if (withSchemes) lines.push({ year, series: DO_NOTHING, value: toM(r.system.doNothingGap[t]!) });
  });
  const fan = opts.fan;
  const bands: { year: string; band: string; lo: number; hi: number }[] = [];
  if (fan) {
    fan.years.forEach((year, i) => {
      bands.push({ year, band: BAND90, lo: toM(fan.p5[i]!), hi: toM(fan.p95[i]!) });
      bands.push({ year, band: BAND80, lo: toM(fan.p10[i]!), hi: toM(fan.p90[i]!) });
      lines.push({ year, series: MEDIAN, value: toM(fan.p50[i]!) });
    });
  }
  const all = [...lines.map((l) => l.value), ...bands.flatMap((b) => [b.lo, b.hi])];
  const d = decimalsFor(all);
  const series = [systemName, ...(withSchemes ? [DO_NOTHING] : []), ...(fan ? [MEDIAN] : [])];
  const strokes = [HUE.ink, ...(withSchemes ? [HUE.dark] : []), ...(fan ? [HUE.ink] : [])];
  const dashes = [[...DASH.solid], ...(withSchemes ? [[...DASH.dashed]] : []), ...(fan ? [[...DASH.dotted]] : [])];

  // Description with real numbers.
  const last = r.years[r.years.length - 1]!;
  const g1 = toM(r.system.gap[r.years.length - 1]!);
  const sentences = [
    withSchemes
      ? (() => {
          const n1 = toM(r.system.doNothingGap[r.years.length - 1]!);
          return `The do-nothing gap ${course(r.system.doNothingGap.map(toM), r.years, d)}; with the ${r.schemes.length} scheme${r.schemes.length === 1 ? '' : 's'} the system gap is ${gapText(g1, d)} in ${last} (${fmtM(n1 - g1, d)} closed).`;
        })()
      : `The system funding gap ${course(r.system.gap.map(toM), r.years, d)}.`,
  ];
  if (fan && fan.years.length) {
    const i = fan.years.length - 1;
    sentences.push(
      `In ${fan.years[i]} 90% of Monte Carlo runs give a gap between ${fmtM(toM(fan.p5[i]!), d)} and ${fmtM(toM(fan.p95[i]!), d)} (median ${fmtM(toM(fan.p50[i]!), d)}).`,
    );
  }

  const x = { field: 'year', type: 'ordinal' as const, sort: r.years, scale: { domain: r.years }, axis: yearAxis(r.years) };
  const y = { type: 'quantitative' as const, title: '£m', axis: { format: axisFormat(d) } };
  const notes = fan ? ['Shaded: spread of Monte Carlo runs; light = 90% of runs, darker = 80%.'] : [];
  return {
    ...frame('Funding gap by year', subtitle(r, '£m, positive = shortfall (cost + investment − funding)', notes), sentences.join(' ')),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      ...(fan
        ? [
            {
              data: { values: bands },
              mark: { type: 'area' as const, opacity: 1 },
              encoding: {
                x,
                y: { ...y, field: 'lo' },
                y2: { field: 'hi' },
                fill: { field: 'band', type: 'nominal' as const, title: null, legend: { symbolType: 'square', symbolSize: 160 }, scale: { domain: [BAND90, BAND80], range: [HUE.faint, HUE.light] } },
                order: { field: 'band', sort: 'descending' as const },
              },
            },
          ]
        : []),
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule' as const, color: GREY.mid, strokeWidth: 1 },
        encoding: { y: { field: 'zero', type: 'quantitative' as const } },
      },
      {
        data: { values: lines },
        mark: { type: 'line' as const, strokeWidth: 2.2 },
        encoding: {
          x,
          y: { ...y, field: 'value' },
          stroke: { field: 'series', type: 'nominal' as const, title: null, legend: { symbolType: 'stroke', symbolSize: 500 }, scale: { domain: series, range: strokes } },
          strokeDash: { field: 'series', type: 'nominal' as const, title: null, legend: { symbolType: 'stroke', symbolSize: 500 }, scale: { domain: series, range: dashes } },
          tooltip: [
            { field: 'series', type: 'nominal' as const },
            { field: 'year', type: 'ordinal' as const },
            { field: 'value', type: 'quantitative' as const, title: '£m', format: `,.${d}f` },
          ],
        },
      },
    ],
  };
}
