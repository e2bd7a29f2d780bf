/**
 * The library's main entry points: load a scenario file into a prepared model
 * (validated, normalised, calibrated), and project it into named results, in
 * cash or in real terms.
 */
import { loadScenario as loadFile, type LoadedScenario, type LoadOptions } from './scenario/load.js';
import { normalise, type UncertainInput } from './scenario/normalise.js';
import { calibrate, type CalibrationReport } from './scenario/calibrate.js';
import { project as projectModel, allocate } from './engine/project.js';
import { reconcile, type GapScope } from './engine/reconcile.js';
import { cumulativeIndex } from './engine/series.js';
import type { Model } from './engine/types.js';
import { summarise, type Results } from './results/summary.js';
import { inRealTerms, type DeflatorIndex } from './results/prices.js';
import { bridgeSources, withSources } from './results/bridge-sources.js';
import { planSampling } from './uncertainty/sample.js';
import { checkResults } from './results/check.js';
import { UserError, optionProblem } from './errors.js';
import { fileArgument, optionKeys, optionsArgument, scenarioArgument, valuesArgument } from './api-arguments.js';

/** A scenario ready to project. */
export interface PreparedScenario {
  file: string;
  name: string;
  loaded: LoadedScenario;
  model: Model;
  /** Inputs written as distributions (for Monte Carlo). */
  uncertain: UncertainInput[];
  calibration?: CalibrationReport;
  /** Whose gap the drivers explain: the calibration's, else the system's. */
  scope: GapScope;
  /** What a reader of the results must be told. */
  notes: string[];
  /** The range each slot must stay within where it is used (its validated range), by slot. */
  domains?: ReadonlyMap<number, { min?: number; max?: number; what: string }>;
}

/** How to state money: cash (the default) or real terms at a year's prices by a deflator (default: the scenario's). */
export type PricesOption = 'cash' | { real: string; deflator?: string };

const LOAD_OPTIONS = optionKeys<LoadOptions>({ overrides: 'optional', overridesLabel: 'optional' });
const PROJECT_OPTIONS = optionKeys<{ prices?: PricesOption }>({ prices: 'optional' });

/**
 * Read, validate, normalise and calibrate a scenario file, optionally with
 * overrides (field by field, as a child scenario). Throws `UserError` for a bad file.
 */
export function loadScenario(file: string, options: LoadOptions = {}): PreparedScenario {
  fileArgument('loadScenario', file);
  optionsArgument('loadScenario', options, LOAD_OPTIONS, 2);
  const loaded = loadFile(file, options);
  const norm = normalise(loaded);
  const calibration = norm.calibration ? calibrate(norm.model, norm.calibration, loaded) : undefined;
  const prepared: PreparedScenario = {
    file,
    name: norm.model.name,
    loaded,
    model: norm.model,
    uncertain: norm.uncertain,
    calibration,
    scope: norm.calibration?.scope ?? { kind: 'system' },
    notes: norm.notes,
    domains: norm.domains,
  };
  // A bad distribution or correlation is the file's mistake even if it is never sampled.
  if (prepared.uncertain.length) planSampling(prepared);
  return prepared;
}

/** Project a prepared scenario: every year's demand, cost, payments, funding, positions and gap, for the system and each place. */
export function project(scenario: PreparedScenario, p?: Float64Array, options: { prices?: PricesOption } = {}): Results {
  scenarioArgument('project', scenario);
  if (p === undefined) p = scenario.model.p0;
  else valuesArgument('project', p, 'parameter values (in the layout of scenario.model.p0), or undefined for the scenario\'s own', 2);
  optionsArgument('project', options, PROJECT_OPTIONS, 3);
  const model = scenario.model;
  const proj = projectModel(model, p, allocate(model));
  const horizon = model.nYears - 1;
  const residual = scenario.calibration && { parameter: scenario.calibration.parameter, slot: model.parameters.get(scenario.calibration.parameter)!.slot, neutral: scenario.calibration.neutral };
  const sources = bridgeSources(scenario);
  const drivers = horizon > 0 ? [withSources(reconcile(model, p, scenario.scope, horizon, residual), sources)] : [];
  const calibration = scenario.calibration && { ...scenario.calibration, reconciliation: withSources(scenario.calibration.reconciliation, sources) };
  const cash = summarise(model, proj, scenario.file, { calibration, drivers, notes: scenario.notes });
  // a wrong result is never handed on: every figure finite, every identity kept
  checkResults(model, scenario.loaded, cash);
  const real = realTerms(scenario, p, options.prices);
  return real ? inRealTerms(cash, real.deflator, real.year) : cash;
}

/** The price year and deflator `prices` asks for (undefined for cash), checked: a UserError says what is wrong and how to write it. */
export function realTerms(scenario: PreparedScenario, p: Float64Array, prices: PricesOption | undefined): { deflator: DeflatorIndex; year: string } | undefined {
  const model = scenario.model;
  if (prices === undefined || prices === 'cash') return undefined;
  // from JavaScript anything may come: say what is taken rather than fail on a field of it
  if (typeof prices !== 'object' || prices === null || typeof prices.real !== 'string') {
    throw new UserError(optionProblem('prices', `'cash' or { real: '<year>' } (and a deflator's id, optionally) such as { real: '${model.years[0]}' } (got ${JSON.stringify(prices)})`));
  }
  const deflator = deflatorIndex(scenario, p, prices.deflator);
  if (!model.years.includes(prices.real)) throw new UserError(optionProblem('prices', `${prices.real} is not in the projection (${model.years[0]} to ${model.years[model.nYears - 1]}); real terms are stated at the prices of a year within it`));
  return { deflator, year: prices.real };
}

/** The named (or the scenario's default) deflator's cumulative index by year. */
export function deflatorIndex(scenario: PreparedScenario, p: Float64Array, id?: string): DeflatorIndex {
  scenarioArgument('deflatorIndex', scenario);
  valuesArgument('deflatorIndex', p, 'parameter values (in the layout of scenario.model.p0)', 2);
  const model = scenario.model;
  const wanted = id ?? scenario.loaded.scenario.prices?.deflator ?? (model.deflators.length === 1 ? model.deflators[0]!.id : undefined);
  if (wanted === undefined) {
    throw new UserError(
      model.deflators.length
        ? optionProblem('prices', (name) => `say which deflator (${name('prices.deflator')}): one of ${model.deflators.map((d) => d.id).join(', ')}, or set prices.deflator in the scenario`)
        : optionProblem('prices', `${scenario.file} names no deflator, so its results can only be stated in cash (add 'deflators' and 'prices.deflator' to state them in real terms)`),
    );
  }
  const d = model.deflators.find((x) => x.id === wanted);
  if (!d) throw new UserError(optionProblem('prices', `unknown deflator '${wanted}'; the scenario has ${model.deflators.map((x) => x.id).join(', ') || 'none'}`));
  const index = new Float64Array(model.nYears);
  cumulativeIndex(p, d.slot, model.nYears, index);
  return { id: d.id, name: d.name, source: d.source, index: Array.from(index) };
}
