/**
 * A projection as plain, named, per-year arrays: what the CLI prints, JSON
 * carries and tables are built from. Money in £ (cash unless converted by
 * `inPrices`), unrounded. Every figure is for the system, and by place, the
 * two reconciling exactly.
 */
import { POOL_FIELDS, ENVELOPE_FIELDS, POOL_PLACE_FIELDS, type Model, type Projection, type Sector } from '../engine/types.js';
import type { CalibrationReport } from '../scenario/calibrate.js';
import { populationTotals, populationByBand } from '../engine/demography.js';
import { sectorGap, type Bridge } from '../engine/reconcile.js';
import { placeArgument, resultsArgument, yearArgument } from '../api-arguments.js';

export interface SystemResult {
  funding: number[];
  cost: number[];
  investment: number[];
  /** Cost + investment − funding: positive is a shortfall. */
  gap: number[];
  doNothingGap: number[];
  /** Σ organisation positions = funding − cost − investment = −gap. */
  position: number[];
}

/** A part of the economy (the NHS's local health economy, councils, independent providers). */
export interface SectorResult {
  id: Sector;
  name: string;
  organisations: string[];
  funding: number[];
  /** −Σ its organisations' positions: positive is a shortfall. */
  gap: number[];
  /** With no schemes, and before pools and envelopes move money between sectors (the calibration's measure). */
  doNothingGap: number[];
}

export interface OrganisationResult {
  id: string;
  name: string;
  kind: string;
  sector: Sector;
  funding: number[];
  income: number[];
  payments: number[];
  cost: number[];
  investment: number[];
  position: number[];
  /** Position with no schemes. */
  doNothingPosition: number[];
}

/** One provider's line of a service (a service with one provider has one). */
export interface ServiceResult {
  id: string;
  name: string;
  setting: string;
  unit: string;
  provider: string;
  /** The commissioner(s) paying for it, joined with '+' where places differ. */
  commissioner: string;
  activity: number[];
  doNothingActivity: number[];
  cost: number[];
  doNothingCost: number[];
  payment: number[];
  stranded: number[];
  /** Further fall in activity that releases the next capacity step; null without steps. */
  nextStepRelease: (number | null)[];
}

export interface SchemeResult {
  id: string;
  name: string;
  type: string;
  service: string;
  /** The first target service (see `targets` for all). */
  target: string | null;
  targets: string[];
  rationale: string;
  source: string;
  /** Source units removed, target units added, bed days that left with admissions, by year. */
  removed: number[];
  added: number[];
  followerRemoved: number[];
  /** Change in system cost from this scheme, applied after those before it (negative = saving), £. */
  effect: number[];
  investment: number[];
  /** Change in each organisation's position from this scheme (with its investment), by organisation id and year, £. */
  byOrganisation: Record<string, number[]>;
}

export interface PoolResult {
  id: string;
  name: string;
  host: string;
  services: string[];
  /** By year, £: contributions (after any held back), in-scope spend, spend − budget. */
  budget: number[];
  spend: number[];
  /** Spend − budget: positive is an overspend. */
  variance: number[];
  reserveUsed: number[];
  underspendsUsed: number[];
  /** Performance-linked amount released into the pool. */
  released: number[];
  overspendShared: number[];
  underspendShared: number[];
  /** Each partner's contribution and share of the variance (+ pays an overspend, − receives an underspend); shares sum to the variance. */
  partners: { id: string; name: string; contribution: number[]; share: number[] }[];
}

export interface EnvelopeResult {
  id: string;
  name: string;
  provider: string;
  commissioner: string;
  services: string[];
  /** By year, £. */
  envelope: number[];
  /** The provider's cost of the scope. */
  cost: number[];
  /** Envelope − cost, before settlement. */
  margin: number[];
  /** What the same activity would have earned under Payment by Results. */
  tariffIncome: number[];
  /** The settlement: + paid to the provider, − paid back to the commissioner. */
  settlement: number[];
  /** What the commissioner pays: envelope (or cost, for shared savings) + settlement. */
  payment: number[];
  /** Payment − cost. */
  finalMargin: number[];
  /** Need-weighted population. */
  weightedPopulation: number[];
  /** An alliance's members and their shares of the final margin; empty for one provider. */
  members: { id: string; share: number[] }[];
}

/** A bed-day line with stated beds: beds needed by year and the years demand exceeds them. */
export interface CapacityResult {
  service: string;
  provider: string;
  beds: number[];
  occupancy: number;
  bedDays: number[];
  doNothingBedDays: number[];
  bedsNeeded: number[];
  doNothingBedsNeeded: number[];
  /** Years in which beds needed (after schemes) exceed the beds stated. */
  breaches: string[];
  doNothingBreaches: string[];
}

