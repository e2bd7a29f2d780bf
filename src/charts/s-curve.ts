/**
 * The S-curve of the system gap in one year: the share of Monte Carlo
 * iterations at or below each gap, with a target marked and P(gap ≤ target)
 * labelled. (A small chart for the dashboard; the CLI's S-curve of any metric
 * is separate.)
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../results/summary.js';
import { GREY, HEIGHT, HUE, WIDTH, axisFormat, decimalsFor, fmtM, frame, subtitle, toM } from './common.js';

/** The system gap's quantiles by year from a Monte Carlo run: `quantiles[t][k]` is its k/(length − 1) quantile in `years[t]`, £. */
export interface GapDistribution {
  years: string[];
  iterations: number;
  seed: number;
  quantiles: number[][];
}

/** P(gap ≤ target) in a year, from the quantiles (to within one step of them). */
export function probabilityAtMost(d: GapDistribution, year: string, target: number): number {
  const q = d.quantiles[d.years.indexOf(year)];
  if (!q) throw new Error(`no year ${year} in the distribution`);
  const steps = q.length - 1;
  let k = -1;
  while (k < steps && q[k + 1]! <= target) k++;
  return k < 0 ? 0 : k / steps;
}

/** The cumulative distribution of the gap in `year` (every 1% drawn), a dashed rule at `target` (£) and its probability. */
export function sCurveChart(r: Results, d: GapDistribution, year: string, target: number): TopLevelSpec {
  const q = d.quantiles[d.years.indexOf(year)];
  if (!q) throw new Error(`no year ${year} in the distribution`);
  const steps = q.length - 1;
  const every = Math.max(1, Math.round(steps / 100));
  const rows = q.flatMap((v, k) => (k % every === 0 || k === steps ? [{ value: toM(v), p: k / steps }] : []));
  const dd = decimalsFor(rows.map((x) => x.value));
  const p = probabilityAtMost(d, year, target);
  const label = `P(gap ≤ ${fmtM(toM(target), dd)}) = ${(p * 100).toFixed(1)}%`;
  const at = (f: number) => fmtM(toM(q[Math.round(f * steps)]!), dd);
  const description =
    `S-curve of the system gap in ${year} over ${d.iterations.toLocaleString('en-GB')} Monte Carlo iterations: median ${at(0.5)}, ` +
    `10th to 90th percentile ${at(0.1)} to ${at(0.9)}; ${label}.`;
  const x = { field: 'value', type: 'quantitative' as const, title: `System gap, ${year} (£m)`, scale: { zero: false }, axis: { format: axisFormat(dd) } };
  return {
    ...frame(`How likely each gap is (${year})`, subtitle(r, `£m; share of ${d.iterations.toLocaleString('en-GB')} Monte Carlo iterations (seed ${d.seed}) with the gap at or below each value`), description),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', color: HUE.dark, strokeWidth: 2.2 },
        encoding: { x, y: { field: 'p', type: 'quantitative', title: 'Probability the gap is at most this', axis: { format: '.0%' }, scale: { domain: [0, 1] } } },
      },
      {
        data: { values: [{ value: toM(target), p, label }] },
        layer: [
          { mark: { type: 'rule', color: GREY.ink, strokeDash: [4, 3] }, encoding: { x: { field: 'value', type: 'quantitative' } } },
          { mark: { type: 'point', shape: 'diamond', size: 90, filled: true, color: HUE.mid, stroke: GREY.ink }, encoding: { x: { field: 'value', type: 'quantitative' }, y: { field: 'p', type: 'quantitative' } } },
          {
            mark: { type: 'text', align: p > 0.5 ? 'right' : 'left', dx: p > 0.5 ? -8 : 8, dy: -8, fontSize: 11, color: GREY.ink },
            encoding: { x: { field: 'value', type: 'quantitative' }, y: { field: 'p', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
          },
        ],
      },
    ],
  } as TopLevelSpec;
}
