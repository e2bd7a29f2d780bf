/**
 * The scenario file schema: the one source of the scenario types, of the JSON
 * Schema that editors use to autocomplete scenario files
 * (`scenario.schema.json`) and of the reference page
 * (`docs/scenario-reference.md`), both written by `npm run schema`.
 *
 * Every field carries a description a finance lead can follow and an example
 * from the models in models/ (`.meta(doc(...))`); the definitions used in
 * several places carry an `id`, their name in the JSON Schema and the reference.
 *
 * Input types only: names are still names here. `normalise.ts` resolves them to
 * indices and slots for the engine.
 */
import { z } from 'zod';

/** A field's help: what it means and an example (the first is shown by the reference page). */
function doc(description: string, ...examples: unknown[]): { description: string; examples: unknown[] } {
  return { description, examples };
}

/** A financial year written `2017/18`. */
export const FinancialYear = z
  .string()
  .regex(/^\d{4}\/\d{2}$/, 'a financial year is written like 2017/18')
  .meta({ id: 'FinancialYear', ...doc('A financial year (April to March), written like 2017/18.', '2017/18') });

/** An identifier: lower-case letters, digits and hyphens. */
export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'an id uses lower-case letters, digits and hyphens')
  .meta({ id: 'Id', ...doc('An identifier: lower-case letters, digits and hyphens. Other parts of the file refer to the thing by it.', 'emergency-admissions') });

/** A reference to a named parameter, written `$name`. */
export const ParamRef = z
  .string()
  .regex(/^\$[A-Za-z_][A-Za-z0-9_-]*$/, 'a parameter reference is written $name')
  .meta({ id: 'ParamRef', ...doc('A reference to a named parameter (from parameters or parameterTables), written $name: the figure and its source are kept in one place.', '$cii') });

/** A formula written in place of a number, `=` then the formula (`=$tariff * (1 - $discount)`). */
export const FormulaText = z
  .string()
  .regex(/^=\s*\S/, 'a formula in place is written = then the formula')
  .meta({ id: 'FormulaText', ...doc('A formula of other parameters in place of a number: = then the formula, e.g. =$tariff * (1 - $discount). The same language as a parameter\'s formula: + − × ÷ ^, min, max, exp, log, sqrt, abs.', '=$tariff * (1 - $discount)') });

/** Where a figure comes from. */
const Source = z
  .string()
  .meta({
    id: 'Source',
    ...doc(
      'Where the figures come from: the publication, table and year, or ASSUMPTION and the reasoning where no source gives the number. Shown beside the figures in reports.',
      'NHS Cost Inflation Index, pay and prices (data/README.md)',
    ),
  });

/** The unit a parameter is in. */
const Unit = z.string().meta(doc('The unit of the figure, shown in the assumptions table (e.g. fraction a year, £ per contact).', 'fraction a year'));

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

const Bound = z.object({
  min: Num.optional().meta(doc('The lowest value a sample may take: the distribution is truncated there (e.g. 0 for a share or a cost).', 0)),
  max: Num.optional().meta(doc('The highest value a sample may take: the distribution is truncated there (e.g. 1 for a share).', 1)),
});

/** Lowest, most likely and highest, of a triangular or PERT distribution. */
const Range = z.object({
  min: Num.meta(doc('The lowest value it can take.', 0.5)),
  mode: Num.meta(doc('The most likely value.', 0.75)),
  max: Num.meta(doc('The highest value it can take.', 0.9)),
});

const dist = <T extends string>(name: T, what: string) => z.literal(name).meta(doc(`The kind of distribution: ${name} (${what}).`, name));

/** A probability distribution in place of a number (used by Monte Carlo). */
export const Distribution = z
  .discriminatedUnion('dist', [
    z.strictObject({
      dist: dist('normal', 'a mean and a standard deviation'),
      mean: Num.meta(doc('The central value, in the units of the input.', 0.2)),
      sd: Num.meta(doc('The standard deviation, in the units of the input: about two in three samples lie within one sd of the mean.', 0.03)),
      ...Bound.shape,
    }),
    z.strictObject({
      dist: dist('lognormal', 'a median and the sd of its logarithm, for positive skewed figures such as costs'),
      median: Num.meta(doc('The median (half the samples lie below it), in the units of the input.', 1500)),
      sd: z.number().min(0).max(LOGNORMAL_MAX_SD).meta(doc('The standard deviation of the natural log of the input, 0–3 (0.1 ≈ ±10% at one sd).', 0.15)),
      ...Bound.shape,
    }),
    z.strictObject({
      dist: dist('triangular', 'lowest, most likely and highest'),
      ...Range.shape,
    }),
    z.strictObject({
      dist: dist('pert', 'lowest, most likely and highest, smoother than triangular'),
      ...Range.shape,
    }),
    z.strictObject({
      dist: dist('uniform', 'every value between min and max equally likely'),
      min: Num.meta(doc('The lowest value it can take.', 4)),
      max: Num.meta(doc('The highest value it can take.', 8)),
    }),
    z.strictObject({
      dist: dist('interval', 'an 80% interval: a one-in-ten chance of being below p10 and of being above p90'),
      p10: Num.meta(doc('The value with a one-in-ten chance of the input being lower (10th percentile).', 0.01)),
      p90: Num.meta(doc('The value with a one-in-ten chance of the input being higher (90th percentile).', 0.03)),
      ...Bound.shape,
    }),
    z.strictObject({
      dist: dist('gamma', 'shape and scale, for positive skewed figures'),
      shape: z.number().gt(0).max(1e6).meta(doc('Shape k (mean k × scale, variance k × scale²); above 0.', 4)),
      scale: z.number().gt(0).max(MAX_MAGNITUDE).meta(doc('Scale θ, in the units of the input; above 0.', 0.05)),
      ...Bound.shape,
    }),
    z
      .strictObject({
        dist: dist('discrete', 'one of a list of values, each with its probability'),
        values: z.array(Num).min(1).meta(doc('The values the input can take.', [0, 0.5, 1])),
        p: z.array(z.number().min(0).max(1)).min(1).meta(doc('The probability of each value, in the same order, each 0–1; they sum to 1.', [0.2, 0.5, 0.3])),
      })
      .superRefine((d, ctx) => {
        if (d.p.length !== d.values.length) ctx.addIssue({ code: 'custom', path: ['p'], message: `gives ${d.p.length} probabilit${d.p.length === 1 ? 'y' : 'ies'} for ${d.values.length} value${d.values.length === 1 ? '' : 's'}: give one for each value` });
        else if (!probabilitiesSumToOne(d.p)) ctx.addIssue({ code: 'custom', path: ['p'], message: sumMessage(d.p) });
      }),
    z.strictObject({
      dist: dist('bernoulli', 'it happens or it does not, e.g. a scheme delivers or not'),
      p: z.number().min(0).max(1).meta(doc('The probability that it happens (e.g. that a scheme delivers), 0–1.', 0.7)),
      value: Num.optional().meta(doc('Its value when it happens; defaults to 1.', 1)),
      otherwise: Num.optional().meta(doc('Its value when it does not; defaults to 0.', 0)),
    }),
  ])
  .meta({
    id: 'Distribution',
    ...doc(
      'A distribution in place of a number, sampled by Monte Carlo (simulate, tornado, optimise); a single run uses its central value. normal, lognormal, triangular, PERT, uniform, an 80% interval (p10/p90), gamma (shape, scale), discrete (values with probabilities) or bernoulli (happens with probability p).',
      { dist: 'pert', min: 0.5, mode: 0.75, max: 0.9 },
    ),
  });

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
  .union([Num, ParamRef, FormulaText, Distribution])
  .meta({ id: 'NumberInput', ...doc('A number (at most 100bn either way), a $parameter reference, a formula (=…), or a distribution.', '$unit_cost_ae_attendance', 0.5) });

