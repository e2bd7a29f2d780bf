/**
 * Charts: Vega-Lite specs built in code from results, and their rendering.
 *
 * Every chart is a function `(input, options?) => TopLevelSpec` in its own
 * module. Each spec carries a title; a subtitle with the units (£m), the price
 * base, and the scenario (and file) it comes from; financial-year labels on an
 * ordinal axis; and a `description` (alt text) summarising it with real
 * numbers. All are greyscale-safe: series differ by shade *and* by stroke
 * dash, outline, point shape or direct labels, never by colour alone.
 *
 * | name        | module          | input                         | shows |
 * | ----------- | --------------- | ----------------------------- | ----- |
 * | gap         | gap.ts          | Results, { fan? }             | system gap, do-nothing gap (with schemes), Monte Carlo p5–p95 / p10–p90 bands and median |
 * | waterfall   | waterfall.ts    | Results, { year? }            | gap-closure waterfall for one year: do-nothing gap → schemes → investment → residual |
 * | activity    | activity.ts     | Results, { settings? }        | acute vs community activity volume index (base year = 100), do-nothing dashed |
 * | positions   | positions.ts    | Results or {label, results}[] | organisation positions by year, one column per label (e.g. payment model) |
 * | stranded    | stranded.ts     | Results                       | stranded cost by provider and year, stacked |
 * | population  | population.ts   | Results, { from?, to? }       | residents by age band, base year against horizon |
 * | comparison  | comparison.ts   | Comparison, { priceBase? }    | Δ gap by year and Δ organisation positions (B − A) |
 * | per-head    | per-head.ts     | SystemComparison              | gap per head (or weighted head) by year, one line per system |
 * | pool        | pools.ts        | Results, { pool?, exposure? } | pooled-budget variance by year, each partner's share, optional partner exposure (p10–p90, median, p95) |
 * | envelope    | envelope.ts     | Results, { envelope? }        | capitated envelope vs provider cost vs tariff income; margin, settlement, final margin |
 * | capacity    | capacity.ts     | Results, { line? }            | beds needed (do nothing, with schemes) against beds available; years over capacity marked |
 * | places      | places.ts       | Results, { year?, max? }      | do-nothing and residual gap by place in one year (places sum to the system) |
 * | s-curve     | s-curve.ts      | Results, { analysis } or { gapDistribution, year?, target? } | S-curve (cumulative distribution) of a Monte Carlo metric in a year, P(≤ threshold) marked: an analysed metric, or the gap |
 * | histogram   | histogram.ts    | Source, MetricAnalysis        | histogram of a Monte Carlo metric in a year, thresholds marked |
 * | contribution| contribution.ts | Source, MetricAnalysis        | each input's share of the metric's variance (squared rank correlations, normalised) |
 * | spider      | spider.ts       | Source, SpiderResult          | the metric as each input moves across its percentiles p10 … p90, the others central |
 *
 * Rendering (render.ts): `toVegaSpec` (compile, warnings collected), `toSVG`
 * (headless Vega View), `toPNG` (resvg with DejaVu Sans from the
 * `dejavu-fonts-ttf` package).
 *
 * To add a chart: write `src/charts/<name>.ts` exporting a builder, then add
 * an entry to `CHARTS` below with `applies` (when it makes sense for one
 * result and its extras) and `build`. `chartsFor` picks the applicable ones.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TornadoResult } from '../uncertainty/sensitivity.js';
import { tornadoChart } from './tornado.js';
import type { Results } from '../results/summary.js';
import type { Comparison, SystemComparison } from '../results/compare.js';
import { gapChart, type Fan } from './gap.js';
import { waterfallChart } from './waterfall.js';
import { activityChart } from './activity.js';
import { positionsChart, type LabelledResults } from './positions.js';
import { hasStranded, strandedChart } from './stranded.js';
import { populationChart } from './population.js';
import { comparisonChart } from './comparison.js';
import { perHeadChart } from './per-head.js';
import { poolChart, type PoolExposure } from './pools.js';
import { envelopeChart } from './envelope.js';
import { capacityChart } from './capacity.js';
import { placesChart } from './places.js';
import type { MetricAnalysis } from '../uncertainty/analysis.js';
import type { SpiderResult } from '../uncertainty/spider.js';
import { histogramChart } from './histogram.js';
import { contributionChart } from './contribution.js';
import { spiderChart } from './spider.js';
import { sCurveChart, gapSCurve, analysisSCurve, type GapDistribution } from './s-curve.js';

export { gapChart, type Fan, type GapOptions } from './gap.js';
export { waterfallChart, waterfallRows, type WaterfallRow, type WaterfallOptions } from './waterfall.js';
export { activityChart, activityIndex, type ActivityOptions } from './activity.js';
export { positionsChart, type LabelledResults } from './positions.js';
export { strandedChart, strandedByProvider, hasStranded } from './stranded.js';
export { populationChart, type PopulationOptions } from './population.js';
export { comparisonChart, type ComparisonOptions } from './comparison.js';
export { perHeadChart } from './per-head.js';
export { poolChart, poolRows, poolExposureRows, type PoolOptions, type PoolExposure, type ExposurePercentiles, type ExposureSamples } from './pools.js';
export { envelopeChart, envelopeRows, type EnvelopeOptions } from './envelope.js';
export { tornadoChart } from './tornado.js';
export { capacityChart, type CapacityOptions } from './capacity.js';
export { placesChart, type PlacesOptions } from './places.js';
export { metricScale } from './common.js';
export { histogramChart } from './histogram.js';
export { contributionChart } from './contribution.js';
export { spiderChart } from './spider.js';
export { sCurveChart, gapSCurve, analysisSCurve, probabilityAtMost, type SCurve, type GapDistribution } from './s-curve.js';
export { toVegaSpec, toSVG, toPNG, svgToPNG, svgToPixels, fontFiles, type RenderOptions } from './render.js';

/** Inputs beyond one `Results` that some charts use. */
export interface ChartExtras {
  /** Monte Carlo percentiles of the system gap, £ (gap chart). */
  fan?: Fan;
  /** Year for single-year charts (waterfall); default the horizon. */
  year?: string;
  /** Several labelled results, e.g. payment models (positions chart). */
  variants?: LabelledResults[];
  /** A comparison of this result with another (comparison chart). */
  comparison?: Comparison;
  /** Systems side by side per head, this result among them (per-head chart). */
  systems?: SystemComparison;
  /** Pool partners' exposure distributions, percentiles or samples, £ (pool chart). */
  poolExposure?: PoolExposure;
  /** A tornado of the scenario's uncertain inputs (tornado chart). */
  tornado?: TornadoResult;
  /** A Monte Carlo metric's distribution and contributions to its variance (S-curve, histogram and contribution charts). */
  analysis?: MetricAnalysis;
  /** A spider of the scenario's uncertain inputs (spider chart). */
  spider?: SpiderResult;
  /** Monte Carlo quantiles of the system gap by year (s-curve chart, in `year` with `target`). */
  gapDistribution?: GapDistribution;
  /** The gap the s-curve asks the probability of reaching, £ (default 0: the gap closes). */
  target?: number;
}

