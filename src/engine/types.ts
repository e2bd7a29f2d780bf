/**
 * The engine's inputs and outputs: flat typed arrays with names already
 * resolved to indices. Money is in £ (cash), activity in each service's unit.
 *
 * Layouts (row-major):
 *   by age band and year      [t * nBands + a]
 *   by service, year and band [(s * nYears + t) * nBands + a]
 *   by service and year       [s * nYears + t]   (likewise organisation and year)
 *
 * Every scalar input the engine reads lives in one parameter vector `p`; the
 * model holds slot numbers into it. A series (a rate by year) takes `nYears`
 * slots, slot `t` being the change from year t-1 to year t (slot 0 unused).
 * Sampling, calibration and sensitivity therefore only write numbers into `p`.
 */

export type OrgKind = 'commissioner' | 'council' | 'provider';

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

export interface ServiceDef {
  id: string;
  name: string;
  setting: SettingName;
  unit: string;
  provider: number;
  commissioner: number;
  activityKind: ActivityKind;
  /** For Follows: the admissions service. */
  parent: number;
  /** Rate scale, total, or length-of-stay scale. */
  scaleSlot: number;
  unitCostSlot: number;
  fixedShareSlot: number;
  stepShareSlot: number;
  stepSizeSlot: number;
  /** Series slots. */
  growthSlot: number;
  inflationSlot: number;
  efficiencySlot: number;
  payment: PaymentDef;
}

export interface PaymentDef {
  model: Pay;
  /** Price per unit (tariff, blended, cost per case) or block value; -1 = the default. */
  amountSlot: number;
  /** Series slot for the price uplift; -1 = the service's cost index. */
  upliftSlot: number;
  aboveSlot: number;
  belowSlot: number;
  /** Blended plan: true = do-nothing activity, false = base-year activity. */
  planDoNothing: boolean;
}

export interface SchemeDef {
  id: string;
  name: string;
  kind: SchemeKind;
  source: number;
  /** -1 where none (avoid, efficiency, los without a target). */
  target: number;
  /** 1 for bands in scope. */
  bands: Uint8Array;
  /** Share of full effect by year, from the phasing. */
  phase: Float64Array;
  fractionSlot: number;
  /** LOS schemes by days; -1 otherwise. */
  daysSlot: number;
  conversionSlot: number;
  realisationSlot: number;
  /** Share of the source's activity in reach. */
  scopeSlot: number;
  investments: InvestmentDef[];
  rationale: string;
  evidence: string;
}

export interface InvestmentDef {
  org: number;
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
  /** 1 where partner j is excluded from pool service i: [i * nPartners + j]. */
  excluded: Uint8Array;
}

export interface ContributionDef {
  partner: number;
  /** 0 amount × growth, 1 £ by year, 2 share of planned spend on services. */
  kind: 0 | 1 | 2;
  amountSlot: number;
  growthSlot: number;
  yearSlots: Int32Array;
  shareSlot: number;
  services: Int32Array;
  basisDoNothing: boolean;
}

export interface PoolDef {
  id: string;
  name: string;
  /** Organisation indices of the partners (contributors, in order of first appearance). */
  partners: number[];
  host: number;
  /** Service indices in scope. */
  services: Int32Array;
  contributions: ContributionDef[];
  reserveSlot: number;
  /** Reserve funding shares by partner (default: proportional to contributions → empty). */
  reserveShares: Float64Array | null;
  /** Order of cover before partners: 0 reserve, 1 underspends elsewhere. */
  cover: number[];
  overspend: RuleDef;
  underspend: RuleDef;
  performance: { partner: number; heldSlot: number; growthSlot: number; service: number; targetSlot: number; start: number } | null;
}

export interface EnvelopeDef {
  id: string;
  name: string;
  provider: number;
  commissioner: number;
  services: Int32Array;
  /** Given weights by band, or null to derive from base-year cost by age. */
  weights: Float64Array | null;
  needIndexSlot: number;
  /** -1: set so the base-year envelope equals base-year spend. */
  baseRateSlot: number;
  upliftSlot: number;
  settlement: import('./settlement.js').SettlementSchedule | null;
  qualityScore: number | undefined;
}

