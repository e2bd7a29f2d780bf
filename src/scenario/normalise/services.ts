/**
 * Services: each one's activity (MODEL.md step 2: rates by age band, a base-year
 * total spread by an age profile, or bed days that follow admissions), its cost
 * behaviour (step 4: fixed, stepped and variable shares, inflation, efficiency)
 * and its payment model (step 5), from a contract where one covers it.
 */
import type { Path } from '../load.js';
import { messages, nearest } from '../messages.js';
import type { NumberInputT, ScenarioPayment, ScenarioService, SeriesInputT } from '../schema.js';
import { ActivityKind, Pay, type PaymentDef, type ServiceDef } from '../../engine/types.js';
import { commissionerRef, providerRef, type Organisations } from './organisations.js';
import type { Slots } from './slots.js';

/** The services; `shape` holds each one's rates (or lengths of stay) by age band, and `order` puts admissions before the bed days that follow them. */
export function normaliseServices(ctx: Slots, orgs: Organisations, population: Float64Array) {
  const list = ctx.sc.services;
  const nB = ctx.bands.length;
  const ids = new Map<string, number>();
  list.forEach((s, i) => {
    if (ids.has(s.id)) ctx.fail(['services', i, 'id'], messages.duplicateId('service', s.id));
    ids.set(s.id, i);
  });
  const shape = new Float64Array(list.length * nB);
  const contracts = ctx.sc.contracts ?? [];
  const services: ServiceDef[] = list.map((s, i) => {
    const at = (...k: (string | number)[]) => ['services', i, ...k];
    const provider = providerRef(ctx, orgs, s.provider, at('provider'));
    const commissioner = commissionerRef(ctx, orgs, s.commissioner, at('commissioner'));
    const { activityKind, parent, scaleSlot } = activity(ctx, list, i, ids, shape, population);
    const cost = costBehaviour(ctx, s.costBehaviour ?? {}, at('costBehaviour'));
    const unitCostSlot = ctx.num(s.unitCost, at('unitCost'), { min: 0, what: 'unit cost' });
    const contractIdx = contracts.findIndex(
      (c) => c.provider === s.provider && c.commissioner === s.commissioner && (!c.services || c.services.includes(s.id)),
    );
    const payment =
      contractIdx >= 0
        ? normalisePayment(ctx, contracts[contractIdx]!.payment, ['contracts', contractIdx, 'payment'])
        : normalisePayment(ctx, s.payment ?? { model: 'tariff' }, at('payment'));
    return {
      id: s.id,
      name: s.name,
      setting: s.setting,
      unit: s.unit,
      provider,
      commissioner,
      activityKind,
      parent,
      scaleSlot,
      unitCostSlot,
      ...cost,
      growthSlot: ctx.series(s.growth, at('growth'), { min: -1 }),
      inflationSlot: ctx.series(s.inflation, at('inflation'), { min: -1 }),
      efficiencySlot: ctx.series(s.efficiency, at('efficiency'), { min: -1, max: 1 }),
      payment,
    };
  });
  contracts.forEach((c, ci) => {
    providerRef(ctx, orgs, c.provider, ['contracts', ci, 'provider']);
    commissionerRef(ctx, orgs, c.commissioner, ['contracts', ci, 'commissioner']);
    (c.services ?? []).forEach((id, k) => serviceRef(ctx, id, ['contracts', ci, 'services', k], ids));
  });
  const order = Int32Array.from([
    ...services.flatMap((s, i) => (s.parent < 0 ? [i] : [])),
    ...services.flatMap((s, i) => (s.parent >= 0 ? [i] : [])),
  ]);
  return { services, shape, order };
}

/** Each service id's index. */
export function serviceIds(services: readonly { id: string }[]): Map<string, number> {
  return new Map(services.map((s, i) => [s.id, i]));
}

/** The index of service `id`. */
export function serviceRef(ctx: Slots, id: string, path: Path, ids: Map<string, number>): number {
  const i = ids.get(id);
  if (i === undefined) return ctx.fail(path, messages.unknownReference('service', id, nearest(id, ids.keys())));
  return i;
}

