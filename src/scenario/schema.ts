/**
 * The scenario file schema: the one source of the scenario types and of the
 * JSON Schema that editors use to autocomplete scenario files
 * (`scenario.schema.json`, written by `npm run schema`).
 *
 * Input types only: names are still names here. `normalise.ts` resolves them to
 * indices and slots for the engine.
 */
import { z } from 'zod';

/** A financial year written `2017/18`. */
export const FinancialYear = z
  .string()
  .regex(/^\d{4}\/\d{2}$/, 'a financial year is written like 2017/18')
  .describe('A financial year, written like 2017/18.');

/** An identifier: lower-case letters, digits and hyphens. */
export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'an id uses lower-case letters, digits and hyphens')
  .describe('An identifier: lower-case letters, digits and hyphens.');

/** A reference to a named parameter, written `$name`. */
export const ParamRef = z
  .string()
  .regex(/^\$[A-Za-z_][A-Za-z0-9_-]*$/, 'a parameter reference is written $name')
  .describe('A reference to a named parameter, written $name.');

/**
 * The largest size any number in a scenario may have: £100bn, above any local
 * system's budget, and small enough that sums of pounds across a projection
 * stay exact to well under a penny (doubles hold 15–16 significant digits).
 */
export const MAX_MAGNITUDE = 1e11;
/** A finite number no larger than MAX_MAGNITUDE either way. */
const Num = z.number().min(-MAX_MAGNITUDE).max(MAX_MAGNITUDE);
/** An annual rate (growth, inflation, uplift, efficiency) lies within ±RATE_LIMIT: a rate of 2.5 is a percentage written for 0.025. */
export const RATE_LIMIT = 0.5;
/** The largest sd of log a lognormal may have (e^3 ≈ 20 times the median at one sd): wider ones give samples too large to be money. */
export const LOGNORMAL_MAX_SD = 3;

const Bound = z.object({ min: Num.optional(), max: Num.optional() });

/** A probability distribution in place of a number (used by Monte Carlo). */
export const Distribution = z
  .discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('normal'), mean: Num, sd: Num, ...Bound.shape }),
    z.strictObject({ dist: z.literal('lognormal'), median: Num, sd: z.number().min(0).max(LOGNORMAL_MAX_SD).describe('sd of log'), ...Bound.shape }),
    z.strictObject({ dist: z.literal('triangular'), min: Num, mode: Num, max: Num }),
    z.strictObject({ dist: z.literal('pert'), min: Num, mode: Num, max: Num }),
    z.strictObject({ dist: z.literal('uniform'), min: Num, max: Num }),
    z.strictObject({ dist: z.literal('interval'), p10: Num, p90: Num, ...Bound.shape }),
    z.strictObject({
      dist: z.literal('gamma'),
      shape: z.number().gt(0).max(1e6).describe('Shape k (mean k × scale, variance k × scale²).'),
      scale: z.number().gt(0).max(MAX_MAGNITUDE).describe('Scale θ.'),
      ...Bound.shape,
    }),
    z
      .strictObject({
        dist: z.literal('discrete'),
        values: z.array(Num).min(1).describe('The values the input can take.'),
        p: z.array(z.number().min(0).max(1)).min(1).describe('The probability of each value, in the same order; they sum to 1.'),
      })
      .superRefine((d, ctx) => {
        if (d.p.length !== d.values.length) ctx.addIssue({ code: 'custom', path: ['p'], message: `gives ${d.p.length} probabilit${d.p.length === 1 ? 'y' : 'ies'} for ${d.values.length} value${d.values.length === 1 ? '' : 's'}: give one for each value` });
        else if (!probabilitiesSumToOne(d.p)) ctx.addIssue({ code: 'custom', path: ['p'], message: sumMessage(d.p) });
      }),
    z.strictObject({
      dist: z.literal('bernoulli'),
      p: z.number().min(0).max(1).describe('The probability that it happens (e.g. that a scheme delivers).'),
      value: Num.optional().describe('Its value when it happens; defaults to 1.'),
      otherwise: Num.optional().describe('Its value when it does not; defaults to 0.'),
    }),
  ])
  .describe('A distribution: normal, lognormal, triangular, PERT, uniform, an 80% interval (p10/p90), gamma (shape, scale), discrete (values with probabilities) or bernoulli (happens with probability p).');