/** Everything by place; each sums over places to the system's figure. */
export interface PlaceResult {
  id: string;
  name: string;
  commissioner: string | null;
  council: string | null;
  /** The roll-up it belongs to (a primary care network, a locality); null for none. */
  area: string | null;
  /** Need index (weighted population per head; relative to England where the scenario states it so), 1 if none. */
  needIndex: number;
  basis: 'registered' | 'resident';
  population: { total: number[]; byBand: number[][] };
  funding: number[];
  cost: number[];
  investment: number[];
  gap: number[];
  doNothingGap: number[];
  /** Each organisation's funding and position in the place (organisations with any). */
  organisations: { id: string; funding: number[]; position: number[] }[];
  services: { id: string; provider: string; commissioner: string; activity: number[]; doNothingActivity: number[]; cost: number[]; payment: number[] }[];
  /** Each scheme's effect on the place's cost and its investment there. */
  schemes: { id: string; effect: number[]; investment: number[] }[];
  pools: { id: string; budget: number[]; spend: number[]; variance: number[]; partners: { id: string; share: number[] }[] }[];
  envelopes: { id: string; envelope: number[]; cost: number[]; margin: number[]; settlement: number[]; payment: number[]; finalMargin: number[]; weightedPopulation: number[] }[];
}

/** What places are rolled up by: the council serving them, the commissioner, or their stated area. */
export type RollupKind = 'council' | 'commissioner' | 'area';

/** A group of places added up (a council's area, a commissioner's, a primary care network): each kind's groups sum to the system. */
export interface RollupResult {
  by: RollupKind;
  id: string;
  name: string;
  places: string[];
  population: number[];
  funding: number[];
  cost: number[];
  investment: number[];
  gap: number[];
  doNothingGap: number[];
}

/** How money is stated: cash, or real terms at one year's prices by a named deflator. */
export type Prices = { basis: 'cash' } | { basis: 'real'; year: string; deflator: { id: string; name: string; source?: string } };

export interface Results {
  scenario: string;
  file: string;
  baseYear: string;
  horizon: string;
  years: string[];
  units: '£';
  /** The price base, in words (on every table and chart). */
  priceBase: string;
  prices: Prices;
  /** What the reader must know to read the figures (e.g. an index funding and cost share). */
  notes: string[];
  calibration?: CalibrationReport;
  /** What moves the gap from the base year to a year: the calibration year and the horizon. */
  drivers: Bridge[];
  /** Persons by year and band; `weighted` is Σ over places of need index × persons. */
  population: { total: number[]; weighted: number[]; bands: string[]; byBand: number[][] };
  system: SystemResult;
  sectors: SectorResult[];
  organisations: OrganisationResult[];
  services: ServiceResult[];
  schemes: SchemeResult[];
  pools: PoolResult[];
  envelopes: EnvelopeResult[];
  capacity: CapacityResult[];
  places: PlaceResult[];
  /** Places added up by council, commissioner and area, for each kind that makes two or more groups. */
  rollups: RollupResult[];
}

const SCHEME_TYPES = ['shift', 'avoid', 'los', 'efficiency'];

export const SECTOR_NAMES: Record<Sector, string> = {
  nhs: 'Local health economy (NHS)',
  council: 'Councils (adult social care)',
  independent: 'Independent sector providers',
};

/**
 * Places added up by council, commissioner and area. A place without one (no council, say) is in a
 * group of its own kind named '(none)', so that every kind's groups still sum to the system.
 */
export function rollups(places: readonly PlaceResult[], orgName: (id: string) => string): RollupResult[] {
  const kinds: { by: RollupKind; key: (p: PlaceResult) => string | null; name: (k: string) => string }[] = [
    { by: 'council', key: (p) => p.council, name: orgName },
    { by: 'commissioner', key: (p) => p.commissioner, name: orgName },
    { by: 'area', key: (p) => p.area, name: (k) => k },
  ];
  const add = (a: number[], b: readonly number[]) => a.forEach((_, t) => (a[t]! += b[t]!));
  return kinds.flatMap(({ by, key, name }) => {
    const groups = new Map<string, RollupResult>();
    for (const p of places) {
      const k = key(p) ?? '(none)';
      let g = groups.get(k);
      if (!g) {
        const zero = () => p.funding.map(() => 0);
        g = { by, id: k, name: k === '(none)' ? k : name(k), places: [], population: zero(), funding: zero(), cost: zero(), investment: zero(), gap: zero(), doNothingGap: zero() };
        groups.set(k, g);
      }
      g.places.push(p.id);
      add(g.population, p.population.total);
      add(g.funding, p.funding);
      add(g.cost, p.cost);
      add(g.investment, p.investment);
      add(g.gap, p.gap);
      add(g.doNothingGap, p.doNothingGap);
    }
    return groups.size >= 2 ? [...groups.values()] : [];
  });
}

