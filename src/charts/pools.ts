/**
 * Pooled budgets: each pool's variance (spend − budget) by year, each
 * partner's share of it, and optionally each partner's exposure as a Monte
 * Carlo distribution for one year.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PoolResult, Results } from '../results/summary.js';
import { GREY, WIDTH, axisFormat, decimalsFor, fmtM, frame, labelFormat, subtitle, toM, wrap, yearAxis, HUE, orgName } from './common.js';

/** A partner's exposure in one year as percentiles, £ (e.g. from a Monte Carlo run). */
export interface ExposurePercentiles {
  /** Pool id; when left out the row applies to whichever pool is drawn. */
  pool?: string;
  /** Partner organisation id (or name). */
  partner: string;
  year: string;
  p10: number;
  p50: number;
  p90: number;
  p95?: number;
}

/** A partner's exposure in one year as per-iteration samples, £. */
export interface ExposureSamples {
  pool?: string;
  partner: string;
  year: string;
  samples: number[];
}

/** Partners' exposure (their share of a pool's variance: + pays, − receives), percentiles or samples, £. */
export type PoolExposure = (ExposurePercentiles | ExposureSamples)[];

export interface PoolOptions {
  /** Pool id; default every pool, one section each. */
  pool?: string;
  /** Partners' exposure distributions, drawn for `exposureYear`. */
  exposure?: PoolExposure;
  /** Year of the exposure panel; default the horizon if the exposure has it, else its latest year. */
  exposureYear?: string;
}

/** One row of the variance panel, £m. */
export interface PoolVarianceRow {
  pool: string;
  year: string;
  variance: number;
  sign: string;
}

/** One row of the partner-share panel, £m. */
export interface PoolShareRow {
  pool: string;
  year: string;
  partner: string;
  order: number;
  share: number;
}

/** One partner's exposure in the chosen year, £m. */
export interface PoolExposureRow {
  pool: string;
  year: string;
  partner: string;
  p10: number;
  p50: number;
  p90: number;
  p95: number | null;
}

const OVER = 'Overspend (+)';
const UNDER = 'Underspend (−)';
const RANGE = '10th–90th percentile';
const MEDIAN = 'Median';
const P95 = '95th percentile';
const FILLS = [HUE.ink, HUE.white, HUE.mid, HUE.faint, HUE.dark, HUE.light];
const PANEL_HEIGHT = 150;