/** Service `i`'s activity: writes its row of `shape` and gives the slot that scales it. */
function activity(ctx: Slots, list: ScenarioService[], i: number, ids: Map<string, number>, shape: Float64Array, population: Float64Array) {
  const at = (...k: (string | number)[]) => ['services', i, 'activity', ...k];
  const nB = ctx.bands.length;
  const act = list[i]!.activity;
  if ('rates' in act) {
    shape.set(ctx.bandColumn(act.rates, at('rates')), i * nB);
    return { activityKind: ActivityKind.Rates, parent: -1, scaleSlot: ctx.num(act.scale ?? 1, at('scale'), { min: 0 }) };
  }
  if ('baseTotal' in act) {
    const profile =
      act.profile === 'flat'
        ? new Float64Array(nB).fill(1)
        : Array.isArray(act.profile)
          ? Float64Array.from(act.profile)
          : ctx.bandColumn(act.profile, at('profile'));
    if (profile.length !== nB) ctx.fail(at('profile'), `needs one value per age band (${nB}), got ${profile.length}`);
    profile.forEach((v, a) => (v < 0 || !Number.isFinite(v) ? ctx.fail(at('profile', a), messages.negative('profile', v)) : 0));
    // Scale the profile so that profile × base-year population sums to 1: × total gives the rates.
    let denom = 0;
    for (let a = 0; a < nB; a++) denom += profile[a]! * population[a]!;
    if (denom <= 0) ctx.fail(at('profile'), 'the age profile gives no activity for the base-year population');
    for (let a = 0; a < nB; a++) shape[i * nB + a] = profile[a]! / denom;
    return { activityKind: ActivityKind.Total, parent: -1, scaleSlot: ctx.num(act.baseTotal, at('baseTotal'), { min: 0, what: 'baseTotal' }) };
  }
  const parent = serviceRef(ctx, act.follows, at('follows'), ids);
  if (parent === i) ctx.fail(at('follows'), 'a service cannot follow itself');
  if ('follows' in list[parent]!.activity) ctx.fail(at('follows'), `service '${act.follows}' is itself bed days; follow the admissions`);
  shape.set(ctx.bandColumn(act.lengthOfStay, at('lengthOfStay')), i * nB);
  return { activityKind: ActivityKind.Follows, parent, scaleSlot: ctx.num(act.scale ?? 1, at('scale'), { min: 0 }) };
}

/** The shares of unit cost that are fixed and stepped (the rest is variable), and the step size. */
function costBehaviour(ctx: Slots, cb: NonNullable<ScenarioService['costBehaviour']>, path: Path) {
  const fixedShareSlot = ctx.num(cb.fixed ?? 0, [...path, 'fixed'], { min: 0, max: 1, what: 'fixed share' });
  const stepShareSlot = ctx.num(cb.stepped?.share ?? 0, [...path, 'stepped', 'share'], { min: 0, max: 1, what: 'stepped share' });
  const stepSizeSlot = ctx.num(cb.stepped?.size ?? 0, [...path, 'stepped', 'size'], { min: 0, what: 'step size' });
  if (cb.stepped && ctx.p[stepSizeSlot]! <= 0) ctx.fail([...path, 'stepped', 'size'], 'step size must be more than 0');
  if (ctx.p[fixedShareSlot]! + ctx.p[stepShareSlot]! > 1 + 1e-12) ctx.fail(path, 'fixed and stepped shares add up to more than 1');
  return { fixedShareSlot, stepShareSlot, stepSizeSlot };
}

/** A payment model's prices, uplift and shares, as slots. */
function normalisePayment(ctx: Slots, pay: ScenarioPayment, path: Path): PaymentDef {
  const none: PaymentDef = { model: Pay.None, amountSlot: -1, upliftSlot: -1, aboveSlot: -1, belowSlot: -1, planDoNothing: true };
  const price = (v: NumberInputT | undefined, key: string) => (v === undefined ? -1 : ctx.num(v, [...path, key], { min: 0, what: key }));
  const uplift = (v: SeriesInputT | undefined) => (v === undefined ? -1 : ctx.series(v, [...path, 'uplift'], { min: -1 }));
  switch (pay.model) {
    case 'tariff':
      return { ...none, model: Pay.Tariff, amountSlot: price(pay.price, 'price'), upliftSlot: uplift(pay.uplift) };
    case 'cost-per-case':
      return { ...none, model: Pay.CostPerCase, amountSlot: price(pay.price, 'price'), upliftSlot: uplift(pay.uplift) };
    case 'block':
      return { ...none, model: Pay.Block, amountSlot: price(pay.value, 'value'), upliftSlot: uplift(pay.uplift) };
    case 'blended':
      return {
        model: Pay.Blended,
        amountSlot: price(pay.price, 'price'),
        upliftSlot: uplift(pay.uplift),
        aboveSlot: ctx.num(pay.above, [...path, 'above'], { min: 0, max: 1, what: 'share above plan' }),
        belowSlot: ctx.num(pay.below, [...path, 'below'], { min: 0, max: 1, what: 'share below plan' }),
        planDoNothing: (pay.plan ?? 'do-nothing') === 'do-nothing',
      };
    case 'none':
      return none;
  }
}
