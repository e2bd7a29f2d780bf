/**
 * A projection as plain, named, per-year arrays: what the CLI prints, JSON
 * carries and tables are built from. Money in £ (cash), unrounded.
 */
import { POOL_FIELDS, ENVELOPE_FIELDS, type Model, type Projection } from '../engine/types.js';
import type { CalibrationReport } from '../scenario/calibrate.js';
import { populationTotals } from '../engine/demography.js';

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

export interface OrganisationResult {
  id: string;
  name: string;
  kind: string;
  funding: number[];
  income: number[];
  payments: number[];
  cost: number[];
  investment: number[];
  position: number[];
  /** Position with no schemes. */
  doNothingPosition: number[];
}

export interface ServiceResult {
  id: string;
  name: string;
  setting: string;
  unit: string;
  provider: string;
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
  target: string | null;
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
}

export interface Results {
  scenario: string;
  file: string;
  baseYear: string;
  horizon: string;
  years: string[];
  units: '£';
  priceBase: string;
  calibration?: CalibrationReport;
  population: { total: number[]; bands: string[]; byBand: number[][] };
  system: SystemResult;
  organisations: OrganisationResult[];
  services: ServiceResult[];
  schemes: SchemeResult[];
  pools: PoolResult[];
  envelopes: EnvelopeResult[];
}

const SCHEME_TYPES = ['shift', 'avoid', 'los', 'efficiency'];

function rows(a: Float64Array, row: number, n: number): number[] {
  return Array.from(a.subarray(row * n, row * n + n));
}

/** Copy a projection's arrays into named results. */
export function summarise(model: Model, proj: Projection, file: string, calibration?: CalibrationReport): Results {
  const nY = model.nYears;
  const nB = model.nBands;
  const svcTotals = (act: Float64Array, s: number) => {
    const out = new Array<number>(nY).fill(0);
    for (let t = 0; t < nY; t++) for (let a = 0; a < nB; a++) out[t]! += act[(s * nY + t) * nB + a]!;
    return out;
  };
  const system: SystemResult = {
    funding: Array.from(proj.systemFunding),
    cost: Array.from(proj.systemCost),
    investment: Array.from(proj.systemInvestment),
    gap: Array.from(proj.systemGap),
    doNothingGap: Array.from(proj.doNothingGap),
    position: Array.from(proj.systemGap, (g) => -g),
  };
  return {
    scenario: model.name,
    file,
    baseYear: model.years[0]!,
    horizon: model.years[nY - 1]!,
    years: model.years,
    units: '£',
    priceBase: model.priceBase,
    calibration,
    population: {
      total: Array.from(populationTotals(model)),
      bands: model.bands,
      byBand: model.years.map((_, t) => Array.from(model.population.subarray(t * nB, t * nB + nB))),
    },
    system,
    organisations: model.orgs.map((o, i) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      funding: rows(proj.orgFunding, i, nY),
      income: rows(proj.orgIncome, i, nY),
      payments: rows(proj.orgPayments, i, nY),
      cost: rows(proj.orgCost, i, nY),
      investment: rows(proj.orgInvestment, i, nY),
      position: rows(proj.orgPosition, i, nY),
      doNothingPosition: rows(proj.doNothingPosition, i, nY),
    })),
    services: model.services.map((s, i) => ({
      id: s.id,
      name: s.name,
      setting: s.setting,
      unit: s.unit,
      provider: model.orgs[s.provider]!.id,
      commissioner: model.orgs[s.commissioner]!.id,
      activity: svcTotals(proj.activity, i),
      doNothingActivity: svcTotals(proj.doNothingActivity, i),
      cost: rows(proj.cost, i, nY),
      doNothingCost: rows(proj.doNothingCost, i, nY),
      payment: rows(proj.payment, i, nY),
      stranded: rows(proj.stranded, i, nY),
      nextStepRelease: rows(proj.nextStepRelease, i, nY).map((v) => (Number.isNaN(v) ? null : v)),
    })),
    schemes: model.schemes.map((k, i) => ({
      id: k.id,
      name: k.name,
      type: SCHEME_TYPES[k.kind]!,
      service: model.services[k.source]!.id,
      target: k.target >= 0 ? model.services[k.target]!.id : null,
      rationale: k.rationale,
      source: k.evidence,
      removed: rows(proj.schemeRemoved, i, nY),
      added: rows(proj.schemeAdded, i, nY),
      followerRemoved: rows(proj.schemeFollowerRemoved, i, nY),
      effect: rows(proj.schemeEffect, i, nY),
      investment: rows(proj.schemeInvestment, i, nY),
      byOrganisation: Object.fromEntries(model.orgs.map((o, j) => [o.id, rows(proj.schemeOrgEffect, i * model.orgs.length + j, nY)])),
    })),
    pools: model.pools.map((pl, k) => {
      const field = (f: (typeof POOL_FIELDS)[number]) => rows(proj.poolValues, k * 8 + POOL_FIELDS.indexOf(f), nY);
      return {
        id: pl.id,
        name: pl.name,
        host: model.orgs[pl.host]!.id,
        services: Array.from(pl.services, (s) => model.services[s]!.id),
        budget: field('budget'),
        spend: field('spend'),
        variance: field('variance'),
        reserveUsed: field('reserveUsed'),
        underspendsUsed: field('underspendsUsed'),
        released: field('released'),
        overspendShared: field('overspendShared'),
        underspendShared: field('underspendShared'),
        partners: pl.partners.map((o) => ({
          id: model.orgs[o]!.id,
          name: model.orgs[o]!.name,
          contribution: rows(proj.poolContributions, k * model.orgs.length + o, nY),
          share: rows(proj.poolShares, k * model.orgs.length + o, nY),
        })),
      };
    }),
    envelopes: model.envelopes.map((e, k) => {
      const field = (f: (typeof ENVELOPE_FIELDS)[number]) => rows(proj.envelopeValues, k * 8 + ENVELOPE_FIELDS.indexOf(f), nY);
      return {
        id: e.id,
        name: e.name,
        provider: model.orgs[e.provider]!.id,
        commissioner: model.orgs[e.commissioner]!.id,
        services: Array.from(e.services, (s) => model.services[s]!.id),
        envelope: field('envelope'),
        cost: field('cost'),
        margin: field('margin'),
        tariffIncome: field('tariffIncome'),
        settlement: field('settlement'),
        payment: field('payment'),
        finalMargin: field('finalMargin'),
        weightedPopulation: field('weightedPopulation'),
      };
    }),
  };
}

/** One step of the gap-closure waterfall, £. */
export interface WaterfallStep {
  label: string;
  kind: 'start' | 'scheme' | 'investment' | 'end';
  value: number;
}

/**
 * The gap-closure waterfall for one year: do-nothing gap, each scheme's effect
 * in order of application, each scheme's investment, residual gap. The steps
 * between start and end sum exactly to end − start.
 */
export function waterfall(r: Results, year: string): WaterfallStep[] {
  const t = r.years.indexOf(year);
  if (t < 0) throw new Error(`year ${year} is not in the projection`);
  const steps: WaterfallStep[] = [{ label: 'Do-nothing gap', kind: 'start', value: r.system.doNothingGap[t]! }];
  for (const k of r.schemes) steps.push({ label: k.name, kind: 'scheme', value: k.effect[t]! });
  for (const k of r.schemes) if (k.investment.some((v) => v !== 0)) steps.push({ label: `Investment: ${k.name}`, kind: 'investment', value: k.investment[t]! });
  steps.push({ label: 'Residual gap', kind: 'end', value: r.system.gap[t]! });
  return steps;
}
