/**
 * `popshift new`: a starter scenario for a place — a commented scenario.yaml
 * and the CSV tables it reads, laid out as models/harrogate.yaml and its data/
 * are. Every figure is a PLACEHOLDER that runs as it is, named with the
 * publication to take the real one from, so that the file can be replaced
 * figure by figure and run at every step.
 */
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import { messages } from './messages.js';

/** The age bands of the starter's tables (those of ONS projections and the models). */
export const STARTER_AGE_BANDS = ['0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+'] as const;
const BASE = 2024;
const YEARS = 11;
const fy = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;

/** Placeholder persons per band for 100,000 people (about England's age mix), and the growth a year of each band (ageing). */
const PEOPLE = [5300, 5800, 6000, 5800, 5900, 6500, 6900, 6800, 6500, 6300, 6800, 6700, 5900, 5100, 4700, 4100, 2700, 1600, 900];
const growthOf = (band: number) => (band >= 17 ? 0.03 : band >= 13 ? 0.015 : 0);

/** Placeholder activity per person a year by band: a gentle U (the young) and a steep rise with age. */
function rate(at0: number, at90: number, young = at0): number[] {
  return STARTER_AGE_BANDS.map((_, b) => {
    const age = b / (STARTER_AGE_BANDS.length - 1);
    const v = b === 0 ? young : at0 * Math.pow(at90 / at0, age * age);
    return +v.toPrecision(3);
  });
}

interface Line {
  column: string;
  what: string;
  rates: number[];
  look: string;
}
const ACTIVITY: Line[] = [
  { column: 'ae_attendances', what: 'A&E attendances per person', rates: rate(0.25, 0.9, 0.45), look: 'Emergency Care Data Set (ECDS), NHS England' },
  { column: 'emergency_admissions', what: 'emergency admissions per person', rates: rate(0.04, 0.55, 0.08), look: 'Hospital Episode Statistics (HES) admitted patient care, NHS England' },
  { column: 'elective_admissions', what: 'elective and day-case admissions per person', rates: rate(0.05, 0.3, 0.03), look: 'Hospital Episode Statistics (HES) admitted patient care, NHS England' },
  { column: 'community_contacts', what: 'community health contacts per person', rates: rate(0.5, 12, 2), look: 'Community Services Data Set (CSDS), NHS England' },
  { column: 'gp_appointments', what: 'GP appointments per person', rates: rate(3, 12, 5), look: 'Appointments in General Practice (GPAD), NHS England' },
  { column: 'home_care_hours', what: 'home care hours per person', rates: rate(0.05, 180, 0), look: "the council's adult social care activity (SALT and ASC-FR returns, NHS England)" },
];
const LENGTH_OF_STAY = rate(1.5, 11, 1.2);

/** Placeholder parameters: name, value, unit, and where the real figure is published. */
const PARAMETERS: Array<[name: string, value: number, unit: string, look: string]> = [
  ['unit_cost_ae_attendance', 250, `£ per attendance (${fy(BASE)} prices)`, 'National Cost Collection (NHS England), emergency medicine'],
  ['unit_cost_emergency_admission_excl_bed_days', 1500, `£ per admission less its bed days (${fy(BASE)} prices)`, 'National Cost Collection (NHS England), non-elective spells less excess bed days'],
  ['unit_cost_acute_bed_day', 450, `£ per bed day (${fy(BASE)} prices)`, 'National Cost Collection (NHS England), non-elective excess bed days'],
  ['unit_cost_elective_admission', 2500, `£ per admission (${fy(BASE)} prices)`, 'National Cost Collection (NHS England), elective and day-case spells'],
  ['unit_cost_community_contact', 80, `£ per contact (${fy(BASE)} prices)`, 'National Cost Collection (NHS England), community health services'],
  ['unit_cost_gp_appointment', 45, `£ per appointment (${fy(BASE)} prices)`, 'PSSRU Unit Costs of Health and Social Care (University of Kent), GP appointment'],
  ['unit_cost_home_care_hour', 28, `£ per hour (${fy(BASE)} prices)`, "the council's home care fee rate (its market position statement), or PSSRU Unit Costs"],
  ['cost_inflation', 0.025, 'fraction a year', 'NHS Cost Inflation Index (NHS England and DHSC); the council’s own pay and price assumptions for social care'],
  ['gdp_deflator', 0.02, 'fraction a year', 'HM Treasury GDP deflators (ONS series YBGB; OBR forecast)'],
  ['acute_activity_growth', 0.01, 'fraction a year', 'non-demographic growth by point of delivery: the Strategy Unit’s New Hospital Programme model, or the local trend beyond ageing'],
  ['commissioner_allocation_growth', 0.03, 'fraction a year', 'NHS England ICB revenue allocations (the published allocation tables and their growth)'],
  ['council_budget_growth', 0.025, 'fraction a year', "the council's medium-term financial plan for adult social care"],
  ['bed_occupancy_target', 0.92, 'fraction', 'the trust’s bed plan (NHS England bed availability and occupancy, KH03)'],
];

