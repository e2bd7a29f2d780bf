/**
 * Step 4, cost of a provider's line of a service:
 *   index(t) × (fixed + variable × act + stepCost × ceil(act / stepSize))
 * with fixed, stepped and variable parts set from the base-year cost
 * (unit cost × base-year activity) and the shares in the cost behaviour, so
 * the base year costs exactly unit cost × activity. Activity that leaves a
 * line saves only its variable cost until a whole step is released. The cost
 * acts on the line's whole activity (every place it serves), and is shared
 * back to the line's flows in proportion to their activity.
 */
import type { Model, LineDef } from './types.js';

/** The cost function's constants for one service, at base-year prices. */
export interface CostShape {
  fixed: number;
  variable: number;
  stepCost: number;
  stepSize: number;
}

/** Split base-year cost into fixed, variable and stepped parts (into `into`, if given: no object allocated). */
export function costShape(line: LineDef, p: Float64Array, baseActivity: number, into: CostShape = { fixed: 0, variable: 0, stepCost: 0, stepSize: 0 }): CostShape {
  const unitCost = p[line.unitCostSlot]!;
  const baseCost = unitCost * baseActivity;
  const fixedShare = p[line.fixedShareSlot]!;
  const stepShare = p[line.stepShareSlot]!;
  const stepSize = p[line.stepSizeSlot]!;
  const steps = stepSize > 0 && baseActivity > 0 ? Math.ceil(baseActivity / stepSize) : 0;
  const stepCost = steps > 0 ? (stepShare * baseCost) / steps : 0;
  // With no steps possible, the stepped share is variable.
  const variableShare = 1 - fixedShare - (steps > 0 ? stepShare : 0);
  into.fixed = fixedShare * baseCost;
  into.variable = variableShare * unitCost;
  into.stepCost = stepCost;
  into.stepSize = steps > 0 ? stepSize : 0;
  return into;
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

/**
 * Every line's cost shape for a run: base activity is the line's do-nothing
 * base year (into `into`'s shapes, if given, reused; those of the lines
 * marked in `keep` left as they are).
 */
export function costShapes(model: Model, p: Float64Array, doNothingLineTotals: Float64Array, into?: CostShape[], keep?: Uint8Array): CostShape[] {
  const nY = model.nYears;
  if (!into) return model.lines.map((line, l) => costShape(line, p, doNothingLineTotals[l * nY]!));
  for (let l = 0; l < model.lines.length; l++) if (!keep?.[l]) costShape(model.lines[l]!, p, doNothingLineTotals[l * nY]!, into[l]);
  return into;
}

/**
 * Share each line's cost [l*nY+t] over its flows in proportion to their
 * activity [f*nY+t], writing flow cost [f*nY+t]. A line with one flow passes
 * its cost through unchanged; a line with (next to) no activity left shares
 * what it still costs (fixed and stepped) like its flows' base-year
 * do-nothing activity `base` [f*nY], else equally. Only the lines marked in
 * `only` (if given) are shared. `scratch` has room for 2 × nYears.
 */
export function shareLineCost(model: Model, lineCost: Float64Array, flowTot: Float64Array, base: Float64Array, flowCost: Float64Array, scratch: Float64Array, only?: Uint8Array): void {
  const nY = model.nYears;
  const lines = model.lines;
  const sum = scratch;
  for (let l = 0; l < lines.length; l++) {
    if (only && !only[l]) continue;
    const flows = lines[l]!.flows;
    const lr = l * nY;
    if (flows.length === 1) {
      const fr = flows[0]! * nY;
      for (let t = 0; t < nY; t++) flowCost[fr + t] = lineCost[lr + t]!;
      continue;
    }
    let base0 = 0;
    sum.fill(0, 0, nY);
    for (let i = 0; i < flows.length; i++) {
      const fr = flows[i]! * nY;
      base0 += Math.max(0, base[fr]!);
      for (let t = 0; t < nY; t++) sum[t]! += Math.max(0, flowTot[fr + t]!);
    }
    // per year: cost per unit of activity, or (rounding leaves specks of activity when a line is emptied) per base-year unit
    let allByActivity = true;
    for (let t = 0; t < nY; t++) if (!(sum[t]! > 1e-9 * Math.max(1, base0))) allByActivity = false;
    if (allByActivity) {
      for (let i = 0; i < flows.length; i++) {
        const fr = flows[i]! * nY;
        for (let t = 0; t < nY; t++) flowCost[fr + t] = lineCost[lr + t]! * (Math.max(0, flowTot[fr + t]!) / sum[t]!);
      }
      continue;
    }
    for (let i = 0; i < flows.length; i++) {
      const f = flows[i]!;
      const fr = f * nY;
      for (let t = 0; t < nY; t++) {
        const a = sum[t]!;
        const w = a > 1e-9 * Math.max(1, base0) ? Math.max(0, flowTot[fr + t]!) / a : base0 > 0 ? Math.max(0, base[fr]!) / base0 : 1 / flows.length;
        flowCost[fr + t] = lineCost[lr + t]! * w;
      }
    }
  }
}
