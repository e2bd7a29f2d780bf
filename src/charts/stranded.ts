/**
 * Stranded cost by provider and year: fixed cost left behind when activity
 * falls faster than capacity can be released.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../results/summary.js';
import { GREY, HEIGHT, WIDTH, axisFormat, decimalsFor, fmtM, frame, subtitle, toM, yearAxis, HUE } from './common.js';

/** Most providers drawn separately; the rest are added up as "Other providers". */
const MAX_PROVIDERS = 5;
const FILLS = [HUE.ink, HUE.white, HUE.mid, HUE.faint, HUE.dark, HUE.light];

/** Stranded cost by provider (organisation id → name) and year, £. */
export function strandedByProvider(r: Results): { id: string; name: string; stranded: number[] }[] {
  const names = new Map(r.organisations.map((o) => [o.id, o.name]));
  const by = new Map<string, number[]>();
  for (const s of r.services) {
    const acc = by.get(s.provider) ?? new Array<number>(r.years.length).fill(0);
    s.stranded.forEach((v, t) => (acc[t]! += v));
    by.set(s.provider, acc);
  }
  return [...by].map(([id, stranded]) => ({ id, name: names.get(id) ?? id, stranded }));
}

/** Does the projection strand any cost? */
export function hasStranded(r: Results): boolean {
  return r.services.some((s) => s.stranded.some((v) => v !== 0));
}

/**
 * Stranded cost by provider and financial year, £m, as stacked bars: each
 * provider a different grey with a dark outline (white, mid, light... never
 * colour alone), totals labelled above each bar. Providers with no stranded
 * cost are left out; beyond five, the smallest are grouped.
 */
export function strandedChart(r: Results): TopLevelSpec {
  let provs = strandedByProvider(r)
    .filter((p) => p.stranded.some((v) => v !== 0))
    .sort((a, b) => b.stranded.reduce((x, y) => x + y, 0) - a.stranded.reduce((x, y) => x + y, 0));
  if (provs.length > MAX_PROVIDERS) {
    const rest = provs.slice(MAX_PROVIDERS - 1);
    provs = [...provs.slice(0, MAX_PROVIDERS - 1), { id: 'other', name: 'Other providers', stranded: r.years.map((_, t) => rest.reduce((a, p) => a + p.stranded[t]!, 0)) }];
  }
  const rows = provs.flatMap((p, order) => r.years.map((year, t) => ({ year, provider: p.name, order, value: toM(p.stranded[t]!) }))).filter((x) => x.value !== 0);
  const totals = r.years.map((year, t) => ({ year, total: toM(provs.reduce((a, p) => a + p.stranded[t]!, 0)) }));
  const d = decimalsFor(totals.map((x) => x.total));
  const names = provs.map((p) => p.name);
  const peak = totals.reduce((a, b) => (b.total > a.total ? b : a), totals[0] ?? { year: r.horizon, total: 0 });
  const last = totals[totals.length - 1];
  const description = provs.length
    ? (peak.year === r.horizon
        ? `Stranded cost reaches ${fmtM(peak.total, d)} in ${r.horizon}, its highest; `
        : `Stranded cost peaks at ${fmtM(peak.total, d)} in ${peak.year} and is ${fmtM(last?.total ?? 0, d)} in ${r.horizon}; `) +
      `${provs.map((p) => `${p.name} ${fmtM(toM(p.stranded.reduce((a, b) => a + b, 0)), d)}`).join(', ')} over all years.`
    : `No stranded cost in any year from ${r.baseYear} to ${r.horizon}.`;
  const x = { field: 'year', type: 'ordinal' as const, sort: r.years, scale: { domain: r.years }, axis: yearAxis(r.years) };
  return {
    ...frame(
      'Stranded cost by provider',
      subtitle(r, '£m; fixed cost that cannot yet be released as activity falls'),
      description,
    ),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', stroke: GREY.ink, strokeWidth: 1 },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', stack: 'zero', title: '£m', axis: { format: axisFormat(d) } },
          fill: { field: 'provider', type: 'nominal', title: 'Provider', scale: { domain: names, range: FILLS.slice(0, names.length) }, legend: { symbolType: 'square', symbolSize: 160, symbolStrokeColor: HUE.ink, symbolStrokeWidth: 1, direction: 'vertical' } },
          order: { field: 'order', type: 'quantitative' },
          tooltip: [
            { field: 'provider', type: 'nominal' },
            { field: 'year', type: 'ordinal' },
            { field: 'value', type: 'quantitative', title: '£m', format: `,.${d}f` },
          ],
        },
      },
      {
        data: { values: totals.filter((x) => x.total !== 0) },
        mark: { type: 'text', dy: -6, fontSize: 10, color: GREY.ink },
        encoding: { x, y: { field: 'total', type: 'quantitative' }, text: { field: 'total', type: 'quantitative', format: `,.${d}f` } },
      },
    ],
  };
}
