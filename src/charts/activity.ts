/**
 * Activity by setting over time, acute against community, as a volume index
 * (base year = 100).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Results, ServiceResult } from '../results/summary.js';
import { DASH, GREY, HEIGHT, WIDTH, frame, subtitle, yearAxis, HUE } from './common.js';

export interface ActivityOptions {
  /** Settings to draw, in order; default acute and community (those present). */
  settings?: string[];
}

const SCENARIO = 'Scenario';
const DO_NOTHING = 'Do nothing';
const SHADES = [HUE.ink, HUE.mid, HUE.dark, HUE.light];
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond'];

/** A service's unit cost used as its weight: base-year cost per unit, or the first year with activity. */
function weight(s: ServiceResult): number {
  for (let t = 0; t < s.activity.length; t++) {
    const a = s.activity[t]!;
    if (a > 0) return s.cost[t]! / a;
  }
  return 0;
}

/**
 * Volume index by setting and year (base year = 100): each service's activity
 * weighted by its base-year unit cost, so different units (admissions, bed
 * days, contacts) add up and price inflation does not count as growth.
 * `null` where the setting has no activity in the base year.
 */
export function activityIndex(r: Results, setting: string, which: 'activity' | 'doNothingActivity' = 'activity'): (number | null)[] {
  const svcs = r.services.filter((s) => s.setting === setting);
  const w = svcs.map(weight);
  const vol = r.years.map((_, t) => svcs.reduce((a, s, i) => a + s[which][t]! * w[i]!, 0));
  const base = svcs.reduce((a, s, i) => a + s.activity[0]! * w[i]!, 0);
  return vol.map((v) => (base > 0 ? Math.round((v / base) * 1000) / 10 : null));
}

const nice = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).replace(/-/g, ' ') : s);

/**
 * Activity by setting (acute against community by default) as a volume index,
 * base year = 100: one line per setting, told apart by shade, point shape and
 * a direct label; with schemes, the do-nothing path of each setting is dashed.
 * An index is used rather than £m so that price inflation and capacity steps
 * do not blur the shift of activity between settings.
 */
export function activityChart(r: Results, opts: ActivityOptions = {}): TopLevelSpec {
  const present = new Set(r.services.map((s) => s.setting));
  const settings = (opts.settings ?? ['acute', 'community']).filter((s) => present.has(s) && activityIndex(r, s)[0] !== null);
  const withSchemes = r.schemes.length > 0;
  const rows: { year: string; setting: string; path: string; index: number }[] = [];
  const series = new Map<string, (number | null)[]>();
  for (const s of settings) {
    const idx = activityIndex(r, s);
    series.set(s, idx);
    r.years.forEach((year, t) => {
      if (idx[t] !== null) rows.push({ year, setting: nice(s), path: SCENARIO, index: idx[t]! });
    });
    if (withSchemes) {
      const dn = activityIndex(r, s, 'doNothingActivity');
      r.years.forEach((year, t) => {
        if (dn[t] !== null) rows.push({ year, setting: nice(s), path: DO_NOTHING, index: dn[t]! });
      });
    }
  }
  const last = r.years.length - 1;
  const horizon = r.horizon;
  const parts = settings.map((s) => {
    const v = series.get(s)![last]!;
    const dn = withSchemes ? (activityIndex(r, s, 'doNothingActivity')[last] ?? null) : null;
    return `${nice(s).toLowerCase()} ${v.toFixed(1)}${dn !== null ? ` (do nothing ${dn.toFixed(1)})` : ''}`;
  });
  const description = settings.length
    ? `Activity volume by setting, weighted by base-year unit costs, indexed to ${r.baseYear} = 100: by ${horizon} the index reaches ${parts.join(' and ')}. ` +
      `An index is shown rather than £m so that different units can be added and inflation is not counted as growth.`
    : `No ${(opts.settings ?? ['acute', 'community']).join(' or ')} activity in ${r.baseYear} to index.`;
  const names = settings.map(nice);
  const paths = withSchemes ? [SCENARIO, DO_NOTHING] : [SCENARIO];
  const x = { field: 'year', type: 'ordinal' as const, sort: r.years, scale: { domain: r.years }, axis: yearAxis(r.years) };
  const y = { field: 'index', type: 'quantitative' as const, title: `Index, ${r.baseYear} = 100`, scale: { zero: false } };
  const shade = { field: 'setting', type: 'nominal' as const, title: 'Setting', scale: { domain: names, range: SHADES.slice(0, names.length) } };
  return {
    ...frame(
      'Activity by setting',
      subtitle({ scenario: r.scenario, file: r.file }, `Volume index, ${r.baseYear} = 100: each service's activity weighted by its ${r.baseYear} unit cost (so not affected by price inflation)`),
      description,
    ),
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    layer: [
      {
        data: { values: [{ base: 100 }] },
        mark: { type: 'rule', color: GREY.light, strokeWidth: 1 },
        encoding: { y: { field: 'base', type: 'quantitative' } },
      },
      {
        mark: { type: 'line', strokeWidth: 2.2 },
        encoding: {
          x,
          y,
          stroke: { ...shade },
          strokeDash: { field: 'path', type: 'nominal', title: null, scale: { domain: paths, range: [[...DASH.solid], [...DASH.dashed]].slice(0, paths.length) }, legend: withSchemes ? { symbolType: 'stroke', symbolSize: 500 } : null },
          detail: { field: 'path', type: 'nominal' },
        },
      },
      {
        transform: [{ filter: { field: 'path', equal: SCENARIO } }],
        mark: { type: 'point', filled: true, size: 36 },
        encoding: {
          x,
          y,
          fill: { ...shade },
          shape: { field: 'setting', type: 'nominal', title: 'Setting', scale: { domain: names, range: SHAPES.slice(0, names.length) } },
          tooltip: [
            { field: 'setting', type: 'nominal' },
            { field: 'year', type: 'ordinal' },
            { field: 'index', type: 'quantitative', format: '.1f' },
          ],
        },
      },
      {
        transform: [{ filter: { and: [{ field: 'path', equal: SCENARIO }, { field: 'year', equal: horizon }] } }],
        mark: { type: 'text', align: 'left', dx: 8, fontSize: 11, fontWeight: 'bold', color: GREY.ink },
        encoding: { x, y, text: { field: 'setting', type: 'nominal' } },
      },
    ],
  };
}
