/**
 * An options object with a key the entry point does not take (a misspelt
 * option) is refused, naming the key and the nearest known one: it would
 * otherwise run with the option's default, as if it had not been given.
 */
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import * as lib from '../../src/index.js';
import { repoRoot } from '../helpers.js';
import { refusal, bad } from './refusal.js';

const FILE = resolve(repoRoot, 'test/uncertainty/fixtures/tiny-uncertain.yaml');
const s = lib.loadScenario(FILE);
const r = lib.project(s);

describe('an unknown option is refused, with the nearest known one', () => {
  it("the probe's call: tornado(s, { yaer: '2020/21' })", async () => {
    expect((await refusal(() => lib.tornado(s, bad({ yaer: '2020/21' })))).message).toBe("tornado: unknown option 'yaer' (did you mean 'year'?); its options: metric, year, metrics");
  });

  it('each entry point with options refuses one it does not take, and runs with those it does', async () => {
    const cases: [string, () => unknown, RegExp][] = [
      ['loadScenario', () => lib.loadScenario(FILE, bad({ override: {} })), /'override' \(did you mean 'overrides'\?\); its options: overrides, overridesLabel$/],
      ['project', () => lib.project(s, undefined, bad({ price: 'cash' })), /'price' \(did you mean 'prices'\?\); its options: prices$/],
      ['simulate', () => lib.simulate(s, bad({ iterations: 10, seeds: 2 })), /'seeds' \(did you mean 'seed'\?\)/],
      ['simulateBlock', () => lib.simulateBlock(s, bad({ iterations: 10, shards: { index: 0, count: 2 } })), /'shards' \(did you mean 'shard'\?\)/],
      ['simulateUntil', () => lib.simulateUntil(s, bad({ iterations: 10, samplng: 'lhs' }), 1, 100), /'samplng' \(did you mean 'sampling'\?\)/],
      ['tornadoByYear', () => lib.tornadoByYear(s, bad({ year: '2020/21' })), /'year'; its options: metric, metrics$/],
      ['goalSeek', () => lib.goalSeek(s, bad({ input: '$x', target: 0, ranges: [0, 1] })), /'ranges' \(did you mean 'range'\?\)/],
      ['analyse', () => lib.analyse(s, bad({ iterations: 10, threshold: [0] })), /'threshold' \(did you mean 'thresholds'\?\)/],
      ['analyseValues', () => lib.analyseValues(s, bad({}), 1, bad({ bin: 10 })), /'bin' \(did you mean 'bins'\?\)/],
      ['spider', () => lib.spider(s, bad({ percentile: [0.5] })), /'percentile' \(did you mean 'percentiles'\?\)/],
      ['optimise', () => lib.optimise(s, bad({ budjet: 1e6 })), /'budjet' \(did you mean 'budget'\?\)/],
      ['metricDistribution', () => lib.metricDistribution(new Float64Array(3), bad({ thresholds: [0], bin: 2 })), /'bin' \(did you mean 'bins'\?\)/],
      ['stress', () => lib.stress(new Float64Array(3), new Float64Array(3), bad({ input: '$x', label: 'X', path: 'p', metric: 'gap', percentile: [0, 0.1] })), /'percentile' \(did you mean 'percentiles'\?\)/],
      ['resultsWorkbook', () => lib.resultsWorkbook(r, bad({ discount: 0.035 })), /'discount'; its options: scenario, monteCarlo, year, discountRate, /],
      ['boardReport', () => lib.boardReport(s, r, bad({ titel: 'Board' })), /'titel' \(did you mean 'title'\?\)/],
    ];
    for (const [fn, run, message] of cases) {
      const e = await refusal(run);
      expect(e.message, fn).toMatch(new RegExp(`^${fn}: unknown option `));
      expect(e.message, fn).toMatch(message);
    }
    // the options they take still run; tornado and analyse pass on to the next step only what it takes
    expect(lib.tornado(s, { year: s.model.years[1]!, metric: 'gap' }).year).toBe(s.model.years[1]);
    const { analysis } = await lib.analyse(s, { iterations: 20, seed: 3, workers: 1, metric: 'gap', thresholds: [0], bins: 4 });
    expect(analysis.distribution.histogram).toHaveLength(4);
  });

  it('every unknown option is named, one a line; a far-off one is named without a guess', async () => {
    const e = await refusal(() => lib.tornado(s, bad({ metrc: 'gap', colour: 'red' })));
    expect(e.problems).toEqual(["tornado: unknown option 'metrc' (did you mean 'metric'?); its options: metric, year, metrics", "tornado: unknown option 'colour'; its options: metric, year, metrics"]);
  });
});
