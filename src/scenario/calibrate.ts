/**
 * Calibration: fit the scenario's one named parameter so that the do-nothing
 * gap (of the system, the local health economy, or one place) hits its
 * published value in the target year, to within the tolerance — or stop with
 * the closest value reached and why. The fitted value replaces the
 * parameter's central value in the model, so every later run uses it; the
 * report carries the reconciliation from the base-year gap to the target.
 */
import { UserError } from '../errors.js';
import { allocate, project, applyLinks } from '../engine/project.js';
import type { Model } from '../engine/types.js';
import { reconcile, scopeGap, type Bridge } from '../engine/reconcile.js';
import { solve, Unreachable, NotReached } from '../uncertainty/goalseek.js';
import type { LoadedScenario } from './load.js';
import { messages } from './messages.js';
import type { CalibrationDef } from './normalise.js';

/** What the calibration fitted, for the report. */
export interface CalibrationReport {
  parameter: string;
  /** The value written in the scenario before fitting. */
  initial: number;
  fitted: number;
  /** The value at which the parameter has no effect (the residual step is measured from it). */
  neutral: number;
  year: string;
  /** Whose do-nothing gap: 'system', 'sector:nhs' or 'place:<id>'. */
  scope: string;
  target: number;
  achieved: number;
  tolerance: number;
  bounds: [number, number];
  iterations: number;
  source?: string;
  /** Base-year gap + demography + growth + cost inflation − funding growth + fitted residual = target. */
  reconciliation: Bridge;
}

/** Fit `cal` on `model` (writes the fitted value into `model.p0`). */
export function calibrate(model: Model, cal: CalibrationDef, loaded: LoadedScenario): CalibrationReport {
  const p = Float64Array.from(model.p0);
  const ws = allocate(model);
  // a sector's gap reads the do-nothing payments, which only a projection in detail keeps
  const detail = cal.scope.kind === 'sector';
  const metric = (x: number) => {
    p[cal.slot] = x;
    return scopeGap(model, project(model, p, ws, { attribution: false, detail }), cal.scope, cal.year).gap;
  };
  const initial = model.p0[cal.slot]!;
  try {
    const s = solve(metric, cal.bounds, cal.target, cal.tolerance);
    model.p0[cal.slot] = s.x;
    applyLinks(model, model.p0);
    return {
      parameter: cal.parameter,
      initial,
      fitted: s.x,
      neutral: cal.neutral,
      year: model.years[cal.year]!,
      scope: cal.scopeName,
      target: cal.target,
      achieved: s.value,
      tolerance: cal.tolerance,
      bounds: cal.bounds,
      iterations: s.iterations,
      source: cal.source,
      reconciliation: reconcile(model, model.p0, cal.scope, cal.year, { parameter: cal.parameter, slot: cal.slot, neutral: cal.neutral }),
    };
  } catch (e) {
    if (e instanceof Unreachable) {
      throw new UserError(loaded.problem(cal.boundsPath, messages.calibration.unreachable(cal.parameter, cal.target, e.reached[0], e.reached[1], cal.bounds)));
    }
    if (e instanceof NotReached) {
      throw new UserError(loaded.problem(['calibration', 'target', 'value'], messages.calibration.notReached(cal.parameter, cal.target, cal.tolerance, e.closest, e.bracket, e.values)));
    }
    throw e;
  }
}
