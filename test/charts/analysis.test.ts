/** The S-curve, histogram, contribution and spider charts: built from a real run of the uncertain Harrogate scenario, drawn without warnings, greys only. */
import { PALETTE } from '../../src/charts/common.js';
import { describe, it, expect, beforeAll } from 'vitest';
import { analyse, loadScenario, project, spider, type MetricAnalysis, type Results, type SpiderResult } from '../../src/index.js';
import { analysisSCurve, chartsFor, gapSCurve, sCurveChart, toSVG, toVegaSpec } from '../../src/charts/index.js';
import { model } from '../helpers.js';
import { View, parse } from 'vega';

let results: Results;
let analysis: MetricAnalysis;
let sp: SpiderResult;

beforeAll(async () => {
  const s = loadScenario(model('harrogate-integrated-care-uncertain.yaml'));
  results = project(s);
  analysis = (await analyse(s, { iterations: 200, seed: 1, workers: 1, year: '2020/21', thresholds: [29e6] })).analysis;
  sp = spider(s, { year: '2020/21' });
});

describe('analysis charts', () => {
  it('are offered only with an analysis or a spider, and draw without warnings in the chart palette', async () => {
    expect(chartsFor(results).map((c) => c.name)).not.toContain('s-curve');
    const charts = chartsFor(results, { analysis, spider: sp }).filter((c) => ['s-curve', 'histogram', 'contribution', 'spider'].includes(c.name));
    expect(charts.map((c) => c.name).sort()).toEqual(['contribution', 'histogram', 's-curve', 'spider']);
    for (const c of charts) {
      const warnings: string[] = [];
      toVegaSpec(c.spec, { warnings });
      const svg = await toSVG(c.spec, { warnings });
      expect(warnings, c.name).toEqual([]);
      expect(c.spec.description, c.name).toContain('2020/21');
      // every colour drawn is a grey (r = g = b) or one of the palette's colour-blind-safe hues
      for (const hex of svg.match(/#[0-9a-f]{6}\b/gi) ?? []) expect((hex.slice(1, 3) === hex.slice(3, 5) && hex.slice(3, 5) === hex.slice(5, 7)) || PALETTE.includes(hex.toLowerCase()), `${c.name}: ${hex}`).toBe(true);
      // no text cut short (Vega ends what it cuts with an ellipsis): legend titles and labels whole
      expect((svg.match(/>[^<]*…</g) ?? []), c.name).toEqual([]);
    }
  });

  it('the histogram draws each bin as a column from 0 to its share, as wide as the bin', async () => {
    const spec = chartsFor(results, { analysis }).find((c) => c.name === 'histogram')!.spec;
    const view = await new View(parse(toVegaSpec(spec)), { renderer: 'none' }).runAsync();
    const bars: { x: number; width: number; y: number; height: number; datum: { share: number } }[] = [];
    const walk = (node: { marktype?: string; role?: string; items?: unknown[] }) => {
      if (node.marktype === 'rect' && node.role === 'mark') bars.push(...(node.items as typeof bars));
      else for (const child of node.items ?? []) walk(child as typeof node);
    };
    walk((view.scenegraph() as unknown as { root: never }).root);
    const rows = analysis.distribution.histogram;
    expect(bars).toHaveLength(rows.length);
    const tallest = bars.reduce((a, b) => (b.datum.share > a.datum.share ? b : a));
    const bottom = tallest.y + tallest.height;
    for (const b of bars) {
      // every column stands on the same baseline, and its height is in proportion to its share
      expect(b.y + b.height).toBeCloseTo(bottom, 6);
      expect(b.height / tallest.height).toBeCloseTo(b.datum.share / tallest.datum.share, 6);
      expect(b.width).toBeGreaterThan(1);
    }
    expect(tallest.height).toBeGreaterThan(100);
    view.finalize();
  });

  it('the S-curve marks the threshold with its probability', () => {
    const spec = chartsFor(results, { analysis }).find((c) => c.name === 's-curve')!.spec;
    const p = analysis.distribution.below[0]!.probability;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
    expect(spec.description).toContain(`P(gap ≤ £29.0m) = ${(p * 100).toFixed(1)}%`);
  });

  it('draws the dashboard\'s gap curve and the analysed gap\'s alike from the same quantiles', () => {
    const a = analysisSCurve(analysis);
    const quantiles = analysis.distribution.curve.map((c) => c.value);
    const g = gapSCurve({ years: ['2020/21'], iterations: analysis.iterations, seed: analysis.seed, quantiles: [quantiles] }, '2020/21', 29e6);
    expect(g.curve).toEqual(a.curve);
    // the gap's probability is read off the 101 quantiles: within a percentile of the exact share
    expect(Math.abs(g.below[0]!.probability - a.below[0]!.probability)).toBeLessThanOrEqual(0.01);
    const median = (spec: { description?: string }) => /median (\S+), 10th to 90th percentile (\S+) to (\S+)/.exec(spec.description ?? '')?.slice(1);
    expect(median(sCurveChart(results, g))).toEqual(median(sCurveChart(results, a)));
    expect(median(sCurveChart(results, a))).toHaveLength(3);
  });
});