/** Probabilities are taken to sum to 1 within this (written to a few decimals, they rarely sum exactly). */
export const PROBABILITY_SUM_TOLERANCE = 1e-6;

/** Whether probabilities sum to 1 (within PROBABILITY_SUM_TOLERANCE). */
export function probabilitiesSumToOne(p: readonly number[]): boolean {
  return Math.abs(p.reduce((a, b) => a + b, 0) - 1) <= PROBABILITY_SUM_TOLERANCE;
}

function sumMessage(p: readonly number[]): string {
  const sum = p.reduce((a, b) => a + b, 0);
  return `the probabilities sum to ${Number(sum.toPrecision(12))}, not 1`;
}

/** A number, a `$parameter` reference, or a distribution. */
export const NumberInput = z
  .union([Num, ParamRef, Distribution])
  .describe('A number, a $parameter reference, or a distribution.');

/** A rate that may differ by year: one number for every year, or values by year. */
export const SeriesInput = z
  .union([
    NumberInput,
    z.strictObject({
      byYear: z.record(FinancialYear, NumberInput).describe('Rate by financial year (the change into that year).'),
      thereafter: NumberInput.optional().describe('Rate for later years; defaults to the last year given.'),
    }),
  ])
  .describe('An annual rate as a fraction (0.02 = 2%), between -0.5 and 0.5: one value for every year, or byYear values.');

/** A column of a CSV data table, keyed by age band. */
export const TableColumn = z
  .strictObject({
    table: z.string().describe('CSV file, relative to this scenario file.'),
    column: z.string().describe('Column holding one value per age band.'),
  })
  .describe('A column of a CSV table with an age_band column.');

const Parameter = z.union([
  NumberInput,
  z.strictObject({
    table: z.string().describe('CSV with a year column: a series by year (the rate into each year).'),
    column: z.string(),
    thereafter: NumberInput.optional().describe('Rate for years after the table; defaults to its last.'),
    unit: z.string().optional(),
    source: z.string().optional(),
  }),
  z.strictObject({
    formula: z.string().describe('Arithmetic of other parameters by name, e.g. "nel_growth + residual" (+ - * / ^, min, max, exp, log, sqrt, abs); a series if any of them is.'),
    unit: z.string().optional(),
    source: z.string().optional(),
  }),
  z.strictObject({
    value: NumberInput,
    label: z.string().optional().describe('A human name for the parameter, shown in charts (the tornado) and on the dashboard; defaults to its name.'),
    unit: z.string().optional(),
    source: z.string().optional().describe('Where the number comes from.'),
  }),
  z.strictObject({
    byYear: z.record(FinancialYear, NumberInput),
    thereafter: NumberInput.optional(),
    unit: z.string().optional(),
    source: z.string().optional(),
  }),
]);

/**
 * A choice among named population tables for Monte Carlo (e.g. ONS projection
 * variants): each iteration uses one, with its probability; a single run uses
 * the central one.
 */
export const PopulationChoice = z
  .strictObject({
    dist: z.literal('choice'),
    options: z
      .array(
        z.strictObject({
          name: z.string().min(1).describe("The option's name (e.g. principal); where its table has a variant column, the rows of this variant."),
          table: z.string().describe('CSV, as a population table; relative to this scenario file.'),
          p: z.number().min(0).max(1).describe('Its probability; the options’ sum to 1.'),
          source: z.string().optional(),
        }),
      )
      .min(2),
    central: z.string().optional().describe('The option a single (deterministic) run uses; defaults to the most probable (the first of equals).'),
  })
  .superRefine((d, ctx) => {
    const names = d.options.map((o) => o.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) ctx.addIssue({ code: 'custom', path: ['options'], message: `two options are named '${dup}'` });
    if (!probabilitiesSumToOne(d.options.map((o) => o.p))) ctx.addIssue({ code: 'custom', path: ['options'], message: sumMessage(d.options.map((o) => o.p)) });
    if (d.central !== undefined && !names.includes(d.central)) ctx.addIssue({ code: 'custom', path: ['central'], message: `'${d.central}' is not one of the options (${names.join(', ')})` });
  })
  .describe('A choice among named population tables (e.g. ONS projection variants), each with its probability.');

