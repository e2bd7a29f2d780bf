/**
 * Capitated envelopes: the envelope against the provider's cost and against
 * what the same activity would have earned under tariff (Payment by Results),
 * and the settlement and margins that follow.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { EnvelopeResult, Results } from '../results/summary.js';
import { DASH, GREY, HEIGHT, WIDTH, axisFormat, decimalsFor, fmtM, frame, labelFormat, subtitle, toM, wrap, yearAxis, HUE, orgName } from './common.js';

export interface EnvelopeOptions {
  /** Envelope id; default every envelope, one section each. */
  envelope?: string;
}

/** One point of the lines panel, £m. */
export interface EnvelopeLineRow {
  envelope: string;
  year: string;
  series: string;
  value: number;
}

/** One bar of the settlement panel, £m. */
export interface EnvelopeBarRow {
  envelope: string;
  year: string;
  measure: string;
  order: number;
  value: number;
}

export const ENVELOPE = 'Capitated envelope';
export const COST = "Provider's cost";
export const TARIFF = 'Tariff income (PbR)';
export const MARGIN = 'Margin before settlement';
export const SETTLEMENT = 'Settlement (+ to provider)';
export const FINAL = 'Final margin';

const SERIES = [ENVELOPE, COST, TARIFF];
const STROKES = [HUE.ink, HUE.dark, HUE.mid];
const DASHES = [[...DASH.solid], [...DASH.dashed], [...DASH.dotted]];
const SHAPES = ['circle', 'square', 'triangle-up'];
const MEASURES = [MARGIN, SETTLEMENT, FINAL];
const BAR_FILLS = [HUE.light, HUE.white, HUE.ink];
const BAR_HEIGHT = 170;

/** The rows of one envelope's two panels, £m. */
export function envelopeRows(e: EnvelopeResult, years: string[]): { lines: EnvelopeLineRow[]; bars: EnvelopeBarRow[] } {
  const lines = years.flatMap((year, t) => [
    { envelope: e.name, year, series: ENVELOPE, value: toM(e.envelope[t]!) },
    { envelope: e.name, year, series: COST, value: toM(e.cost[t]!) },
    { envelope: e.name, year, series: TARIFF, value: toM(e.tariffIncome[t]!) },
  ]);
  const bars = years.flatMap((year, t) => [
    { envelope: e.name, year, measure: MARGIN, order: 0, value: toM(e.margin[t]!) },
    { envelope: e.name, year, measure: SETTLEMENT, order: 1, value: toM(e.settlement[t]!) },
    { envelope: e.name, year, measure: FINAL, order: 2, value: toM(e.finalMargin[t]!) },
  ]);
  return { lines, bars };
}

