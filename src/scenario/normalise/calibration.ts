/** Calibration: the one named parameter to fit to a published target (the fit itself is in `../calibrate.ts`). */
import { messages } from '../messages.js';
import type { Slots } from './slots.js';

/** The parameter to fit, its slot and range, and the target it must reach in one year. */
export interface CalibrationDef {
  parameter: string;
  slot: number;
  year: number;
  target: number;
  tolerance: number;
  range: [number, number];
  source?: string;
}

/** The scenario's calibration, if it has one; its parameter must be a single number. */
export function normaliseCalibration(ctx: Slots): CalibrationDef | undefined {
  const c = ctx.sc.calibration;
  if (!c) return undefined;
  const par = ctx.params.get(c.parameter);
  if (!par) ctx.fail(['calibration', 'parameter'], messages.calibration.notNamed(c.parameter));
  if (par.series) ctx.fail(['calibration', 'parameter'], messages.calibration.notScalar(c.parameter));
  const year = ctx.yearIndex(c.target.year, ['calibration', 'target', 'year']);
  if (c.range[0] >= c.range[1]) ctx.fail(['calibration', 'range'], 'the range must go from low to high');
  return {
    parameter: c.parameter,
    slot: par.slot,
    year,
    target: ctx.p[ctx.num(c.target.value, ['calibration', 'target', 'value'])]!,
    tolerance: c.target.tolerance ?? 1000,
    range: c.range,
    source: c.source,
  };
}