/** A population table: a CSV file, or a choice among several. */
const PopulationTable = z.union([z.string(), PopulationChoice]);

export const Organisation = z.strictObject({
  id: Id,
  name: z.string(),
  kind: z.enum(['commissioner', 'council', 'provider']).describe('commissioner (CCG/ICB), council (social care) or provider.'),
  sector: z
    .enum(['nhs', 'council', 'independent'])
    .optional()
    .describe('The part of the economy it belongs to (the local health economy is the NHS sector); defaults to nhs for commissioners and providers, council for councils.'),
  source: z.string().optional(),
});

export const Place = z.strictObject({
  id: Id,
  name: z.string(),
  population: z
    .strictObject({
      table: PopulationTable.describe('CSV: a year column and one column per age band, persons; optionally a sex column (rows summed) and a place column (rows for this place); or a choice among such tables.'),
      place: z.string().optional().describe("The value of the table's place column for this place; defaults to the place id."),
      basis: z.enum(['registered', 'resident']).describe('Registered list (GP practices) or resident population (ONS).'),
      source: z.string().optional(),
    })
    .describe('The place’s population by age band and year.'),
  commissioner: Id.optional().describe('The commissioner (CCG/ICB) serving the place: it pays for services that name no commissioner.'),
  council: Id.optional().describe('The council serving the place: it pays for social care that names no commissioner.'),
  needIndex: NumberInput.optional().describe('Need index weighting the population when funding is divided between places; defaults to 1.'),
  area: z.string().optional().describe('A roll-up the place belongs to (a primary care network, a locality, a care system): results add up by area.'),
  source: z.string().optional(),
});

/** Many places from one table (e.g. the practices of a CCG), each with its rows of one population table. */
export const PlacesTable = z.strictObject({
  table: z
    .string()
    .describe('CSV, one row per place: place (id), name, and optionally commissioner, council (organisation ids), need_index and area; other columns are left for tables of values by place.'),
  population: z
    .strictObject({
      table: PopulationTable.describe('CSV with a place column, a year column and one column per age band, persons; optionally a sex column (rows summed); or a choice among such tables.'),
      basis: z.enum(['registered', 'resident']).describe('Registered list (GP practices) or resident population (ONS).'),
      source: z.string().optional(),
    })
    .describe("Every place's population by age band and year."),
  source: z.string().optional(),
});

export const Setting = z.enum(['acute', 'community', 'primary', 'mental-health', 'social-care', 'continuing-care', 'other']);

/** A value per place: one number for every place, by place id, or a column of a table with a place column. */
export const PlaceValues = z
  .union([
    NumberInput,
    z.record(Id, NumberInput),
    z.strictObject({ table: z.string().describe('CSV with a place column.'), column: z.string() }),
  ])
  .describe('A value for every place: one number, values by place id, or a column of a CSV table with a place column.');

export const Activity = z.union([
  z.strictObject({
    rates: TableColumn.describe('Base-year activity per person per year by age band.'),
    scale: PlaceValues.optional().describe('Multiplier on the rates (one for every place, or by place, e.g. relative need); defaults to 1.'),
  }),
  z.strictObject({
    baseTotal: PlaceValues.describe("Base-year activity, all ages: one total over the service's places, or each place's own total."),
    profile: z
      .union([TableColumn, z.literal('flat'), z.array(Num)])
      .describe('Relative activity per person by age band; flat = the same for every age.'),
  }),
  z.strictObject({
    follows: Id.describe('The admissions service whose spells these bed days belong to.'),
    lengthOfStay: TableColumn.describe('Mean length of stay in days by age band.'),
    scale: PlaceValues.optional().describe('Multiplier on length of stay (one for every place, or by place); defaults to 1.'),
  }),
]);