/** Who commissions each line, for the base-year funding placeholders. */
const NHS_LINES = ['ae_attendances', 'emergency_admissions', 'elective_admissions', 'community_contacts', 'gp_appointments'];

/** A placeholder's source: what to replace it with (as one CSV cell: clauses split by semicolons, not commas). */
const placeholder = (look: string) => `PLACEHOLDER — replace with ${look.replace(/, /g, '; ')}`;

/** An id from a place's name: "Harrogate and Rural District" → harrogate-and-rural-district. */
export function placeId(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!id || /[\r\n]/.test(name)) throw new UserError(`--place: ${messages.starter.badPlace(name)}`);
  return id;
}

/** A CSV row; the starter's cells never need quoting (checked: a cell that would is a bug). */
function row(cells: ReadonlyArray<string | number>): string {
  for (const c of cells) if (/[",\n]/.test(String(c))) throw new Error(`starter CSV cell needs quoting: ${String(c)}`);
  return cells.join(',');
}
const csv = (rows: ReadonlyArray<ReadonlyArray<string | number>>) => rows.map(row).join('\n') + '\n';

/** The population by year: each band grown at its rate from the base year. */
function population(): string {
  const rows = Array.from({ length: YEARS }, (_, t) => [fy(BASE + t), ...PEOPLE.map((p, b) => Math.round(p * Math.pow(1 + growthOf(b), t))), placeholder('ONS subnational population projections by single year of age (resident), or NHS England’s Patients Registered at a GP Practice scaled by ONS projections (registered)')]);
  return csv([['year', ...STARTER_AGE_BANDS, 'source'], ...rows]);
}

function activity(): string {
  return csv([
    ['age_band', ...ACTIVITY.map((a) => a.column), 'source'],
    ...STARTER_AGE_BANDS.map((band, b) => [band, ...ACTIVITY.map((a) => a.rates[b]!), b === 0 ? placeholder(`activity in the base year ÷ population by age band: ${ACTIVITY.map((a) => `${a.column} from ${a.look}`).join('; ')}`) : 'PLACEHOLDER']),
  ]);
}

function lengthOfStay(): string {
  return csv([['age_band', 'mean_los_days', 'source'], ...STARTER_AGE_BANDS.map((band, b) => [band, LENGTH_OF_STAY[b]!, b === 0 ? placeholder('mean length of stay of emergency admissions by age band from Hospital Episode Statistics (HES)') : 'PLACEHOLDER'])]);
}

/** Base-year cost of the lines one organisation commissions: the funding placeholder that balances it. */
function baseCost(lines: readonly string[]): number {
  const cost = (column: string) => PARAMETERS.find(([n]) => n === column)![1];
  const unit: Record<string, number> = {
    ae_attendances: cost('unit_cost_ae_attendance'),
    emergency_admissions: cost('unit_cost_emergency_admission_excl_bed_days'),
    elective_admissions: cost('unit_cost_elective_admission'),
    community_contacts: cost('unit_cost_community_contact'),
    gp_appointments: cost('unit_cost_gp_appointment'),
    home_care_hours: cost('unit_cost_home_care_hour'),
  };
  let total = 0;
  for (const a of ACTIVITY) {
    if (!lines.includes(a.column)) continue;
    PEOPLE.forEach((p, b) => (total += p * a.rates[b]! * unit[a.column]!));
    if (a.column === 'emergency_admissions') PEOPLE.forEach((p, b) => (total += p * a.rates[b]! * LENGTH_OF_STAY[b]! * cost('unit_cost_acute_bed_day')));
  }
  return Math.round(total / 1000) * 1000;
}

function parameters(): string {
  const funding: Array<[string, number, string, string]> = [
    ['commissioner_allocation_base', baseCost(NHS_LINES), `£ in ${fy(BASE)} (cash)`, 'the ICB’s published revenue allocation for the place (NHS England allocations); this placeholder equals the placeholder base-year cost so the gap starts at 0'],
    ['council_budget_base', baseCost(['home_care_hours']), `£ in ${fy(BASE)} (cash)`, "the council's adult social care budget for the place (its revenue budget; ASC-FR); this placeholder equals the placeholder base-year cost"],
  ];
  return csv([['name', 'value', 'unit', 'source'], ...[...PARAMETERS, ...funding].map(([n, v, u, look]) => [n, v, u, placeholder(look)])]);
}

/** The scenario file: every section with a comment saying what it is and where its figures come from. */
function scenarioYaml(place: string, id: string, schemaPath: string): string {
  const q = (s: string) => JSON.stringify(s);
  return `# yaml-language-server: $schema=${schemaPath}
#
# ${place}: a starter scenario written by \`popshift new\`.
#
# It runs as it is (\`popshift run scenario.yaml\`), but EVERY FIGURE IS A
# PLACEHOLDER: each is marked PLACEHOLDER in its source, with the publication
# to take the real one from. Replace them one by one, giving each figure its
# source (a publication and table, or ASSUMPTION and the reasoning where no
# source gives it), and run again after each change.
#
# The fields are explained in docs/scenario-reference.md in popshift (and by
# your editor, through the schema named on the first line).
name: ${q(`${place} — do nothing (starter)`)}
description: >
  PLACEHOLDER: say what the scenario is, whose population it covers and what it
  assumes. Demand, cost and funding for ${place}, ${fy(BASE)} to ${fy(BASE + YEARS - 1)},
  if services carry on as they are.

# The base year is the year of the activity rates, unit costs and base-year
# funding; the population table must have a row for every year to the horizon.
baseYear: ${fy(BASE)}
horizon: ${fy(BASE + YEARS - 1)}
priceBase: cash; costs at ${fy(BASE)} unit costs uplifted by cost inflation, funding as allocated

# The age bands: the column headers of data/population.csv and the age_band
# column of the rate tables.
ageBands: [${STARTER_AGE_BANDS.join(', ')}]

# The place and its population by age band and year (persons). Registered: GP
# lists (NHS England); resident: ONS subnational population projections.
places:
  - id: ${id}
    name: ${q(place)}
    population:
      table: data/population.csv
      basis: registered
      source: PLACEHOLDER — see the source column of data/population.csv
    commissioner: icb
    council: council

# Named figures, each with its unit and source (name,value,unit,source), used
# below as $name. Every one in the starter is a PLACEHOLDER.
parameterTables:
  - data/parameters.csv

# Price indices: for funding in real terms and for results at one year's prices
# (popshift run --prices real:${fy(BASE)}).
deflators:
  - id: gdp
    name: GDP deflator
    rates: $gdp_deflator
prices: { deflator: gdp, year: ${fy(BASE)} }

# Who pays and who is paid. Names as reports should print them.
organisations:
  - { id: icb, name: PLACEHOLDER Integrated Care Board, kind: commissioner }
  - { id: council, name: PLACEHOLDER council (adult social care), kind: council }
  - { id: acute-trust, name: PLACEHOLDER acute trust, kind: provider }
  - { id: community-trust, name: PLACEHOLDER community services provider, kind: provider }
  - { id: general-practice, name: PLACEHOLDER general practices, kind: provider }
  - { id: care-providers, name: PLACEHOLDER independent-sector care providers, kind: provider, sector: independent }

# The lines of care. Activity is base-year activity per person by age band
# (data/activity-rates.csv: each line's activity in the base year divided by
# the population of each band); unit costs are £ per unit at base-year prices;
# costBehaviour says how much of the cost is fixed (an ASSUMPTION to state).
services:
  - id: ae
    name: A&E attendances
    setting: acute
    unit: attendance
    provider: acute-trust
    activity: { rates: { table: data/activity-rates.csv, column: ae_attendances } }
    unitCost: $unit_cost_ae_attendance
    costBehaviour: { fixed: 0.5 }  # PLACEHOLDER ASSUMPTION: a 24/7 department is half fixed cost
    growth: $acute_activity_growth
    inflation: $cost_inflation
    payment: { model: tariff }
  - id: emergency-admissions
    name: Emergency admissions
    setting: acute
    unit: admission
    provider: acute-trust
    activity: { rates: { table: data/activity-rates.csv, column: emergency_admissions } }
    # The admission's cost less its bed days, which are costed on the bed-day line.
    unitCost: $unit_cost_emergency_admission_excl_bed_days
    growth: $acute_activity_growth
    inflation: $cost_inflation
    payment: { model: tariff }
  - id: emergency-bed-days
    name: Emergency bed days
    setting: acute
    unit: bed day
    provider: acute-trust
    # Bed days follow the admissions, at a mean length of stay by age band.
    activity: { follows: emergency-admissions, lengthOfStay: { table: data/length-of-stay.csv, column: mean_los_days } }
    unitCost: $unit_cost_acute_bed_day
    inflation: $cost_inflation
    payment: { model: none }  # paid within the admission's tariff
  - id: elective
    name: Elective and day-case admissions
    setting: acute
    unit: admission
    provider: acute-trust
    activity: { rates: { table: data/activity-rates.csv, column: elective_admissions } }
    unitCost: $unit_cost_elective_admission
    growth: $acute_activity_growth
    inflation: $cost_inflation
    payment: { model: tariff }
  - id: community-contacts
    name: Community health service contacts
    setting: community
    unit: contact
    provider: community-trust
    activity: { rates: { table: data/activity-rates.csv, column: community_contacts } }
    unitCost: $unit_cost_community_contact
    inflation: $cost_inflation
    payment: { model: block }
  - id: gp
    name: GP appointments
    setting: primary
    unit: appointment
    provider: general-practice
    activity: { rates: { table: data/activity-rates.csv, column: gp_appointments } }
    unitCost: $unit_cost_gp_appointment
    inflation: $cost_inflation
    payment: { model: block }
  - id: home-care
    name: Home care
    setting: social-care
    unit: hour
    provider: care-providers
    commissioner: council
    activity: { rates: { table: data/activity-rates.csv, column: home_care_hours } }
    unitCost: $unit_cost_home_care_hour
    inflation: $cost_inflation
    payment: { model: cost-per-case }

# The money each commissioner and council receives: a base-year sum (cash) and
# its growth a year, or published allocations by year (allocations: ...).
funding:
  - id: icb-allocation
    organisation: icb
    name: ICB allocation for the place
    base: $commissioner_allocation_base
    growth: $commissioner_allocation_growth
    source: PLACEHOLDER — see data/parameters.csv
  - id: council-asc-budget
    organisation: council
    name: Adult social care budget
    base: $council_budget_base
    growth: $council_budget_growth
    source: PLACEHOLDER — see data/parameters.csv

# Schemes change care: shift activity to another service, avoid it, shorten
# stays or save cost. Each needs its rationale and the source of its numbers.
# An example to adapt (remove the leading '# ' of each line):
# schemes:
#   - id: admissions-managed-at-home
#     name: Admissions managed in the community
#     type: shift
#     rationale: PLACEHOLDER — why the scheme should work
#     source: PLACEHOLDER — the evidence for the share moved (an audit, a published evaluation)
#     service: emergency-admissions
#     target: community-contacts
#     fraction: 0.1
#     conversion: 6
#     phasing: { start: ${fy(BASE + 1)}, ramp: linear, years: 3 }
`;
}

/** The starter's files, by path relative to `dir`; the first line of scenario.yaml names the schema relative to `dir`. */
export function starterFiles(dir: string, place: string): Record<string, string> {
  const name = place.trim();
  const id = placeId(name);
  const schema = fileURLToPath(new URL('../../scenario.schema.json', import.meta.url));
  const schemaPath = relative(resolve(dir), schema).split('\\').join('/');
  return {
    'scenario.yaml': scenarioYaml(name, id, schemaPath),
    'data/population.csv': population(),
    'data/activity-rates.csv': activity(),
    'data/length-of-stay.csv': lengthOfStay(),
    'data/parameters.csv': parameters(),
  };
}
