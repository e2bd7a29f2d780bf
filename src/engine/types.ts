/**
 * The engine's inputs and outputs: flat typed arrays with names already
 * resolved to indices. Money is in £ (cash), activity in each service's unit.
 *
 * A system is one or more places. A service (point of delivery) is written
 * once; normalising expands it into
 *   lines  one per provider of the service: the provider's cost function
 *          (fixed, stepped, variable) acts on the line's whole activity, so a
 *          ward serving several places is one ward;
 *   flows  one per place and line: the provider's share of that place's
 *          activity, paid for by the place's commissioner.
 * Demand, schemes and payments work on flows; cost on lines, then shared
 * back to the flows in proportion to activity, so every figure exists by
 * place and sums to the system.
 *
 * Layouts (row-major):
 *   population by place, year and band [(q * nYears + t) * nBands + a]
 *   activity by flow, year and band     [(f * nYears + t) * nBands + a]
 *   by flow and year                    [f * nYears + t]   (likewise line, organisation, place and year)
 *
 * Every scalar input the engine reads lives in one parameter vector `p`; the
 * model holds slot numbers into it. A series (a rate by year) takes `nYears`
 * slots, slot `t` being the change from year t-1 to year t (slot 0 unused).
 * Sampling, calibration and sensitivity therefore only write numbers into `p`.
 */
import type { Formula } from './formulas.js';

export type OrgKind = 'commissioner' | 'council' | 'provider';
/** Which part of the economy an organisation belongs to: the local health economy is the NHS sector. */
export type Sector = 'nhs' | 'council' | 'independent';

export const SETTINGS = ['acute', 'community', 'primary', 'mental-health', 'social-care', 'continuing-care', 'other'] as const;
export type SettingName = (typeof SETTINGS)[number];

export const Pay = {
  Tariff: 0,
  Block: 1,
  Blended: 2,
  CostPerCase: 3,
  None: 4,
} as const;
export type Pay = (typeof Pay)[keyof typeof Pay];

export const SchemeKind = {
  Shift: 0,
  Avoid: 1,
  Los: 2,
  Efficiency: 3,
} as const;
export type SchemeKind = (typeof SchemeKind)[keyof typeof SchemeKind];

export const ActivityKind = {
  Rates: 0,
  Total: 1,
  Follows: 2,
} as const;
export type ActivityKind = (typeof ActivityKind)[keyof typeof ActivityKind];

export interface OrgDef {
  id: string;
  name: string;
  kind: OrgKind;
  sector: Sector;
}

/** A place: a CCG or sub-ICB area, a council area, a primary care network or a practice. */
export interface PlaceDef {
  id: string;
  name: string;
  /** The commissioner and council serving the place (organisation indices; -1 where none). */
  commissioner: number;
  council: number;
  /** Whether the population is the registered list or the resident population. */
  basis: 'registered' | 'resident';
  /** Need index: weights the place's population when funding is divided between places. */
  needIndexSlot: number;
  /** The roll-up it belongs to (a primary care network, a locality); '' for none. */
  area: string;
}

/** A service as written: one point of delivery, expanded into lines and flows. */
export interface ServiceDef {
  id: string;
  name: string;
  setting: SettingName;
  unit: string;
  /** Its lines (one per provider) and flows (one per place and line). */
  lines: Int32Array;
  flows: Int32Array;
  /** For bed days: the admissions service they follow; -1 otherwise. */
  parent: number;
}

/** One provider's line of a service: where cost is incurred. */
export interface LineDef {
  service: number;
  provider: number;
  flows: Int32Array;
  unitCostSlot: number;
  fixedShareSlot: number;
  stepShareSlot: number;
  stepSizeSlot: number;
  /** Series slots. */
  inflationSlot: number;
  efficiencySlot: number;
  /** Beds (series slot) and target occupancy (slot) of a bed-day line; null where not stated. */
  capacity: { bedsSlot: number; occupancySlot: number } | null;
}

/** One place's activity on one line: demand, schemes and payments. */
export interface FlowDef {
  service: number;
  line: number;
  place: number;
  provider: number;
  commissioner: number;
  activityKind: ActivityKind;
  /** For Follows: the admissions flow (same place and provider). */
  parent: number;
  /** Bed-day flows that follow this one. */
  followers: Int32Array;
  /** Rate scale, total, or length-of-stay scale. */
  scaleSlot: number;
  /** The provider's share of the place's activity on the service. */
  shareSlot: number;
  /** The line's unit cost (the default price). */
  unitCostSlot: number;
  /** Series slot. */
  growthSlot: number;
  payment: PaymentDef;
}