export const CostBehaviour = z
  .strictObject({
    fixed: NumberInput.optional().describe('Share of base-year cost that is fixed; defaults to 0.'),
    stepped: z
      .strictObject({
        share: NumberInput.describe('Share of base-year cost held in capacity steps (wards, teams).'),
        size: NumberInput.describe('Activity one step supports (e.g. bed days a ward provides a year).'),
      })
      .optional(),
  })
  .describe('How base-year cost splits into fixed, stepped and variable; the rest is variable.');

export const Payment = z.discriminatedUnion('model', [
  z.strictObject({
    model: z.literal('tariff'),
    price: NumberInput.optional().describe('£ per unit at base-year prices; defaults to the unit cost.'),
    uplift: SeriesInput.optional().describe("Annual price uplift; defaults to the service's inflation less efficiency."),
  }),
  z.strictObject({
    model: z.literal('block'),
    value: NumberInput.optional().describe('£ a year in the base year; defaults to the base-year cost.'),
    uplift: SeriesInput.optional().describe("Annual uplift; defaults to the service's inflation less efficiency."),
  }),
  z.strictObject({
    model: z.literal('blended'),
    price: NumberInput.optional().describe('£ per unit; defaults to the unit cost.'),
    above: NumberInput.describe('Share of price paid for activity above plan (e.g. 0.2, or 0.7 as a marginal rate).'),
    below: NumberInput.describe('Share of price withdrawn for activity below plan (e.g. 0.2).'),
    plan: z.enum(['do-nothing', 'base-year']).optional().describe('Planned activity: the do-nothing projection (default) or base-year activity.'),
    uplift: SeriesInput.optional(),
  }),
  z.strictObject({
    model: z.literal('cost-per-case'),
    price: NumberInput.optional().describe('Locally agreed £ per case; defaults to the unit cost.'),
    uplift: SeriesInput.optional(),
  }),
  z.strictObject({ model: z.literal('none').describe('Paid within another line (e.g. bed days within a spell tariff).') }),
]);


export const Capacity = z
  .strictObject({
    beds: z
      .union([NumberInput, z.strictObject({ byYear: z.record(FinancialYear, Num), thereafter: Num.optional() })])
      .describe('Beds available: one number (or $parameter), or by year.'),
    occupancy: NumberInput.describe('Target bed occupancy, a fraction (0.92 = 92%).'),
    source: z.string().optional(),
  })
  .describe('Beds and target occupancy of a bed-day service: beds needed = bed days ÷ (365 × occupancy).');

export const ProviderShare = z.strictObject({
  provider: Id,
  share: PlaceValues.optional().describe("The provider's share of each place's activity on the service; defaults to 1."),
  capacity: Capacity.optional(),
  lengthOfStay: TableColumn.optional().describe("For bed days that follow admissions: this provider's mean length of stay by age band (overrides the service's)."),
  source: z.string().optional(),
});

export const Service = z.strictObject({
  id: Id,
  name: z.string(),
  setting: Setting,
  unit: z.string().describe('Unit of activity: admission, bed day, attendance, contact, package week, ...'),
  provider: Id.optional().describe('The provider, taking all of every place’s activity (or give providers).'),
  providers: z.array(ProviderShare).min(1).optional().describe('Providers and their shares of each place’s activity (at most 1 in all per place).'),
  commissioner: Id.optional().describe("Who pays; defaults to the place's commissioner (the council for social care)."),
  places: z.array(Id).optional().describe('Places the service runs in; defaults to every place.'),
  capacity: Capacity.optional(),
  activity: Activity,
  unitCost: NumberInput.describe('£ per unit in the base year, at base-year prices.'),
  costBehaviour: CostBehaviour.optional(),
  growth: SeriesInput.optional().describe('Non-demographic growth in activity per person, a year; defaults to 0.'),
  inflation: SeriesInput.optional().describe('Cost inflation a year; defaults to 0.'),
  efficiency: SeriesInput.optional().describe('Cost efficiency a year (reduces cost); defaults to 0.'),
  payment: Payment.optional().describe('How the commissioner pays the provider; defaults to tariff.'),
  source: z.string().optional(),
});

