/** Compare two scenarios' results year by year (b − a). */
import type { Results } from './summary.js';
import { resultsArgument, resultsListArgument } from '../api-arguments.js';

export interface Comparison {
  a: string;
  b: string;
  years: string[];
  /** The price base of both (they are projected in the same prices). */
  priceBase: string;
  /** b − a by year, £. */
  system: { funding: number[]; cost: number[]; investment: number[]; gap: number[] };
  /** b − a position by organisation and year, £ (organisations in either). */
  organisations: { id: string; name: string; a: number[]; b: number[]; difference: number[] }[];
  /** b − a activity and cost by service and year (services in either). */
  services: { id: string; name: string; unit: string; activity: number[]; cost: number[] }[];
  /** b − a gap by place and year, £ (places in either). */
  places: { id: string; name: string; gap: number[] }[];
}

/** Year-by-year differences b − a over the years both project. */
export function compare(a: Results, b: Results): Comparison {
  resultsArgument('compare', a, 1);
  resultsArgument('compare', b, 2);
  const years = a.years.filter((y) => b.years.includes(y));
  const ta = years.map((y) => a.years.indexOf(y));
  const tb = years.map((y) => b.years.indexOf(y));
  const diff = (xa: number[] | undefined, xb: number[] | undefined) => years.map((_, i) => (xb?.[tb[i]!] ?? 0) - (xa?.[ta[i]!] ?? 0));
  const pick = (x: number[] | undefined, idx: number[]) => idx.map((t) => x?.[t] ?? 0);
  const orgIds = [...new Set([...a.organisations, ...b.organisations].map((o) => o.id))];
  const svcIds = [...new Set([...a.services, ...b.services].map((s) => s.id))];
  const placeIds = [...new Set([...a.places, ...b.places].map((p) => p.id))];
  return {
    a: a.scenario,
    b: b.scenario,
    years,
    priceBase: a.priceBase,
    system: {
      funding: diff(a.system.funding, b.system.funding),
      cost: diff(a.system.cost, b.system.cost),
      investment: diff(a.system.investment, b.system.investment),
      gap: diff(a.system.gap, b.system.gap),
    },
    organisations: orgIds.map((id) => {
      const oa = a.organisations.find((o) => o.id === id);
      const ob = b.organisations.find((o) => o.id === id);
      return { id, name: (ob ?? oa)!.name, a: pick(oa?.position, ta), b: pick(ob?.position, tb), difference: diff(oa?.position, ob?.position) };
    }),
    services: svcIds.map((id) => {
      const sa = a.services.find((s) => s.id === id);
      const sb = b.services.find((s) => s.id === id);
      return { id, name: (sb ?? sa)!.name, unit: (sb ?? sa)!.unit, activity: diff(sa?.activity, sb?.activity), cost: diff(sa?.cost, sb?.cost) };
    }),
    places: placeIds.map((id) => {
      const pa = a.places.find((p) => p.id === id);
      const pb = b.places.find((p) => p.id === id);
      return { id, name: (pb ?? pa)!.name, gap: diff(pa?.gap, pb?.gap) };
    }),
  };
}

/** Per head, or per need-weighted head (population × each place's need index). */
export type PerBasis = 'head' | 'weighted-head';

/** One system's figures per head in the years every compared system projects. */
export interface SystemPerHead {
  scenario: string;
  file: string;
  places: number;
  /** Persons, and need-weighted persons, by year. */
  population: number[];
  weightedPopulation: number[];
  /** £ per head (or per weighted head) by year. */
  funding: number[];
  cost: number[];
  gap: number[];
  doNothingGap: number[];
  /** Provider cost per head by setting (acute, community, …) and year. */
  costBySetting: Record<string, number[]>;
  /** The gap as a share of funding, by year. */
  gapShare: number[];
}

/** Systems side by side per head: a board's system beside another, whatever their sizes. */
export interface SystemComparison {
  per: PerBasis;
  years: string[];
  priceBase: string;
  settings: string[];
  systems: SystemPerHead[];
}

/**
 * Systems side by side per head or per weighted head, in the years all of them project. Money is
 * divided by each year's population (or need-weighted population), so systems of any size compare.
 */
export function compareSystems(results: readonly Results[], per: PerBasis = 'head'): SystemComparison {
  resultsListArgument('compareSystems', results);
  const years = results[0]!.years.filter((y) => results.every((r) => r.years.includes(y)));
  const settings = [...new Set(results.flatMap((r) => r.services.map((s) => s.setting)))];
  const bases = new Set(results.map((r) => r.priceBase));
  return {
    per,
    years,
    priceBase: bases.size === 1 ? results[0]!.priceBase : results.map((r) => `${r.scenario}: ${r.priceBase}`).join('; '),
    settings,
    systems: results.map((r) => {
      const idx = years.map((y) => r.years.indexOf(y));
      const heads = idx.map((t) => (per === 'head' ? r.population.total[t]! : r.population.weighted[t]!));
      const perHead = (x: readonly number[]) => idx.map((t, i) => x[t]! / heads[i]!);
      const costBySetting = Object.fromEntries(
        settings.map((s) => [s, idx.map((t, i) => r.services.filter((v) => v.setting === s).reduce((acc, v) => acc + v.cost[t]!, 0) / heads[i]!)]),
      );
      return {
        scenario: r.scenario,
        file: r.file,
        places: r.places.length,
        population: idx.map((t) => r.population.total[t]!),
        weightedPopulation: idx.map((t) => r.population.weighted[t]!),
        funding: perHead(r.system.funding),
        cost: perHead(r.system.cost),
        gap: perHead(r.system.gap),
        doNothingGap: perHead(r.system.doNothingGap),
        costBySetting,
        gapShare: idx.map((t) => r.system.gap[t]! / r.system.funding[t]!),
      };
    }),
  };
}
