/**
 * A validated scenario → the engine's `Model`: names resolved to indices, data
 * tables read and checked, every number given a slot in the parameter vector.
 * Every problem found here names the file, line and field.
 *
 * The parts, in the order they are normalised (slots are numbered in this
 * order, so it is part of the model), each in `normalise/`:
 *  0. slots.ts         horizon and age bands; the parameter vector: numbers,
 *                      $parameters, formulas, series by year, links, uncertain
 *                      inputs, constraint checks — shared by every part below
 *  1. population.ts    each place's population by year and age band (MODEL.md step 1)
 *  2. parameters.ts    named parameters, from tables and the scenario
 *  3. organisations.ts commissioners, councils and providers, and their sectors
 *     population.ts    the places and who serves them
 *  4. services.ts      each service's lines (provider: cost behaviour, step 4;
 *                      capacity) and flows (place × provider: activity, step 2;
 *                      payment, step 5), and contracts
 *  5. deflators.ts     named price indices
 *     funding.ts       allocations and budgets, by place (step 6)
 *  6. schemes.ts       schemes and their phasing (step 3)
 *  7. pools.ts         pooled budgets and risk share
 *  8. envelopes.ts     capitated envelopes, alliances and their settlement
 *  9. calibration.ts   the parameter to fit, and its target
 */
import type { LoadedScenario } from './load.js';
import type { Model } from '../engine/types.js';
import { Slots, type SlotLink, type UncertainInput } from './normalise/slots.js';
import { normalisePopulation, normalisePlaces, type PopulationVariants } from './normalise/population.js';
import { normaliseParameters } from './normalise/parameters.js';
import { normaliseOrganisations } from './normalise/organisations.js';
import { normaliseServices } from './normalise/services.js';
import { normaliseDeflators } from './normalise/deflators.js';
import { normaliseFunding } from './normalise/funding.js';
import { normaliseSchemes } from './normalise/schemes.js';
import { normalisePools } from './normalise/pools.js';
import { normaliseEnvelopes } from './normalise/envelopes.js';
import { normaliseCalibration, nameScope, type CalibrationDef } from './normalise/calibration.js';
import { messages } from './messages.js';
import { inputLabel } from './labels.js';

export { centralValue, type SlotLink, type UncertainInput } from './normalise/slots.js';
export type { CalibrationDef } from './normalise/calibration.js';

export interface NormalisedScenario {
  model: Model;
  uncertain: UncertainInput[];
  links: SlotLink[];
  calibration?: CalibrationDef;
  /** What a reader of the results must be told (e.g. funding and cost sharing an index). */
  notes: string[];
  /** The range each slot must stay within where it is used (its validated range), by slot. */
  domains: ReadonlyMap<number, { min?: number; max?: number; what: string }>;
}

/** Build the engine model from a loaded scenario. */
export function normalise(loaded: LoadedScenario): NormalisedScenario {
  const ctx = new Slots(loaded);
  const sc = ctx.sc;
  const { population, variants } = normalisePopulation(ctx);
  normaliseParameters(ctx);
  const orgs = normaliseOrganisations(ctx);
  const places = normalisePlaces(ctx, orgs);
  const svc = normaliseServices(ctx, orgs, places, population);
  const deflators = normaliseDeflators(ctx);
  const funding = normaliseFunding(ctx, orgs, places, deflators);
  const schemes = normaliseSchemes(ctx, svc, places, orgs);
  const pools = normalisePools(ctx, svc, places, orgs);
  const envelopes = normaliseEnvelopes(ctx, svc, places, orgs);
  const calibration = normaliseCalibration(ctx, places);
  const populationVariants = variants && populationChoice(ctx, variants);

  const model: Model = {
    name: sc.name,
    years: ctx.years,
    bands: ctx.bands,
    nYears: ctx.years.length,
    nBands: ctx.bands.length,
    priceBase: sc.priceBase ?? `cash, base-year prices ${sc.baseYear} uplifted by each line's inflation`,
    places,
    population,
    orgs: orgs.list,
    services: svc.services,
    lines: svc.lines,
    flows: svc.flows,
    shape: svc.shape,
    order: svc.order,
    schemes,
    funding,
    deflators,
    pools,
    envelopes,
    p0: Float64Array.from(ctx.p),
    links: Int32Array.from(ctx.links.flatMap((l) => [l.from, l.to])),
    formulas: ctx.formulas,
    slots: ctx.slots,
    parameters: ctx.params,
    ...(populationVariants ? { populationVariants } : {}),
  };
  return { model, uncertain: canonicalOrder(ctx.uncertain), links: ctx.links, calibration: calibration && nameScope(calibration, model), notes: sharedIndices(ctx, model), domains: ctx.domains };
}

/**
 * A choice among population tables as an uncertain input: a slot holding the
 * option's index (the central one's in a single run), sampled as a discrete
 * distribution over the indices with the options' probabilities.
 */
function populationChoice(ctx: Slots, v: PopulationVariants): NonNullable<Model['populationVariants']> {
  const label = v.path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  const slot = ctx.newSlot(v.central, label);
  ctx.uncertain.push({ label, title: inputLabel(ctx.sc, label), slot, dist: { dist: 'discrete', values: v.names.map((_, k) => k), p: v.p }, path: v.path, domain: {}, options: v.names });
  return { slot, central: v.central, names: v.names, populations: v.populations };
}

/**
 * Funding and cost must not share a hidden assumption that cancels out: where a
 * funding stream grows (or is deflated) by the same index as some lines' cost,
 * say so.
 */
function sharedIndices(ctx: Slots, model: Model): string[] {
  const source = (slot: number) => (slot >= 0 ? ctx.seriesSources.get(slot) : undefined);
  const notes: string[] = [];
  for (const f of model.funding) {
    const fs = source(f.kind === 'growth' ? f.growthSlot : f.deflatorSlot);
    if (!fs) continue;
    const services = [...new Set(model.lines.filter((l) => source(l.inflationSlot)?.key === fs.key).map((l) => model.services[l.service]!.id))];
    if (services.length) notes.push(messages.funding.sharedIndex(f.id, fs.name, services));
  }
  return notes;
}

/**
 * The uncertain inputs sorted by where they are written (their path, e.g.
 * `parameters.ndg_ae.value`): Monte Carlo draw j goes to input j, so the order
 * must not depend on the order a file happens to list mapping keys in.
 */
function canonicalOrder(inputs: readonly UncertainInput[]): UncertainInput[] {
  return [...inputs].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
