/**
 * A scenario comparison (B − A): the change in the funding gap by year, and
 * the change in each organisation's position.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Comparison } from '../results/compare.js';
import { GREY, WIDTH, axisFormat, decimalsFor, fmtM, frame, labelFormat, signedFixed, subtitle, toM, yearAxis, HUE, wrappedBars } from './common.js';

export interface ComparisonOptions {
  /** Price base of both scenarios (Comparison does not carry it). */
  priceBase?: string;
  /** Year for the positions panel; default the last common year. */
  year?: string;
}

const WORSE = 'Worse in B';
const BETTER = 'Better in B';
const SAME = 'No change';

/**
 * Scenario B against A, £m, in two panels: (1) Δ funding gap by financial
 * year (B − A; above zero = B has the bigger gap); (2) Δ position by
 * organisation in one year (default the last common year; above zero = the
 * organisation is better off in B). In both, changes for the worse are solid
 * dark bars and changes for the better white bars with an outline, each
 * labelled with its signed £m value.
 */
export function comparisonChart(c: Comparison, opts: ComparisonOptions = {}): TopLevelSpec {
  const year = opts.year ?? c.years[c.years.length - 1];
  const t = year === undefined ? -1 : c.years.indexOf(year);
  if (year !== undefined && t < 0) throw new Error(`year ${year} is not in both projections`);
  const gapRows = c.years.map((y, i) => {
    const v = toM(c.system.gap[i]!);
    return { year: y, value: v, effect: v > 0 ? WORSE : v < 0 ? BETTER : SAME };
  });
  const orgRows = t < 0 ? [] : c.organisations.map((o) => {
    const v = toM(o.difference[t]!);
    return { org: o.name, value: v, effect: v < 0 ? WORSE : v > 0 ? BETTER : SAME };
  });
  const d = decimalsFor([...gapRows, ...orgRows].map((x) => x.value));
  // each bar's value as its label reads: signed, and no change as plain 0 (d3's '+' format gives '+0.0' and '−0.0')
  const labelled = orgRows.map((o) => ({ ...o, label: signedFixed(o.value, d) }));
  const rowsOf = wrappedBars(orgRows.map((o) => o.org), 34);
  const n = c.years.length;
  const g0 = gapRows[0];
  const g1 = gapRows[n - 1];
  const sorted = [...orgRows].sort((a, b) => a.value - b.value);
  const loser = sorted[0];
  const gainer = sorted[sorted.length - 1];
  const parts: string[] = [];
  if (g0 && g1) parts.push(`Compared with “${c.a}”, “${c.b}” changes the funding gap by ${fmtM(g0.value, d, true)} in ${g0.year} and ${fmtM(g1.value, d, true)} in ${g1.year}.`);
  if (loser && gainer && year)
    parts.push(
      `In ${year} ${gainer.value > 0 ? `${gainer.org} gains most (${fmtM(gainer.value, d, true)})` : 'no organisation gains'} and ${loser.value < 0 ? `${loser.org} loses most (${fmtM(loser.value, d, true)})` : 'no organisation loses'}.`,
    );
  const description = parts.join(' ') || `No common years to compare between “${c.a}” and “${c.b}”.`;
  const present = new Set([...gapRows, ...orgRows].map((x) => x.effect));
  const effects = [WORSE, BETTER, SAME].filter((e) => present.has(e));
  const fill = { field: 'effect', type: 'nominal' as const, title: null, scale: { domain: effects, range: effects.map((e) => (e === WORSE ? HUE.dark : e === BETTER ? HUE.white : HUE.light)) }, legend: { symbolType: 'square', symbolSize: 160, symbolStrokeColor: HUE.ink, symbolStrokeWidth: 1 } };
  const src = { scenario: `B = ${c.b}; A = ${c.a}`, priceBase: opts.priceBase };
  return {
    ...frame(`Scenario comparison: B − A`, subtitle(src, '£m, B minus A'), description),
    vconcat: [
      {
        title: { text: 'Change in funding gap by year (above zero: bigger gap in B)', anchor: 'start', fontSize: 12, fontWeight: 'bold' },
        data: { values: gapRows },
        width: WIDTH,
        height: 180,
        layer: [
          {
            mark: { type: 'bar', stroke: GREY.ink, strokeWidth: 1 },
            encoding: {
              x: { field: 'year', type: 'ordinal', sort: c.years, scale: { domain: c.years }, axis: yearAxis(c.years) },
              y: { field: 'value', type: 'quantitative', title: 'Δ gap, £m', axis: { format: axisFormat(d) } },
              fill,
              tooltip: [
                { field: 'year', type: 'ordinal' },
                { field: 'value', type: 'quantitative', title: 'Δ gap, £m', format: labelFormat(d, true) },
              ],
            },
          },
          { mark: { type: 'rule', color: GREY.mid }, encoding: { y: { datum: 0, type: 'quantitative' } } },
        ],
      },
      {
        title: { text: `Change in organisation positions, ${year ?? ''} (above zero: better off in B)`, anchor: 'start', fontSize: 12, fontWeight: 'bold' },
        data: { values: labelled },
        width: WIDTH - 200,
        height: rowsOf.height,
        layer: [
          {
            mark: { type: 'bar', stroke: GREY.ink, strokeWidth: 1, height: { band: 0.7 } },
            encoding: {
              y: { field: 'org', type: 'nominal', sort: orgRows.map((o) => o.org), title: null, axis: rowsOf.axis },
              x: { field: 'value', type: 'quantitative', title: 'Δ position, £m', scale: { padding: 44 }, axis: { format: axisFormat(d) } },
              fill,
              tooltip: [
                { field: 'org', type: 'nominal', title: 'Organisation' },
                { field: 'value', type: 'quantitative', title: 'Δ position, £m', format: labelFormat(d, true) },
              ],
            },
          },
          ...(['left', 'right'] as const).map((align) => ({
            transform: [{ filter: align === 'left' ? 'datum.value >= 0' : 'datum.value < 0' }],
            mark: { type: 'text' as const, align, dx: align === 'left' ? 4 : -4, fontSize: 10, color: GREY.ink },
            encoding: {
              y: { field: 'org', type: 'nominal' as const, sort: orgRows.map((o) => o.org) },
              x: { field: 'value', type: 'quantitative' as const },
              text: { field: 'label', type: 'nominal' as const },
            },
          })),
          { mark: { type: 'rule', color: GREY.mid }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        ],
      },
    ],
    spacing: 24,
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}

export { WORSE, BETTER };