function rows(a: Float64Array, row: number, n: number): number[] {
  return Array.from(a.subarray(row * n, row * n + n));
}

function sumRows(a: Float64Array, rowsOf: Iterable<number>, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const r of rowsOf) for (let t = 0; t < n; t++) out[t]! += a[r * n + t]!;
  return out;
}

/** What else the summary needs beside the projection. */
export interface SummaryExtras {
  calibration?: CalibrationReport;
  drivers?: Bridge[];
  notes?: string[];
}

/** Copy a projection's arrays into named results (cash). */
export function summarise(model: Model, proj: Projection, file: string, extras: SummaryExtras = {}): Results {
  const nY = model.nYears;
  const nB = model.nBands;
  const nQ = model.places.length;
  const nO = model.orgs.length;
  const orgId = (o: number) => model.orgs[o]!.id;
  const system: SystemResult = {
    funding: Array.from(proj.systemFunding),
    cost: Array.from(proj.systemCost),
    investment: Array.from(proj.systemInvestment),
    gap: Array.from(proj.systemGap),
    doNothingGap: Array.from(proj.doNothingGap),
    position: Array.from(proj.systemGap, (g) => -g),
  };
  const sectors: SectorResult[] = (['nhs', 'council', 'independent'] as const).flatMap((id) => {
    const members = model.orgs.flatMap((o, i) => (o.sector === id ? [i] : []));
    if (members.length === 0) return [];
    return [
      {
        id,
        name: SECTOR_NAMES[id],
        organisations: members.map(orgId),
        funding: sumRows(proj.orgFunding, members, nY),
        gap: sumRows(proj.orgPosition, members, nY).map((v) => -v),
        doNothingGap: model.years.map((_, t) => sectorGap(model, proj, id, t, proj.doNothingCost, proj.doNothingPayment).gap),
      },
    ];
  });
  const popByBand = populationByBand(model);
  const byBand = (pop: Float64Array, off: number) => model.years.map((_, t) => Array.from(pop.subarray(off + t * nB, off + t * nB + nB)));
  const commissionersOf = (flows: Iterable<number>) => [...new Set(Array.from(flows, (f) => orgId(model.flows[f]!.commissioner)))].join('+');
  // lines in the scenario's order of services (bed days are built after their admissions)
  const lineOrder = model.lines.map((_, l) => l).sort((a, b) => model.lines[a]!.service - model.lines[b]!.service || a - b);
  const services: ServiceResult[] = lineOrder.map((l) => {
    const line = model.lines[l]!;
    const svc = model.services[line.service]!;
    return {
      id: svc.id,
      name: svc.name,
      setting: svc.setting,
      unit: svc.unit,
      provider: orgId(line.provider),
      commissioner: commissionersOf(line.flows),
      activity: sumRows(proj.flowActivity, line.flows, nY),
      doNothingActivity: sumRows(proj.flowDoNothingActivity, line.flows, nY),
      cost: rows(proj.lineCost, l, nY),
      doNothingCost: rows(proj.lineDoNothingCost, l, nY),
      payment: sumRows(proj.payment, line.flows, nY),
      stranded: rows(proj.stranded, l, nY),
      nextStepRelease: rows(proj.nextStepRelease, l, nY).map((v) => (Number.isNaN(v) ? null : v)),
    };
  });
  const capacity: CapacityResult[] = lineOrder.flatMap((l) => {
    const line = model.lines[l]!;
    if (!line.capacity) return [];
    const beds = model.years.map((_, t) => model.p0[line.capacity!.bedsSlot + t]!);
    const bedsNeeded = rows(proj.bedsNeeded, l, nY);
    const doNothingBedsNeeded = rows(proj.doNothingBedsNeeded, l, nY);
    const over = (need: number[]) => model.years.filter((_, t) => need[t]! > beds[t]! + 1e-9);
    return [
      {
        service: model.services[line.service]!.id,
        provider: orgId(line.provider),
        beds,
        occupancy: model.p0[line.capacity.occupancySlot]!,
        bedDays: sumRows(proj.flowActivity, line.flows, nY),
        doNothingBedDays: sumRows(proj.flowDoNothingActivity, line.flows, nY),
        bedsNeeded,
        doNothingBedsNeeded,
        breaches: over(bedsNeeded),
        doNothingBreaches: over(doNothingBedsNeeded),
      },
    ];
  });
  const places: PlaceResult[] = model.places.map((pl, q) => {
    const flows = model.flows.flatMap((f, i) => (f.place === q ? [i] : []));
    // the organisations that act in the place: a flow's commissioner or provider, or funded there
    // (not any non-zero position, which rounding alone can give)
    const acts = new Set(flows.flatMap((f) => [model.flows[f]!.commissioner, model.flows[f]!.provider]));
    const orgsHere = model.orgs.flatMap((_, o) => {
      const fund = rows(proj.orgPlaceFunding, o * nQ + q, nY);
      const position = rows(proj.orgPlacePosition, o * nQ + q, nY);
      return acts.has(o) || fund.some((v) => v !== 0) || position.some((v) => Math.abs(v) >= 0.005) ? [{ id: orgId(o), funding: fund, position }] : [];
    });
    return {
      id: pl.id,
      name: pl.name,
      commissioner: pl.commissioner >= 0 ? orgId(pl.commissioner) : null,
      council: pl.council >= 0 ? orgId(pl.council) : null,
      area: pl.area || null,
      needIndex: model.p0[pl.needIndexSlot]!,
      basis: pl.basis,
      population: { total: Array.from(populationTotals(model, q)), byBand: byBand(model.population, q * nY * nB) },
      funding: rows(proj.placeFunding, q, nY),
      cost: rows(proj.placeCost, q, nY),
      investment: rows(proj.placeInvestment, q, nY),
      gap: rows(proj.placeGap, q, nY),
      doNothingGap: rows(proj.placeDoNothingGap, q, nY),
      organisations: orgsHere,
      services: flows.map((f) => {
        const flow = model.flows[f]!;
        return {
          id: model.services[flow.service]!.id,
          provider: orgId(flow.provider),
          commissioner: orgId(flow.commissioner),
          activity: rows(proj.flowActivity, f, nY),
          doNothingActivity: rows(proj.flowDoNothingActivity, f, nY),
          cost: rows(proj.cost, f, nY),
          payment: rows(proj.payment, f, nY),
        };
      }),
      schemes: model.schemes.map((k, i) => ({ id: k.id, effect: rows(proj.placeSchemeEffect, i * nQ + q, nY), investment: rows(proj.placeSchemeInvestment, i * nQ + q, nY) })),
      pools: model.pools.map((pool, k) => {
        const field = (f: (typeof POOL_PLACE_FIELDS)[number]) => rows(proj.poolPlaceValues, (k * nQ + q) * POOL_PLACE_FIELDS.length + POOL_PLACE_FIELDS.indexOf(f), nY);
        return {
          id: pool.id,
          budget: field('budget'),
          spend: field('spend'),
          variance: field('variance'),
          partners: pool.partners.map((o) => ({ id: orgId(o), share: rows(proj.poolPlaceShares, (k * nQ + q) * nO + o, nY) })),
        };
      }),
      envelopes: model.envelopes.map((e, k) => {
        const field = (f: (typeof ENVELOPE_FIELDS)[number]) => rows(proj.envelopePlaceValues, (k * nQ + q) * 8 + ENVELOPE_FIELDS.indexOf(f), nY);
        return {
          id: e.id,
          envelope: field('envelope'),
          cost: field('cost'),
          margin: field('margin'),
          settlement: field('settlement'),
          payment: field('payment'),
          finalMargin: field('finalMargin'),
          weightedPopulation: field('weightedPopulation'),
        };
      }),
    };
  });
  return {
    scenario: model.name,
    file,
    baseYear: model.years[0]!,
    horizon: model.years[nY - 1]!,
    years: model.years,
    units: '£',
    priceBase: model.priceBase,
    prices: { basis: 'cash' },
    notes: extras.notes ?? [],
    calibration: extras.calibration,
    drivers: extras.drivers ?? [],
    population: {
      total: Array.from(populationTotals(model)),
      weighted: model.years.map((_, t) => places.reduce((acc, pl) => acc + pl.needIndex * pl.population.total[t]!, 0)),
      bands: model.bands,
      byBand: byBand(popByBand, 0),
    },
    system,
    sectors,
    organisations: model.orgs.map((o, i) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      sector: o.sector,
      funding: rows(proj.orgFunding, i, nY),
      income: rows(proj.orgIncome, i, nY),
      payments: rows(proj.orgPayments, i, nY),
      cost: rows(proj.orgCost, i, nY),
      investment: rows(proj.orgInvestment, i, nY),
      position: rows(proj.orgPosition, i, nY),
      doNothingPosition: rows(proj.doNothingPosition, i, nY),
    })),
    services,
    schemes: model.schemes.map((k, i) => ({
      id: k.id,
      name: k.name,
      type: SCHEME_TYPES[k.kind]!,
      service: model.services[k.service]!.id,
      target: k.targets.length ? model.services[k.targets[0]!.service]!.id : null,
      targets: k.targets.map((g) => model.services[g.service]!.id),
      rationale: k.rationale,
      source: k.evidence,
      removed: rows(proj.schemeRemoved, i, nY),
      added: rows(proj.schemeAdded, i, nY),
      followerRemoved: rows(proj.schemeFollowerRemoved, i, nY),
      effect: rows(proj.schemeEffect, i, nY),
      investment: rows(proj.schemeInvestment, i, nY),
      byOrganisation: Object.fromEntries(model.orgs.map((o, j) => [o.id, rows(proj.schemeOrgEffect, i * nO + j, nY)])),
    })),
    pools: model.pools.map((pl, k) => {
      const field = (f: (typeof POOL_FIELDS)[number]) => rows(proj.poolValues, k * 8 + POOL_FIELDS.indexOf(f), nY);
      return {
        id: pl.id,
        name: pl.name,
        host: orgId(pl.host),
        services: pl.serviceIds,
        budget: field('budget'),
        spend: field('spend'),
        variance: field('variance'),
        reserveUsed: field('reserveUsed'),
        underspendsUsed: field('underspendsUsed'),
        released: field('released'),
        overspendShared: field('overspendShared'),
        underspendShared: field('underspendShared'),
        partners: pl.partners.map((o) => ({
          id: orgId(o),
          name: model.orgs[o]!.name,
          contribution: rows(proj.poolContributions, k * nO + o, nY),
          share: rows(proj.poolShares, k * nO + o, nY),
        })),
      };
    }),
    envelopes: model.envelopes.map((e, k) => {
      const field = (f: (typeof ENVELOPE_FIELDS)[number]) => rows(proj.envelopeValues, k * 8 + ENVELOPE_FIELDS.indexOf(f), nY);
      return {
        id: e.id,
        name: e.name,
        provider: orgId(e.provider),
        commissioner: orgId(e.commissioner),
        services: e.serviceIds,
        envelope: field('envelope'),
        cost: field('cost'),
        margin: field('margin'),
        tariffIncome: field('tariffIncome'),
        settlement: field('settlement'),
        payment: field('payment'),
        finalMargin: field('finalMargin'),
        weightedPopulation: field('weightedPopulation'),
        members: e.members.map((m) => ({ id: orgId(m.org), share: rows(proj.envelopeMemberMargins, k * nO + m.org, nY) })),
      };
    }),
    capacity,
    places,
    rollups: rollups(places, (id) => model.orgs.find((o) => o.id === id)?.name ?? id),
  };
}

