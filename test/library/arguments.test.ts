/**
 * The library called from plain JavaScript with a missing or wrong argument:
 * each entry point says which argument and what it takes (a UserError), not
 * a TypeError from deep inside.
 */
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import * as lib from '../../src/index.js';
import { repoRoot } from '../helpers.js';
import { refusal } from './refusal.js';

const s = lib.loadScenario(resolve(repoRoot, 'test/uncertainty/fixtures/tiny-uncertain.yaml'));
const r = lib.project(s);

/** Calls a library function as JavaScript may, with whatever arguments. */
const call = (f: (...a: never[]) => unknown, ...args: unknown[]) => (f as (...a: unknown[]) => unknown)(...args);

/** The UserError a call with these arguments throws. */
const refused = (f: (...a: never[]) => unknown, ...args: unknown[]) => refusal(() => call(f, ...args));

describe('a missing or wrong argument is named, with what it takes', () => {
  it("the probe's calls", async () => {
    expect((await refused(lib.loadScenario)).message).toBe("loadScenario: the first argument must be a scenario file's path (YAML or JSON), such as 'models/harrogate.yaml' (got undefined)");
    expect((await refused(lib.project, {})).message).toBe('project: the first argument must be a prepared scenario from loadScenario(file) (got an object without a model)');
    expect((await refused(lib.simulate, s)).message).toMatch(/^simulate: the second argument must be an object of options \(iterations, seed, sampling, workers, year, .*\) \(got undefined\)$/);
    expect((await refused(lib.stress)).message).toBe("stress: the first argument must be a Float64Array of the metric's values, one an iteration (got undefined)");
    expect((await refused(lib.toTables, {})).message).toBe('toTables: the first argument must be results from project(scenario) (got an object without years, schemes and organisations)');
    expect((await refused(lib.resultsWorkbook, {})).message).toBe('resultsWorkbook: the first argument must be results from project(scenario) (got an object without years, schemes and organisations)');
  });

  it('one of the library\'s own values given for another is named as what it is', async () => {
    expect((await refused(lib.project, r)).message).toBe('project: the first argument must be a prepared scenario from loadScenario(file) (got results from project(scenario))');
    expect((await refused(lib.waterfall, s, '2020/21')).message).toBe('waterfall: the first argument must be results from project(scenario) (got a prepared scenario)');
    expect((await refused(lib.formatSimulation, lib.simulate(s, { iterations: 10 }))).message).toBe("formatSimulation: the first argument must be a Monte Carlo run's results from simulate(scenario, options) (got a Promise: await it first)");
    expect((await refused(lib.compare, r, 'variant.yaml')).message).toBe("compare: the second argument must be results from project(scenario) (got 'variant.yaml')");
    expect((await refused(lib.boardReport, s, undefined)).message).toBe('boardReport: the second argument must be results from project(scenario) (got undefined)');
    expect((await refused(lib.resultsWorkbook, r, { scenario: 'models/harrogate.yaml' })).message).toBe("resultsWorkbook: options.scenario must be a prepared scenario from loadScenario(file) (got 'models/harrogate.yaml')");
    expect((await refused(lib.project, s, [1, 2])).message).toMatch(/^project: the second argument must be a Float64Array of parameter values .* \(got an array of 2\)$/);
    expect((await refused(lib.tornado, s, 'gap')).message).toBe("tornado: the second argument must be an object of options (metric, year, metrics) (got 'gap')");
    expect((await refused(lib.goalSeek, s, { target: 0 })).message).toMatch(/^goalSeek: the option input is required \(its options: metric, year, metrics, input, target, /);
  });

  it('every entry point that takes a prepared scenario, results or a run checks it', async () => {
    const scenarioFirst = [lib.project, lib.deflatorIndex, lib.simulateBlock, lib.tornado, lib.tornadoByYear, lib.goalSeek, lib.analyse, lib.analyseValues, lib.spider, lib.optimise, lib.simulateUntil, lib.boardReport];
    for (const f of scenarioFirst) expect((await refused(f, null)).message).toBe(`${f.name}: the first argument must be a prepared scenario from loadScenario(file) (got null)`);
    expect((await refused(lib.simulate, 42)).message).toBe("simulate: the first argument must be a prepared scenario from loadScenario(file), or a scenario file's path (got 42)");
    for (const f of [lib.waterfall, lib.inRealTerms, lib.toTables, lib.compare, lib.appraise, lib.resultsWorkbook]) {
      expect((await refused(f, [])).message).toBe(`${f.name}: the first argument must be results from project(scenario) (got an array of 0)`);
    }
    expect((await refused(lib.compareSystems, [r, {}])).message).toBe('compareSystems: the first argument must be a list of one or more results from project(scenario) (got an array of 2)');
    for (const f of [lib.toSimulationTables, lib.headlineSe, lib.simulationFiles, lib.formatSimulation]) {
      expect((await refused(f, r)).message).toBe(`${f.name}: the first argument must be a Monte Carlo run's results from simulate(scenario, options) (got results from project(scenario))`);
    }
    for (const f of [lib.metricDistribution, lib.contributionToVariance]) expect((await refused(f, [1, 2, 3])).message).toMatch(new RegExp(`^${f.name}: the first argument must be a Float64Array of .* \\(got an array of 3\\)$`));
    expect((await refused(lib.stress, new Float64Array(2), new Float64Array(2), { input: '$x' })).message).toMatch(/^stress: the option label is required/);
  });
});