/** Rates by financial year. */
const ByYear = z.record(FinancialYear, NumberInput);

/** A rate that may differ by year: one number for every year, or values by year. */
export const SeriesInput = z
  .union([
    NumberInput,
    z.strictObject({
      byYear: ByYear.meta(doc('The rate by financial year: the change into that year, a fraction.', { '2018/19': 0.034, '2019/20': 0.028 })),
      thereafter: NumberInput.optional().meta(doc('The rate for later years; defaults to the last year given.', 0.02)),
    }),
  ])
  .meta({
    id: 'SeriesInput',
    ...doc('An annual rate as a fraction (0.02 = 2% a year), between -0.5 and 0.5: one value (or $parameter) for every year, or byYear values.', '$cii', 0.02),
  });

/** A column of a CSV data table, keyed by age band. */
export const TableColumn = z
  .strictObject({
    table: z.string().meta(doc('The CSV file, relative to this scenario file; it has an age_band column.', '../data/harrogate/activity-rates.csv')),
    column: z.string().meta(doc('The column holding one value per age band.', 'emergency_admissions')),
  })
  .meta({ id: 'TableColumn', ...doc('A column of a CSV table with an age_band column: one value for each age band.', { table: '../data/harrogate/activity-rates.csv', column: 'ae_attendances' }) });

const Parameter = z
  .union([
    NumberInput,
    z.strictObject({
      table: z.string().meta(doc('CSV with a year column: a series by year (the rate into each year), relative to this scenario file.', '../data/harrogate/cost-inflation.csv')),
      column: z.string().meta(doc('The column of the table holding the series.', 'rate')),
      thereafter: NumberInput.optional().meta(doc('The rate for years after the table; defaults to its last.', 0.02)),
      byYear: ByYear.optional().meta(doc("Values for particular years that replace the table's (a year changed on the dashboard is written so); the table gives the rest.", { '2025/26': 0.03 })),
      label: z.string().optional().meta(doc('A human name for the parameter, shown in charts (the tornado) and on the dashboard; defaults to its name.', 'NHS real-terms growth')),
      unit: Unit.optional(),
      source: Source.optional(),
    }),
    z.strictObject({
      formula: z
        .string()
        .meta(doc('Arithmetic of other parameters by name, e.g. "nel_growth + residual" (+ - * / ^, min, max, exp, log, sqrt, abs); a series if any of them is.', 'unit_cost_community_contact * integrated_care_scope_scale')),
      label: z.string().optional().meta(doc('A human name for the parameter, shown in charts (the tornado) and on the dashboard; defaults to its name.', 'Local unit cost of a community contact')),
      unit: Unit.optional(),
      source: Source.optional(),
    }),
    z.strictObject({
      value: NumberInput.meta(doc('The figure: a number, another $parameter or a distribution.', 0.75)),
      label: z.string().optional().meta(doc('A human name for the parameter, shown in charts (the tornado) and on the dashboard; defaults to its name.', 'Share of avoidable admissions reached')),
      unit: Unit.optional(),
      source: Source.optional(),
    }),
    z.strictObject({
      byYear: ByYear.meta(doc('The value by financial year.', { '2018/19': 1, '2019/20': 1, '2020/21': 1 })),
      thereafter: NumberInput.optional().meta(doc('The value for later years; defaults to the last year given.', 0)),
      label: z.string().optional().meta(doc('A human name for the parameter, shown in charts (the tornado) and on the dashboard; defaults to its name.', 'Years the fitted residual applies (1 = yes)')),
      unit: Unit.optional(),
      source: Source.optional(),
    }),
  ])
  .meta({
    id: 'Parameter',
    ...doc(
      'A named figure that services, funding and schemes refer to as $name: a number or distribution, { value, source }, a series from a table, a formula of other parameters, or values by year.',
      { value: 0.75, source: 'ASSUMPTION — three quarters of the avoidable admissions are reached once alternatives exist' },
    ),
  });

/**
 * A choice among named population tables for Monte Carlo (e.g. ONS projection
 * variants): each iteration uses one, with its probability; a single run uses
 * the central one.
 */
export const PopulationChoice = z
  .strictObject({
    dist: z.literal('choice').meta(doc('Marks a choice among tables.', 'choice')),
    options: z
      .array(
        z.strictObject({
          name: z.string().min(1).meta(doc("The option's name (e.g. principal); where its table has a variant column, the rows of this variant.", 'principal')),
          table: z.string().meta(doc('CSV, as a population table; relative to this scenario file.', '../data/harrogate/population-variants.csv')),
          p: z.number().min(0).max(1).meta(doc('Its probability, 0–1; the options’ sum to 1.', 0.5)),
          source: Source.optional(),
        }),
      )
      .min(2)
      .meta(doc('At least two tables, each with its probability.', [
        { name: 'principal', table: '../data/harrogate/population-variants.csv', p: 0.5 },
        { name: 'high', table: '../data/harrogate/population-variants.csv', p: 0.5 },
      ])),
    central: z.string().optional().meta(doc('The option a single (deterministic) run uses; defaults to the most probable (the first of equals).', 'principal')),
  })
  .superRefine((d, ctx) => {
    const names = d.options.map((o) => o.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) ctx.addIssue({ code: 'custom', path: ['options'], message: `two options are named '${dup}'` });
    if (!probabilitiesSumToOne(d.options.map((o) => o.p))) ctx.addIssue({ code: 'custom', path: ['options'], message: sumMessage(d.options.map((o) => o.p)) });
    if (d.central !== undefined && !names.includes(d.central)) ctx.addIssue({ code: 'custom', path: ['central'], message: `'${d.central}' is not one of the options (${names.join(', ')})` });
  })
  .meta({
    id: 'PopulationChoice',
    ...doc('A choice among named population tables (e.g. ONS projection variants), each with its probability: each Monte Carlo iteration uses one.', {
      dist: 'choice',
      options: [
        { name: 'principal', table: '../data/harrogate/population-variants.csv', p: 0.6 },
        { name: 'low', table: '../data/harrogate/population-variants.csv', p: 0.2 },
        { name: 'high', table: '../data/harrogate/population-variants.csv', p: 0.2 },
      ],
      central: 'principal',
    }),
  });

/** A population table: a CSV file, or a choice among several. */
const PopulationTable = z
  .union([z.string(), PopulationChoice])
  .meta({ id: 'PopulationTable', ...doc('A population CSV file (relative to this scenario file), or a choice among several.', '../data/harrogate/population.csv') });

/** Registered list or resident population. */
const Basis = z
  .enum(['registered', 'resident'])
  .meta({ id: 'PopulationBasis', ...doc('registered: people on GP practice lists (NHS England); resident: people living in the area (ONS).', 'registered') });