export const Contract = z.strictObject({
  id: Id,
  provider: Id,
  commissioner: Id,
  services: z.array(Id).optional().describe('Services it covers; defaults to every service between the two.'),
  payment: Payment,
  source: z.string().optional(),
});

export const FundingStream = z.strictObject({
  id: Id,
  organisation: Id,
  name: z.string().optional(),
  place: Id.optional().describe("The place it funds; defaults to the organisation's places, divided by weighted population."),
  base: NumberInput.optional().describe('£ in the base year (or give allocations).'),
  growth: SeriesInput.optional().describe('Annual growth in cash; defaults to 0.'),
  allocations: z
    .union([
      z.strictObject({ byYear: z.record(FinancialYear, NumberInput) }),
      z.strictObject({ table: z.string().describe('CSV with year and the column.'), column: z.string() }),
    ])
    .optional()
    .describe('Published allocations, £ cash by year, for a run of consecutive years.'),
  beyond: z
    .strictObject({
      weightedPopulation: z.boolean().optional().describe('Grow with the weighted population of the places funded; defaults to true.'),
      relativeTo: z
        .strictObject({ table: z.string().describe('CSV: a year column and one column per age band, persons.'), source: z.string().optional() })
        .optional()
        .describe("A national population: growth is the places' weighted population's share of its weighted population (as a fair-shares allocation grows), so real growth is the national rate."),
      realGrowth: SeriesInput.optional().describe('Real-terms growth a year over the deflator; defaults to 0.'),
      deflator: Id.describe('The deflator (from deflators) that real growth is over.'),
    })
    .optional()
    .describe('How allocations move beyond (and before) the published years.'),
  weights: z
    .union([z.literal('derived'), TableColumn])
    .optional()
    .describe("Age weights for weighted population: derived from the organisation's base-year spend by age (default), or a table column."),
  source: z.string().optional(),
});

export const Deflator = z.strictObject({
  id: Id,
  name: z.string().describe('E.g. GDP deflator, NHS Cost Inflation Index.'),
  rates: SeriesInput.describe('Annual rate of the index, every year of the projection.'),
  source: z.string().optional(),
});

const Phasing = z
  .strictObject({
    start: FinancialYear.describe('First year with any effect.'),
    ramp: z.enum(['linear', 's-curve', 'step']).optional().describe('Shape of the ramp; defaults to linear.'),
    years: z.number().int().positive().optional().describe('Years to reach full effect; defaults to 1.'),
    fractions: z.record(FinancialYear, Num).optional().describe('Explicit share of full effect by year (overrides ramp).'),
  })
  .describe('When a scheme takes effect.');

const Investment = z.strictObject({
  organisation: Id,
  oneOff: z.record(FinancialYear, NumberInput).optional().describe('One-off £ by year.'),
  recurrent: NumberInput.optional().describe('£ a year at full effect, scaled by the phasing.'),
  source: z.string().optional(),
});

const SchemeTarget = z.strictObject({
  service: Id,
  share: NumberInput.describe('Share of what the scheme moves that goes to this service.'),
  conversion: NumberInput.optional().describe('Target units per source unit; defaults to 1.'),
});

const SchemeCommon = {
  id: Id,
  places: z.array(Id).optional().describe('Places the scheme runs in; defaults to every place.'),
  name: z.string().optional(),
  rationale: z.string().describe('Why the scheme should work.'),
  source: z.string().describe('The evidence for its numbers.'),
  service: Id.describe('Source service.'),
  ageBands: z.array(z.string()).optional().describe('Only these age bands; defaults to all.'),
  phasing: Phasing,
  scope: NumberInput.optional().describe("Share of the source's activity the scheme can reach (e.g. people in their last year of life); defaults to 1."),
  realisation: NumberInput.optional().describe('Share of the planned effect realised; defaults to 1.'),
  investment: z.array(Investment).optional(),
};

