/**
 * Services, written once and expanded for the engine:
 *   lines  one per provider: cost behaviour (MODEL.md step 4: fixed, stepped and
 *          variable shares, inflation, efficiency) and capacity in beds;
 *   flows  one per place and provider: its share of the place's activity
 *          (step 2: rates by age band, a base-year total spread by an age
 *          profile, or bed days that follow admissions) and its payment
 *          (step 5), from a contract where one covers it. The place's
 *          commissioner (or council, for social care) pays unless the service names one.
 */
import type { Path } from '../load.js';
import { messages, nearest } from '../messages.js';
import { readTable, columnIndex, numberCell, uniqueRows } from '../table.js';
import type { CapacityT, NumberInputT, PlaceValuesT, ScenarioPayment, ScenarioService, SeriesInputT, TableColumnT } from '../schema.js';
import { ActivityKind, Pay, type FlowDef, type LineDef, type PaymentDef, type PlaceDef, type ServiceDef } from '../../engine/types.js';
import { commissionerRef, providerRef, type Organisations } from './organisations.js';
import { placeRefs } from './population.js';
import type { Slots } from './slots.js';

/** Bounds and a name for a number's checks. */
type Bounds = { min?: number; max?: number; what?: string };
const SHARE: Bounds = { min: 0, max: 1, what: 'share' };

/** The expanded services: their lines and flows, each flow's rates (or lengths of stay) by band, and the order demand is computed in. */
export interface NormalisedServices {
  services: ServiceDef[];
  lines: LineDef[];
  flows: FlowDef[];
  shape: Float64Array;
  order: Int32Array;
}