export interface PaymentDef {
  model: Pay;
  /** Price per unit (tariff, blended, cost per case) or block value; -1 = the default. */
  amountSlot: number;
  /** Series slot for the price uplift; -1 = the line's cost index. */
  upliftSlot: number;
  aboveSlot: number;
  belowSlot: number;
  /** Blended plan: true = do-nothing activity, false = base-year activity. */
  planDoNothing: boolean;
}

/** Where a scheme sends what it moves: a service, its share of the moved activity and the conversion. */
export interface SchemeTargetDef {
  service: number;
  splitSlot: number;
  conversionSlot: number;
}

export interface SchemeDef {
  id: string;
  name: string;
  kind: SchemeKind;
  /** The source service. */
  service: number;
  /** Source flows in the scheme's places. */
  sources: Int32Array;
  /** Lines whose cost an efficiency scheme cuts. */
  lines: Int32Array;
  targets: SchemeTargetDef[];
  /**
   * For source i, target flows targetFlows[targetStart[i] .. targetStart[i+1]) in the
   * source's place, with targetOf[j] the index into `targets` each belongs to.
   */
  targetStart: Int32Array;
  targetFlows: Int32Array;
  targetOf: Int32Array;
  /** Places in the scheme's scope. */
  places: Int32Array;
  /** 1 for bands in scope. */
  bands: Uint8Array;
  /** Share of full effect by year, from the phasing. */
  phase: Float64Array;
  fractionSlot: number;
  /** LOS schemes by days; -1 otherwise. */
  daysSlot: number;
  realisationSlot: number;
  /** Share of the source's activity in reach. */
  scopeSlot: number;
  investments: InvestmentDef[];
  rationale: string;
  evidence: string;
}

export interface InvestmentDef {
  org: number;
  /** The places its investment is divided between (by population): the scheme's places the organisation serves or provides for. */
  places: Int32Array;
  /** One-off £ by year: slots, -1 where none. */
  oneOffSlots: Int32Array;
  /** £ a year at full effect; -1 where none. */
  recurrentSlot: number;
}

/** How a variance is split between a pool's partners (indices are into the pool's partner list). */
export interface RuleDef {
  /** 0 proportional to contributions, 1 fixed shares, 2 tiered bands. */
  method: 0 | 1 | 2;
  /** Fixed shares by partner. */
  shares: Float64Array;
  /** Tiered bands of |variance| / budget: [from, to), shares by partner. */
  bands: { from: number; to: number; shares: Float64Array }[];
  /** Cap slot by partner, -1 where none (£ a year). */
  capSlots: Int32Array;
  /** Partner who takes what caps leave. */
  remainder: number;
  /** 1 where partner j is excluded from the pool's flow i: [i * nPartners + j]. */
  excluded: Uint8Array;
}

export interface ContributionDef {
  partner: number;
  /** 0 amount × growth, 1 £ by year, 2 share of planned spend on flows. */
  kind: 0 | 1 | 2;
  amountSlot: number;
  growthSlot: number;
  yearSlots: Int32Array;
  shareSlot: number;
  flows: Int32Array;
  basisDoNothing: boolean;
}

export interface PoolDef {
  id: string;
  name: string;
  /** Organisation indices of the partners (contributors, in order of first appearance). */
  partners: number[];
  host: number;
  /** Service ids in scope, as written. */
  serviceIds: string[];
  /** Flow indices in scope. */
  flows: Int32Array;
  contributions: ContributionDef[];
  reserveSlot: number;
  /** Reserve funding shares by partner (default: proportional to contributions → null). */
  reserveShares: Float64Array | null;
  /** Order of cover before partners: 0 reserve, 1 underspends elsewhere. */
  cover: number[];
  overspend: RuleDef;
  underspend: RuleDef;
  /** The held amount is released in proportion to the fall in `flows`' activity against the do-nothing. */
  performance: { partner: number; heldSlot: number; growthSlot: number; flows: Int32Array; targetSlot: number; start: number } | null;
}

export interface EnvelopeDef {
  id: string;
  name: string;
  provider: number;
  commissioner: number;
  /** Service ids in scope, as written. */
  serviceIds: string[];
  flows: Int32Array;
  /** Places whose population the envelope covers. */
  places: Int32Array;
  /** Given weights by band, or null to derive from base-year cost by age (by place). */
  weights: Float64Array | null;
  needIndexSlot: number;
  /** -1: set so the base-year envelope equals base-year spend. */
  baseRateSlot: number;
  upliftSlot: number;
  settlement: import('./settlement.js').SettlementSchedule | null;
  qualityScore: number | undefined;
  /** Members of an alliance paid the envelope, with their gain/loss shares (organisation, share slot); empty for one provider. */
  members: { org: number; shareSlot: number }[];
}

