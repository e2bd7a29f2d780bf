/** The S-curve, histogram, contribution and spider charts: built from a real run of the uncertain Harrogate scenario, drawn without warnings, greys only. */
import { PALETTE } from '../../src/charts/common.js';
import { describe, it, expect, beforeAll } from 'vitest';
import { analyse, loadScenario, project, spider, type MetricAnalysis, type Results, type SpiderResult } from '../../src/index.js';
import { chartsFor, toSVG, toVegaSpec } from '../../src/charts/index.js';
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
    expect(chartsFor(results).map((c) => c.name)).not.toContain('scurve');
    const charts = chartsFor(results, { analysis, spider: sp }).filter((c) => ['scurve', 'histogram', 'contribution', 'spider'].includes(c.name));
    expect(charts.map((c) => c.name).sort()).toEqual(['contribution', 'histogram', 'scurve', 'spider']);
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
    const spec = chartsFor(results, { analysis }).find((c) => c.name === 'scurve')!.spec;
    const p = analysis.distribution.below[0]!.probability;
    expect(spec.description).toContain(`P ≤ £29.0m: ${(p * 100).toFixed(1)}%`);
  });
});