/** Build services, lines and flows. `population` is every place's [(q*nY+t)*nB+a]. */
export function normaliseServices(ctx: Slots, orgs: Organisations, places: readonly PlaceDef[], population: Float64Array): NormalisedServices {
  const list = ctx.sc.services;
  const nB = ctx.bands.length;
  const ids = new Map<string, number>();
  list.forEach((s, i) => {
    if (ids.has(s.id)) ctx.fail(['services', i, 'id'], messages.duplicateId('service', s.id));
    ids.set(s.id, i);
  });
  const services: ServiceDef[] = list.map((s) => ({ id: s.id, name: s.name, setting: s.setting, unit: s.unit, lines: new Int32Array(0), flows: new Int32Array(0), parent: -1 }));
  const lines: LineDef[] = [];
  const flows: FlowDef[] = [];
  const shapes: Float64Array[] = [];
  const contracts = ctx.sc.contracts ?? [];
  // admissions and other services first: bed days are built on their admissions' flows
  const first = list.flatMap((s, i) => ('follows' in s.activity ? [] : [i]));
  const second = list.flatMap((s, i) => ('follows' in s.activity ? [i] : []));
  for (const i of first) buildService(i);
  for (const i of second) buildFollower(i);
  contracts.forEach((c, ci) => {
    providerRef(ctx, orgs, c.provider, ['contracts', ci, 'provider']);
    commissionerRef(ctx, orgs, c.commissioner, ['contracts', ci, 'commissioner']);
    (c.services ?? []).forEach((id, k) => serviceRef(ctx, id, ['contracts', ci, 'services', k], ids));
  });
  const shape = new Float64Array(flows.length * nB);
  shapes.forEach((row, f) => shape.set(row, f * nB));
  const followers: number[][] = flows.map(() => []);
  flows.forEach((f, fi) => (f.parent >= 0 ? followers[f.parent]!.push(fi) : 0));
  flows.forEach((f, fi) => (f.followers = Int32Array.from(followers[fi]!)));
  const order = Int32Array.from([...flows.flatMap((f, i) => (f.parent < 0 ? [i] : [])), ...flows.flatMap((f, i) => (f.parent >= 0 ? [i] : []))]);
  return { services, lines, flows, shape, order };

  function buildService(i: number): void {
    const s = list[i]!;
    const at = (...k: (string | number)[]) => ['services', i, ...k];
    const qs = placeRefs(ctx, places, s.places, at('places'));
    const providers = providerList(s, at);
    const scale = activityScale(s, at, qs);
    const common = lineCommon(s, at);
    const growthSlot = ctx.series(s.growth, at('growth'), { min: -1 });
    const rates = qs.map((q) => activityShape(s, at, q, scale.perPlace));
    const shares = providers.map((pv, j) => placeValues(pv.share, s.providers ? at('providers', j, 'share') : at('provider'), qs, SHARE).slots);
    qs.forEach((q, k) => {
      const sum = shares.reduce((acc, sh) => acc + ctx.p[sh[k]!]!, 0);
      if (sum > 1 + 1e-9) ctx.fail(s.providers ? at('providers') : at('provider'), messages.place.sharesOver(s.id, places[q]!.id, sum));
    });
    const lineIdx: number[] = [];
    const flowIdx: number[] = [];
    const payments = new Map<string, PaymentDef>();
    providers.forEach((pv, j) => {
      const l = lines.length;
      lines.push({ service: i, provider: pv.org, flows: new Int32Array(0), ...common, capacity: capacity(s, pv.capacity, pv.capacityPath) });
      lineIdx.push(l);
      const own: number[] = [];
      qs.forEach((q, k) => {
        const shareSlot = shares[j]![k]!;
        // a provider with no share of a place (and no uncertainty about it) has no flow there
        if (ctx.p[shareSlot] === 0 && !ctx.uncertain.some((u) => u.slot === shareSlot)) return;
        const commissioner = commissionerFor(s, at, q);
        const f = flows.length;
        flows.push({
          service: i,
          line: l,
          place: q,
          provider: pv.org,
          commissioner,
          activityKind: 'rates' in s.activity ? ActivityKind.Rates : ActivityKind.Total,
          parent: -1,
          followers: new Int32Array(0),
          scaleSlot: scale.slots[k]!,
          shareSlot,
          unitCostSlot: common.unitCostSlot,
          growthSlot,
          payment: paymentFor(s, at, pv.id, commissioner, payments),
        });
        shapes.push(rates[k]!);
        own.push(f);
        flowIdx.push(f);
      });
      lines[l]!.flows = Int32Array.from(own);
    });
    services[i]!.lines = Int32Array.from(lineIdx);
    services[i]!.flows = Int32Array.from(flowIdx);
  }

  function buildFollower(i: number): void {
    const s = list[i]!;
    const at = (...k: (string | number)[]) => ['services', i, ...k];
    const act = s.activity as Extract<ScenarioService['activity'], { follows: string }>;
    const parent = serviceRef(ctx, act.follows, at('activity', 'follows'), ids);
    if (parent === i) ctx.fail(at('activity', 'follows'), 'a service cannot follow itself');
    if ('follows' in list[parent]!.activity) ctx.fail(at('activity', 'follows'), `service '${act.follows}' is itself bed days; follow the admissions`);
    if (s.places) ctx.fail(at('places'), messages.place.followerPlaces(s.id, act.follows));
    const parentLines = Array.from(services[parent]!.lines);
    const parentProviders = parentLines.map((l) => lines[l]!.provider);
    if (s.provider !== undefined && s.providers !== undefined) ctx.fail(at('provider'), messages.place.providerAndProviders());
    if (s.provider !== undefined && !(parentProviders.length === 1 && providerRef(ctx, orgs, s.provider, at('provider')) === parentProviders[0])) {
      ctx.fail(at('provider'), messages.place.followerProviders(s.id, act.follows));
    }
    const capacityOf = new Map<number, { capacity: CapacityT; path: Path }>();
    const losOf = new Map<number, { column: TableColumnT; path: Path }>();
    (s.providers ?? []).forEach((pv, j) => {
      const org = providerRef(ctx, orgs, pv.provider, at('providers', j, 'provider'));
      if (!parentProviders.includes(org)) ctx.fail(at('providers', j, 'provider'), messages.place.followerProviders(s.id, act.follows));
      if (pv.share !== undefined) ctx.fail(at('providers', j, 'share'), messages.place.followerShare());
      if (pv.capacity) capacityOf.set(org, { capacity: pv.capacity, path: at('providers', j, 'capacity') });
      if (pv.lengthOfStay) losOf.set(org, { column: pv.lengthOfStay, path: at('providers', j, 'lengthOfStay') });
    });
    if (s.capacity) {
      if (parentProviders.length > 1) ctx.fail(at('capacity'), messages.place.capacityWhichProvider(s.id));
      capacityOf.set(parentProviders[0]!, { capacity: s.capacity, path: at('capacity') });
    }
    const allPlaces = places.map((_, q) => q);
    const scaleSlots = placeValues(act.scale ?? 1, at('activity', 'scale'), allPlaces, { min: 0, what: 'scale' }).slots;
    const common = lineCommon(s, at);
    const growthSlot = ctx.series(s.growth, at('growth'), { min: -1 });
    const payments = new Map<string, PaymentDef>();
    const lineIdx: number[] = [];
    const flowIdx: number[] = [];
    for (const pl of parentLines) {
      const provider = lines[pl]!.provider;
      // this provider's lengths of stay where it states its own, else the service's (read once per place)
      const own = losOf.get(provider);
      const losColumn = own?.column ?? act.lengthOfStay;
      const losPath = own?.path ?? at('activity', 'lengthOfStay');
      const los = new Map<number, Float64Array>();
      const cap = capacityOf.get(provider);
      const l = lines.length;
      lines.push({ service: i, provider, flows: new Int32Array(0), ...common, capacity: cap ? capacity(s, cap.capacity, cap.path) : null });
      lineIdx.push(l);
      const mine: number[] = [];
      for (const pf of lines[pl]!.flows) {
        const parentFlow = flows[pf]!;
        const q = parentFlow.place;
        if (!los.has(q)) los.set(q, ctx.bandColumn(losColumn, losPath, ctx.sc.places ? places[q]!.id : undefined));
        const commissioner = s.commissioner !== undefined ? commissionerRef(ctx, orgs, s.commissioner, at('commissioner')) : parentFlow.commissioner;
        const f = flows.length;
        flows.push({
          service: i,
          line: l,
          place: q,
          provider,
          commissioner,
          activityKind: ActivityKind.Follows,
          parent: pf,
          followers: new Int32Array(0),
          scaleSlot: scaleSlots[q]!,
          shareSlot: parentFlow.shareSlot,
          unitCostSlot: common.unitCostSlot,
          growthSlot,
          payment: paymentFor(s, at, orgs.list[provider]!.id, commissioner, payments),
        });
        shapes.push(los.get(q)!);
        mine.push(f);
        flowIdx.push(f);
      }
      lines[l]!.flows = Int32Array.from(mine);
    }
    services[i] = { ...services[i]!, lines: Int32Array.from(lineIdx), flows: Int32Array.from(flowIdx), parent };
  }

  function providerList(s: ScenarioService, at: (...k: (string | number)[]) => Path) {
    if (s.provider !== undefined && s.providers !== undefined) ctx.fail(at('provider'), messages.place.providerAndProviders());
    if (s.provider === undefined && s.providers === undefined) ctx.fail(at(), messages.place.noProvider());
    if (s.providers && s.capacity && s.providers.length > 1) ctx.fail(at('capacity'), messages.place.capacityWhichProvider(s.id));
    const entries = s.providers ?? [{ provider: s.provider!, share: undefined, capacity: s.capacity }];
    return entries.map((pv, j) => {
      const path = s.providers ? at('providers', j, 'provider') : at('provider');
      const cap = pv.capacity ?? (s.providers && j === 0 ? s.capacity : undefined);
      const capacityPath = s.providers && pv.capacity ? at('providers', j, 'capacity') : at('capacity');
      return { id: pv.provider, org: providerRef(ctx, orgs, pv.provider, path), share: pv.share, capacity: cap, capacityPath };
    });
  }

  /**
   * One slot per place in `qs` from a value for every place: one number (one slot shared), values by
   * place id, or a column of a table with a place column. `perPlace` says whether it was given by place.
   */
  function placeValues(v: PlaceValuesT | undefined, path: Path, qs: number[], unit: Bounds): { slots: number[]; perPlace: boolean } {
    if (v === undefined) {
      const one = ctx.num(1, path, unit);
      return { slots: qs.map(() => one), perPlace: false };
    }
    if (typeof v === 'number' || typeof v === 'string' || 'dist' in v) {
      const slot = ctx.num(v as NumberInputT, path, unit);
      return { slots: qs.map(() => slot), perPlace: false };
    }
    if ('table' in v && 'column' in v && typeof v.table === 'string') {
      const where = ctx.where([...path, 'table']);
      const t = readTable(v.table as string, where);
      const pc = t.columns.indexOf('place');
      if (pc < 0) ctx.fail([...path, 'table'], messages.place.shareTableNoPlace(t.file));
      const c = columnIndex(t, v.column as string, where);
      uniqueRows(t, ['place'], where);
      const slots = qs.map((q) => {
        const key = places[q]!.id;
        const r = t.rows.findIndex((row) => row[pc]!.trim() === key);
        if (r < 0) ctx.fail([...path, 'table'], messages.table.missingRow(t.file, 'place', key));
        return ctx.num(ctx.check(numberCell(t, r, c, where), [...path, 'column'], unit), [...path, 'column'], unit);
      });
      return { slots, perPlace: true };
    }
    const rec = v as Record<string, NumberInputT>;
    for (const id of Object.keys(rec)) {
      if (!places.some((p) => p.id === id)) ctx.fail([...path, id], messages.place.unknown(id, nearest(id, places.map((p) => p.id))));
    }
    const slots = qs.map((q) => {
      const id = places[q]!.id;
      if (!(id in rec)) ctx.fail(path, messages.place.sharesMissing(id));
      return ctx.num(rec[id]!, [...path, id], unit);
    });
    return { slots, perPlace: true };
  }

  /** Each place's rate multiplier, or base-year total (one over the service's places, or each place's own). */
  function activityScale(s: ScenarioService, at: (...k: (string | number)[]) => Path, qs: number[]) {
    const act = s.activity;
    if ('baseTotal' in act) return placeValues(act.baseTotal, at('activity', 'baseTotal'), qs, { min: 0, what: 'baseTotal' });
    return placeValues((act as { scale?: PlaceValuesT }).scale ?? 1, at('activity', 'scale'), qs, { min: 0, what: 'scale' });
  }

  /**
   * A flow's activity per head by band in place q: its rates, or the age profile scaled so that the
   * base-year population gives the total — the service's places' together, or q's alone when each
   * place has its own total.
   */
  function activityShape(s: ScenarioService, at: (...k: (string | number)[]) => Path, q: number, ownTotal: boolean): Float64Array {
    const act = s.activity;
    if ('rates' in act) return ctx.bandColumn(act.rates, at('activity', 'rates'), ctx.sc.places ? places[q]!.id : undefined);
    if (!('baseTotal' in act)) throw new Error('bed days are built by buildFollower');
    const profile =
      act.profile === 'flat'
        ? new Float64Array(nB).fill(1)
        : Array.isArray(act.profile)
          ? Float64Array.from(act.profile)
          : ctx.bandColumn(act.profile, at('activity', 'profile'));
    if (profile.length !== nB) ctx.fail(at('activity', 'profile'), `needs one value per age band (${nB}), got ${profile.length}`);
    profile.forEach((v, a) => (v < 0 || !Number.isFinite(v) ? ctx.fail(at('activity', 'profile', a), messages.negative('profile', v)) : 0));
    // Scale the profile so that profile × base-year population (of all the service's places) sums to 1: × total gives the rates.
    const nY = ctx.years.length;
    let denom = 0;
    for (const r of ownTotal ? [q] : placeRefs(ctx, places, s.places, at('places'))) for (let a = 0; a < nB; a++) denom += profile[a]! * population[r * nY * nB + a]!;
    if (denom <= 0) ctx.fail(at('activity', 'profile'), 'the age profile gives no activity for the base-year population');
    return profile.map((v) => v / denom);
  }

  function lineCommon(s: ScenarioService, at: (...k: (string | number)[]) => Path) {
    const cost = costBehaviour(ctx, s.costBehaviour ?? {}, at('costBehaviour'));
    return {
      unitCostSlot: ctx.num(s.unitCost, at('unitCost'), { min: 0, what: 'unit cost' }),
      ...cost,
      inflationSlot: ctx.series(s.inflation, at('inflation'), { min: -1 }),
      efficiencySlot: ctx.series(s.efficiency, at('efficiency'), { min: -1, max: 1 }),
    };
  }

  function capacity(s: ScenarioService, cap: CapacityT | undefined, path: Path): LineDef['capacity'] {
    if (!cap) return null;
    if (!('follows' in s.activity) && !/bed.?day/i.test(s.unit)) ctx.fail(path, messages.place.capacityNotBedDays(s.id));
    const beds = cap.beds;
    const level = typeof beds === 'object' && 'byYear' in beds ? undefined : ctx.p[ctx.num(beds as NumberInputT, [...path, 'beds'], { min: 0, what: 'beds' })]!;
    const values = ctx.years.map((y) => {
      if (level !== undefined || typeof beds !== 'object' || !('byYear' in beds)) return level!;
      const last = Object.keys(beds.byYear).sort().pop();
      if (y in beds.byYear) return beds.byYear[y]!;
      if (last !== undefined && y > last) return beds.thereafter ?? beds.byYear[last]!;
      return ctx.fail([...path, 'beds', 'byYear'], messages.place.noBeds(y));
    });
    const bedsSlot = ctx.p.length;
    values.forEach((v, t) => ctx.newSlot(ctx.check(v, [...path, 'beds'], { min: 0, what: 'beds' }), `${s.id}.capacity.beds[${ctx.years[t]}]`));
    return { bedsSlot, occupancySlot: ctx.num(cap.occupancy, [...path, 'occupancy'], { min: 0.01, max: 1, what: 'occupancy' }) };
  }

  function commissionerFor(s: ScenarioService, at: (...k: (string | number)[]) => Path, q: number): number {
    if (s.commissioner !== undefined) return commissionerRef(ctx, orgs, s.commissioner, at('commissioner'));
    const social = s.setting === 'social-care';
    const c = social ? places[q]!.council : places[q]!.commissioner;
    if (c < 0) ctx.fail(at(), messages.place.noCommissioner(s.id, places[q]!.id, social ? 'council' : 'commissioner'));
    return c;
  }

  /** The payment for a flow: a contract between its provider and commissioner covering the service, else the service's own (one definition each, shared by the flows). */
  function paymentFor(s: ScenarioService, at: (...k: (string | number)[]) => Path, provider: string, commissioner: number, cache: Map<string, PaymentDef>): PaymentDef {
    const cid = orgs.list[commissioner]!.id;
    const ci = contracts.findIndex((c) => c.provider === provider && c.commissioner === cid && (!c.services || c.services.includes(s.id)));
    const key = String(ci);
    let def = cache.get(key);
    if (!def) {
      def = ci >= 0 ? normalisePayment(ctx, contracts[ci]!.payment, ['contracts', ci, 'payment']) : normalisePayment(ctx, s.payment ?? { model: 'tariff' }, at('payment'));
      cache.set(key, def);
    }
    return def;
  }
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

/** The smallest step of stepped cost, in units of activity. */
export const MIN_STEP_SIZE = 0.001;

/** The shares of unit cost that are fixed and stepped (the rest is variable), and the step size. */
function costBehaviour(ctx: Slots, cb: NonNullable<ScenarioService['costBehaviour']>, path: Path) {
  const fixedShareSlot = ctx.num(cb.fixed ?? 0, [...path, 'fixed'], { min: 0, max: 1, what: 'fixed share' });
  const stepShareSlot = ctx.num(cb.stepped?.share ?? 0, [...path, 'stepped', 'share'], { min: 0, max: 1, what: 'stepped share' });
  // A step is a whole ward or team: one smaller than MIN_STEP_SIZE units would count activity in more steps than can be added up.
  const stepSizeSlot = ctx.num(cb.stepped?.size ?? 0, [...path, 'stepped', 'size'], { min: cb.stepped ? MIN_STEP_SIZE : 0, what: 'step size' });
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