export const Scheme = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('shift'),
    ...SchemeCommon,
    fraction: NumberInput.describe('Share of remaining activity moved at full effect.'),
    target: Id.optional().describe('The service receiving it (or give targets).'),
    conversion: NumberInput.optional().describe('Target units per source unit (e.g. 6 contacts per admission).'),
    targets: z.array(SchemeTarget).min(1).optional().describe('Several receiving services, each with its share of what moves.'),
  }),
  z.strictObject({ type: z.literal('avoid'), ...SchemeCommon, fraction: NumberInput }),
  z.strictObject({
    type: z.literal('los'),
    ...SchemeCommon,
    fraction: NumberInput.optional().describe('Share of length of stay cut at full effect.'),
    days: NumberInput.optional().describe('Days cut from every stay at full effect.'),
    target: Id.optional().describe('Service receiving the days cut (e.g. step-down beds).'),
    conversion: NumberInput.optional().describe('Target units per bed day cut; defaults to 1.'),
    targets: z.array(SchemeTarget).min(1).optional().describe('Several receiving services, each with its share of the days cut.'),
  }),
  z.strictObject({
    type: z.literal('efficiency'),
    ...SchemeCommon,
    fraction: NumberInput.describe("Share of the service's cost saved at full effect."),
  }),
]);

export const Calibration = z.strictObject({
  parameter: z.string().describe('Name of the parameter fitted: best a small, named residual.'),
  neutral: Num.optional().describe('The value at which the parameter has no effect (the residual is measured from it); defaults to 0.'),
  target: z.strictObject({
    metric: z.literal('do-nothing-gap').describe('The do-nothing gap (cost less funding), £.'),
    sector: z.enum(['nhs', 'council', 'independent']).optional().describe('Whose gap: one sector (nhs = the local health economy); defaults to the whole system.'),
    place: Id.optional().describe('Whose gap: one place (with a sector, that sector in that place); defaults to the whole system.'),
    year: FinancialYear,
    value: NumberInput.describe('£'),
    tolerance: z.number().positive().max(10000).optional().describe('£; defaults to 1,000; at most £10,000 (£0.01m).'),
  }),
  bounds: z.tuple([Num, Num]).optional().describe('Bounds the parameter is fitted within.'),
  range: z.tuple([Num, Num]).optional().describe('Former name of bounds.'),
  source: z.string().optional(),
});

const Shares = z.record(Id, Num).describe('Share of each partner, fractions summing to 1.');

export const RiskShareRule = z
  .strictObject({
    method: z.enum(['proportional', 'fixed', 'tiered']).describe('proportional to contributions, fixed shares, or tiered bands of variance.'),
    shares: Shares.optional().describe('For fixed: each partner’s share.'),
    bands: z
      .array(
        z.strictObject({
          from: Num.describe('Start of the band: variance as a fraction of the pool budget (0.02 = 2%).'),
          to: Num.optional().describe('End of the band; omit for the last, open band.'),
          shares: Shares,
        }),
      )
      .optional()
      .describe('For tiered: contiguous bands from 0, each with its own shares.'),
    caps: z.record(Id, NumberInput).optional().describe('Most a partner pays (or receives) in a year, £.'),
    remainder: Id.optional().describe('The partner who takes what caps leave; defaults to the host.'),
    exclusions: z
      .array(z.strictObject({ partner: Id, services: z.array(Id) }))
      .optional()
      .describe('A partner who never pays for (or gains from) variances on these services.'),
  })
  .describe('How a variance is split between partners.');

