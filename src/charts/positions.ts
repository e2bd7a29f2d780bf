/**
 * Organisation positions by year (who gains, who loses), optionally for
 * several payment models side by side.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../results/summary.js';
import { GREY, WIDTH, axisFormat, decimalsFor, fmtM, frame, subtitle, toM, wrap, yearAxis, HUE } from './common.js';

/** One set of results to show, under a label (e.g. a payment model). */
export interface LabelledResults {
  label: string;
  results: Results;
}

const GAINS = 'Surplus (gains)';
const LOSES = 'Deficit (loses)';

/**
 * Organisation positions (funding + income − payments − cost − investment) by
 * financial year, £m: one row per organisation with its own scale, one column
 * per labelled result (e.g. payment model) sharing that scale so columns
 * compare directly. Surpluses are white bars with a dark outline, deficits
 * solid dark bars. Organisations whose position is zero throughout in every
 * input are left out (and the caption says so).
 */
export function positionsChart(input: Results | LabelledResults[]): TopLevelSpec {
  const sets: LabelledResults[] = Array.isArray(input) ? input : [{ label: input.scenario, results: input }];
  if (sets.length === 0) throw new Error('positionsChart needs at least one set of results');
  const first = sets[0]!.results;
  const labels = sets.map((s) => s.label);
  const years = first.years;
  // Organisations in order of first appearance.
  const orgs = new Map<string, string>();
  for (const s of sets) for (const o of s.results.organisations) if (!orgs.has(o.id)) orgs.set(o.id, o.name);
  const rows: { label: string; org: string; year: string; value: number; sign: string }[] = [];
  const nonZero = new Set<string>();
  for (const s of sets)
    for (const o of s.results.organisations)
      s.results.years.forEach((year, t) => {
        const value = toM(o.position[t]!);
        if (value !== 0) nonZero.add(o.id);
        rows.push({ label: s.label, org: o.id, year, value, sign: value < 0 ? LOSES : GAINS });
      });
  const shown = [...orgs.keys()].filter((id) => nonZero.has(id));
  const omitted = [...orgs.keys()].filter((id) => !nonZero.has(id));
  const data = rows.filter((x) => nonZero.has(x.org));
  const d = decimalsFor(data.map((x) => x.value));

  // Description: per label, biggest loser and gainer at the horizon.
  const perLabel = sets.map((s) => {
    const r = s.results;
    const t = r.years.length - 1;
    const pos = r.organisations.map((o) => ({ name: o.name, v: toM(o.position[t]!) })).sort((a, b) => a.v - b.v);
    const worst = pos[0];
    const best = pos[pos.length - 1];
    const head = sets.length > 1 ? `${s.label}: in` : 'In';
    if (!worst || !best) return `${head} ${r.horizon} there are no organisations.`;
    const loser = worst.v < 0 ? `${worst.name} has the largest deficit (${fmtM(worst.v, d)})` : 'no organisation is in deficit';
    const gainer = best.v > 0 ? `${best.name} the largest surplus (${fmtM(best.v, d, true)})` : 'no organisation is in surplus';
    return `${head} ${r.horizon} ${loser} and ${gainer}.`;
  });
  const description = `Organisation positions by year, £m. ${perLabel.join(' ')}`;

  const notes = [
    'Position = funding + income − payments − cost − investment. Each organisation has its own scale.',
    ...(omitted.length ? [`Not shown (zero in every year): ${omitted.map((id) => orgs.get(id)).join('; ')}.`] : []),
  ];
  const many = labels.length > 1;
  const cellWidth = many ? Math.max(160, Math.floor((WIDTH - 20 * (labels.length - 1)) / labels.length)) : WIDTH;
  const layer = (i: number) => {
    const lastRow = i === shown.length - 1;
    return [
      {
        mark: { type: 'bar' as const, stroke: GREY.ink, strokeWidth: 1 },
        encoding: {
          x: { field: 'year', type: 'ordinal' as const, sort: years, scale: { domain: years }, axis: lastRow ? yearAxis(years) : { title: null, labels: false, ticks: false } },
          y: { field: 'value', type: 'quantitative' as const, title: '£m', axis: { format: axisFormat(d), tickCount: 3 } },
          fill: { field: 'sign', type: 'nominal' as const, title: null, scale: { domain: [GAINS, LOSES], range: [HUE.white, HUE.dark] }, legend: { symbolType: 'square', symbolSize: 160, symbolStrokeColor: HUE.ink, symbolStrokeWidth: 1 } },
          tooltip: [
            { field: 'year', type: 'ordinal' as const },
            { field: 'value', type: 'quantitative' as const, title: '£m', format: `+,.${d}f` },
          ],
        },
      },
      {
        mark: { type: 'rule' as const, color: GREY.mid, strokeWidth: 1 },
        encoding: { y: { datum: 0, type: 'quantitative' as const } },
      },
    ];
  };
  const rowSpec = (id: string, i: number) => {
    const rowTitle = { text: wrap(orgs.get(id)!, 80), anchor: 'start' as const, fontSize: 12, fontWeight: 'bold' as const, offset: 4 };
    const filter = { filter: { field: 'org', equal: id } };
    if (!many) return { title: rowTitle, transform: [filter], width: cellWidth, height: 70, layer: layer(i) };
    return {
      title: rowTitle,
      transform: [filter],
      facet: { column: { field: 'label', type: 'nominal' as const, sort: labels, title: null, header: i === 0 ? { labelFontWeight: 'bold' as const, labelFontSize: 12 } : { labels: false } } },
      spec: { width: cellWidth, height: 70, layer: layer(i) },
    };
  };
  return {
    ...frame(many ? 'Organisation positions by year, by payment model' : 'Organisation positions by year', subtitle(first, '£m, surplus (+) or deficit (−)', many ? [`Columns: ${labels.join('; ')}.`, ...notes] : notes), description),
    data: { values: data },
    vconcat: shown.map(rowSpec),
    spacing: 14,
    resolve: { scale: { y: 'independent' } },
  };
}