export const Organisation = z
  .strictObject({
    id: Id.meta(doc('The organisation’s id: services, funding and pools name it by this.', 'ccg')),
    name: z.string().meta(doc('Its name as reports should print it.', 'NHS Harrogate and Rural District CCG')),
    kind: z.enum(['commissioner', 'council', 'provider']).meta(doc('commissioner (CCG/ICB), council (social care) or provider.', 'commissioner')),
    sector: z
      .enum(['nhs', 'council', 'independent'])
      .optional()
      .meta(doc('The part of the economy it belongs to (the local health economy is the NHS sector); defaults to nhs for commissioners and providers, council for councils.', 'independent')),
    source: Source.optional(),
  })
  .meta({ id: 'Organisation', ...doc('A commissioner, council or provider: who pays, who is paid.', { id: 'ccg', name: 'NHS Harrogate and Rural District CCG', kind: 'commissioner' }) });

export const Place = z
  .strictObject({
    id: Id.meta(doc('The place’s id: services, schemes and funding name it by this.', 'harrogate')),
    name: z.string().meta(doc('Its name as reports should print it.', 'Harrogate and Rural District')),
    population: z
      .strictObject({
        table: PopulationTable.meta(
          doc('CSV: a year column and one column per age band, persons; optionally a sex column (rows summed) and a place column (rows for this place); or a choice among such tables.', '../data/harrogate/population.csv'),
        ),
        place: z.string().optional().meta(doc("The value of the table's place column for this place; defaults to the place id.", 'harrogate')),
        basis: Basis,
        source: Source.optional(),
      })
      .meta(doc('The place’s population by age band and year.', { table: '../data/harrogate/population.csv', basis: 'registered', source: 'ONS 2016-based SNPP, scaled to the registered list' })),
    commissioner: Id.optional().meta(doc('The commissioner (CCG/ICB) serving the place: it pays for services that name no commissioner.', 'ccg')),
    council: Id.optional().meta(doc('The council serving the place: it pays for social care that names no commissioner.', 'nycc')),
    needIndex: NumberInput.optional().meta(doc('Need index weighting the population when funding is divided between places (1 = average need); defaults to 1.', '$need_index_2018_19_basis')),
    area: z.string().optional().meta(doc('A roll-up the place belongs to (a primary care network, a locality, a care system): results add up by area.', 'North Yorkshire CCG (42D from April 2020)')),
    source: Source.optional(),
  })
  .meta({ id: 'Place', ...doc('A place: a population served by a commissioner and a council (a CCG area, a practice, a locality).', { id: 'harrogate', name: 'Harrogate and Rural District', population: { table: '../data/harrogate/population.csv', basis: 'registered' }, commissioner: 'ccg', council: 'nycc' }) });

/** Many places from one table (e.g. the practices of a CCG), each with its rows of one population table. */
export const PlacesTable = z
  .strictObject({
    table: z
      .string()
      .meta(doc('CSV, one row per place: place (id), name, and optionally commissioner, council (organisation ids), need_index and area; other columns are left for tables of values by place.', '../data/devon/places.csv')),
    population: z
      .strictObject({
        table: PopulationTable.meta(doc('CSV with a place column, a year column and one column per age band, persons; optionally a sex column (rows summed); or a choice among such tables.', '../data/devon/population.csv')),
        basis: Basis,
        source: Source.optional(),
      })
      .meta(doc("Every place's population by age band and year.", { table: '../data/devon/population.csv', basis: 'registered' })),
    source: Source.optional(),
  })
  .meta({ id: 'PlacesTable', ...doc('Many places from one table (e.g. the practices of a CCG).', { table: '../data/devon/places.csv', population: { table: '../data/devon/population.csv', basis: 'registered' } }) });

export const Setting = z
  .enum(['acute', 'community', 'primary', 'mental-health', 'social-care', 'continuing-care', 'other'])
  .meta({ id: 'Setting', ...doc('The setting of care, for grouping results: acute, community, primary, mental-health, social-care, continuing-care or other.', 'acute') });

/** A value per place: one number for every place, by place id, or a column of a table with a place column. */
export const PlaceValues = z
  .union([
    NumberInput,
    z.record(Id, NumberInput),
    z.strictObject({
      table: z.string().meta(doc('CSV with a place column, relative to this scenario file.', '../data/devon/places.csv')),
      column: z.string().meta(doc('The column holding one value per place.', 'relative_need')),
    }),
  ])
  .meta({ id: 'PlaceValues', ...doc('A value for every place: one number, values by place id, or a column of a CSV table with a place column.', 1, { harrogate: 1.05, york: 0.97 }) });

export const Activity = z
  .union([
    z.strictObject({
      rates: TableColumn.meta(doc('Base-year activity per person per year by age band (e.g. admissions per head).', { table: '../data/harrogate/activity-rates.csv', column: 'emergency_admissions' })),
      scale: PlaceValues.optional().meta(doc('Multiplier on the rates (one for every place, or by place, e.g. relative need); defaults to 1.', 1.1)),
    }),
    z.strictObject({
      baseTotal: PlaceValues.meta(doc("Base-year activity, all ages, in the service's unit: one total over the service's places, or each place's own total.", '$ccg_other_spend_2017_18')),
      profile: z
        .union([TableColumn, z.literal('flat'), z.array(Num)])
        .meta(doc('Relative activity per person by age band (a table column or one number per age band); flat = the same for every age.', 'flat')),
    }),
    z.strictObject({
      follows: Id.meta(doc('The admissions service whose spells these bed days belong to.', 'emergency-admissions')),
      lengthOfStay: TableColumn.meta(doc('Mean length of stay in days by age band.', { table: '../data/harrogate/length-of-stay.csv', column: 'mean_los_days' })),
      scale: PlaceValues.optional().meta(doc('Multiplier on length of stay (one for every place, or by place); defaults to 1.', 1)),
    }),
  ])
  .meta({
    id: 'Activity',
    ...doc('Base-year activity: rates per head by age band, a total spread over ages by a profile, or bed days that follow admissions with a length of stay.', { rates: { table: '../data/harrogate/activity-rates.csv', column: 'ae_attendances' } }),
  });

export const CostBehaviour = z
  .strictObject({
    fixed: NumberInput.optional().meta(doc('Share of base-year cost that is fixed (does not move with activity), a fraction 0–1; defaults to 0.', 0.5)),
    stepped: z
      .strictObject({
        share: NumberInput.meta(doc('Share of base-year cost held in capacity steps (wards, teams), a fraction 0–1.', 0.6)),
        size: NumberInput.meta(doc('Activity one step supports, in the service’s unit a year (e.g. bed days a ward provides a year).', '$wardBedDays')),
      })
      .optional()
      .meta(doc('Cost that comes in whole steps (a ward, a team): it moves only when activity crosses a step.', { share: 0.6, size: '$wardBedDays' })),
  })
  .meta({ id: 'CostBehaviour', ...doc('How base-year cost splits into fixed, stepped and variable; the rest is variable (moves with activity).', { fixed: 0.15, stepped: { share: 0.6, size: '$wardBedDays' } }) });

const Uplift = SeriesInput.optional().meta(doc("Annual uplift of the price, a fraction a year; defaults to the service's inflation less efficiency.", '$cii'));
const model = <T extends string>(name: T, what: string) => z.literal(name).meta(doc(`The payment model: ${name} (${what}).`, name));

