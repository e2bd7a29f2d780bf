import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, simulate, simulateBlock, tornado, tornadoByYear, goalSeek, project, toSimulationTables, UserError } from '../../src/index.js';
import { simulationFiles, shardFile, mergeShards } from '../../src/uncertainty/output.js';
import { runIterations } from '../../src/uncertainty/montecarlo.js';
import { planSampling } from '../../src/uncertainty/sample.js';
import { defaultMetrics } from '../../src/uncertainty/metrics.js';
import { repoRoot } from '../helpers.js';

const TINY = resolve(repoRoot, 'test/uncertainty/fixtures/tiny-uncertain.yaml');

describe('Monte Carlo', () => {
  const s = loadScenario(TINY);
  it('gives the same values however the iteration range is split (as workers would)', () => {
    const plan = planSampling(s);
    const metrics = defaultMetrics(s.model);
    const whole = runIterations(s, plan, metrics, 5, 400, 0, 400);
    const a = runIterations(s, plan, metrics, 5, 400, 0, 123);
    const b = runIterations(s, plan, metrics, 5, 400, 123, 400);
    expect([...a.values, ...b.values]).toEqual([...whole.values]);
  });
  it('summarises a run kept on disk (beyond its memory budget) exactly as one held in memory, and removes the file', async () => {
    const opts = { iterations: 9000, seed: 4 };
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('popshift-columns-')).length;
    const inMemory = simulationFiles(await simulate(s, { ...opts, workers: 1 }), false);
    const onDisk = simulationFiles(await simulate(s, { ...opts, workers: 1, memoryBudget: 0 }), false);
    const onDiskWorkers = simulationFiles(await simulate(s, { ...opts, workers: 2, memoryBudget: 0 }), false);
    expect(onDisk).toEqual(inMemory);
    expect(onDiskWorkers).toEqual(inMemory);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('popshift-columns-')).length).toBe(before);
  });
  it('is byte-identical: two runs, in process vs 2 worker threads, and 2 shards merged', async () => {
    const opts = { iterations: 2000, seed: 3, samples: true };
    const one = simulationFiles(await simulate(s, { ...opts, workers: 1 }), true);
    const again = simulationFiles(await simulate(s, { ...opts, workers: 1 }), true);
    const viaWorkers = await simulate(s, { ...opts, workers: 2, mainThreadWorks: false });
    expect(viaWorkers.run.chunksByWorkers).toBeGreaterThan(0);
    const two = simulationFiles(viaWorkers, true);
    expect(again).toEqual(one);
    expect(two).toEqual(one);
    const dir = mkdtempSync(join(tmpdir(), 'popshift-shards-'));
    const files: string[] = [];
    for (const index of [1, 0]) {
      const { block, head, metrics } = await simulateBlock(s, { ...opts, workers: 1, shard: { index, count: 2 } });
      const f = join(dir, `s${index}.json`);
      writeFileSync(f, shardFile(head, metrics, { index, count: 2 }, block));
      files.push(f);
    }
    expect(simulationFiles(mergeShards(files, true), true)).toEqual(one);
    expect(() => mergeShards([files[0]!])).toThrow(/missing shard 0\/2/);
  }, 20_000);
  it('reports percentiles, closure probabilities and tables', async () => {
    const r = await simulate(s, { iterations: 1000, seed: 1 });
    const gap = r.metrics.find((m) => m.id === 'gap')!.byYear[2]!;
    expect(gap.p5).toBeLessThanOrEqual(gap.p10);
    expect(gap.p10).toBeLessThanOrEqual(gap.p50);
    expect(gap.p90).toBeLessThanOrEqual(gap.p95);
    expect(r.gapCloses).toHaveLength(3);
    expect(r.rankCorrelation.map((c) => c.input).sort()).toEqual(['$admissionCost', '$contactsEach', '$shiftFraction']);
    expect(toSimulationTables(r).percentiles.numRows()).toBe(r.metrics.length * 3);
    await expect(simulate(s, { iterations: 0 })).rejects.toThrow(UserError);
    // each thread holds a copy of the model: a run asks for at most 64
    await expect(simulate(s, { iterations: 100, workers: 100_000 })).rejects.toThrow(/^workers: must be a whole number from 1 to 64, or 'auto' \(got 100000\)/);
  });
});