/** One step of the gap-closure waterfall, £. */
export interface WaterfallStep {
  label: string;
  kind: 'start' | 'scheme' | 'investment' | 'end';
  value: number;
}

/**
 * The gap-closure waterfall for one year (for the system, or one place):
 * do-nothing gap, each scheme's effect in order of application, each scheme's
 * investment, residual gap. The steps between start and end sum exactly to end − start.
 */
export function waterfall(r: Results, year: string, place?: string): WaterfallStep[] {
  resultsArgument('waterfall', r);
  yearArgument('waterfall', year, r.years, 2);
  if (place !== undefined) placeArgument('waterfall', place, r.places.map((x) => x.id), 3);
  const t = r.years.indexOf(year);
  const pl = place === undefined ? undefined : r.places.find((x) => x.id === place);
  const effect = (k: number) => (pl ? pl.schemes[k]!.effect[t]! : r.schemes[k]!.effect[t]!);
  const investment = (k: number) => (pl ? pl.schemes[k]!.investment : r.schemes[k]!.investment);
  const steps: WaterfallStep[] = [{ label: 'Do-nothing gap', kind: 'start', value: pl ? pl.doNothingGap[t]! : r.system.doNothingGap[t]! }];
  r.schemes.forEach((k, i) => steps.push({ label: k.name, kind: 'scheme', value: effect(i) }));
  r.schemes.forEach((k, i) => {
    if (investment(i).some((v) => v !== 0)) steps.push({ label: `Investment: ${k.name}`, kind: 'investment', value: investment(i)[t]! });
  });
  steps.push({ label: 'Residual gap', kind: 'end', value: pl ? pl.gap[t]! : r.system.gap[t]! });
  return steps;
}