export const Payment = z
  .discriminatedUnion('model', [
    z.strictObject({
      model: model('tariff', 'paid a price for each unit of activity, e.g. Payment by Results'),
      price: NumberInput.optional().meta(doc('£ per unit at base-year prices; defaults to the unit cost.', '$unit_cost_emergency_spell')),
      uplift: Uplift,
    }),
    z.strictObject({
      model: model('block', 'a fixed sum a year, whatever the activity'),
      value: NumberInput.optional().meta(doc('£ a year in the base year; defaults to the base-year cost.', 12000000)),
      uplift: Uplift,
    }),
    z.strictObject({
      model: model('blended', 'a fixed sum for planned activity, with a share of the price for activity above or below plan'),
      price: NumberInput.optional().meta(doc('£ per unit; defaults to the unit cost.', '$unit_cost_emergency_spell')),
      above: NumberInput.meta(doc('Share of price paid for activity above plan, a fraction (e.g. 0.2, or 0.7 as a marginal rate).', 0.2)),
      below: NumberInput.meta(doc('Share of price withdrawn for activity below plan, a fraction (e.g. 0.2).', 0.2)),
      plan: z.enum(['do-nothing', 'base-year']).optional().meta(doc('Planned activity: the do-nothing projection (default) or base-year activity.', 'do-nothing')),
      uplift: Uplift,
    }),
    z.strictObject({
      model: model('cost-per-case', 'a locally agreed price for each case'),
      price: NumberInput.optional().meta(doc('Locally agreed £ per case; defaults to the unit cost.', 650)),
      uplift: Uplift,
    }),
    z.strictObject({ model: model('none', 'paid within another line, e.g. bed days within a spell tariff') }),
  ])
  .meta({ id: 'Payment', ...doc('How the commissioner pays the provider: tariff, block, blended, cost-per-case or none.', { model: 'tariff' }, { model: 'blended', above: 0.2, below: 0.2 }) });

export const Capacity = z
  .strictObject({
    beds: z
      .union([
        NumberInput,
        z.strictObject({
          byYear: z.record(FinancialYear, Num).meta(doc('Beds by financial year.', { '2017/18': 120, '2020/21': 110 })),
          thereafter: Num.optional().meta(doc('Beds in later years; defaults to the last year given.', 110)),
        }),
      ])
      .meta(doc('Beds available: one number (or $parameter), or by year.', '$emergency_beds_2017_18')),
    occupancy: NumberInput.meta(doc('Target bed occupancy, a fraction (0.92 = 92%).', '$bed_occupancy_target')),
    source: Source.optional(),
  })
  .meta({ id: 'Capacity', ...doc('Beds and target occupancy of a bed-day service: beds needed = bed days ÷ (365 × occupancy).', { beds: '$emergency_beds_2017_18', occupancy: 0.92 }) });

export const ProviderShare = z
  .strictObject({
    provider: Id.meta(doc('The provider (an organisation id).', 'hdft')),
    share: PlaceValues.optional().meta(doc("The provider's share of each place's activity on the service, a fraction 0–1; defaults to 1.", 0.6)),
    capacity: Capacity.optional().meta(doc("This provider's beds and target occupancy.", { beds: 80, occupancy: 0.92 })),
    lengthOfStay: TableColumn.optional().meta(doc("For bed days that follow admissions: this provider's mean length of stay by age band (overrides the service's).", { table: '../data/north-yorkshire-york/length-of-stay.csv', column: 'york_ft' })),
    source: Source.optional(),
  })
  .meta({ id: 'ProviderShare', ...doc('A provider and its share of each place’s activity on a service.', { provider: 'york-ft', share: 0.8 }) });

export const Service = z
  .strictObject({
    id: Id.meta(doc('The service’s id: schemes, pools and envelopes name it by this.', 'emergency-admissions')),
    name: z.string().meta(doc('Its name as reports should print it.', 'Emergency admissions')),
    setting: Setting,
    unit: z.string().meta(doc('Unit of activity: admission, bed day, attendance, contact, package week, ...', 'admission')),
    provider: Id.optional().meta(doc('The provider, taking all of every place’s activity (or give providers).', 'hdft')),
    providers: z.array(ProviderShare).min(1).optional().meta(doc('Providers and their shares of each place’s activity (at most 1 in all per place).', [{ provider: 'york-ft', share: 0.8 }, { provider: 'hdft', share: 0.2 }])),
    commissioner: Id.optional().meta(doc("Who pays; defaults to the place's commissioner (the council for social care).", 'ccg')),
    places: z.array(Id).optional().meta(doc('Places the service runs in; defaults to every place.', ['harrogate'])),
    capacity: Capacity.optional().meta(doc('Beds and target occupancy, for a bed-day service.', { beds: '$emergency_beds_2017_18', occupancy: '$bed_occupancy_target' })),
    activity: Activity,
    unitCost: NumberInput.meta(doc('£ per unit in the base year, at base-year prices.', '$unit_cost_ae_attendance', 1450)),
    costBehaviour: CostBehaviour.optional().meta(doc('How cost moves with activity; defaults to all variable.', { fixed: 0.5 })),
    growth: SeriesInput.optional().meta(doc('Non-demographic growth in activity per person, a fraction a year (beyond ageing); defaults to 0.', '$ndg_ae')),
    inflation: SeriesInput.optional().meta(doc('Cost inflation, a fraction a year; defaults to 0.', '$cii')),
    efficiency: SeriesInput.optional().meta(doc('Cost efficiency, a fraction a year (reduces cost); defaults to 0.', 0.011)),
    payment: Payment.optional().meta(doc('How the commissioner pays the provider; defaults to tariff.', { model: 'block' })),
    source: Source.optional(),
  })
  .meta({
    id: 'Service',
    ...doc('A line of care: its activity by age, unit cost, who provides it, who pays and how.', {
      id: 'ae',
      name: 'A&E attendances',
      setting: 'acute',
      unit: 'attendance',
      provider: 'hdft',
      commissioner: 'ccg',
      activity: { rates: { table: '../data/harrogate/activity-rates.csv', column: 'ae_attendances' } },
      unitCost: '$unit_cost_ae_attendance',
      inflation: '$cii',
      payment: { model: 'tariff' },
    }),
  });

export const Contract = z
  .strictObject({
    id: Id.meta(doc('The contract’s id.', 'hdft-acute')),
    provider: Id.meta(doc('The provider paid under it.', 'hdft')),
    commissioner: Id.meta(doc('The commissioner paying under it.', 'ccg')),
    services: z.array(Id).optional().meta(doc('Services it covers; defaults to every service between the two.', ['ae', 'elective'])),
    payment: Payment,
    source: Source.optional(),
  })
  .meta({ id: 'Contract', ...doc('A contract between a commissioner and a provider: its payment model replaces the services’ own.', { id: 'hdft-acute', provider: 'hdft', commissioner: 'ccg', payment: { model: 'block' } }) });

