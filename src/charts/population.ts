/**
 * The population's age structure at the base year and at the horizon.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../results/summary.js';
import { GREY, WIDTH, fmtN, frame, subtitle, HUE } from './common.js';

export interface PopulationOptions {
  /** Years to compare; default base year and horizon. */
  from?: string;
  to?: string;
}

/** The first age in a band label such as "65-69" or "90+", or null. */
function lowerAge(band: string): number | null {
  const m = /^(\d+)/.exec(band.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Residents by age band in two years (default base year and horizon), drawn
 * like one side of a population pyramid: bands run from the oldest at the top
 * to the youngest at the bottom, the earlier year as light bars with an
 * outline, the later year as dark bars beside them.
 */
export function populationChart(r: Results, opts: PopulationOptions = {}): TopLevelSpec {
  const from = opts.from ?? r.baseYear;
  const to = opts.to ?? r.horizon;
  const t0 = r.years.indexOf(from);
  const t1 = r.years.indexOf(to);
  if (t0 < 0 || t1 < 0) throw new Error(`year ${t0 < 0 ? from : to} is not in the projection`);
  const bands = r.population.bands;
  const pick = (t: number) => r.population.byBand[t]!;
  const rows = (t0 === t1 ? [t0] : [t0, t1]).flatMap((t) => bands.map((band, a) => ({ band, year: r.years[t]!, people: Math.round(pick(t)[a]!) })));
  const tot0 = r.population.total[t0]!;
  const tot1 = r.population.total[t1]!;
  const pct = (a: number, b: number) => (a > 0 ? `${b >= a ? '+' : '−'}${Math.abs(((b - a) / a) * 100).toFixed(1)}%` : 'n/a');
  // Older people: bands from 65 when bands are numeric; else the fastest-growing band.
  const older = bands.map((b, a) => ({ b, a, age: lowerAge(b) })).filter((x) => x.age !== null && x.age >= 65);
  let detail: string;
  if (older.length) {
    const o0 = older.reduce((s, x) => s + pick(t0)[x.a]!, 0);
    const o1 = older.reduce((s, x) => s + pick(t1)[x.a]!, 0);
    const oldest = older[older.length - 1]!;
    detail =
      `People aged 65 and over go from ${fmtN(o0)} to ${fmtN(o1)} (${pct(o0, o1)}), ${((o0 / tot0) * 100).toFixed(1)}% to ${((o1 / tot1) * 100).toFixed(1)}% of residents; ` +
      `the ${oldest.b} band changes by ${pct(pick(t0)[oldest.a]!, pick(t1)[oldest.a]!)}.`;
  } else {
    const growth = bands.map((b, a) => ({ b, g: pick(t0)[a]! > 0 ? pick(t1)[a]! / pick(t0)[a]! : 0 })).sort((x, y) => y.g - x.g);
    detail = growth[0] ? `The ${growth[0].b} band changes most (${pct(1, growth[0].g)}).` : '';
  }
  const description = `The population ${tot1 >= tot0 ? 'grows' : 'falls'} from ${fmtN(tot0)} in ${from} to ${fmtN(tot1)} in ${to} (${pct(tot0, tot1)}). ${detail}`.trim();
  const order = [...bands].reverse();
  const years = from === to ? [from] : [from, to];
  return {
    ...frame(`Population by age band, ${from} and ${to}`, subtitle({ scenario: r.scenario, file: r.file }, 'Residents (people), by age band'), description),
    width: WIDTH - 120,
    height: Math.max(120, bands.length * 22),
    data: { values: rows },
    mark: { type: 'bar', stroke: GREY.ink, strokeWidth: 0.8 },
    encoding: {
      y: { field: 'band', type: 'ordinal', sort: order, title: 'Age band' },
      yOffset: { field: 'year', type: 'nominal', sort: years, scale: { domain: years } },
      x: { field: 'people', type: 'quantitative', title: 'People', axis: { format: ',.0f' } },
      fill: { field: 'year', type: 'nominal', title: null, sort: years, scale: { domain: years, range: [HUE.white, HUE.dark] }, legend: { symbolType: 'square', symbolSize: 160, symbolStrokeColor: HUE.ink, symbolStrokeWidth: 1 } },
      tooltip: [
        { field: 'band', type: 'ordinal', title: 'Age band' },
        { field: 'year', type: 'nominal' },
        { field: 'people', type: 'quantitative', format: ',.0f' },
      ],
    },
  };
}