/** A chart in the registry. */
export interface ChartDef {
  /** Human title for menus and file lists. */
  title: string;
  /** Whether the chart has something to show for this result. */
  applies(r: Results, extras: ChartExtras): boolean;
  build(r: Results, extras: ChartExtras): TopLevelSpec;
}

/** Every chart by name, in the order reports show them. */
export const CHARTS: Record<string, ChartDef> = {
  gap: {
    title: 'Funding gap by year',
    applies: () => true,
    build: (r, x) => gapChart(r, { fan: x.fan }),
  },
  waterfall: {
    title: 'Gap-closure waterfall',
    applies: (r) => r.schemes.length > 0,
    build: (r, x) => waterfallChart(r, { year: x.year }),
  },
  activity: {
    title: 'Activity by setting',
    applies: (r) => r.services.some((s) => s.setting === 'acute' || s.setting === 'community'),
    build: (r) => activityChart(r),
  },
  positions: {
    title: 'Organisation positions by year',
    applies: (r) => r.organisations.length > 0,
    build: (r, x) => positionsChart(x.variants ?? r),
  },
  stranded: {
    title: 'Stranded cost by provider',
    applies: (r) => hasStranded(r),
    build: (r) => strandedChart(r),
  },
  population: {
    title: 'Population by age band',
    applies: (r) => r.population.bands.length > 0,
    build: (r) => populationChart(r),
  },
  comparison: {
    title: 'Scenario comparison',
    applies: (_r, x) => x.comparison !== undefined,
    build: (r, x) => {
      if (!x.comparison) throw new Error('the comparison chart needs extras.comparison');
      return comparisonChart(x.comparison, { priceBase: r.priceBase });
    },
  },
  'per-head': {
    title: 'Funding gap per head, systems side by side',
    applies: (_r, x) => x.systems !== undefined,
    build: (_r, x) => {
      if (!x.systems) throw new Error('the per-head chart needs extras.systems');
      return perHeadChart(x.systems);
    },
  },
  pool: {
    title: 'Pooled budget: variance and partner shares',
    applies: (r) => r.pools.length > 0,
    build: (r, x) => poolChart(r, { exposure: x.poolExposure }),
  },
  tornado: {
    title: 'Tornado: what moves the gap most',
    applies: (_r, x) => x.tornado !== undefined,
    build: (r, x) => {
      if (!x.tornado) throw new Error('the tornado chart needs extras.tornado');
      return tornadoChart(r, x.tornado);
    },
  },
  spider: {
    title: 'Spider: the metric across each input\'s percentiles',
    applies: (_r, x) => x.spider !== undefined,
    build: (r, x) => spiderChart(r, need(x.spider, 'spider')),
  },
  's-curve': {
    title: 'S-curve: how likely each value is',
    applies: (_r, x) => x.analysis !== undefined || x.gapDistribution !== undefined,
    // An analysed metric's curve (with its thresholds), else the dashboard's gap in `year` against `target`.
    build: (r, x) => {
      if (x.analysis) return sCurveChart(r, analysisSCurve(x.analysis));
      const dist = need(x.gapDistribution, 'gapDistribution');
      const year = x.year && dist.years.includes(x.year) ? x.year : r.calibration?.year && dist.years.includes(r.calibration.year) ? r.calibration.year : r.horizon;
      return sCurveChart(r, gapSCurve(dist, year, x.target ?? 0));
    },
  },
  histogram: {
    title: 'Histogram of a Monte Carlo metric',
    applies: (_r, x) => x.analysis !== undefined,
    build: (r, x) => histogramChart(r, need(x.analysis, 'analysis')),
  },
  contribution: {
    title: 'Contribution to variance',
    applies: (_r, x) => (x.analysis?.contributions.length ?? 0) > 0,
    build: (r, x) => contributionChart(r, need(x.analysis, 'analysis')),
  },
  envelope: {
    title: 'Capitated envelope against cost and tariff',
    applies: (r) => r.envelopes.length > 0,
    build: (r) => envelopeChart(r),
  },
  capacity: {
    title: 'Beds needed against beds available',
    applies: (r) => r.capacity.length > 0,
    build: (r) => capacityChart(r),
  },
  places: {
    title: 'Gap by place',
    applies: (r) => r.places.length > 1,
    build: (r, x) => placesChart(r, { year: x.year }),
  },
};

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`this chart needs extras.${what}`);
  return v;
}

/** One built chart. */
export interface NamedChart {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

/** The charts that apply to one result (and its extras), built, in registry order. */
export function chartsFor(r: Results, extras: ChartExtras = {}): NamedChart[] {
  return Object.entries(CHARTS)
    .filter(([, c]) => c.applies(r, extras))
    .map(([name, c]) => ({ name, title: c.title, spec: c.build(r, extras) }));
}