export const FundingStream = z
  .strictObject({
    id: Id.meta(doc('The funding item’s id.', 'ccg-allocation')),
    organisation: Id.meta(doc('The organisation that receives the funding (a commissioner or council).', 'ccg')),
    name: z.string().optional().meta(doc('Its name as reports should print it.', 'CCG core allocation')),
    place: Id.optional().meta(doc("The place it funds; defaults to the organisation's places, divided by weighted population.", 'harrogate')),
    base: NumberInput.optional().meta(doc('£ in the base year, cash (or give allocations).', 215000000)),
    growth: SeriesInput.optional().meta(doc('Annual growth in cash, a fraction a year; defaults to 0.', 0.03)),
    allocations: z
      .union([
        z.strictObject({ byYear: ByYear.meta(doc('£ cash by financial year.', { '2017/18': '$primary_care_funding_2017_18' })) }),
        z.strictObject({
          table: z.string().meta(doc('CSV with a year column and the column of £, relative to this scenario file.', '../data/harrogate/allocations.csv')),
          column: z.string().meta(doc('The column holding £ cash by year.', 'ccg_core')),
        }),
      ])
      .optional()
      .meta(doc('Published allocations, £ cash by year, for a run of consecutive years.', { table: '../data/harrogate/allocations.csv', column: 'ccg_core' })),
    beyond: z
      .strictObject({
        weightedPopulation: z.boolean().optional().meta(doc('Grow with the weighted population of the places funded; defaults to true.', true)),
        relativeTo: z
          .strictObject({
            table: z.string().meta(doc('CSV: a year column and one column per age band, persons.', '../data/national/england-population.csv')),
            source: Source.optional(),
          })
          .optional()
          .meta(doc("A national population: growth is the places' weighted population's share of its weighted population (as a fair-shares allocation grows), so real growth is the national rate.", { table: '../data/national/england-population.csv' })),
        realGrowth: SeriesInput.optional().meta(doc('Real-terms growth, a fraction a year over the deflator; defaults to 0.', '$nhsRealGrowth')),
        deflator: Id.meta(doc('The deflator (from deflators) that real growth is over.', 'gdp')),
      })
      .optional()
      .meta(doc('How allocations move beyond (and before) the published years.', { realGrowth: '$nhsRealGrowth', deflator: 'gdp' })),
    weights: z
      .union([z.literal('derived'), TableColumn])
      .optional()
      .meta(doc("Age weights for weighted population: derived from the organisation's base-year spend by age (default), or a table column.", 'derived')),
    source: Source.optional(),
  })
  .meta({
    id: 'FundingItem',
    ...doc('Money an organisation receives: a base-year sum with growth, or published allocations, then how they move beyond.', {
      id: 'ccg-allocation',
      organisation: 'ccg',
      name: 'CCG core allocation',
      allocations: { table: '../data/harrogate/allocations.csv', column: 'ccg_core' },
      beyond: { realGrowth: '$nhsRealGrowth', deflator: 'gdp' },
    }),
  });

export const Deflator = z
  .strictObject({
    id: Id.meta(doc('The deflator’s id: funding and prices name it by this.', 'gdp')),
    name: z.string().meta(doc('Its name, e.g. GDP deflator, NHS Cost Inflation Index.', 'GDP deflator')),
    rates: SeriesInput.meta(doc('Annual rate of the index, a fraction a year, every year of the projection.', '$gdp')),
    source: Source.optional(),
  })
  .meta({ id: 'Deflator', ...doc('A named price index: for real-terms funding growth and for presenting results in real terms.', { id: 'gdp', name: 'GDP deflator', rates: '$gdp' }) });

const Phasing = z
  .strictObject({
    start: FinancialYear.meta(doc('First year with any effect.', '2018/19')),
    ramp: z.enum(['linear', 's-curve', 'step']).optional().meta(doc('Shape of the ramp to full effect: linear, s-curve or step; defaults to linear.', 'linear')),
    years: z.number().int().positive().optional().meta(doc('Years to reach full effect, a whole number; defaults to 1.', 3)),
    fractions: z.record(FinancialYear, Num).optional().meta(doc('Explicit share of full effect by year, fractions 0–1 (overrides ramp).', { '2018/19': 0.25, '2019/20': 0.75, '2020/21': 1 })),
  })
  .meta({ id: 'Phasing', ...doc('When a scheme takes effect.', { start: '2018/19', ramp: 'linear', years: 3 }) });

const Investment = z
  .strictObject({
    organisation: Id.meta(doc('The organisation that pays for it.', 'ccg')),
    oneOff: z.record(FinancialYear, NumberInput).optional().meta(doc('One-off £ in each year given, as spent (not uplifted by inflation).', { '2018/19': 500000 })),
    recurrent: NumberInput.optional().meta(doc('£ a year at full effect, scaled by the phasing (not uplifted by inflation).', 250000)),
    source: Source.optional(),
  })
  .meta({ id: 'Investment', ...doc('What a scheme costs to run: one-off sums and a recurrent cost, and who pays.', { organisation: 'ccg', oneOff: { '2018/19': 500000 } }) });

const SchemeTarget = z
  .strictObject({
    service: Id.meta(doc('The receiving service.', 'community-beds')),
    share: NumberInput.meta(doc('Share of what the scheme moves that goes to this service, a fraction 0–1.', '$stepDownShare')),
    conversion: NumberInput.optional().meta(doc('Target units per source unit; defaults to 1.', '$homeCareHoursPerBedDay')),
  })
  .meta({ id: 'SchemeTarget', ...doc('A service receiving part of what a scheme moves.', { service: 'home-care', share: 0.5, conversion: 3 }) });

const SchemeCommon = {
  id: Id.meta(doc('The scheme’s id.', 'avoidable-admissions')),
  places: z.array(Id).optional().meta(doc('Places the scheme runs in; defaults to every place.', ['harrogate'])),
  name: z.string().optional().meta(doc('Its name as reports should print it.', 'Admissions managed in the community')),
  rationale: z.string().meta(doc('Why the scheme should work, in a sentence or two a board can weigh.', 'With an integrated response service and step-up care, people who would have been admitted are cared for at home.')),
  source: Source.meta(doc('The evidence for its numbers (required for a scheme).', "Seed 001: 'from an audit of bed usage at Harrogate Hospital, 1 in 5 acute admissions could be managed in a less acute setting'")),
  service: Id.meta(doc('The source service: the one whose activity or cost the scheme reduces.', 'emergency-admissions')),
  ageBands: z.array(z.string()).optional().meta(doc('Only these age bands; defaults to all.', ['65-69', '70-74', '75-79', '80-84', '85-89', '90+'])),
  phasing: Phasing,
  scope: NumberInput.optional().meta(doc("Share of the source's activity the scheme can reach (e.g. people in their last year of life), a fraction 0–1; defaults to 1.", '$eolShareOfAdmissions')),
  realisation: NumberInput.optional().meta(doc('Share of the planned effect realised, a fraction 0–1; defaults to 1.', '$avoidableRealisation')),
  investment: z.array(Investment).optional().meta(doc('What the scheme costs to run, by paying organisation.', [{ organisation: 'ccg', oneOff: { '2018/19': 500000 } }])),
};
const schemeType = <T extends string>(name: T, what: string) => z.literal(name).meta(doc(`The kind of scheme: ${name} (${what}).`, name));

