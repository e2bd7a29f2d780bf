/**
 * Step 4, cost of a service to its provider:
 *   index(t) × (fixed + variable × act + stepCost × ceil(act / stepSize))
 * with fixed, stepped and variable parts set from the base-year cost
 * (unit cost × base-year activity) and the shares in the cost behaviour, so
 * the base year costs exactly unit cost × activity. Activity that leaves a
 * service saves only its variable cost until a whole step is released.
 */
import type { Model, ServiceDef } from './types.js';

/** The cost function's constants for one service, at base-year prices. */
export interface CostShape {
  fixed: number;
  variable: number;
  stepCost: number;
  stepSize: number;
}

/** Split base-year cost into fixed, variable and stepped parts. */
export function costShape(svc: ServiceDef, p: Float64Array, baseActivity: number): CostShape {
  const unitCost = p[svc.unitCostSlot]!;
  const baseCost = unitCost * baseActivity;
  const fixedShare = p[svc.fixedShareSlot]!;
  const stepShare = p[svc.stepShareSlot]!;
  const stepSize = p[svc.stepSizeSlot]!;
  const steps = stepSize > 0 && baseActivity > 0 ? Math.ceil(baseActivity / stepSize) : 0;
  const stepCost = steps > 0 ? (stepShare * baseCost) / steps : 0;
  // With no steps possible, the stepped share is variable.
  const variableShare = 1 - fixedShare - (steps > 0 ? stepShare : 0);
  return { fixed: fixedShare * baseCost, variable: variableShare * unitCost, stepCost, stepSize: steps > 0 ? stepSize : 0 };
}

/** Cost at base-year prices of `activity` units. */
export function costAt(shape: CostShape, activity: number): number {
  const steps = shape.stepSize > 0 ? Math.ceil(activity / shape.stepSize - 1e-9) : 0;
  return shape.fixed + shape.variable * activity + shape.stepCost * steps;
}

/**
 * Cost kept although activity fell from `doNothing` to `actual`: the do-nothing
 * average cost of the units that left, less the cost actually saved (at the
 * same prices). Zero when activity did not fall, or when releasing a step saved more.
 */
export function strandedCost(shape: CostShape, doNothing: number, actual: number, index: number): number {
  const fall = doNothing - actual;
  if (fall <= 0 || doNothing <= 0) return 0;
  const dn = costAt(shape, doNothing);
  const saved = dn - costAt(shape, actual);
  // Releasing a whole step can save more than the average; nothing is stranded then.
  return Math.max(0, index * ((dn / doNothing) * fall - saved));
}

/** Further fall in activity at which the next capacity step is released; NaN without steps. */
export function nextStepRelease(shape: CostShape, activity: number): number {
  if (shape.stepSize <= 0) return NaN;
  const steps = Math.ceil(activity / shape.stepSize - 1e-9);
  if (steps <= 0) return NaN;
  return activity - shape.stepSize * (steps - 1);
}

/** Every service's cost shape for a run: base activity is the do-nothing base year. */
export function costShapes(model: Model, p: Float64Array, doNothingTotals: Float64Array): CostShape[] {
  const nY = model.nYears;
  return model.services.map((svc, s) => costShape(svc, p, doNothingTotals[s * nY]!));
}
