/**
 * Funding (MODEL.md step 6): each commissioner's allocation and each council's
 * budget — a base grown by a rate, or published allocations (cash, by year)
 * moving beyond the published years with weighted population, real-terms
 * growth and a named deflator — and the places each stream funds.
 */
import { UserError } from '../../errors.js';
import type { Path } from '../load.js';
import { messages, nearest } from '../messages.js';
import { readTable, columnIndex, numberCell, uniqueRows } from '../table.js';
import type { ScenarioFunding } from '../schema.js';
import type { DeflatorDef, FundingDef, PlaceDef } from '../../engine/types.js';
import { placesServedBy } from '../../engine/funding.js';
import { orgRef, type Organisations } from './organisations.js';
import { placeRefs, readPopulation } from './population.js';
import type { Slots } from './slots.js';

/** The funding streams, each paid to a commissioner or council. */
export function normaliseFunding(ctx: Slots, orgs: Organisations, places: readonly PlaceDef[], deflators: readonly DeflatorDef[]): FundingDef[] {
  const unique = ctx.uniqueIds('funding stream');
  return ctx.sc.funding.map((f, i) => {
    const at = (...k: (string | number)[]) => ['funding', i, ...k];
    unique(f.id, at('id'));
    const org = orgRef(ctx, orgs, f.organisation, at('organisation'), ['commissioner', 'council'], 'funded commissioner or council');
    const place = f.place === undefined ? -1 : placeRefs(ctx, places, [f.place], at('place'))[0]!;
    const common = {
      id: f.id,
      name: f.name ?? f.id,
      org,
      place,
      places: Int32Array.from(place >= 0 ? [place] : placesServedBy(places, org)),
      weights: f.weights && f.weights !== 'derived' ? ctx.bandColumn(f.weights, at('weights')) : null,
    };
    if ((f.base === undefined) === (f.allocations === undefined)) ctx.fail(at(), messages.funding.baseOrAllocations());
    if (f.base !== undefined) {
      if (f.beyond) ctx.fail(at('beyond'), messages.funding.beyondNeedsAllocations());
      return {
        ...common,
        kind: 'growth',
        baseSlot: ctx.num(f.base, at('base'), { min: 0, what: 'funding' }),
        growthSlot: ctx.series(f.growth, at('growth'), { min: -1 }),
        allocationSlots: new Int32Array(ctx.years.length).fill(-1),
        weightedPopulation: false,
        reference: null,
        realGrowthSlot: -1,
        deflatorSlot: -1,
      };
    }
    if (f.growth !== undefined) ctx.fail(at('growth'), messages.funding.growthWithAllocations());
    const allocationSlots = allocations(ctx, f, at);
    const covered = allocationSlots.every((s) => s >= 0);
    if (!f.beyond && !covered) ctx.fail(at('allocations'), messages.funding.needsBeyond(ctx.years[allocationSlots.findIndex((s) => s >= 0)]!, ctx.years[allocationSlots.length - 1 - [...allocationSlots].reverse().findIndex((s) => s >= 0)]!));
    const deflatorSlot = f.beyond ? deflatorRef(ctx, deflators, f.beyond.deflator, at('beyond', 'deflator')).slot : -1;
    return {
      ...common,
      kind: 'allocations',
      baseSlot: -1,
      growthSlot: -1,
      allocationSlots,
      weightedPopulation: f.beyond?.weightedPopulation ?? true,
      reference: f.beyond?.relativeTo ? readPopulation(ctx, f.beyond.relativeTo.table, at('beyond', 'relativeTo'), undefined) : null,
      realGrowthSlot: f.beyond ? ctx.series(f.beyond.realGrowth, at('beyond', 'realGrowth'), { min: -1 }) : -1,
      deflatorSlot,
    };
  });
}

/** The deflator `id`. */
export function deflatorRef(ctx: Slots, deflators: readonly DeflatorDef[], id: string, path: Path): DeflatorDef {
  const d = deflators.find((x) => x.id === id);
  if (!d) return ctx.fail(path, messages.funding.unknownDeflator(id, nearest(id, deflators.map((x) => x.id))));
  return d;
}

/** A slot for each published year's allocation (-1 for the others); the published years must run without a gap. */
function allocations(ctx: Slots, f: ScenarioFunding, at: (...k: (string | number)[]) => Path): Int32Array {
  const out = new Int32Array(ctx.years.length).fill(-1);
  const a = f.allocations!;
  if ('byYear' in a) {
    for (const [y, v] of Object.entries(a.byYear)) {
      const t = ctx.years.indexOf(y);
      if (t < 0) ctx.fail(at('allocations', 'byYear', y), messages.funding.allocationYear(y));
      out[t] = ctx.num(v, at('allocations', 'byYear', y), { min: 0, what: 'allocation' });
    }
    // with no year published there is nothing for 'beyond' to grow from
    if (out.every((s) => s < 0)) ctx.fail(at('allocations', 'byYear'), messages.funding.noAllocationGiven(ctx.sc.baseYear, ctx.sc.horizon));
  } else {
    const where = ctx.where(at('allocations', 'table'));
    const t = readTable(a.table, where);
    const yc = t.columns.indexOf('year');
    if (yc < 0) throw new UserError(`${where}: ${messages.table.missingKeyColumn(t.file, 'year')}`);
    const c = columnIndex(t, a.column, where);
    uniqueRows(t, ['year'], where);
    t.rows.forEach((row, r) => {
      const ti = ctx.years.indexOf(row[yc]!.trim());
      if (ti >= 0) out[ti] = ctx.newSlot(numberCell(t, r, c, where), `${f.id}.allocations[${ctx.years[ti]}]`);
    });
    if (out.every((s) => s < 0)) throw new UserError(`${where}: ${messages.funding.noAllocationYears(t.file, ctx.sc.baseYear, ctx.sc.horizon)}`);
  }
  const given = [...out.keys()].filter((t) => out[t]! >= 0);
  for (let k = 1; k < given.length; k++) {
    if (given[k]! !== given[k - 1]! + 1) ctx.fail(at('allocations'), messages.funding.allocationGap(ctx.years[given[k - 1]! + 1]!, ctx.years[given[k - 1]!]!, ctx.years[given[k]!]!));
  }
  return out;
}