/** End-of-line label positions, pushed apart so that labels do not overlap (in £m, `gap` apart at least). */
function spreadLabels(items: { series: string; value: number }[], gap: number): { series: string; value: number; at: number }[] {
  const sorted = items.map((x) => ({ ...x, at: x.value })).sort((a, b) => a.at - b.at);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.at - sorted[i - 1]!.at < gap) sorted[i]!.at = sorted[i - 1]!.at + gap;
  // Centre the group again on the values it labels.
  const shift = (sum(sorted.map((x) => x.at)) - sum(sorted.map((x) => x.value))) / (sorted.length || 1);
  for (const x of sorted) x.at -= shift;
  return sorted;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function envelopeSections(r: Results, e: EnvelopeResult, prefix: string) {
  const { lines, bars } = envelopeRows(e, r.years);
  const d = decimalsFor([...lines.map((x) => x.value), ...bars.map((x) => x.value)]);
  const t = r.years.length - 1;
  const ends = lines.filter((x) => x.year === r.horizon);
  const lo = Math.min(...lines.map((x) => x.value));
  const hi = Math.max(...lines.map((x) => x.value));
  const labels = spreadLabels(ends, Math.max((hi - lo) * 0.075, 1e-9)).map((x) => ({ ...x, year: r.horizon }));
  const panelTitle = (text: string) => ({ text: wrap(`${prefix}${text}`, 80), anchor: 'start' as const, fontSize: 12, fontWeight: 'bold' as const, offset: 4 });
  const x = (labels: boolean) => ({ field: 'year', type: 'ordinal' as const, sort: r.years, scale: { domain: r.years }, axis: labels ? yearAxis(r.years) : { title: null, labels: false, ticks: false } });
  const y = { field: 'value', type: 'quantitative' as const, title: '£m', scale: { zero: false }, axis: { format: axisFormat(d) } };
  const stroke = { field: 'series', type: 'nominal' as const, scale: { domain: SERIES, range: STROKES }, legend: null };

  const linesPanel = {
    title: panelTitle('Envelope against cost and against tariff income'),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: lines },
        layer: [
          {
            mark: { type: 'line' as const, strokeWidth: 2.2 },
            encoding: {
              x: x(false),
              y,
              stroke,
              strokeDash: { field: 'series', type: 'nominal' as const, scale: { domain: SERIES, range: DASHES }, legend: null },
            },
          },
          {
            mark: { type: 'point' as const, filled: true, size: 34 },
            encoding: {
              x: x(false),
              y,
              fill: { field: 'series', type: 'nominal' as const, scale: { domain: SERIES, range: STROKES }, legend: null },
              shape: { field: 'series', type: 'nominal' as const, scale: { domain: SERIES, range: SHAPES }, legend: null },
              tooltip: [
                { field: 'series', type: 'nominal' as const, title: 'Series' },
                { field: 'year', type: 'ordinal' as const },
                { field: 'value', type: 'quantitative' as const, title: '£m', format: labelFormat(d) },
              ],
            },
          },
        ],
      },
      {
        data: { values: labels },
        mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 10, fontSize: 11, fontWeight: 'bold' as const, color: GREY.ink },
        encoding: {
          x: x(false),
          y: { field: 'at', type: 'quantitative' as const },
          text: { field: 'series', type: 'nominal' as const },
        },
      },
    ],
  };

  const barsPanel = {
    title: panelTitle('Margin before settlement, settlement, and final margin (+ provider gains, − provider loses)'),
    width: WIDTH,
    height: BAR_HEIGHT,
    data: { values: bars.filter((b) => b.value !== 0) },
    layer: [
      {
        mark: { type: 'bar' as const, stroke: GREY.ink, strokeWidth: 1 },
        encoding: {
          x: x(true),
          xOffset: { field: 'measure', type: 'nominal' as const, sort: MEASURES, scale: { domain: MEASURES } },
          y: { field: 'value', type: 'quantitative' as const, title: '£m', axis: { format: axisFormat(d) } },
          fill: { field: 'measure', type: 'nominal' as const, title: null, scale: { domain: MEASURES, range: BAR_FILLS }, legend: { symbolType: 'square', symbolSize: 160, symbolStrokeColor: HUE.ink, symbolStrokeWidth: 1 } },
          tooltip: [
            { field: 'measure', type: 'nominal' as const, title: 'Measure' },
            { field: 'year', type: 'ordinal' as const },
            { field: 'value', type: 'quantitative' as const, title: '£m', format: labelFormat(d, true) },
          ],
        },
      },
      { mark: { type: 'rule' as const, color: GREY.mid, strokeWidth: 1 }, encoding: { y: { datum: 0, type: 'quantitative' as const } } },
    ],
  };

  // Description with real numbers.
  const name = (id: string) => orgName(r, id);
  const m = (a: number[]) => toM(a[t]!);
  // Years in which cost exceeds the envelope by at least what the chart's labels show (no £13 rounding residues).
  const short = e.margin.filter((v) => Number(toM(v).toFixed(d)) < 0).length;
  const firstSettle = r.years.find((_, i) => toM(e.settlement[i]!) !== 0);
  const description =
    `${e.name} (${name(e.commissioner)} to ${name(e.provider)}): in ${r.horizon} the envelope is ${fmtM(m(e.envelope), d)} against the provider's cost of ${fmtM(m(e.cost), d)} ` +
    `and tariff income of ${fmtM(m(e.tariffIncome), d)}; the margin before settlement is ${fmtM(m(e.margin), d, true)}, the settlement ${fmtM(m(e.settlement), d, true)} ` +
    `and the final margin ${fmtM(m(e.finalMargin), d, true)}. Cost exceeds the envelope in ${short} of ${r.years.length} years` +
    (firstSettle ? `; settlements are paid from ${firstSettle}.` : '; no settlement is paid in any year.');
  return { sections: [linesPanel, barsPanel], description };
}

/**
 * A capitated envelope by financial year, £m: the envelope (solid, circles),
 * the provider's cost of the scope (dashed, squares) and the tariff income the
 * same activity would have earned (dotted, triangles), each labelled at its
 * end; below, grouped bars of the margin before settlement (light), the
 * settlement (white, outlined) and the final margin (dark). Without
 * `envelope`, every envelope is drawn, one below the other.
 */
export function envelopeChart(r: Results, opts: EnvelopeOptions = {}): TopLevelSpec {
  const envs = opts.envelope === undefined ? r.envelopes : r.envelopes.filter((e) => e.id === opts.envelope);
  if (opts.envelope !== undefined && envs.length === 0) throw new Error(`no envelope '${opts.envelope}' in scenario '${r.scenario}'`);
  if (envs.length === 0) throw new Error(`scenario '${r.scenario}' has no capitated envelopes`);
  const many = envs.length > 1;
  const built = envs.map((e) => envelopeSections(r, e, many ? `${e.name}. ` : ''));
  const name = (id: string) => orgName(r, id);
  const text = many ? 'Capitated envelopes against cost and tariff' : `Capitated envelope: ${envs[0]!.name}`;
  const notes = [
    ...envs.map((e) => `${e.name}: ${name(e.commissioner)} pays ${name(e.provider)}; ${e.services.length} services in scope.`),
    'Tariff income: what the same activity would have earned under Payment by Results. Margin = envelope − cost; final margin = payment − cost after the settlement.',
  ];
  return {
    ...frame(text, subtitle(r, '£m', notes), built.map((b) => b.description).join(' ')),
    vconcat: built.flatMap((b) => b.sections) as never,
    spacing: 16,
    resolve: { scale: { fill: 'independent', shape: 'independent', stroke: 'independent', strokeDash: 'independent' }, legend: { fill: 'independent' } },
  };
}