/** Funding: a base grown by a rate, or published allocations grown beyond them. */
export interface FundingDef {
  id: string;
  name: string;
  org: number;
  /** The place it funds; -1 = divided between the organisation's places by weighted population. */
  place: number;
  /** The places it funds: [place], or the organisation's places (every place if it serves none). */
  places: Int32Array;
  /** Age weights for weighted population (by band), or null to derive them from the organisation's base-year spend by age. */
  weights: Float64Array | null;
  kind: 'growth' | 'allocations';
  /** For growth: £ in the base year and an annual rate (series slot). */
  baseSlot: number;
  growthSlot: number;
  /** For allocations: the published £ by year (slot, -1 where not published: a contiguous run). */
  allocationSlots: Int32Array;
  /** Beyond (and before) the published years: weighted-population growth × real growth × deflator. */
  weightedPopulation: boolean;
  /** A national population by year and band [t * nBands + a] the weighted population's growth is taken relative to; null for none. */
  reference: Float64Array | null;
  realGrowthSlot: number;
  deflatorSlot: number;
}

/** A named price index: an annual rate series with its name. */
export interface DeflatorDef {
  id: string;
  name: string;
  slot: number;
  source?: string;
}

/** What a slot holds, for reports, sampling and sensitivity. */
export interface SlotInfo {
  /** Where it was written: a scenario path such as services[2].unitCost, or a parameter name. */
  label: string;
  /** The parameter it came from, if it was a $reference. */
  parameter?: string;
}

export interface Model {
  name: string;
  years: string[];
  bands: string[];
  nYears: number;
  nBands: number;
  priceBase: string;
  places: PlaceDef[];
  /** Persons [(q * nYears + t) * nBands + a]. */
  population: Float64Array;
  /**
   * A choice among population tables (Monte Carlo): slot `slot` holds the
   * index of the option projected; `population` is option `central`'s.
   * Every option has the same base year (activity rates are derived from it).
   */
  populationVariants?: { slot: number; central: number; names: string[]; populations: Float64Array[] };
  orgs: OrgDef[];
  services: ServiceDef[];
  lines: LineDef[];
  flows: FlowDef[];
  /** Base-year activity per head by flow [f * nBands + a]: rates, profile shape, or length of stay. */
  shape: Float64Array;
  /** Flows in the order demand must be computed (admissions before their bed days). */
  order: Int32Array;
  schemes: SchemeDef[];
  funding: FundingDef[];
  deflators: DeflatorDef[];
  pools: PoolDef[];
  envelopes: EnvelopeDef[];
  /** The central value of every slot. */
  p0: Float64Array;
  /**
   * Pairs [from, to]: a scalar used as a series is copied into each year's slot
   * before a projection, so changing the scalar (sampling, calibration) moves the series.
   */
  links: Int32Array;
  /** Derived slots, evaluated in order after the links (a parameter written as a formula). */
  formulas: Formula[];
  slots: SlotInfo[];
  /** Named parameters → their first slot (series take nYears slots). */
  parameters: Map<string, { slot: number; series: boolean; source?: string; unit?: string }>;
}

