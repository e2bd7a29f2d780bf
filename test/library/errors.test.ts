/**
 * A mistake in what a caller gives the library (a year outside the
 * projection, an unknown place, a deflator of the wrong length, a discount
 * rate of −100% or less) is a UserError naming the argument, not a plain
 * Error (which the CLI and the server report as an internal error).
 */
import { describe, it, expect } from 'vitest';
import * as lib from '../../src/index.js';
import { fixture } from '../helpers.js';
import { refusal, bad } from './refusal.js';

const s = lib.loadScenario(fixture('places/two-places.yaml'));
const r = lib.project(s);
const deflator = { id: 'gdp', name: 'GDP deflator', index: r.years.map((_, t) => 1.02 ** t) };

describe("a caller's mistake is a UserError naming the argument", () => {
  it('waterfall: a year outside the projection, a place not in the results', async () => {
    expect((await refusal(() => lib.waterfall(r, '2099/00'))).message).toBe("waterfall: the second argument must be a year of the projection, 2020/21 to 2022/23 (got '2099/00')");
    expect((await refusal(() => lib.waterfall(r, bad(2021)))).message).toBe('waterfall: the second argument must be a year of the projection, 2020/21 to 2022/23 (got 2021)');
    expect((await refusal(() => lib.waterfall(r, '2021/22', 'nrth'))).message).toBe("waterfall: the third argument must be one of the results' places, north, south (got 'nrth'; did you mean 'north'?)");
  });

  it('inRealTerms: a price year outside the projection, a deflator that is not one a year', async () => {
    expect((await refusal(() => lib.inRealTerms(r, deflator, '2099/00'))).message).toBe("inRealTerms: the third argument must be a year of the projection, 2020/21 to 2022/23 (got '2099/00')");
    expect((await refusal(() => lib.inRealTerms(r, { ...deflator, index: [1] }, '2020/21'))).message).toBe("inRealTerms: the second argument must be a deflator's index by year from deflatorIndex(scenario, p), one a year of the results (got an index of 1 year)");
    expect((await refusal(() => lib.inRealTerms(r, bad('gdp'), '2020/21'))).message).toMatch(/^inRealTerms: the second argument must be a deflator's index .*\(got 'gdp'\)$/);
    expect((await refusal(() => lib.inRealTerms(r, { ...deflator, index: [1, 0, 1] }, '2020/21'))).message).toMatch(/\(got an index of 3 years, not each a number above 0\)$/);
  });

  it('appraise and resultsWorkbook: a discount rate that is not a fraction above −1', async () => {
    expect((await refusal(() => lib.appraise(r, -1))).message).toBe('appraise: the second argument must be the discount rate a year as a fraction above -1 (-100%), such as 0.035 (got -1)');
    expect((await refusal(() => lib.appraise(r, bad('3.5%')))).message).toMatch(/\(got '3\.5%'\)$/);
    expect((await refusal(() => lib.resultsWorkbook(r, { discountRate: NaN }))).message).toBe('resultsWorkbook: options.discountRate must be the discount rate a year as a fraction above -1 (-100%), such as 0.035 (got NaN)');
  });

  it('boardReport and resultsWorkbook: a year outside the projection', async () => {
    expect((await refusal(() => lib.boardReport(s, r, { year: '2099/00' }))).message).toBe('year: 2099/00 is not in the projection (2020/21 to 2022/23)');
    expect((await refusal(() => lib.resultsWorkbook(r, { year: '2099/00' }))).message).toBe('year: 2099/00 is not in the projection (2020/21 to 2022/23)');
  });

  it('stress, contributionToVariance, metricDistribution, simulationFiles: values that do not fit', async () => {
    const o = { input: '$x', label: 'X', path: 'parameters.x.value', metric: 'gap' };
    expect((await refusal(() => lib.stress(new Float64Array(4), new Float64Array(3), o))).message).toBe("stress: the second argument (the input's values) holds 3 values; it must hold one an iteration, as the metric's values: 4");
    expect((await refusal(() => lib.contributionToVariance(new Float64Array(4), new Float64Array(4), [{ name: '$x', label: 'X', path: 'p' }, { name: '$y', label: 'Y', path: 'q' }]))).message).toBe('contributionToVariance: the second argument (the sampled inputs) holds 4 values; it must hold one for each input named (2) in each iteration (4): 8');
    expect((await refusal(() => lib.metricDistribution(new Float64Array(0)))).message).toBe('metricDistribution: the first argument holds no values');
    expect((await refusal(() => lib.metricDistribution(new Float64Array(3), { bins: 0 }))).message).toBe('bins: must be a whole number above 0 (got 0)');
    const run = await lib.simulate(lib.loadScenario(fixture('../uncertainty/fixtures/tiny-uncertain.yaml')), { iterations: 10, workers: 1 });
    expect((await refusal(() => lib.simulationFiles(run, true))).message).toBe('simulationFiles: samples are asked for, but the run kept none (simulate with samples: true)');
  });
});