describe('sensitivity', () => {
  const s = loadScenario(TINY);
  it('tornado: the admission cost swing is admissions × (p90 − p10), by hand', () => {
    const t = tornado(s, { year: '2022/23' });
    const bar = t.bars.find((b) => b.input === '$admissionCost')!;
    expect(bar.low).toBeCloseTo(900, 8);
    expect(bar.high).toBeCloseTo(1100, 8);
    const admissions = project(s).services.find((x) => x.id === 'admissions')!.activity[2]!;
    expect(bar.atHigh - bar.atLow).toBeCloseTo(admissions * 200, 4);
    expect(t.bars[0]!.swing).toBeGreaterThanOrEqual(t.bars[1]!.swing);
    expect(t.central).toBeCloseTo(project(s).system.gap[2]!, 4);
  });
  it('tornadoByYear: every year\'s tornado from the same projections, each year as tornado() gives it alone', () => {
    const all = tornadoByYear(s);
    expect(all.map((t) => t.year)).toEqual(s.model.years);
    for (const year of s.model.years) expect(all.find((t) => t.year === year)).toEqual(tornado(s, { year }));
    // the admission cost's swing grows with admissions, year by year
    const swing = (t: (typeof all)[number]) => t.bars.find((b) => b.input === '$admissionCost')!.swing;
    const admissions = project(s).services.find((x) => x.id === 'admissions')!.activity;
    all.forEach((t, i) => expect(swing(t)).toBeCloseTo(admissions[i]! * 200, 4));
  });
  it('goal seek finds a known value', () => {
    // the gap with the shift fraction at 0.3, found back from the gap
    const p = Float64Array.from(s.model.p0);
    p[s.model.parameters.get('shiftFraction')!.slot] = 0.3;
    const target = project(s, p).system.gap[2]!;
    const g = goalSeek(s, { input: '$shiftFraction', target, year: '2022/23', tolerance: 1e-6 });
    expect(g.value).toBeCloseTo(0.3, 6);
    expect(() => goalSeek(s, { input: '$shiftFraction', target: -1e9, year: '2022/23' })).toThrow(/not reached with \$shiftFraction from 0.2 to 0.7/);
  });
  it('goal seek to a probability (common random numbers)', () => {
    const g = goalSeek(s, { input: '$shiftFraction', probability: 0.5, year: '2022/23', iterations: 400 });
    expect(g.achieved).toBeGreaterThanOrEqual(0.5);
    const again = goalSeek(s, { input: '$shiftFraction', probability: 0.5, year: '2022/23', iterations: 400 });
    expect(again.value).toBe(g.value); // deterministic: the same seed for every evaluation
  });
  it('goal seek to a probability that falls as the input rises (inflation): the value where the chance crosses the target, not the range\'s start', () => {
    const u = loadScenario(resolve(repoRoot, 'models/harrogate-integrated-care-uncertain.yaml'));
    const o = { input: '$ciiThereafter', probability: 0.5, year: '2027/28', iterations: 200, range: [0, 0.04] as [number, number] };
    const g = goalSeek(u, o);
    // the chance is near 1 at 1% a year and near 0 at 3% (its scan), so a 50% chance lies between
    expect(g.scan[0]!.value).toBeGreaterThan(0.9);
    expect(g.scan.at(-1)!.value).toBeLessThan(0.1);
    expect(g.value).toBeGreaterThan(0.01);
    expect(g.value).toBeLessThan(0.03);
    // at least the target, and by no more than a few iterations' worth (the chance is a step function of the input)
    expect(g.achieved).toBeGreaterThanOrEqual(0.5);
    expect(g.achieved).toBeLessThan(0.5 + 5 / o.iterations);
    // a target the range never crosses is a miss, whichever side it lies
    expect(() => goalSeek(u, { ...o, range: [0, 0.005] })).toThrow(/does not cross 50% .* at least 50% over the whole range/);
    expect(() => goalSeek(u, { ...o, range: [0.035, 0.04] })).toThrow(/below 50% over the whole range/);
  });
  it('goal seek to a probability needs something uncertain besides the input it holds', () => {
    const plain = loadScenario(resolve(repoRoot, 'models/harrogate.yaml'));
    expect(() => goalSeek(plain, { input: '$unit_cost_community_contact', probability: 0.5, year: '2020/21', iterations: 50 })).toThrow(/no uncertain input/);
  });
});

describe('the metrics Monte Carlo records', () => {
  it("label an organisation's position by its sign, not by a commissioner's formula (a provider's is income − cost)", () => {
    const m = loadScenario('models/harrogate-integrated-care.yaml').model;
    const labels = defaultMetrics(m).filter((d) => d.id.startsWith('position:')).map((d) => d.label);
    expect(labels).toHaveLength(m.orgs.length);
    for (const l of labels) expect(l).toMatch(/: position \(\+ surplus, − deficit\)$/);
  });
});

describe('the kernel records each metric', () => {
  it('as its value() gives it, whether read as a row, a sum of rows or year by year', () => {
    for (const file of ['models/harrogate-integrated-care-uncertain.yaml', 'models/north-yorkshire-york-per-capita.yaml', 'models/plymouth-integrated-fund.yaml']) {
      const sc = loadScenario(resolve(repoRoot, file));
      const metrics = defaultMetrics(sc.model);
      // every way of reading is used: rows, sums of rows (sectors), and values year by year (a copy with neither)
      expect(metrics.some((d) => d.row) && metrics.some((d) => d.negatedSum)).toBe(true);
      const plain = metrics.map(({ row: _r, negatedSum: _s, ...d }) => d);
      const plan = planSampling(sc);
      const fast = runIterations(sc, plan, metrics, 3, 50, 0, 50);
      const slow = runIterations(sc, plan, plain, 3, 50, 0, 50);
      expect(slow.values.some((v) => v !== 0)).toBe(true);
      expect(Array.from(fast.values)).toEqual(Array.from(slow.values));
    }
  });
});
