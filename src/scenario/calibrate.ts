/**
 * Calibration: fit the scenario's one named assumption so that the do-nothing
 * system gap hits its published value in the target year (a goal seek the
 * tool performs and reports). The fitted value replaces the parameter's
 * central value in the model, so every later run uses it.
 */
import { UserError } from '../errors.js';
import { allocate, project, applyLinks } from '../engine/project.js';
import type { Model } from '../engine/types.js';
import { solve, Unreachable } from '../uncertainty/goalseek.js';
import type { LoadedScenario } from './load.js';
import { messages } from './messages.js';
import type { CalibrationDef } from './normalise.js';

/** What the calibration fitted, for the report. */
export interface CalibrationReport {
  parameter: string;
  /** The value written in the scenario before fitting. */
  initial: number;
  fitted: number;
  year: string;
  target: number;
  achieved: number;
  iterations: number;
  source?: string;
}

/** Fit `cal` on `model` (writes the fitted value into `model.p0`). */
export function calibrate(model: Model, cal: CalibrationDef, loaded: LoadedScenario): CalibrationReport {
  const p = Float64Array.from(model.p0);
  const ws = allocate(model);
  const metric = (x: number) => {
    p[cal.slot] = x;
    return project(model, p, ws).doNothingGap[cal.year]!;
  };
  const initial = model.p0[cal.slot]!;
  try {
    const s = solve(metric, cal.range, cal.target, cal.tolerance);
    model.p0[cal.slot] = s.x;
    applyLinks(model, model.p0);
    return {
      parameter: cal.parameter,
      initial,
      fitted: s.x,
      year: model.years[cal.year]!,
      target: cal.target,
      achieved: s.value,
      iterations: s.iterations,
      source: cal.source,
    };
  } catch (e) {
    if (e instanceof Unreachable) {
      throw new UserError(loaded.problem(['calibration', 'target', 'value'], messages.calibration.unreachable(cal.target, e.reached[0], e.reached[1], cal.range)));
    }
    throw e;
  }
}
