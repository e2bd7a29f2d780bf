/**
 * Results as arquero tables, long format (one row per entity and year), each
 * with its units and price base in the table's name so exports carry them.
 */
import { from, type ColumnTable } from 'arquero';
import type { Results } from './summary.js';
import { resultsArgument } from '../api-arguments.js';

export interface ResultTables {
  /** year, funding, cost, investment, gap, doNothingGap, position — £. */
  system: ColumnTable;
  /** organisation, name, kind, year, funding, income, payments, cost, investment, position — £. */
  organisations: ColumnTable;
  /** service, setting, unit, provider, commissioner, year, activity, doNothingActivity, cost, doNothingCost, payment, stranded, nextStepRelease. */
  services: ColumnTable;
  /** scheme, year, removed, added, followerRemoved, effect, investment. */
  schemes: ColumnTable;
  /** place, name, council, area, year, population, funding, cost, investment, gap, doNothingGap — £; the places sum to the system. */
  places: ColumnTable;
  /** by (council, commissioner or area), group, name, year, places, population, funding, cost, investment, gap, doNothingGap — £; each kind's groups sum to the system. */
  rollups: ColumnTable;
  /** sector, name, year, funding, gap, doNothingGap — £; the sectors sum to the system. */
  sectors: ColumnTable;
  /** service, provider, year, beds, occupancy, bedDays, bedsNeeded, doNothingBedsNeeded, overCapacity, overCapacityDoNothing. */
  capacity: ColumnTable;
  /** Units and price base of the money columns. */
  units: { money: '£'; priceBase: string };
}

/** Build the long tables of a result. */
export function toTables(r: Results): ResultTables {
  resultsArgument('toTables', r);
  const system = from(
    r.years.map((year, t) => ({
      year,
      funding: r.system.funding[t]!,
      cost: r.system.cost[t]!,
      investment: r.system.investment[t]!,
      gap: r.system.gap[t]!,
      doNothingGap: r.system.doNothingGap[t]!,
      position: r.system.position[t]!,
    })),
  );
  const organisations = from(
    r.organisations.flatMap((o) =>
      r.years.map((year, t) => ({
        organisation: o.id,
        name: o.name,
        kind: o.kind,
        year,
        funding: o.funding[t]!,
        income: o.income[t]!,
        payments: o.payments[t]!,
        cost: o.cost[t]!,
        investment: o.investment[t]!,
        position: o.position[t]!,
      })),
    ),
  );
  const services = from(
    r.services.flatMap((s) =>
      r.years.map((year, t) => ({
        service: s.id,
        setting: s.setting,
        unit: s.unit,
        provider: s.provider,
        commissioner: s.commissioner,
        year,
        activity: s.activity[t]!,
        doNothingActivity: s.doNothingActivity[t]!,
        cost: s.cost[t]!,
        doNothingCost: s.doNothingCost[t]!,
        payment: s.payment[t]!,
        stranded: s.stranded[t]!,
        nextStepRelease: s.nextStepRelease[t] ?? null,
      })),
    ),
  );
  const schemes = from(
    r.schemes.flatMap((k) =>
      r.years.map((year, t) => ({
        scheme: k.id,
        year,
        removed: k.removed[t]!,
        added: k.added[t]!,
        followerRemoved: k.followerRemoved[t]!,
        effect: k.effect[t]!,
        investment: k.investment[t]!,
      })),
    ),
  );
  const places = from(
    r.places.flatMap((p) =>
      r.years.map((year, t) => ({
        place: p.id,
        name: p.name,
        council: p.council ?? '',
        area: p.area ?? '',
        year,
        population: p.population.total[t]!,
        funding: p.funding[t]!,
        cost: p.cost[t]!,
        investment: p.investment[t]!,
        gap: p.gap[t]!,
        doNothingGap: p.doNothingGap[t]!,
      })),
    ),
  );
  const rollups = from(
    r.rollups.flatMap((g) =>
      r.years.map((year, t) => ({
        by: g.by,
        group: g.id,
        name: g.name,
        year,
        places: g.places.length,
        population: g.population[t]!,
        funding: g.funding[t]!,
        cost: g.cost[t]!,
        investment: g.investment[t]!,
        gap: g.gap[t]!,
        doNothingGap: g.doNothingGap[t]!,
      })),
    ),
  );
  const sectors = from(r.sectors.flatMap((x) => r.years.map((year, t) => ({ sector: x.id, name: x.name, year, funding: x.funding[t]!, gap: x.gap[t]!, doNothingGap: x.doNothingGap[t]! }))));
  const capacity = from(
    r.capacity.flatMap((c) =>
      r.years.map((year, t) => ({
        service: c.service,
        provider: c.provider,
        year,
        beds: c.beds[t]!,
        occupancy: c.occupancy,
        bedDays: c.bedDays[t]!,
        bedsNeeded: c.bedsNeeded[t]!,
        doNothingBedsNeeded: c.doNothingBedsNeeded[t]!,
        overCapacity: c.breaches.includes(year),
        overCapacityDoNothing: c.doNothingBreaches.includes(year),
      })),
    ),
  );
  return { system, organisations, services, schemes, places, rollups, sectors, capacity, units: { money: '£', priceBase: r.priceBase } };
}
