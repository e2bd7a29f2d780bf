/** Calibration: the one named parameter to fit to a published target (the fit itself is in `../calibrate.ts`). */
import type { Path } from '../load.js';
import { messages } from '../messages.js';
import type { PlaceDef } from '../../engine/types.js';
import { scopeName, type GapScope } from '../../engine/reconcile.js';
import { placeRefs } from './population.js';
import type { Slots } from './slots.js';

/** The parameter to fit, its slot and bounds, and whose gap must reach the target in one year. */
export interface CalibrationDef {
  parameter: string;
  slot: number;
  /** The value at which the parameter has no effect. */
  neutral: number;
  year: number;
  target: number;
  tolerance: number;
  bounds: [number, number];
  /** Where the bounds were written, for messages. */
  boundsPath: Path;
  scope: GapScope;
  scopeName: string;
  source?: string;
}

/** The scenario's calibration, if it has one; its parameter must be a single number. */
export function normaliseCalibration(ctx: Slots, places: readonly PlaceDef[]): CalibrationDef | undefined {
  const c = ctx.sc.calibration;
  if (!c) return undefined;
  const par = ctx.params.get(c.parameter);
  if (!par) ctx.fail(['calibration', 'parameter'], messages.calibration.notNamed(c.parameter));
  if (par.series) ctx.fail(['calibration', 'parameter'], messages.calibration.notScalar(c.parameter));
  const year = ctx.yearIndex(c.target.year, ['calibration', 'target', 'year']);
  const boundsPath = c.bounds ? ['calibration', 'bounds'] : ['calibration', 'range'];
  const bounds = c.bounds ?? c.range;
  if (!bounds) return ctx.fail(['calibration'], messages.calibration.needsBounds());
  if (bounds[0] >= bounds[1]) ctx.fail(boundsPath, messages.calibration.boundsOrder());
  // the fit must not take the parameter where its uses forbid (a growth rate above 0.5, a share above 1)
  const domain = ctx.domains.get(par.slot);
  if (domain && (bounds[0] < (domain.min ?? -Infinity) || bounds[1] > (domain.max ?? Infinity))) {
    ctx.fail(boundsPath, messages.calibration.boundsOutsideDomain(c.parameter, bounds, domain));
  }
  // a sector and a place: that sector's gap in that place (e.g. Harrogate's local health economy within North Yorkshire)
  const place = c.target.place !== undefined ? placeRefs(ctx, places, [c.target.place], ['calibration', 'target', 'place'])[0]! : undefined;
  const scope: GapScope =
    c.target.sector !== undefined
      ? { kind: 'sector', sector: c.target.sector, ...(place !== undefined ? { place } : {}) }
      : c.target.place !== undefined
        ? { kind: 'place', place: placeRefs(ctx, places, [c.target.place], ['calibration', 'target', 'place'])[0]! }
        : { kind: 'system' };
  return {
    parameter: c.parameter,
    slot: par.slot,
    neutral: c.neutral ?? 0,
    year,
    target: ctx.p[ctx.num(c.target.value, ['calibration', 'target', 'value'])]!,
    tolerance: c.target.tolerance ?? 1000,
    bounds,
    boundsPath,
    scope,
    scopeName: '',
    source: c.source,
  };
}

/** Name the calibration's scope once places are known. */
export function nameScope(cal: CalibrationDef, model: Parameters<typeof scopeName>[0]): CalibrationDef {
  return { ...cal, scopeName: scopeName(model, cal.scope) };
}
