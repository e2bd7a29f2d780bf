/**
 * The library's main entry points: load a scenario file into a prepared model
 * (validated, normalised, calibrated), and project it into named results.
 */
import { loadScenario as loadFile, type LoadedScenario, type LoadOptions } from './scenario/load.js';
import { normalise, type UncertainInput } from './scenario/normalise.js';
import { calibrate, type CalibrationReport } from './scenario/calibrate.js';
import { project as projectModel, allocate } from './engine/project.js';
import type { Model } from './engine/types.js';
import { summarise, type Results } from './results/summary.js';
import { planSampling } from './uncertainty/sample.js';

/** A scenario ready to project. */
export interface PreparedScenario {
  file: string;
  name: string;
  loaded: LoadedScenario;
  model: Model;
  /** Inputs written as distributions (for Monte Carlo). */
  uncertain: UncertainInput[];
  calibration?: CalibrationReport;
}

/**
 * Read, validate, normalise and calibrate a scenario file, optionally with
 * overrides (field by field, as a child scenario). Throws `UserError` for a bad file.
 */
export function loadScenario(file: string, options: LoadOptions = {}): PreparedScenario {
  const loaded = loadFile(file, options);
  const norm = normalise(loaded);
  const calibration = norm.calibration ? calibrate(norm.model, norm.calibration, loaded) : undefined;
  const prepared = { file, name: norm.model.name, loaded, model: norm.model, uncertain: norm.uncertain, calibration };
  // A bad distribution or correlation is the file's mistake even if it is never sampled.
  if (prepared.uncertain.length) planSampling(prepared);
  return prepared;
}

/** Project a prepared scenario: every year's demand, cost, payments, funding, positions and gap. */
export function project(scenario: PreparedScenario, p: Float64Array = scenario.model.p0): Results {
  const proj = projectModel(scenario.model, p, allocate(scenario.model));
  return summarise(scenario.model, proj, scenario.file, scenario.calibration);
}