export const Scheme = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: schemeType('shift', 'moves activity from one service to another'),
      ...SchemeCommon,
      fraction: NumberInput.meta(doc('Share of remaining activity moved at full effect, a fraction 0–1.', '$avoidable_admission_share')),
      target: Id.optional().meta(doc('The service receiving it (or give targets).', 'community-contacts')),
      conversion: NumberInput.optional().meta(doc('Target units per source unit (e.g. 6 contacts per admission); defaults to 1.', '$contactsPerAvoidedAdmission')),
      targets: z.array(SchemeTarget).min(1).optional().meta(doc('Several receiving services, each with its share of what moves.', [{ service: 'community-contacts', share: 1, conversion: 6 }])),
    }),
    z.strictObject({
      type: schemeType('avoid', 'activity that no longer happens anywhere'),
      ...SchemeCommon,
      fraction: NumberInput.meta(doc('Share of remaining activity avoided at full effect, a fraction 0–1.', 0.1)),
    }),
    z.strictObject({
      type: schemeType('los', 'shorter stays: bed days cut, optionally moved to other services'),
      ...SchemeCommon,
      fraction: NumberInput.optional().meta(doc('Share of length of stay cut at full effect, a fraction 0–1.', '$beds_occupied_after_acute_need_share')),
      days: NumberInput.optional().meta(doc('Days cut from every stay at full effect.', '$eol_los_reduction_days')),
      target: Id.optional().meta(doc('Service receiving the days cut (e.g. step-down beds).', 'community-beds')),
      conversion: NumberInput.optional().meta(doc('Target units per bed day cut; defaults to 1.', 1)),
      targets: z.array(SchemeTarget).min(1).optional().meta(doc('Several receiving services, each with its share of the days cut.', [{ service: 'community-beds', share: '$stepDownShare', conversion: 1 }])),
    }),
    z.strictObject({
      type: schemeType('efficiency', "a share of the service's cost saved"),
      ...SchemeCommon,
      fraction: NumberInput.meta(doc("Share of the service's cost saved at full effect, a fraction 0–1.", 0.05)),
    }),
  ])
  .meta({
    id: 'Scheme',
    ...doc('A change to care (shift, avoid, los or efficiency), with its evidence, its phasing and what it costs to run.', {
      id: 'avoidable-admissions',
      type: 'shift',
      rationale: 'People who would have been admitted are cared for at home.',
      source: 'Seed 001: 1 in 5 acute admissions could be managed in a less acute setting',
      service: 'emergency-admissions',
      target: 'community-contacts',
      fraction: '$avoidable_admission_share',
      conversion: 6,
      phasing: { start: '2018/19', ramp: 'linear', years: 3 },
    }),
  });

const Sector = z.enum(['nhs', 'council', 'independent']);

export const Calibration = z
  .strictObject({
    parameter: z.string().meta(doc('Name of the parameter fitted: best a small, named residual.', 'otherSpendResidual')),
    neutral: Num.optional().meta(doc('The value at which the parameter has no effect (the residual is measured from it); defaults to 0.', 0)),
    target: z
      .strictObject({
        metric: z.literal('do-nothing-gap').meta(doc('The figure matched: the do-nothing gap (cost less funding), £.', 'do-nothing-gap')),
        sector: Sector.optional().meta(doc('Whose gap: one sector (nhs = the local health economy); defaults to the whole system.', 'nhs')),
        place: Id.optional().meta(doc('Whose gap: one place (with a sector, that sector in that place); defaults to the whole system.', 'harrogate')),
        year: FinancialYear.meta(doc('The year the gap is matched in.', '2020/21')),
        value: NumberInput.meta(doc('The gap to reproduce, £ (e.g. a published forecast).', '$funding_gap_2020_21', 40300000)),
        tolerance: z.number().positive().max(10000).optional().meta(doc('How close the fit must come, £; defaults to 1,000; at most £10,000 (£0.01m).', 1000)),
      })
      .meta(doc('The published figure the parameter is fitted to.', { metric: 'do-nothing-gap', sector: 'nhs', year: '2020/21', value: '$funding_gap_2020_21' })),
    bounds: z.tuple([Num, Num]).optional().meta(doc('Bounds the parameter is fitted within, [lowest, highest].', [-0.2, 0.5])),
    range: z.tuple([Num, Num]).optional().meta(doc('Former name of bounds.', [-0.2, 0.5])),
    source: Source.optional(),
  })
  .meta({ id: 'Calibration', ...doc('One parameter fitted so that a published do-nothing gap is reproduced.', { parameter: 'otherSpendResidual', target: { metric: 'do-nothing-gap', year: '2020/21', value: 40300000 }, bounds: [-0.2, 0.5] }) });

const Shares = z.record(Id, Num).meta({ id: 'Shares', ...doc('Share of each partner (by organisation id), fractions summing to 1.', { ccg: 0.77, nycc: 0.23 }) });

export const RiskShareRule = z
  .strictObject({
    method: z.enum(['proportional', 'fixed', 'tiered']).meta(doc('proportional to contributions, fixed shares, or tiered bands of variance.', 'tiered')),
    shares: Shares.optional().meta(doc('For fixed: each partner’s share, fractions summing to 1.', { ccg: 0.77, nycc: 0.23 })),
    bands: z
      .array(
        z.strictObject({
          from: Num.meta(doc('Start of the band: variance as a fraction of the pool budget (0.02 = 2%).', 0.02)),
          to: Num.optional().meta(doc('End of the band, a fraction of the pool budget; omit for the last, open band.', 0.05)),
          shares: Shares,
        }),
      )
      .optional()
      .meta(doc('For tiered: contiguous bands from 0, each with its own shares.', [{ from: 0, to: 0.02, shares: { ccg: 0.6, nycc: 0.4 } }, { from: 0.02, shares: { ccg: 0.77, nycc: 0.23 } }])),
    caps: z.record(Id, NumberInput).optional().meta(doc('Most a partner pays (or receives) in a year, £.', { nycc: '$councilCap' })),
    remainder: Id.optional().meta(doc('The partner who takes what caps leave; defaults to the host.', 'ccg')),
    exclusions: z
      .array(
        z.strictObject({
          partner: Id.meta(doc('The partner excluded.', 'nycc')),
          services: z.array(Id).meta(doc('The services whose variances it never shares.', ['community-beds'])),
        }),
      )
      .optional()
      .meta(doc('A partner who never pays for (or gains from) variances on these services.', [{ partner: 'nycc', services: ['community-beds'] }])),
  })
  .meta({ id: 'RiskShareRule', ...doc('How a pool’s overspend (or underspend) is split between partners.', { method: 'proportional' }) });

export const Contribution = z
  .strictObject({
    partner: Id.meta(doc('The contributing organisation.', 'ccg')),
    amount: NumberInput.optional().meta(doc('£ in the base year, grown by growth.', 8000000)),
    growth: SeriesInput.optional().meta(doc('Growth of the amount, a fraction a year; defaults to 0.', '$cii')),
    byYear: z.record(FinancialYear, NumberInput).optional().meta(doc('Fixed £ by year.', { '2018/19': 8000000, '2019/20': 8200000 })),
    shareOf: z
      .strictObject({
        services: z.array(Id).meta(doc('The services whose spend is shared.', ['home-care', 'reablement'])),
        share: NumberInput.meta(doc('Fraction of the planned spend on these services, 0–1.', 1)),
        basis: z.enum(['do-nothing', 'base-year']).optional().meta(doc('Planned spend: the do-nothing projection (default), or the base year grown by growth.', 'base-year')),
      })
      .optional()
      .meta(doc('A share of the planned spend on named services.', { services: ['home-care', 'reablement'], share: 1, basis: 'base-year' })),
    source: Source.optional(),
  })
  .meta({ id: 'Contribution', ...doc('One partner’s contribution to a pool: an amount with growth, fixed sums by year, or a share of named services’ spend.', { partner: 'nycc', shareOf: { services: ['home-care', 'reablement'], share: 1, basis: 'base-year' }, growth: '$cii' }) });

