/** The S-curve, histogram, contribution and spider charts: built from a real run of the uncertain Harrogate scenario, drawn without warnings, greys only. */
import { PALETTE } from '../../src/charts/common.js';
import { describe, it, expect, beforeAll } from 'vitest';
import { analyse, loadScenario, project, spider, type MetricAnalysis, type Results, type SpiderResult } from '../../src/index.js';
import { analysisSCurve, chartsFor, gapSCurve, sCurveChart, toSVG, toVegaSpec } from '../../src/charts/index.js';
import { model } from '../helpers.js';

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
    }
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