export interface FundingDef {
  id: string;
  name: string;
  org: number;
  baseSlot: number;
  growthSlot: number;
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
  /** Persons [t * nBands + a]. */
  population: Float64Array;
  orgs: { id: string; name: string; kind: OrgKind }[];
  services: ServiceDef[];
  /** Base-year activity per head [s * nBands + a]: rates, profile shape, or length of stay. */
  shape: Float64Array;
  /** Services in the order demand must be computed (parents before their bed days). */
  order: Int32Array;
  schemes: SchemeDef[];
  funding: FundingDef[];
  pools: PoolDef[];
  envelopes: EnvelopeDef[];
  /** The central value of every slot. */
  p0: Float64Array;
  /**
   * Pairs [from, to]: a scalar used as a series is copied into each year's slot
   * before a projection, so changing the scalar (sampling, calibration) moves the series.
   */
  links: Int32Array;
  slots: SlotInfo[];
  /** Named parameters → their first slot (series take nYears slots). */
  parameters: Map<string, { slot: number; series: boolean; source?: string; unit?: string }>;
}

/** Everything one projection produces. Arrays are owned by the caller if a workspace is reused. */
export interface Projection {
  /** Activity after schemes [(s * nYears + t) * nBands + a]. */
  activity: Float64Array;
  /** Do-nothing activity, same layout. */
  doNothingActivity: Float64Array;
  /** Provider cost by service [s * nYears + t], £. */
  cost: Float64Array;
  doNothingCost: Float64Array;
  /** Commissioner → provider payment by service [s * nYears + t], £. */
  payment: Float64Array;
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
  /**
   * Gap-closure waterfall by year: for scheme k, `schemeEffect[k * nYears + t]` is the
   * change in system cost when scheme k is applied after schemes 0..k-1 (negative =
   * saving); `schemeInvestment` likewise. doNothingGap + Σ effect + Σ investment = systemGap.
   */
  schemeEffect: Float64Array;
  schemeInvestment: Float64Array;
  /** Net money received through pools and envelopes by organisation [o * nYears + t], £ (sums to 0 each year). */
  orgTransfers: Float64Array;
  /** Per pool p: [(p * 8 + field) * nYears + t] with fields POOL_FIELDS. */
  poolValues: Float64Array;
  /** Each pool partner's share of the variance [(p * nOrgs + o) * nYears + t], £ (+ pays an overspend, − receives an underspend). */
  poolShares: Float64Array;
  /** Each pool partner's contribution [(p * nOrgs + o) * nYears + t], £. */
  poolContributions: Float64Array;
  /** Per envelope e: [(e * 8 + field) * nYears + t] with fields ENVELOPE_FIELDS. */
  envelopeValues: Float64Array;
  /** Each organisation's do-nothing position [o * nYears + t], £. */
  doNothingPosition: Float64Array;
  /**
   * Change in each organisation's position from scheme k (with its investment),
   * applied after schemes 0..k-1 [(k * nOrgs + o) * nYears + t], £. Do-nothing
   * position + Σ_k effect = position, and Σ_o effect = −(schemeEffect + schemeInvestment).
   */
  schemeOrgEffect: Float64Array;
  /** Activity units each scheme removed from its source, added to its target, and avoided [k * nYears + t]. */
  schemeRemoved: Float64Array;
  schemeAdded: Float64Array;
  /** Bed days that left with admissions a scheme moved or avoided [k * nYears + t]. */
  schemeFollowerRemoved: Float64Array;
  /** Cost a service keeps although its activity fell [s * nYears + t], £. */
  stranded: Float64Array;
  /** Further activity reduction at which the next capacity step is released [s * nYears + t]; NaN if none. */
  nextStepRelease: Float64Array;
}

/** The per-year values kept for each pool. */
export const POOL_FIELDS = ['budget', 'spend', 'variance', 'reserveUsed', 'underspendsUsed', 'released', 'overspendShared', 'underspendShared'] as const;
/** The per-year values kept for each capitated envelope. */
export const ENVELOPE_FIELDS = ['envelope', 'cost', 'margin', 'tariffIncome', 'settlement', 'payment', 'finalMargin', 'weightedPopulation'] as const;
