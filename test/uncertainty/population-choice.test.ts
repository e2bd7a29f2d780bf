/**
 * A choice among population tables (ONS projection variants): the central
 * option is the single run; an option projects exactly as a scenario with
 * that table; Monte Carlo draws each option as often as its probability, and
 * keeps each option's demand between iterations correctly.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { loadScenario, simulate, project as run } from '../../src/index.js';
import { project, allocate } from '../../src/engine/project.js';
import { kernel } from '../../src/uncertainty/kernel.js';
import { defaultMetrics } from '../../src/uncertainty/metrics.js';
import { simulationFiles, inputText } from '../../src/uncertainty/output.js';
import { tornadoByYear, tornado } from '../../src/uncertainty/sensitivity.js';
import { spider } from '../../src/uncertainty/spider.js';
import { spiderChart } from '../../src/charts/spider.js';
import { inputNames } from '../../src/uncertainty/sample.js';
import { fixture, model, repoRoot } from '../helpers.js';

const VARIANTS = fixture('tiny/tiny-variants.yaml');

describe('population choice', () => {
  const s = loadScenario(VARIANTS);
  const m = s.model;
  const v = m.populationVariants!;
  const gaps = (model: typeof m, p: Float64Array) => {
    const ws = project(model, p, allocate(model));
    return { gap: Array.from(ws.systemGap), doNothing: Array.from(ws.doNothingGap) };
  };
  const withOption = (k: number) => {
    const p = Float64Array.from(m.p0);
    p[v.slot] = k;
    return p;
  };

  it('is one uncertain input, a discrete choice of the option index with the options’ probabilities; the central option is the single run', () => {
    expect(v.names).toEqual(['principal', 'high', 'low']);
    expect(m.p0[v.slot]).toBe(0);
    const u = s.uncertain.find((x) => x.slot === v.slot)!;
    expect(u.label).toBe('population.table');
    expect(u.dist).toEqual({ dist: 'discrete', values: [0, 1, 2], p: [0.5, 0.3, 0.2] });
    const plain = loadScenario(fixture('tiny/tiny-shift.yaml'));
    expect(gaps(m, m.p0)).toEqual(gaps(plain.model, plain.model.p0));
  });

  it('in the tornado, a choice spans the options giving the least and the most gap, each year (it has no p10 or p90: its order is the file\'s)', () => {
    const byOption = [0, 1, 2].map((k) => gaps(m, withOption(k)).gap);
    for (const t of tornadoByYear(s)) {
      const i = m.years.indexOf(t.year);
      const bar = t.bars.find((b) => b.path === 'population.table')!;
      const g = byOption.map((x) => x[i]!);
      expect(bar.atLow).toBe(Math.min(...g));
      expect(bar.atHigh).toBe(Math.max(...g));
      expect(g[bar.low]).toBe(bar.atLow);
      expect(g[bar.high]).toBe(bar.atHigh);
      expect(bar.swing).toBe(Math.max(...g) - Math.min(...g));
    }
    // and prints by the options' names
    expect(inputText(s)(inputNames(s)[s.uncertain.findIndex((u) => u.slot === v.slot)]!, 1)).toBe('high');
  });

  it('in the spider, a choice is no line through percentiles (its order is the file\'s) but each option by name, with its probability and gap, the others central', () => {
    const year = m.years[m.nYears - 1]!;
    const sp = spider(s, { year });
    expect(sp.lines).toEqual([]);
    const c = sp.choices.find((x) => x.path === 'population.table')!;
    const i = m.nYears - 1;
    expect(c.options).toEqual(['principal', 'high', 'low'].map((option, k) => ({ option, probability: [0.5, 0.3, 0.2][k], value: gaps(m, withOption(k)).gap[i] })));
    expect(c.central).toBe('principal');
    // its least and most are the tornado bar's ends
    const bar = tornado(s, { year }).bars.find((b) => b.path === 'population.table')!;
    expect(c.range).toBe(bar.swing);
    expect(Math.min(...c.options.map((o) => o.value))).toBe(bar.atLow);
    // the chart draws no line for it and names each option's gap in its description
    const chart = spiderChart(run(s), sp) as { description?: string; layer: { data: { values: unknown[] } }[] };
    expect(chart.layer[0]!.data.values).toEqual([]);
    expect(chart.description).toMatch(/Population projection is a choice, not drawn since its options have no percentiles: principal £[\d.]+m, high £[\d.]+m, low −£[\d.]+m\./);
  });

  it('in the spider of a model with numbers and a choice, the numbers are lines and the choice is its options', () => {
    const h = loadScenario(model('harrogate-integrated-care-variants.yaml'));
    const sp = spider(h, { year: '2030/31' });
    expect(sp.lines.map((l) => l.path)).not.toContain('places[0].population.table');
    expect(sp.lines).toHaveLength(h.uncertain.length - 1);
    expect(sp.choices.map((c) => [c.path, c.options.map((o) => o.option)])).toEqual([['places[0].population.table', ['principal', 'high-population', 'low-population']]]);
  });

  it("projects an option exactly as a scenario whose population is that option's table", () => {
    const dir = mkdtempSync(join(tmpdir(), 'popshift-variant-'));
    writeFileSync(join(dir, 'high.csv'), 'year,young,old\n2020/21,1000,500\n2021/22,1050,660\n2022/23,1100,800\n');
    writeFileSync(join(dir, 'high.yaml'), `extends: ${fixture('tiny/tiny-shift.yaml')}\nname: Tiny, high\npopulation: { table: high.csv }\n`);
    const high = loadScenario(join(dir, 'high.yaml'));
    const got = gaps(m, withOption(1));
    expect(got).toEqual(gaps(high.model, high.model.p0));
    // the variants share the base year and part after it
    const central = gaps(m, m.p0);
    expect(got.doNothing[0]).toBe(central.doNothing[0]);
    expect(got.doNothing[2]).not.toBe(central.doNothing[2]);
  });

  it('Monte Carlo keeps each option’s demand between iterations (no other demand input sampled) exactly as fresh projections would give', () => {
    const metrics = defaultMetrics(m);
    const k = kernel(m, [v.slot], metrics);
    const order = [0, 1, 2, 1, 1, 0, 2, 0, 2, 1];
    const values = k.run(Float64Array.from(order), 0, order.length);
    const nY = m.nYears;
    const g = metrics.findIndex((d) => d.id === 'gap');
    order.forEach((opt, i) => {
      const fresh = gaps(m, withOption(opt)).gap;
      for (let t = 0; t < nY; t++) expect(values[(i * metrics.length + g) * nY + t]).toBeCloseTo(fresh[t]!, 6);
    });
  });

  it('draws each option about as often as its probability; runs in worker threads exactly as in process', async () => {
    const one = await simulate(s, { iterations: 2000, seed: 9, workers: 1, samples: true });
    const j = one.inputs.findIndex((x) => x.label === 'population.table');
    const drawn = Array.from({ length: 2000 }, (_, i) => one.samples!.inputs[i * one.inputs.length + j]!);
    const share = (k: number) => drawn.filter((x) => x === k).length / 2000;
    // binomial sd of a share at n = 2,000 is at most 0.011: 4 sd
    expect(Math.abs(share(0) - 0.5)).toBeLessThan(0.045);
    expect(Math.abs(share(1) - 0.3)).toBeLessThan(0.045);
    expect(Math.abs(share(2) - 0.2)).toBeLessThan(0.045);
    const threads = await simulate(s, { iterations: 2000, seed: 9, workers: 2, mainThreadWorks: false, samples: true });
    expect(simulationFiles(threads, true)).toEqual(simulationFiles(one, true));
  });

  it("Harrogate's variant table: the principal is population.csv, and every variant is up to 2023/24", () => {
    const lines = (f: string) => readFileSync(resolve(repoRoot, 'data/harrogate', f), 'utf8').trim().split('\n');
    const principal = lines('population.csv').slice(1);
    const rows = lines('population-variants.csv').slice(1).map((l) => l.split(','));
    const names = [...new Set(rows.map((r) => r[0]!))];
    expect(names).toEqual(['principal', 'high-population', 'low-population', 'high-migration', 'low-migration']);
    for (const name of names) {
      const mine = rows.filter((r) => r[0] === name).map((r) => r.slice(1).join(','));
      expect(mine).toHaveLength(principal.length);
      mine.forEach((row, t) => {
        if (name === 'principal' || row.startsWith('20') && row.slice(0, 4) < '2024') expect(row).toBe(principal[t]);
        else expect(row).not.toBe(principal[t]);
      });
    }
  });

  it('the Harrogate variants model keeps the uncertain model’s single run and calibration', () => {
    const a = loadScenario(model('harrogate-integrated-care-variants.yaml'));
    const b = loadScenario(model('harrogate-integrated-care-uncertain.yaml'));
    expect(a.model.populationVariants!.names).toEqual(['principal', 'high-population', 'low-population']);
    expect(a.calibration!.fitted).toBe(b.calibration!.fitted);
    expect(gaps(a.model, a.model.p0)).toEqual(gaps(b.model, b.model.p0));
    // the high-population variant raises the do-nothing cost only from 2024/25, when the variants part
    const t24 = a.model.years.indexOf('2024/25');
    const p = Float64Array.from(a.model.p0);
    p[a.model.populationVariants!.slot] = 1;
    const high = gaps(a.model, p);
    const central = gaps(a.model, a.model.p0);
    expect(high.doNothing.slice(0, t24)).toEqual(central.doNothing.slice(0, t24));
    expect(high.doNothing[a.model.nYears - 1]).not.toBe(central.doNothing[a.model.nYears - 1]);
  });
});