export const Contribution = z
  .strictObject({
    partner: Id,
    amount: NumberInput.optional().describe('£ in the base year, grown by growth.'),
    growth: SeriesInput.optional(),
    byYear: z.record(FinancialYear, NumberInput).optional().describe('Fixed £ by year.'),
    shareOf: z
      .strictObject({
        services: z.array(Id),
        share: NumberInput.describe('Fraction of the planned spend on these services.'),
        basis: z.enum(['do-nothing', 'base-year']).optional().describe('Planned spend: the do-nothing projection (default), or the base year grown by growth.'),
      })
      .optional(),
    source: z.string().optional(),
  })
  .describe('One partner’s contribution: an amount with growth, fixed sums by year, or a share of named services’ spend.');

export const Pool = z.strictObject({
  id: Id,
  name: z.string().optional(),
  host: Id.describe('The partner who hosts the pool (and by default takes what caps leave).'),
  services: z.array(Id).min(1).describe('In-scope services: the pool pays for them.'),
  places: z.array(Id).optional().describe('Places whose in-scope services it pays for; defaults to every place.'),
  contributions: z.array(Contribution).min(1),
  reserve: z
    .strictObject({ amount: NumberInput.describe('£ a year.'), fundedBy: Shares.optional().describe('Defaults to in proportion to contributions.') })
    .optional()
    .describe('A contingency reserve that covers overspends first.'),
  cover: z
    .array(z.enum(['reserve', 'underspends']))
    .optional()
    .describe("Order of cover before partners pay: default [reserve, underspends]; leave out 'underspends' to share overspends and underspends on different lines separately."),
  overspend: RiskShareRule,
  underspend: RiskShareRule.optional().describe('Defaults to the overspend rule.'),
  performance: z
    .strictObject({
      partner: Id.describe('The partner whose contribution is held back.'),
      held: NumberInput.describe('£ a year held back until the target is met.'),
      growth: SeriesInput.optional(),
      service: Id.describe('The service whose activity must fall (e.g. emergency admissions).'),
      targetReduction: NumberInput.describe('Target fall against the do-nothing, a fraction (0.035 = 3.5%).'),
      start: FinancialYear.optional().describe('First year the amount is held back; defaults to the base year.'),
    })
    .optional()
    .describe('Performance-linked release: the held amount is paid into the pool in proportion to the target reduction achieved.'),
  source: z.string().optional(),
});

const CorridorBand = z.strictObject({
  threshold: Num.describe('Fraction of the benchmark where the band starts (0.03 = 3%).'),
  payerShare: Num.describe('Share of the variance beyond the threshold borne by the payer.'),
});

export const Settlement = z.discriminatedUnion('form', [
  z.strictObject({
    form: z.literal('shared-savings'),
    shareRate: Num.describe('Share of savings paid to the provider.'),
    minSavingsRate: Num.optional(),
    minLossRate: Num.optional(),
    qualityScaled: z.boolean().optional(),
    qualityScore: Num.optional().describe('0..1, when the share scales with quality.'),
    savingsHaircut: Num.optional(),
    savingsCap: Num.optional(),
    twoSided: z.boolean().optional(),
    lossShareRate: Num.optional(),
    lossCap: Num.optional(),
  }),
  z.strictObject({
    form: z.literal('risk-corridor'),
    bands: z.array(CorridorBand).min(1),
    gainBands: z.array(CorridorBand).optional(),
    lossBands: z.array(CorridorBand).optional(),
  }),
]);

export const Envelope = z.strictObject({
  id: Id,
  name: z.string().optional(),
  provider: Id.describe('The provider paid the envelope (for an alliance, its lead or host).'),
  commissioner: Id,
  services: z.array(Id).min(1).describe('The scope: services the envelope pays for instead of their own payment model.'),
  places: z.array(Id).optional().describe("Places covered; defaults to the commissioner's places."),
  members: z
    .array(z.strictObject({ organisation: Id, share: NumberInput.describe("Share of the alliance's margin (gain or loss)."), source: z.string().optional() }))
    .optional()
    .describe('An alliance of providers paid the envelope: each member is paid its cost and its share of the margin; shares sum to 1.'),
  weights: z
    .union([z.literal('derived'), TableColumn])
    .optional()
    .describe('Relative cost weights by age band: derived from base-year cost by age (default), or a table column.'),
  needIndex: NumberInput.optional().describe('Need index multiplying the weighted population (e.g. 0.936); defaults to 1.'),
  baseRate: NumberInput.optional().describe('£ per weighted head in the base year; defaults to the rate that makes the base-year envelope equal base-year spend on the scope.'),
  uplift: SeriesInput.optional().describe('Annual uplift of the rate; defaults to 0.'),
  settlement: Settlement.optional().describe('Gain/loss share around the envelope.'),
  source: z.string().optional(),
});