/** Linear-interpolation quantile of sorted values (type 7, as numpy/R default). */
function quantileSorted(s: number[], p: number): number {
  if (s.length === 0) return Number.NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

function percentilesOf(e: ExposurePercentiles | ExposureSamples): { p10: number; p50: number; p90: number; p95: number | null } {
  if ('samples' in e) {
    const s = e.samples.filter(Number.isFinite).sort((a, b) => a - b);
    if (s.length === 0) throw new Error(`pool exposure for ${e.partner} in ${e.year} has no finite samples`);
    return { p10: quantileSorted(s, 0.1), p50: quantileSorted(s, 0.5), p90: quantileSorted(s, 0.9), p95: quantileSorted(s, 0.95) };
  }
  return { p10: e.p10, p50: e.p50, p90: e.p90, p95: e.p95 ?? null };
}

/** The variance and partner-share rows of one pool, £m. Partner shares add up to the variance in every year. */
export function poolRows(p: PoolResult, years: string[]): { variance: PoolVarianceRow[]; shares: PoolShareRow[] } {
  const variance = years.map((year, t) => {
    const v = toM(p.variance[t]!);
    return { pool: p.name, year, variance: v, sign: v < 0 ? UNDER : OVER };
  });
  const shares = p.partners.flatMap((o, order) => years.map((year, t) => ({ pool: p.name, year, partner: o.name, order, share: toM(o.share[t]!) })));
  return { variance, shares };
}

/** The exposure rows of one pool for `year`, £m, in partner order. */
export function poolExposureRows(p: PoolResult, exposure: PoolExposure, year: string): PoolExposureRow[] {
  const rows: PoolExposureRow[] = [];
  for (const o of p.partners) {
    const e = exposure.find((x) => (x.pool === undefined || x.pool === p.id) && x.year === year && (x.partner === o.id || x.partner === o.name));
    if (!e) continue;
    const q = percentilesOf(e);
    rows.push({ pool: p.name, year, partner: o.name, p10: toM(q.p10), p50: toM(q.p50), p90: toM(q.p90), p95: q.p95 === null ? null : toM(q.p95) });
  }
  return rows;
}

/** The exposure year: the one asked for, else the horizon if present, else the latest year in the exposure. */
function exposureYearFor(r: Results, p: PoolResult, exposure: PoolExposure, asked?: string): string | undefined {
  const mine = exposure.filter((x) => x.pool === undefined || x.pool === p.id);
  if (asked) return asked;
  const years = new Set(mine.map((x) => x.year));
  if (years.has(r.horizon)) return r.horizon;
  return [...r.years].reverse().find((y) => years.has(y));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The sections (panels) of one pool. */
function poolSections(r: Results, p: PoolResult, opts: PoolOptions, prefix: string) {
  const { variance, shares } = poolRows(p, r.years);
  const year = opts.exposure ? exposureYearFor(r, p, opts.exposure, opts.exposureYear) : undefined;
  const exposure = opts.exposure && year ? poolExposureRows(p, opts.exposure, year) : [];
  const d = decimalsFor([...variance.map((x) => x.variance), ...exposure.flatMap((x) => [x.p10, x.p90, x.p95 ?? 0])]);
  const partners = p.partners.map((o) => o.name);

  // One y domain for both panels: variance bars and the stacks of shares (positive and negative separately).
  let lo = 0;
  let hi = 0;
  r.years.forEach((_, t) => {
    const v = toM(p.variance[t]!);
    const pos = sum(p.partners.map((o) => Math.max(0, toM(o.share[t]!))));
    const neg = sum(p.partners.map((o) => Math.min(0, toM(o.share[t]!))));
    lo = Math.min(lo, v, neg);
    hi = Math.max(hi, v, pos);
  });
  if (lo === 0 && hi === 0) hi = 1;
  const yScale = { domain: [lo, hi], nice: true };
  const xTop = { field: 'year', type: 'ordinal' as const, sort: r.years, scale: { domain: r.years }, axis: { title: null, labels: false, ticks: false } };
  const xBottom = { field: 'year', type: 'ordinal' as const, sort: r.years, scale: { domain: r.years }, axis: yearAxis(r.years) };
  const zero = { mark: { type: 'rule' as const, color: GREY.mid, strokeWidth: 1 }, encoding: { y: { datum: 0, type: 'quantitative' as const } } };
  const panelTitle = (text: string) => ({ text: wrap(`${prefix}${text}`, 80), anchor: 'start' as const, fontSize: 12, fontWeight: 'bold' as const, offset: 4 });
  const drawn = variance.filter((x) => x.variance !== 0);

  const variancePanel = {
    title: panelTitle('Variance: spend − budget (+ overspend, − underspend)'),
    width: WIDTH,
    height: PANEL_HEIGHT,
    data: { values: drawn },
    layer: [
      {
        mark: { type: 'bar' as const, stroke: GREY.ink, strokeWidth: 1 },
        encoding: {
          x: xTop,
          y: { field: 'variance', type: 'quantitative' as const, title: '£m', scale: yScale, axis: { format: axisFormat(d), tickCount: 4 } },
          fill: { field: 'sign', type: 'nominal' as const, title: null, scale: { domain: [OVER, UNDER], range: [HUE.dark, HUE.white] }, legend: { symbolType: 'square', symbolSize: 160, symbolStrokeColor: HUE.ink, symbolStrokeWidth: 1 } },
          tooltip: [
            { field: 'year', type: 'ordinal' as const },
            { field: 'variance', type: 'quantitative' as const, title: 'Variance, £m', format: labelFormat(d, true) },
          ],
        },
      },
      zero,
      {
        transform: [{ filter: 'datum.variance > 0' }],
        mark: { type: 'text' as const, dy: -6, fontSize: 10, color: GREY.ink },
        encoding: { x: xTop, y: { field: 'variance', type: 'quantitative' as const }, text: { field: 'variance', type: 'quantitative' as const, format: labelFormat(d) } },
      },
      {
        transform: [{ filter: 'datum.variance < 0' }],
        mark: { type: 'text' as const, dy: 8, baseline: 'top' as const, fontSize: 10, color: GREY.ink },
        encoding: { x: xTop, y: { field: 'variance', type: 'quantitative' as const }, text: { field: 'variance', type: 'quantitative' as const, format: labelFormat(d) } },
      },
    ],
  };

  const sharesPanel = {
    title: panelTitle("Each partner's share of the variance (+ pays, − receives)"),
    width: WIDTH,
    height: PANEL_HEIGHT,
    data: { values: shares.filter((x) => x.share !== 0) },
    layer: [
      {
        mark: { type: 'bar' as const, stroke: GREY.ink, strokeWidth: 1 },
        encoding: {
          x: xBottom,
          y: { field: 'share', type: 'quantitative' as const, stack: 'zero' as const, title: '£m', scale: yScale, axis: { format: axisFormat(d), tickCount: 4 } },
          fill: { field: 'partner', type: 'nominal' as const, title: 'Partner', scale: { domain: partners, range: FILLS.slice(0, partners.length) }, legend: { symbolType: 'square', symbolSize: 160, symbolStrokeColor: HUE.ink, symbolStrokeWidth: 1, direction: 'vertical' as const, labelLimit: 480 } },
          order: { field: 'order', type: 'quantitative' as const },
          tooltip: [
            { field: 'partner', type: 'nominal' as const },
            { field: 'year', type: 'ordinal' as const },
            { field: 'share', type: 'quantitative' as const, title: 'Share, £m', format: labelFormat(d, true) },
          ],
        },
      },
      zero,
    ],
  };

  const sections: object[] = [variancePanel, sharesPanel];
  if (exposure.length) {
    const points = exposure.flatMap((e) => [
      { partner: e.partner, stat: MEDIAN, value: e.p50 },
      ...(e.p95 !== null ? [{ partner: e.partner, stat: P95, value: e.p95 }] : []),
    ]);
    const stats = exposure.some((e) => e.p95 !== null) ? [MEDIAN, P95] : [MEDIAN];
    // Partner names are written above their bars (axis labels would be truncated for long names).
    const y = { field: 'partner', type: 'nominal' as const, sort: partners, title: null, axis: { labels: false, ticks: false, domain: false } };
    const rows = exposure.map((e) => ({ ...e, band: RANGE, end: Math.max(e.p90, e.p95 ?? e.p90), label: `median ${fmtM(e.p50, d, true)}` }));
    sections.push({
      title: panelTitle(`Each partner's exposure in ${year}: Monte Carlo distribution of its share`),
      width: WIDTH,
      height: { step: 44 },
      layer: [
        {
          data: { values: rows },
          layer: [
            {
              mark: { type: 'bar' as const, height: 14, stroke: GREY.ink, strokeWidth: 1 },
              encoding: {
                y,
                x: { field: 'p10', type: 'quantitative' as const, title: '£m (+ pays, − receives)', axis: { format: axisFormat(d) } },
                x2: { field: 'p90' },
                fill: { field: 'band', type: 'nominal' as const, title: null, scale: { domain: [RANGE], range: [HUE.light] }, legend: { symbolType: 'square', symbolSize: 160, symbolStrokeColor: HUE.ink, symbolStrokeWidth: 1 } },
                tooltip: [
                  { field: 'partner', type: 'nominal' as const },
                  { field: 'p10', type: 'quantitative' as const, title: 'p10, £m', format: labelFormat(d, true) },
                  { field: 'p50', type: 'quantitative' as const, title: 'p50, £m', format: labelFormat(d, true) },
                  { field: 'p90', type: 'quantitative' as const, title: 'p90, £m', format: labelFormat(d, true) },
                ],
              },
            },
            {
              mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 10, fontSize: 10, color: GREY.ink },
              encoding: { y, x: { field: 'end', type: 'quantitative' as const }, text: { field: 'label', type: 'nominal' as const } },
            },
            {
              mark: { type: 'text' as const, align: 'left' as const, baseline: 'bottom' as const, dy: -9, fontSize: 11, fontWeight: 'bold' as const, color: GREY.ink },
              encoding: { y, x: { value: 0 }, text: { field: 'partner', type: 'nominal' as const } },
            },
          ],
        },
        {
          data: { values: points },
          mark: { type: 'point' as const, filled: true, size: 90, color: GREY.ink, stroke: GREY.white, strokeWidth: 0.8 },
          encoding: {
            y,
            x: { field: 'value', type: 'quantitative' as const },
            shape: { field: 'stat', type: 'nominal' as const, title: null, scale: { domain: stats, range: ['circle', 'triangle-right'].slice(0, stats.length) } },
          },
        },
        { mark: { type: 'rule' as const, color: GREY.mid, strokeWidth: 1 }, encoding: { x: { datum: 0, type: 'quantitative' as const } } },
      ],
    });
  }

  // Description with real numbers.
  const t = r.years.length - 1;
  const vH = toM(p.variance[t]!);
  const overYears = variance.filter((x) => x.variance > 0).length;
  const underYears = variance.filter((x) => x.variance < 0).length;
  const peak = variance.reduce((a, b) => (Math.abs(b.variance) > Math.abs(a.variance) ? b : a), variance[0]!);
  const horizonShares = p.partners.map((o) => `${o.name} ${fmtM(toM(o.share[t]!), d, true)}`).join(', ');
  const head = vH === 0 ? `${p.name}: spend matches the budget in ${r.horizon}` : `${p.name}: ${vH > 0 ? 'an overspend' : 'an underspend'} of ${fmtM(Math.abs(vH), d)} in ${r.horizon}`;
  const peakText = peak.year !== r.horizon && peak.variance !== 0 ? ` (largest variance ${fmtM(peak.variance, d, true)} in ${peak.year})` : '';
  const parts = [
    `${head}${peakText}; overspent in ${overYears} and underspent in ${underYears} of ${r.years.length} years.`,
    vH === 0 ? '' : `Shares in ${r.horizon}: ${horizonShares}.`,
    exposure.length ? `Exposure in ${year}: ${exposure.map((e) => `${e.partner} median ${fmtM(e.p50, d, true)} (p10–p90 ${fmtM(e.p10, d, true)} to ${fmtM(e.p90, d, true)}${e.p95 !== null ? `, p95 ${fmtM(e.p95, d, true)}` : ''})`).join('; ')}.` : '',
  ];
  return { sections, description: parts.filter(Boolean).join(' '), exposed: exposure.length > 0 };
}

/**
 * A pooled budget by financial year, £m: the variance (spend − budget) as bars,
 * overspends dark and underspends white with an outline, labelled; below it,
 * each partner's share of the variance as stacked bars in outlined greys
 * (shares add up to the variance, reserve draw-downs included); and with
 * `exposure`, each partner's exposure in one year: the p10–p90 range as a bar,
 * the median as a dot (labelled) and the p95 as a triangle. Without `pool`,
 * every pool is drawn, one below the other.
 */
export function poolChart(r: Results, opts: PoolOptions = {}): TopLevelSpec {
  const pools = opts.pool === undefined ? r.pools : r.pools.filter((p) => p.id === opts.pool);
  if (opts.pool !== undefined && pools.length === 0) throw new Error(`no pool '${opts.pool}' in scenario '${r.scenario}'`);
  if (pools.length === 0) throw new Error(`scenario '${r.scenario}' has no pooled budgets`);
  const many = pools.length > 1;
  const built = pools.map((p) => poolSections(r, p, opts, many ? `${p.name}. ` : ''));
  const text = many ? 'Pooled budgets: variance and partner shares' : `Pooled budget: ${pools[0]!.name}`;
  const hosts = pools.map((p) => `${p.name}: hosted by ${orgName(r, p.host)}; ${p.services.length} services in scope.`);
  const notes = [
    ...hosts,
    "Partners' shares add up to the variance in each year (reserve draw-downs are charged to the partners that fund the reserve).",
    ...(built.some((b) => b.exposed) ? ['Exposure: Monte Carlo distribution of each partner’s share; bar p10–p90, dot median (labelled), triangle p95.'] : []),
  ];
  return {
    ...frame(text, subtitle(r, '£m, variance = spend − budget (+ overspend, − underspend)', notes), built.map((b) => b.description).join(' ')),
    vconcat: built.flatMap((b) => b.sections) as never,
    spacing: 16,
    resolve: { scale: { fill: 'independent', shape: 'independent' }, legend: { fill: 'independent', shape: 'independent' } },
  };
}
