/**
 * A validated scenario → the engine's `Model`: names resolved to indices, data
 * tables read and checked, every number given a slot in the parameter vector.
 * Every problem found here names the file, line and field.
 *
 * The parts, in the order they are normalised (slots are numbered in this
 * order, so it is part of the model), each in `normalise/`:
 *  0. slots.ts         horizon and age bands; the parameter vector: numbers,
 *                      $parameters, series by year, links, uncertain inputs,
 *                      constraint checks — shared by every part below
 *  1. population.ts    population by year and age band (MODEL.md step 1)
 *  2. parameters.ts    named parameters, from tables and the scenario
 *  3. organisations.ts commissioners, councils and providers
 *  4. services.ts      activity (step 2), cost behaviour (step 4) and
 *                      payment (step 5) of each service, and contracts
 *  5. funding.ts       allocations and budgets (step 6)
 *  6. schemes.ts       schemes and their phasing (step 3)
 *  7. pools.ts         pooled budgets and risk share
 *  8. envelopes.ts     capitated envelopes and their settlement
 *  9. calibration.ts   the parameter to fit, and its target
 */
import type { LoadedScenario } from './load.js';
import type { Model } from '../engine/types.js';
import { Slots, type SlotLink, type UncertainInput } from './normalise/slots.js';
import { normalisePopulation } from './normalise/population.js';
import { normaliseParameters } from './normalise/parameters.js';
import { normaliseOrganisations } from './normalise/organisations.js';
import { normaliseServices } from './normalise/services.js';
import { normaliseFunding } from './normalise/funding.js';
import { normaliseSchemes } from './normalise/schemes.js';
import { normalisePools } from './normalise/pools.js';
import { normaliseEnvelopes } from './normalise/envelopes.js';
import { normaliseCalibration, type CalibrationDef } from './normalise/calibration.js';

export { centralValue, type SlotLink, type UncertainInput } from './normalise/slots.js';
export type { CalibrationDef } from './normalise/calibration.js';

export interface NormalisedScenario {
  model: Model;
  uncertain: UncertainInput[];
  links: SlotLink[];
  calibration?: CalibrationDef;
}

/** Build the engine model from a loaded scenario. */
export function normalise(loaded: LoadedScenario): NormalisedScenario {
  const ctx = new Slots(loaded);
  const sc = ctx.sc;
  const population = normalisePopulation(ctx);
  normaliseParameters(ctx);
  const orgs = normaliseOrganisations(ctx);
  const { services, shape, order } = normaliseServices(ctx, orgs, population);
  const funding = normaliseFunding(ctx, orgs);
  const schemes = normaliseSchemes(ctx, services, orgs);
  const pools = normalisePools(ctx, services, orgs);
  const envelopes = normaliseEnvelopes(ctx, services, orgs);
  const calibration = normaliseCalibration(ctx);

  const model: Model = {
    name: sc.name,
    years: ctx.years,
    bands: ctx.bands,
    nYears: ctx.years.length,
    nBands: ctx.bands.length,
    priceBase: sc.priceBase ?? `cash, base-year prices ${sc.baseYear} uplifted by each line's inflation`,
    population,
    orgs: orgs.list,
    services,
    shape,
    order,
    schemes,
    funding,
    pools,
    envelopes,
    p0: Float64Array.from(ctx.p),
    links: Int32Array.from(ctx.links.flatMap((l) => [l.from, l.to])),
    slots: ctx.slots,
    parameters: ctx.params,
  };
  return { model, uncertain: ctx.uncertain, links: ctx.links, calibration };
}