const ScenarioShape = {
  $schema: z.string().optional(),
  name: z.string(),
  description: z.string().optional(),
  extends: z.string().optional().describe('A scenario file this one overrides, field by field.'),
  baseYear: FinancialYear,
  horizon: FinancialYear,
  priceBase: z.string().optional().describe('Stated on every money table; defaults to cash with base-year prices.'),
  ageBands: z.array(z.string()).min(1),
  population: z
    .strictObject({
      table: PopulationTable.describe('CSV: a year column and one column per age band, persons; or a choice among such tables.'),
      basis: z.enum(['registered', 'resident']).optional(),
      source: z.string().optional(),
    })
    .optional()
    .describe('The population of a scenario with one place (or give places).'),
  places: z
    .union([z.array(Place).min(1), PlacesTable])
    .optional()
    .describe('The places of the system, listed or from a table; a scenario without places is one place.'),
  deflators: z.array(Deflator).optional().describe('Named price indices: for real-terms funding growth and for presenting results in real terms.'),
  prices: z
    .strictObject({ deflator: Id.describe('The deflator for results in real terms (--prices real:YYYY/YY).'), year: FinancialYear.optional().describe('Default price year for real terms.') })
    .optional(),
  parameterTables: z.array(z.string()).optional().describe('CSV files with name,value,unit,source columns.'),
  parameters: z.record(z.string(), Parameter).optional(),
  organisations: z.array(Organisation).min(1),
  services: z.array(Service).min(1),
  contracts: z.array(Contract).optional(),
  funding: z.array(FundingStream),
  schemes: z.array(Scheme).optional(),
  pools: z.array(Pool).optional(),
  envelopes: z.array(Envelope).optional(),
  calibration: Calibration.optional(),
  correlations: z
    .array(
      z.strictObject({
        between: z.tuple([z.string(), z.string()]).describe('Two uncertain inputs: $parameter names, or scenario paths such as schemes[0].fraction.'),
        rank: z.number().min(-1).max(1).describe('Target Spearman rank correlation, -1 to 1.'),
        source: z.string().optional(),
      }),
    )
    .optional()
    .describe('Rank correlations between uncertain inputs for Monte Carlo (Iman–Conover); unlisted pairs are independent.'),
};

/** A complete scenario, after `extends` has been resolved. */
export const Scenario = z.strictObject(ScenarioShape);
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioService = z.infer<typeof Service>;
export type ScenarioScheme = z.infer<typeof Scheme>;
export type ScenarioPayment = z.infer<typeof Payment>;
export type NumberInputT = z.infer<typeof NumberInput>;
export type SeriesInputT = z.infer<typeof SeriesInput>;
export type DistributionT = z.infer<typeof Distribution>;
export type PopulationChoiceT = z.infer<typeof PopulationChoice>;
export type TableColumnT = z.infer<typeof TableColumn>;
export type ScenarioPool = z.infer<typeof Pool>;
export type ScenarioRule = z.infer<typeof RiskShareRule>;
export type ScenarioEnvelope = z.infer<typeof Envelope>;
export type ScenarioPlace = z.infer<typeof Place>;
export type ScenarioPlacesTable = z.infer<typeof PlacesTable>;
export type ScenarioFunding = z.infer<typeof FundingStream>;
export type PlaceValuesT = z.infer<typeof PlaceValues>;
export type CapacityT = z.infer<typeof Capacity>;