/** Everything one projection produces. Arrays are owned by the caller if a workspace is reused. */
export interface Projection {
  /** Activity after schemes by flow [(f * nYears + t) * nBands + a]. */
  activity: Float64Array;
  /** Do-nothing activity, same layout. */
  doNothingActivity: Float64Array;
  /** Activity totals by flow [f * nYears + t], after schemes and do-nothing. */
  flowActivity: Float64Array;
  flowDoNothingActivity: Float64Array;
  /** Provider cost by flow [f * nYears + t], £: each line's cost shared over its flows by activity. */
  cost: Float64Array;
  doNothingCost: Float64Array;
  /** Provider cost by line [l * nYears + t], £. */
  lineCost: Float64Array;
  lineDoNothingCost: Float64Array;
  /** Commissioner → provider payment by flow [f * nYears + t], £. */
  payment: Float64Array;
  /** The same with no schemes, £. */
  doNothingPayment: Float64Array;
  /** By organisation [o * nYears + t], £. */
  orgFunding: Float64Array;
  orgIncome: Float64Array;
  orgPayments: Float64Array;
  orgCost: Float64Array;
  orgInvestment: Float64Array;
  orgPosition: Float64Array;
  /** By year, £. Gap = cost + investment − funding (positive = shortfall). */
  systemFunding: Float64Array;
  systemCost: Float64Array;
  systemInvestment: Float64Array;
  systemGap: Float64Array;
  doNothingGap: Float64Array;
  /** By place [q * nYears + t], £; they sum to the system's. */
  placeFunding: Float64Array;
  placeCost: Float64Array;
  placeDoNothingCost: Float64Array;
  placeInvestment: Float64Array;
  placeGap: Float64Array;
  placeDoNothingGap: Float64Array;
  /** Each organisation's funding and position in each place [(o * nPlaces + q) * nYears + t], £. */
  orgPlaceFunding: Float64Array;
  orgPlacePosition: Float64Array;
  /**
   * Gap-closure waterfall by year: for scheme k, `schemeEffect[k * nYears + t]` is the
   * change in system cost when scheme k is applied after schemes 0..k-1 (negative =
   * saving); `schemeInvestment` likewise. doNothingGap + Σ effect + Σ investment = systemGap.
   */
  schemeEffect: Float64Array;
  schemeInvestment: Float64Array;
  /** The same by place [(k * nPlaces + q) * nYears + t], £. */
  placeSchemeEffect: Float64Array;
  placeSchemeInvestment: Float64Array;
  /** Net money received through pools and envelopes by organisation [o * nYears + t], £ (sums to 0 each year). */
  orgTransfers: Float64Array;
  /** The same by organisation and place [(o * nPlaces + q) * nYears + t], £. */
  orgPlaceTransfers: Float64Array;
  /** Per pool p: [(p * 8 + field) * nYears + t] with fields POOL_FIELDS. */
  poolValues: Float64Array;
  /** Each pool partner's share of the variance [(p * nOrgs + o) * nYears + t], £ (+ pays an overspend, − receives an underspend). */
  poolShares: Float64Array;
  /** Each pool partner's contribution [(p * nOrgs + o) * nYears + t], £. */
  poolContributions: Float64Array;
  /** Per pool and place: [((p * nPlaces + q) * 3 + field) * nYears + t], fields budget, spend, variance. */
  poolPlaceValues: Float64Array;
  /** Each partner's share of each place's variance [((p * nPlaces + q) * nOrgs + o) * nYears + t], £. */
  poolPlaceShares: Float64Array;
  /** Per envelope e: [(e * 8 + field) * nYears + t] with fields ENVELOPE_FIELDS. */
  envelopeValues: Float64Array;
  /** Per envelope and place: [((e * nPlaces + q) * 8 + field) * nYears + t], the same fields. */
  envelopePlaceValues: Float64Array;
  /** Each alliance member's share of the envelope's final margin [(e * nOrgs + o) * nYears + t], £. */
  envelopeMemberMargins: Float64Array;
  /** Each organisation's do-nothing position [o * nYears + t], £. */
  doNothingPosition: Float64Array;
  /**
   * Change in each organisation's position from scheme k (with its investment),
   * applied after schemes 0..k-1 [(k * nOrgs + o) * nYears + t], £. Do-nothing
   * position + Σ_k effect = position, and Σ_o effect = −(schemeEffect + schemeInvestment).
   */
  schemeOrgEffect: Float64Array;
  /** Activity units each scheme removed from its source, added to its targets, and avoided [k * nYears + t]. */
  schemeRemoved: Float64Array;
  schemeAdded: Float64Array;
  /** Bed days that left with admissions a scheme moved or avoided [k * nYears + t]. */
  schemeFollowerRemoved: Float64Array;
  /** Cost a line keeps although its activity fell [l * nYears + t], £. */
  stranded: Float64Array;
  /** Further activity reduction at which the line's next capacity step is released [l * nYears + t]; NaN if none. */
  nextStepRelease: Float64Array;
  /** Beds a bed-day line needs at its target occupancy [l * nYears + t]; NaN without capacity. */
  bedsNeeded: Float64Array;
  doNothingBedsNeeded: Float64Array;
}

/** The per-year values kept for each pool. */
export const POOL_FIELDS = ['budget', 'spend', 'variance', 'reserveUsed', 'underspendsUsed', 'released', 'overspendShared', 'underspendShared'] as const;
/** The per-year values kept for each capitated envelope. */
export const ENVELOPE_FIELDS = ['envelope', 'cost', 'margin', 'tariffIncome', 'settlement', 'payment', 'finalMargin', 'weightedPopulation'] as const;
/** The per-year values kept for each pool in each place. */
export const POOL_PLACE_FIELDS = ['budget', 'spend', 'variance'] as const;