export const Pool = z
  .strictObject({
    id: Id.meta(doc('The pool’s id.', 'integrated-care-fund')),
    name: z.string().optional().meta(doc('Its name as reports should print it.', 'Harrogate integrated care fund')),
    host: Id.meta(doc('The partner who hosts the pool (and by default takes what caps leave).', 'ccg')),
    services: z.array(Id).min(1).meta(doc('In-scope services: the pool pays for them.', ['community-contacts', 'community-beds', 'home-care'])),
    places: z.array(Id).optional().meta(doc('Places whose in-scope services it pays for; defaults to every place.', ['harrogate'])),
    contributions: z.array(Contribution).min(1).meta(doc('What each partner puts in.', [{ partner: 'ccg', amount: 8000000, growth: '$cii' }])),
    reserve: z
      .strictObject({
        amount: NumberInput.meta(doc('The reserve, £ a year.', '$poolReserve')),
        fundedBy: Shares.optional().meta(doc('Who funds it, shares summing to 1; defaults to in proportion to contributions.', { ccg: 0.77, nycc: 0.23 })),
      })
      .optional()
      .meta(doc('A contingency reserve that covers overspends first.', { amount: 500000 })),
    cover: z
      .array(z.enum(['reserve', 'underspends']))
      .optional()
      .meta(doc("Order of cover before partners pay: default [reserve, underspends]; leave out 'underspends' to share overspends and underspends on different lines separately.", ['reserve', 'underspends'])),
    overspend: RiskShareRule,
    underspend: RiskShareRule.optional().meta(doc('How an underspend is shared; defaults to the overspend rule.', { method: 'proportional' })),
    performance: z
      .strictObject({
        partner: Id.meta(doc('The partner whose contribution is held back.', 'ccg')),
        held: NumberInput.meta(doc('£ a year held back until the target is met.', '$heldForPerformance')),
        growth: SeriesInput.optional().meta(doc('Growth of the held amount, a fraction a year; defaults to 0.', '$cii')),
        service: Id.meta(doc('The service whose activity must fall (e.g. emergency admissions).', 'emergency-admissions')),
        targetReduction: NumberInput.meta(doc('Target fall against the do-nothing, a fraction (0.035 = 3.5%).', '$admissionsTarget')),
        start: FinancialYear.optional().meta(doc('First year the amount is held back; defaults to the base year.', '2018/19')),
      })
      .optional()
      .meta(doc('Performance-linked release: the held amount is paid into the pool in proportion to the target reduction achieved.', { partner: 'ccg', held: 1000000, service: 'emergency-admissions', targetReduction: 0.035 })),
    source: Source.optional(),
  })
  .meta({ id: 'Pool', ...doc('A pooled budget (e.g. a Section 75 fund): partners’ contributions pay for in-scope services, and variances are shared by rule.', { id: 'integrated-care-fund', host: 'ccg', services: ['home-care', 'reablement'], contributions: [{ partner: 'nycc', amount: 8000000 }], overspend: { method: 'proportional' } }) });

const CorridorBand = z
  .strictObject({
    threshold: Num.meta(doc('Fraction of the benchmark where the band starts (0.03 = 3%).', 0.03)),
    payerShare: Num.meta(doc('Share of the variance beyond the threshold borne by the payer, a fraction 0–1.', 0.5)),
  })
  .meta({ id: 'CorridorBand', ...doc('A band of a risk corridor.', { threshold: 0.03, payerShare: 0.5 }) });

const frac = (description: string, example: number) => Num.optional().meta(doc(description, example));

export const Settlement = z
  .discriminatedUnion('form', [
    z.strictObject({
      form: z.literal('shared-savings').meta(doc('Shared savings (and losses) against the envelope.', 'shared-savings')),
      shareRate: Num.meta(doc('Share of savings paid to the provider, a fraction 0–1.', 0.5)),
      minSavingsRate: frac('Minimum savings, a fraction of the envelope: once reached, the whole saving is shared; defaults to 0.', 0.02),
      minLossRate: frac('Minimum loss, a fraction of the envelope, by the same rule; defaults to minSavingsRate.', 0.02),
      qualityScaled: z.boolean().optional().meta(doc('Whether the share rate is multiplied by the quality score; defaults to false.', false)),
      qualityScore: Num.optional().meta(doc('Quality score 0..1, when the share scales with quality.', 0.9)),
      savingsHaircut: frac('Fraction cut from earned savings before the cap (0.02 = 2%); defaults to 0.', 0.02),
      savingsCap: frac('Most the provider earns, a fraction of the envelope; defaults to no cap.', 0.1),
      twoSided: z.boolean().optional().meta(doc('Whether the provider also pays a share of losses; defaults to false.', true)),
      lossShareRate: frac('Share of losses the provider pays, a fraction 0–1; defaults to shareRate.', 0.3),
      lossCap: frac('Most the provider pays, a fraction of the envelope; defaults to no cap.', 0.02),
    }),
    z.strictObject({
      form: z.literal('risk-corridor').meta(doc('A risk corridor: the provider keeps variances within the first threshold, the payer shares beyond.', 'risk-corridor')),
      bands: z.array(CorridorBand).min(1).meta(doc('Bands for gains and losses, thresholds increasing.', [{ threshold: 0.03, payerShare: 0.5 }, { threshold: 0.08, payerShare: 0.8 }])),
      gainBands: z.array(CorridorBand).optional().meta(doc('Bands for gains (cost below the envelope), if different; defaults to bands.', [{ threshold: 0.02, payerShare: 0.5 }])),
      lossBands: z.array(CorridorBand).optional().meta(doc('Bands for losses (cost above the envelope), if different; defaults to bands.', [{ threshold: 0.03, payerShare: 0.8 }])),
    }),
  ])
  .meta({ id: 'Settlement', ...doc('How a gain or loss against a capitated envelope is shared: shared savings or a risk corridor.', { form: 'risk-corridor', bands: [{ threshold: 0.03, payerShare: 0.5 }, { threshold: 0.08, payerShare: 0.8 }] }) });

export const Envelope = z
  .strictObject({
    id: Id.meta(doc('The envelope’s id.', 'hdft-capitated')),
    name: z.string().optional().meta(doc('Its name as reports should print it.', 'HDFT capitated budget')),
    provider: Id.meta(doc('The provider paid the envelope (for an alliance, its lead or host).', 'hdft')),
    commissioner: Id.meta(doc('The commissioner paying it.', 'ccg')),
    services: z.array(Id).min(1).meta(doc('The scope: services the envelope pays for instead of their own payment model.', ['ae', 'emergency-admissions', 'emergency-bed-days'])),
    places: z.array(Id).optional().meta(doc("Places covered; defaults to the commissioner's places.", ['york', 'vale-of-york-outer'])),
    members: z
      .array(
        z.strictObject({
          organisation: Id.meta(doc('A member provider.', 'cwp')),
          share: NumberInput.meta(doc("Share of the alliance's margin (gain or loss), a fraction 0–1.", '$alliance_share_cwp')),
          source: Source.optional(),
        }),
      )
      .optional()
      .meta(doc('An alliance of providers paid the envelope: each member is paid its cost and its share of the margin; shares sum to 1.', [{ organisation: 'cwp', share: 0.4 }, { organisation: 'mid-cheshire', share: 0.6 }])),
    weights: z
      .union([z.literal('derived'), TableColumn])
      .optional()
      .meta(doc('Relative cost weights by age band: derived from base-year cost by age (default), or a table column.', 'derived')),
    needIndex: NumberInput.optional().meta(doc('Need index multiplying the weighted population (e.g. 0.936); defaults to 1.', '$need_index_2018_19_basis')),
    baseRate: NumberInput.optional().meta(doc('£ per weighted head in the base year; defaults to the rate that makes the base-year envelope equal base-year spend on the scope.', 850)),
    uplift: SeriesInput.optional().meta(doc('Annual uplift of the rate, a fraction a year; defaults to 0.', '$cii')),
    settlement: Settlement.optional().meta(doc('Gain/loss share around the envelope.', { form: 'risk-corridor', bands: [{ threshold: 0.03, payerShare: 0.5 }] })),
    source: Source.optional(),
  })
  .meta({ id: 'Envelope', ...doc('A capitated envelope: a provider paid per weighted head for a scope of services, with a settlement around it.', { id: 'hdft-capitated', provider: 'hdft', commissioner: 'ccg', services: ['ae', 'elective'], weights: 'derived', uplift: '$cii' }) });

const ScenarioShape = {
  $schema: z.string().optional().meta(doc('The JSON Schema editors use to check this file (usually given instead as a # yaml-language-server: $schema= comment).', '../scenario.schema.json')),
  name: z.string().meta(doc('The scenario’s name, printed at the head of every report.', 'Harrogate and Rural District — do nothing')),
  description: z.string().optional().meta(doc('A paragraph saying what the scenario is and what it assumes, for the front of the report.', 'Demand, cost and funding for the 162,246 people registered with Harrogate and Rural District CCG practices, 2017/18 to 2030/31, if services carry on as they are.')),
  extends: z.string().optional().meta(doc('A scenario file this one overrides, field by field (relative to this file); lists of things with ids are merged by id.', 'harrogate.yaml')),
  baseYear: FinancialYear.meta(doc('The base year: the year of the activity rates, unit costs and base-year funding.', '2017/18')),
  horizon: FinancialYear.meta(doc('The last year projected.', '2030/31')),
  priceBase: z.string().optional().meta(doc('The price base, stated on every money table; defaults to cash with base-year prices.', 'cash; costs at 2017/18 unit costs uplifted by the NHS Cost Inflation Index, funding as allocated')),
  ageBands: z.array(z.string()).min(1).meta(doc('The age bands, as written in the headers of the population table and the age_band column of the rate tables.', ['0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+'])),
  population: z
    .strictObject({
      table: PopulationTable.meta(doc('CSV: a year column and one column per age band, persons; or a choice among such tables.', '../data/harrogate/population.csv')),
      basis: Basis.optional(),
      source: Source.optional(),
    })
    .optional()
    .meta(doc('The population of a scenario with one place (or give places).', { table: '../data/harrogate/population.csv', basis: 'registered' })),
  places: z
    .union([z.array(Place).min(1), PlacesTable])
    .optional()
    .meta(doc('The places of the system, listed or from a table; a scenario without places is one place.', [{ id: 'harrogate', name: 'Harrogate and Rural District', population: { table: '../data/harrogate/population.csv', basis: 'registered' }, commissioner: 'ccg', council: 'nycc' }])),
  deflators: z.array(Deflator).optional().meta(doc('Named price indices: for real-terms funding growth and for presenting results in real terms.', [{ id: 'gdp', name: 'GDP deflator', rates: '$gdp' }])),
  prices: z
    .strictObject({
      deflator: Id.meta(doc('The deflator for results in real terms (--prices real:YYYY/YY).', 'gdp')),
      year: FinancialYear.optional().meta(doc('Default price year for real terms.', '2017/18')),
    })
    .optional()
    .meta(doc('How results are shown in real terms.', { deflator: 'gdp', year: '2017/18' })),
  parameterTables: z.array(z.string()).optional().meta(doc('CSV files with name,value,unit,source columns, relative to this file: each row is a parameter.', ['../data/harrogate/parameters.csv'])),
  parameters: z.record(z.string(), Parameter).optional().meta(doc('Named figures, each with its source, that the rest of the file refers to as $name.', { cii: { table: '../data/harrogate/cost-inflation.csv', column: 'rate', thereafter: 0.02 }, wardBedDays: { value: 9402, unit: 'bed days a year', source: 'ASSUMPTION — a 28-bed ward at 92% occupancy' } })),
  organisations: z.array(Organisation).min(1).meta(doc('The commissioners, councils and providers.', [{ id: 'ccg', name: 'NHS Harrogate and Rural District CCG', kind: 'commissioner' }, { id: 'hdft', name: 'Harrogate and District NHS Foundation Trust', kind: 'provider' }])),
  services: z.array(Service).min(1).meta(doc('The lines of care projected: activity, unit cost, provider and payment of each.', [{ id: 'gp', name: 'GP consultations', setting: 'primary', unit: 'consultation', provider: 'primary-care', activity: { rates: { table: '../data/harrogate/activity-rates.csv', column: 'gp_consultations' } }, unitCost: '$unit_cost_gp_consultation' }])),
  contracts: z.array(Contract).optional().meta(doc('Contracts between commissioners and providers whose payment model covers several services.', [{ id: 'hdft-acute', provider: 'hdft', commissioner: 'ccg', payment: { model: 'block' } }])),
  funding: z.array(FundingStream).meta(doc('The money each commissioner and council receives.', [{ id: 'council-asc-budget', organisation: 'nycc', allocations: { byYear: { '2017/18': '$council_asc_funding_2017_18' } }, growth: 0.02 }])),
  schemes: z.array(Scheme).optional().meta(doc('Changes to care: shifts, avoided activity, shorter stays and efficiencies.', [{ id: 'eol-admissions', type: 'shift', rationale: 'Better community end-of-life care avoids emergency admissions.', source: 'National Audit Office: emergency admissions down 10% at the end of life', service: 'emergency-admissions', target: 'community-contacts', fraction: 0.1, phasing: { start: '2019/20', years: 2 } }])),
  pools: z.array(Pool).optional().meta(doc('Pooled budgets with their risk-share rules.', [{ id: 'integrated-care-fund', host: 'ccg', services: ['home-care'], contributions: [{ partner: 'nycc', amount: 8000000 }], overspend: { method: 'proportional' } }])),
  envelopes: z.array(Envelope).optional().meta(doc('Capitated envelopes paid to providers (or alliances) per weighted head.', [{ id: 'hdft-capitated', provider: 'hdft', commissioner: 'ccg', services: ['ae', 'elective'] }])),
  calibration: Calibration.optional().meta(doc('One parameter fitted to reproduce a published gap.', { parameter: 'otherSpendResidual', target: { metric: 'do-nothing-gap', sector: 'nhs', year: '2020/21', value: '$funding_gap_2020_21' }, bounds: [-0.2, 0.5] })),
  correlations: z
    .array(
      z.strictObject({
        between: z.tuple([z.string(), z.string()]).meta(doc('Two uncertain inputs: $parameter names, or scenario paths such as schemes[0].fraction.', ['$avoidableRealisation', '$postAcuteDaysReleased'])),
        rank: z.number().min(-1).max(1).meta(doc('Target Spearman rank correlation, -1 to 1.', 0.5)),
        source: Source.optional(),
      }),
    )
    .optional()
    .meta(doc('Rank correlations between uncertain inputs for Monte Carlo (Iman–Conover); unlisted pairs are independent.', [{ between: ['$avoidableRealisation', '$postAcuteDaysReleased'], rank: 0.5 }])),
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
