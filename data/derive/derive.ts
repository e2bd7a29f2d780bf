/**
 * Derive popshift's small Harrogate tables from the raw public reference data.
 *
 * Why this exists: the raw files (ONS projections, SUS/HES activity, the NHS
 * England National Cost Collection, capitation files) are large and must not be
 * copied into the project. This script reads them from `../shared/reference-data`
 * (or `$POPSHIFT_REFERENCE_DATA`) and writes only the small derived CSV tables in
 * `data/harrogate/`. Every number's provenance and every assumption is described
 * in `data/README.md`; the constants marked ASSUMPTION below are the same ones.
 *
 * Run: `npm run derive-data` (or `npx tsx data/derive/derive.ts`).
 * Deterministic: no clocks, no randomness, fixed iteration order, fixed number
 * formatting; the same inputs give the same output bytes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

/** Repo root = two folders above this file (data/derive/derive.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Default output folder for the derived tables. */
export const DEFAULT_OUTPUT_DIR = path.join(REPO_ROOT, 'data', 'harrogate');

/** The model's 19 five-year age bands, in order. */
export const BANDS = [
  '0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49',
  '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+',
] as const;
export type Band = (typeof BANDS)[number];
const NB = BANDS.length;

/** Base year (mid-2017 population = financial year 2017/18) and last projected year. */
export const FIRST_MID_YEAR = 2017;
export const LAST_MID_YEAR = 2040;

/** Seed 001: "The registered population of Harrogate CCG is 162,246". */
export const REGISTERED_POPULATION = 162246;

/** Output file names, in the order they are written. */
export const OUTPUT_FILES = [
  'population.csv',
  'activity-rates.csv',
  'length-of-stay.csv',
  'unit-costs.csv',
  'cost-inflation.csv',
  'parameters.csv',
] as const;

/** Activity lines of activity-rates.csv, in column order. */
export const ACTIVITY_LINES = [
  'ae_attendances',
  'emergency_admissions',
  'elective_admissions',
  'day_cases',
  'outpatient_attendances',
  'community_contacts',
  'gp_consultations',
  'mental_health_contacts',
  'residential_care_weeks',
  'nursing_care_weeks',
  'home_care_hours',
  'reablement_cases',
  'community_bed_days',
] as const;
export type ActivityLine = (typeof ACTIVITY_LINES)[number];

/**
 * NHS Cost Inflation Index (pay and prices), as given in the reference README
 * (2023/24 provisional). Rate for year Y is the price growth from Y-1 to Y.
 */
export const CII: ReadonlyArray<readonly [string, number]> = [
  ['2016/17', 0.0209],
  ['2017/18', 0.0124],
  ['2018/19', 0.016],
  ['2019/20', 0.0214],
  ['2020/21', 0.0249],
  ['2021/22', 0.0258],
  ['2022/23', 0.0732],
  ['2023/24', 0.0431],
];

// ---------------------------------------------------------------------------
// ASSUMPTIONS (documented in data/README.md, section "Assumptions")
// ---------------------------------------------------------------------------

/** ASSUMPTION: split of under-18 finished admission episodes between emergency, ordinary elective and day case. */
export const CHILD_ADMISSION_SPLIT = { emergency: 0.55, elective: 0.1, dayCase: 0.35 } as const;

/** ASSUMPTION: under-18 A&E attendances per person per year (type-1-like scale of the SUS adult rates). */
export const CHILD_AE = { '0-4': 0.4, '5-9': 0.18, '10-14': 0.22, '15-17': 0.28 } as const;

/** ASSUMPTION: under-18 consultant-led outpatient attendances (first + follow-up + procedure) per person per year. */
export const CHILD_OUTPATIENTS = { '0-4': 0.9, '5-9': 0.6, '10-14': 0.65, '15-17': 0.75 } as const;

/** CSDS 2022/23 consistent providers carry about 79% of contacts (reference README): gross up by 1/0.79. */
export const CSDS_COVERAGE = 0.79;

/**
 * ASSUMPTION: GP consultations per person-year by band, an approximate reading of the
 * age profile of GP consultations in Hobbs et al., Lancet 2016 (CPRD, 2007-2014).
 */
export const GP_CONSULTATIONS: Readonly<Record<Band, number>> = {
  '0-4': 3.5, '5-9': 1.8, '10-14': 1.6, '15-19': 2.4, '20-24': 2.9, '25-29': 3.0,
  '30-34': 3.1, '35-39': 3.0, '40-44': 3.0, '45-49': 3.2, '50-54': 3.5, '55-59': 3.9,
  '60-64': 4.4, '65-69': 5.0, '70-74': 5.8, '75-79': 6.7, '80-84': 7.6, '85-89': 8.3, '90+': 8.6,
};

/**
 * ASSUMPTION: relative age profile of community mental-health contacts (1 = average adult);
 * scaled so that England's mid-2023 population reproduces the NCC 2023/24 MHCC contact count.
 */
export const MH_PROFILE: Readonly<Record<Band, number>> = {
  '0-4': 0.2, '5-9': 0.6, '10-14': 1.2, '15-19': 1.6, '20-24': 1.3, '25-29': 1.1,
  '30-34': 1.1, '35-39': 1.1, '40-44': 1.1, '45-49': 1.0, '50-54': 1.0, '55-59': 0.9,
  '60-64': 0.8, '65-69': 0.7, '70-74': 0.8, '75-79': 1.0, '80-84': 1.3, '85-89': 1.4, '90+': 1.2,
};

/**
 * ASSUMPTION: council-funded (LA-supported) social care and community-bed use per person per year,
 * adults only (nil under 18). The `18-64` entry applies to every adult band from 18-19 to 60-64.
 * residents = people in a care home at any time (weeks = residents x 52).
 */
export interface AdultProfile {
  readonly '18-64': number;
  readonly '65-69': number;
  readonly '70-74': number;
  readonly '75-79': number;
  readonly '80-84': number;
  readonly '85-89': number;
  readonly '90+': number;
}
export const RESIDENTIAL_RESIDENTS: AdultProfile = {
  '18-64': 0.0008, '65-69': 0.002, '70-74': 0.003, '75-79': 0.007, '80-84': 0.015, '85-89': 0.027, '90+': 0.05,
};
export const NURSING_RESIDENTS: AdultProfile = {
  '18-64': 0.0001, '65-69': 0.0008, '70-74': 0.0012, '75-79': 0.003, '80-84': 0.006, '85-89': 0.012, '90+': 0.022,
};
export const HOME_CARE_HOURS: AdultProfile = {
  '18-64': 0.9, '65-69': 2, '70-74': 3.5, '75-79': 7, '80-84': 14, '85-89': 26, '90+': 40,
};
export const REABLEMENT_CASES: AdultProfile = {
  '18-64': 0.0012, '65-69': 0.004, '70-74': 0.007, '75-79': 0.013, '80-84': 0.025, '85-89': 0.04, '90+': 0.05,
};
export const COMMUNITY_BED_DAYS: AdultProfile = {
  '18-64': 0.005, '65-69': 0.03, '70-74': 0.06, '75-79': 0.12, '80-84': 0.25, '85-89': 0.45, '90+': 0.6,
};

/** Seed 001: "we spend 12% more on hospital services than we receive funding for". */
export const HOSPITAL_OVERSPEND_RATIO = 0.12;

// ---------------------------------------------------------------------------
// Small utilities: CSV in/out, number formatting
// ---------------------------------------------------------------------------

/** Parse RFC 4180 CSV (quoted fields, doubled quotes, CRLF, leading BOM) into records keyed by header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (s[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const header = (rows.shift() ?? []).map((h) => h.trim());
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
    .map((r) => Object.fromEntries(header.map((h, j) => [h, (r[j] ?? '').trim()])));
}

function readCsv(dir: string, rel: string): Record<string, string>[] {
  const file = path.join(dir, rel);
  if (!existsSync(file)) throw new Error(`reference file missing: ${file}`);
  return parseCsv(readFileSync(file, 'utf8'));
}

/** Strict number parse: throws on blanks, '*', 'NA' etc. so bad input never becomes NaN silently. */
function num(value: string | undefined, what: string): number {
  const v = (value ?? '').trim();
  const n = Number(v);
  if (v === '' || !Number.isFinite(n)) throw new Error(`not a number (${what}): '${value}'`);
  return n;
}

function field(rec: Record<string, string>, key: string): string {
  const v = rec[key];
  if (v === undefined) throw new Error(`missing column '${key}'`);
  return v;
}

/** Plain decimal string without exponent, trailing zeros removed. */
function plain(x: number): string {
  if (x === 0 || Object.is(x, -0)) return '0';
  let s = String(x);
  if (/e/i.test(s)) s = x.toFixed(15);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** Persons: 1 decimal place. */
export const fmtPersons = (x: number): string => x.toFixed(1);
/** Rates and other ratios: 6 significant digits. */
export const fmtRate = (x: number): string => plain(Number(x.toPrecision(6)));
/** Money: 2 decimal places. */
export const fmtMoney = (x: number): string => x.toFixed(2);

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const zeros = (): number[] => new Array<number>(NB).fill(0);

/** Financial-year label for a mid-year: 2017 -> "2017/18". */
export function financialYear(midYear: number): string {
  return `${midYear}/${String((midYear + 1) % 100).padStart(2, '0')}`;
}

/** Band index of a single year of age (90 and over -> 90+). */
function bandIndex(age: number): number {
  return Math.min(Math.floor(age / 5), NB - 1);
}

/** Parse an age label: "90 and over" / "90+" -> 90. */
function ageOf(label: string): number {
  const m = /^(\d+)/.exec(label.trim());
  if (!m) throw new Error(`bad age label '${label}'`);
  return Number(m[1]);
}

/** Expand an adults-only profile to the 19 bands; under-18 nil; 15-19 carries only the 18-19 share. */
function adultProfileBands(p: AdultProfile, share1819: number): number[] {
  return BANDS.map((b, i) => {
    if (i <= 2) return 0;
    if (b === '15-19') return p['18-64'] * share1819;
    if (i <= 12) return p['18-64'];
    return p[b as keyof AdultProfile];
  });
}

// ---------------------------------------------------------------------------
// Reference-data location
// ---------------------------------------------------------------------------

/** `$POPSHIFT_REFERENCE_DATA`, else `<repo>/../shared/reference-data`. */
export function referenceDataDir(): string {
  const env = process.env['POPSHIFT_REFERENCE_DATA'];
  return env && env.trim() !== '' ? path.resolve(env) : path.resolve(REPO_ROOT, '..', 'shared', 'reference-data');
}

function assertReferenceDir(dir: string): void {
  if (!existsSync(path.join(dir, 'README.md')) || !existsSync(path.join(dir, 'population'))) {
    throw new Error(
      `Reference data not found at ${dir}.\n` +
        'The derivation needs the raw public data folder (see data/README.md). Put it at ' +
        '../shared/reference-data relative to the repo root, or set POPSHIFT_REFERENCE_DATA to its path.',
    );
  }
}

// ---------------------------------------------------------------------------
// Population
// ---------------------------------------------------------------------------

const F = {
  snpp2016: 'population/ons_snpp2016_persons_age60plus_harrogate_northyorks.csv',
  snpp2022: 'population/ons_snpp2022_migcat_variant_persons_harrogate_E07000165_2022_2047.csv',
  suPop: 'population/su_hmhc_population_sya_sex_mye2000_2023_snpp2018_variants_2024_2043_northyorks_england.csv',
  suRates: 'activity/su_hmhc_activity_rates_per1000_5yr_band_persons_2022_northyorks_england_DERIVED.csv',
  faeEngland: 'activity/hes_apc_2015_16_fae_by_10yr_age_england.csv',
  csds: 'activity/csds_2022_23_england_community_contacts_per1000_by_5yr_band_DERIVED.csv',
  losProvider: 'activity/hes_adhoc10641_ordinary_episodes_los_by_provider_age_2017_18.csv',
  losEngland: 'activity/hes_apc_2017_18_mean_los_by_10yr_age_england_derived.csv',
  ncc2324: 'costs/nhse_ncc_2023_24_national_schedule_summary.csv',
  refCosts: 'costs/nhs_reference_costs_hrg_unit_costs_2010_2016_via_hesr.csv',
  pssruGp: 'costs/pssru_ucshc_gp_via_costmos.csv',
  ccgAlloc: 'capitation/nhse_ccg_weighted_populations_gppop2018_19_basis_AGGREGATED.csv',
} as const;

/** Single-year population by (area, year) for the Strategy Unit file: persons = female + male. */
interface SuPopulation {
  /** persons[area][year][age], ages 0..100 */
  get(area: string, year: number): number[];
}

/**
 * North Yorkshire (E06000065) and England (E92000001) single-year persons.
 * Mid-year estimates (variant v0) up to 2023, then the ONS 2018-based principal projection (v1).
 */
function loadSuPopulation(dir: string): SuPopulation {
  const data = new Map<string, number[]>();
  for (const r of readCsv(dir, F.suPop)) {
    const variant = field(r, 'variant');
    const year = num(r['year'], 'su year');
    const wanted = (variant === 'v0' && year <= 2023) || (variant === 'v1' && year >= 2024);
    if (!wanted) continue;
    const key = `${field(r, 'area_code')}|${year}`;
    const ages = data.get(key) ?? [];
    ages[num(r['age'], 'su age')] = num(r['female'], 'female') + num(r['male'], 'male');
    data.set(key, ages);
  }
  return {
    get(area, year) {
      const ages = data.get(`${area}|${year}`);
      if (!ages || ages.length !== 101 || ages.some((v) => v === undefined)) {
        throw new Error(`SU population: no complete single-year series for ${area} ${year}`);
      }
      return ages;
    },
  };
}

function toBands(singleYear: readonly number[]): number[] {
  const out = zeros();
  singleYear.forEach((v, age) => { out[bandIndex(age)]! += v; });
  return out;
}

/** Harrogate (E07000165) persons by band, ages 60+ only (bands 12..18), from the 2016-based SNPP. */
function harrogate60PlusByYear(dir: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of readCsv(dir, F.snpp2016)) {
    if (field(r, 'AREA_CODE') !== 'E07000165') continue;
    const b = bandIndex(ageOf(field(r, 'AGE_GROUP')));
    for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) {
      const row = out.get(y) ?? zeros();
      row[b]! += num(r[String(y)], `snpp2016 ${y}`);
      out.set(y, row);
    }
  }
  if (out.size === 0) throw new Error('no Harrogate rows in SNPP 2016 extract');
  return out;
}

/** Harrogate persons by band at mid-2022 (2022-based SNPP base year); checked against its All-ages row. */
function harrogate2022Bands(dir: string): number[] {
  const out = zeros();
  let allAges = NaN;
  for (const r of readCsv(dir, F.snpp2022)) {
    if (field(r, 'AREA_CODE') !== 'E07000165' || field(r, 'SEX') !== 'persons') continue;
    const label = field(r, 'AGE_GROUP');
    const v = num(r['2022'], 'snpp2022 2022');
    if (label === 'All ages') allAges = v;
    else out[bandIndex(ageOf(label))]! += v;
  }
  if (Math.abs(sum(out) - allAges) > 0.5) throw new Error('SNPP 2022 Harrogate ages do not sum to All ages');
  return out;
}

export interface PopulationTable {
  /** mid-year -> 19 band values (already scaled, unrounded) */
  rows: Map<number, number[]>;
  scaleFactor: number;
  shares2022: number[];
  unscaledTotal2017: number;
}

/**
 * Harrogate population 2017..2040 by band.
 * Why: Harrogate has no under-60 series before 2022 in the reference data, so ages 0-59 are North
 * Yorkshire's series times Harrogate's 2022 share of each band; ages 60+ are Harrogate's own 2016-based
 * projection. All cells are then scaled by one factor so the 2017/18 total is the CCG registered list.
 */
function derivePopulation(dir: string, su: SuPopulation): PopulationTable {
  const h60 = harrogate60PlusByYear(dir);
  const h2022 = harrogate2022Bands(dir);
  const ny2022 = toBands(su.get('E06000065', 2022));
  const shares2022 = h2022.map((h, i) => h / ny2022[i]!);
  const raw = new Map<number, number[]>();
  for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) {
    const ny = toBands(su.get('E06000065', y));
    const old = h60.get(y)!;
    raw.set(y, BANDS.map((_, i) => (i < 12 ? shares2022[i]! * ny[i]! : old[i]!)));
  }
  const unscaledTotal2017 = sum(raw.get(FIRST_MID_YEAR)!);
  const scaleFactor = REGISTERED_POPULATION / unscaledTotal2017;
  const rows = new Map<number, number[]>();
  for (const [y, r] of raw) rows.set(y, r.map((v) => v * scaleFactor));
  return { rows, scaleFactor, shares2022, unscaledTotal2017 };
}

/**
 * Round a row to 1 dp so that the rounded cells add up to the rounded total (largest remainder).
 * Why: the 2017/18 row must sum to exactly 162,246 as the seed states, not 162,245.9.
 */
function roundPreservingTotal(row: readonly number[]): number[] {
  const tenths = row.map((v) => v * 10);
  const floors = tenths.map(Math.floor);
  let remaining = Math.round(sum(tenths)) - sum(floors);
  const order = tenths
    .map((t, i) => ({ i, frac: t - floors[i]! }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  const out = [...floors];
  for (const { i } of order) {
    if (remaining <= 0) break;
    out[i]! += 1;
    remaining--;
  }
  return out.map((t) => t / 10);
}

function populationCsv(pop: PopulationTable): { csv: string; rounded: Map<number, number[]> } {
  const rounded = new Map<number, number[]>();
  const rows: string[][] = [];
  for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) {
    const r = roundPreservingTotal(pop.rows.get(y)!);
    rounded.set(y, r);
    rows.push([financialYear(y), ...r.map(fmtPersons)]);
  }
  return { csv: toCsv(['year', ...BANDS], rows), rounded };
}

// ---------------------------------------------------------------------------
// Activity rates
// ---------------------------------------------------------------------------

/** SUS hsagrp labels (pod/hsagrp in the Strategy Unit file) making up each hospital line. */
export const SU_LINE_MAP: Readonly<Record<string, readonly string[]>> = {
  ae_attendances: ['edc/walkin', 'edc/amb'],
  emergency_admissions: ['apc/emer_n'],
  elective_admissions: ['apc/ordelec_n'],
  day_cases: ['apc/daycase_n'],
  outpatient_attendances: [
    'opc/surg_first', 'opc/surg_fup', 'opc/surg_proc',
    'opc/non-surg_first', 'opc/non-surg_fup', 'opc/non-surg_proc',
  ],
};

/** North Yorkshire 2022 observed rates per person, by line and SU band (18-19, 20-24, ..., 90+). */
function suAdultRates(dir: string): Map<string, Map<string, number>> {
  const byGroup = new Map<string, Map<string, number>>();
  for (const r of readCsv(dir, F.suRates)) {
    if (field(r, 'area_code') !== 'E06000065') continue;
    const key = `${field(r, 'pod')}/${field(r, 'hsagrp')}`;
    const m = byGroup.get(key) ?? new Map<string, number>();
    m.set(field(r, 'age_band'), num(r['rate_per_1000_persons_observed'], 'su rate') / 1000);
    byGroup.set(key, m);
  }
  const out = new Map<string, Map<string, number>>();
  for (const [line, groups] of Object.entries(SU_LINE_MAP)) {
    const m = new Map<string, number>();
    for (const g of groups) {
      const src = byGroup.get(g);
      if (!src) throw new Error(`SU rates: no rows for ${g}`);
      for (const [band, v] of src) m.set(band, (m.get(band) ?? 0) + v);
    }
    out.set(line, m);
  }
  return out;
}

/** England finished admission episodes per head, 2015-16, for 0-9 and 10-19. */
function childAdmissionsPerHead(dir: string): { '0-9': number; '10-19': number } {
  const rows = readCsv(dir, F.faeEngland);
  const rate = (band: string): number => {
    const r = rows.find((x) => field(x, '') === band);
    if (!r) throw new Error(`FAE file: no row ${band}`);
    return num(r['finishedAdmissionEpisodes'], 'FAE') / num(r['currentPopulation'], 'FAE pop');
  };
  return { '0-9': rate('0-9'), '10-19': rate('10-19') };
}

/**
 * Under-18 values per hospital line for bands 0-4, 5-9, 10-14 and ages 15-17.
 * Why: the SUS-derived file starts at 18, so children use national HES admissions (split by an assumed
 * proportion) and stated national assumptions for A&E and outpatients.
 */
function childHospitalRates(dir: string): Map<string, { '0-4': number; '5-9': number; '10-14': number; '15-17': number }> {
  const fae = childAdmissionsPerHead(dir);
  const adm = (share: number) => ({
    '0-4': fae['0-9'] * share, '5-9': fae['0-9'] * share, '10-14': fae['10-19'] * share, '15-17': fae['10-19'] * share,
  });
  return new Map([
    ['ae_attendances', { ...CHILD_AE }],
    ['emergency_admissions', adm(CHILD_ADMISSION_SPLIT.emergency)],
    ['elective_admissions', adm(CHILD_ADMISSION_SPLIT.elective)],
    ['day_cases', adm(CHILD_ADMISSION_SPLIT.dayCase)],
    ['outpatient_attendances', { ...CHILD_OUTPATIENTS }],
  ]);
}

/** North Yorkshire mid-2022 persons aged 15-17 and 18-19: weights for combining the 15-19 band. */
function weights1519(su: SuPopulation): { p1517: number; p1819: number } {
  const ages = su.get('E06000065', 2022);
  return { p1517: ages[15]! + ages[16]! + ages[17]!, p1819: ages[18]! + ages[19]! };
}

/** Hospital lines: children from national assumptions, adults from North Yorkshire 2022 observed rates. */
function hospitalRates(dir: string, w: { p1517: number; p1819: number }): Map<ActivityLine, number[]> {
  const adult = suAdultRates(dir);
  const child = childHospitalRates(dir);
  const out = new Map<ActivityLine, number[]>();
  for (const line of Object.keys(SU_LINE_MAP) as ActivityLine[]) {
    const a = adult.get(line)!;
    const c = child.get(line)!;
    const adultAt = (b: string): number => {
      const v = a.get(b);
      if (v === undefined) throw new Error(`SU rates: ${line} has no band ${b}`);
      return v;
    };
    out.set(line, BANDS.map((b) => {
      if (b === '0-4' || b === '5-9' || b === '10-14') return c[b];
      if (b === '15-19') return (c['15-17'] * w.p1517 + adultAt('18-19') * w.p1819) / (w.p1517 + w.p1819);
      return adultAt(b);
    }));
  }
  return out;
}

/** Community health service contacts per person (CSDS 2022/23, England), grossed up for ~79% coverage. */
function communityContactRates(dir: string): number[] {
  const rows = readCsv(dir, F.csds);
  return BANDS.map((b) => {
    const r = rows.find((x) => field(x, 'age_band') === b);
    if (!r) throw new Error(`CSDS: no band ${b}`);
    return num(r['contacts_all_team_types'], 'csds contacts') / num(r['ons_mid2022_population_england'], 'csds pop') / CSDS_COVERAGE;
  });
}

/** NCC 2023/24 national schedule rows. */
interface NccRow { dept: string; code: string; desc: string; activity: number; unitCost: number; cost: number }

function loadNcc2324(dir: string): NccRow[] {
  return readCsv(dir, F.ncc2324).map((r) => ({
    dept: field(r, 'Service Code'),
    code: field(r, 'Dept or Currency Code'),
    desc: field(r, 'Dept or Currency Desc'),
    activity: num(r['Activity'], 'ncc activity'),
    unitCost: num(r['Unit cost'], 'ncc unit cost'),
    cost: num(r['Cost'], 'ncc cost'),
  }));
}

/**
 * Community mental-health contacts per person: NCC 2023/24 Mental Health Care Contact (MHCC) activity
 * divided by England's mid-2023 population, spread over ages with the assumed MH_PROFILE.
 */
function mentalHealthRates(ncc: readonly NccRow[], su: SuPopulation): { rates: number[]; contacts: number; englandPop: number; scale: number } {
  const mhcc = ncc.filter((r) => r.dept === 'Mental Health Care Contact');
  if (mhcc.length === 0) throw new Error('NCC: no Mental Health Care Contact rows');
  const contacts = sum(mhcc.map((r) => r.activity));
  const eng = toBands(su.get('E92000001', 2023));
  const englandPop = sum(eng);
  const weighted = sum(BANDS.map((b, i) => MH_PROFILE[b] * eng[i]!));
  const scale = contacts / weighted;
  return { rates: BANDS.map((b) => MH_PROFILE[b] * scale), contacts, englandPop, scale };
}

export interface ActivityTable {
  rates: Map<ActivityLine, number[]>;
  share1819: number;
  mh: { contacts: number; englandPop: number; scale: number };
}

/** All 13 activity lines by band, per person per year, base year. */
function deriveActivityRates(dir: string, su: SuPopulation, ncc: readonly NccRow[]): ActivityTable {
  const w = weights1519(su);
  const share1819 = w.p1819 / (w.p1517 + w.p1819);
  const rates = new Map<ActivityLine, number[]>(hospitalRates(dir, w));
  rates.set('community_contacts', communityContactRates(dir));
  rates.set('gp_consultations', BANDS.map((b) => GP_CONSULTATIONS[b]));
  const mh = mentalHealthRates(ncc, su);
  rates.set('mental_health_contacts', mh.rates);
  rates.set('residential_care_weeks', adultProfileBands(RESIDENTIAL_RESIDENTS, share1819).map((v) => v * 52));
  rates.set('nursing_care_weeks', adultProfileBands(NURSING_RESIDENTS, share1819).map((v) => v * 52));
  rates.set('home_care_hours', adultProfileBands(HOME_CARE_HOURS, share1819));
  rates.set('reablement_cases', adultProfileBands(REABLEMENT_CASES, share1819));
  rates.set('community_bed_days', adultProfileBands(COMMUNITY_BED_DAYS, share1819));
  return { rates, share1819, mh: { contacts: mh.contacts, englandPop: mh.englandPop, scale: mh.scale } };
}

function activityCsv(t: ActivityTable): { csv: string; rounded: Map<ActivityLine, number[]> } {
  const rounded = new Map<ActivityLine, number[]>();
  for (const line of ACTIVITY_LINES) rounded.set(line, t.rates.get(line)!.map((v) => Number(fmtRate(v))));
  const rows = BANDS.map((b, i) => [b, ...ACTIVITY_LINES.map((l) => fmtRate(rounded.get(l)![i]!))]);
  return { csv: toCsv(['age_band', ...ACTIVITY_LINES], rows), rounded };
}

// ---------------------------------------------------------------------------
// Length of stay
// ---------------------------------------------------------------------------

/**
 * Mean length of stay of ordinary episodes at Harrogate and District NHS FT (RCD), 2017-18, each
 * 10-year band copied to both 5-year sub-bands; suppressed cells ('*') fall back to England.
 */
function deriveLengthOfStay(dir: string): { csv: string; fallbacks: string[]; values: number[] } {
  const rcd = readCsv(dir, F.losProvider).find((r) => field(r, 'provider_code') === 'RCD');
  if (!rcd) throw new Error('LoS file: no RCD row');
  const eng = new Map(readCsv(dir, F.losEngland).map((r) => [field(r, ''), num(r['ageHospitalMeanLengthOfStay'], 'eng los')]));
  const tenYear = (i: number): string => (i === NB - 1 ? '90+' : `${Math.floor(i / 2) * 10}-${Math.floor(i / 2) * 10 + 9}`);
  const englandKey = (tb: string): string => (tb === '80-89' || tb === '90+' ? 'X80+' : `X${tb.replace('-', '.')}`);
  const fallbacks: string[] = [];
  const values = BANDS.map((b, i) => {
    const tb = tenYear(i);
    const cell = field(rcd, `mean_los_${tb}`);
    if (cell === '*' || cell === '') {
      const v = eng.get(englandKey(tb));
      if (v === undefined) throw new Error(`England LoS: no ${englandKey(tb)}`);
      fallbacks.push(b);
      return v;
    }
    return num(cell, `RCD los ${tb}`);
  });
  const csv = toCsv(['age_band', 'mean_los_days'], BANDS.map((b, i) => [b, fmtRate(values[i]!)]));
  return { csv, fallbacks, values };
}

// ---------------------------------------------------------------------------
// Unit costs and cost inflation
// ---------------------------------------------------------------------------

function ciiRate(year: string): number {
  const hit = CII.find(([y]) => y === year);
  if (!hit) throw new Error(`no CII rate for ${year}`);
  return hit[1];
}

/**
 * Factor converting a price of `fromYear` to 2017/18 prices.
 * Later years deflate (divide by the product of rates after 2017/18 up to fromYear); earlier years inflate.
 */
export function to201718Factor(fromYear: string): number {
  const start = Number(fromYear.slice(0, 4));
  let f = 1;
  for (let y = start; y > 2017; y--) f /= 1 + ciiRate(financialYear(y));
  for (let y = start + 1; y <= 2017; y++) f *= 1 + ciiRate(financialYear(y));
  return f;
}

/** Activity-weighted mean unit cost (Σcost / Σactivity) over NCC rows matching `pick`. */
function nccWeighted(ncc: readonly NccRow[], pick: (r: NccRow) => boolean, what: string): number {
  const rows = ncc.filter(pick);
  if (rows.length === 0) throw new Error(`NCC: no rows for ${what}`);
  return sum(rows.map((r) => r.cost)) / sum(rows.map((r) => r.activity));
}

/** Median of the non-elective long-stay excess bed-day costs over HRGs in the latest reference-cost year. */
function acuteExcessBedDay(dir: string): { median: number; year: string; n: number } {
  const rows = readCsv(dir, F.refCosts).filter((r) => field(r, 'type') === 'Non_Elective_LS');
  const year = String(Math.max(...rows.map((r) => num(r['Year'], 'ref year'))));
  const xs = rows
    .filter((r) => field(r, 'Year') === year)
    .map((r) => num(r['Excess_unit_cost'], 'excess cost'))
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  return { median, year, n: xs.length };
}

/** PSSRU GP cost per 10-minute surgery consultation, 2024 edition, excl. qualifications, incl. direct care staff. */
function gpConsultationCost(dir: string): number {
  const r = readCsv(dir, F.pssruGp).find(
    (x) =>
      field(x, 'year') === '2024' &&
      field(x, 'variable') === 'Per surgery consultation lasting 10 minutes' &&
      field(x, 'qualification_cost') === 'excluding' &&
      field(x, 'direct_care_staff_cost') === 'including',
  );
  if (!r) throw new Error('PSSRU GP: consultation row not found');
  return num(r['cost'], 'pssru gp');
}

export interface UnitCost { item: string; unit: string; value: number; sourceValue: number; priceYear: string; source: string }

/** Unit costs in 2017/18 prices, each with its source value and price year. */
function deriveUnitCosts(dir: string, ncc: readonly NccRow[]): UnitCost[] {
  const NCC = 'NHS England National Cost Collection 2023/24 national schedule';
  const dept = (d: string) => (r: NccRow) => r.dept === d;
  const make = (item: string, unit: string, sourceValue: number, priceYear: string, source: string): UnitCost => ({
    item, unit, sourceValue, priceYear, source, value: sourceValue * to201718Factor(priceYear),
  });
  const bed = acuteExcessBedDay(dir);
  const refYearLabel = `${Number(bed.year) - 1}/${bed.year.slice(2)}`;
  return [
    make('ae_attendance', 'attendance', nccWeighted(ncc, dept('Emergency Care'), 'A&E'), '2023/24',
      `${NCC}: department 'Emergency Care' (VB01Z-VB99Z), activity-weighted mean`),
    make('emergency_spell', 'spell', nccWeighted(ncc, (r) => r.dept.startsWith('Non-Elective Inpatient'), 'NEL'), '2023/24',
      `${NCC}: 'Non-Elective Inpatient - Long Stay' + 'Non-Elective Inpatient - Short Stay', activity-weighted mean`),
    make('acute_bed_day', 'bed day', bed.median, refYearLabel,
      `NHS Reference Costs (via STAPM/hesr), schedule year ${bed.year}: median over ${bed.n} HRGs of non-elective long-stay excess bed-day unit cost (unweighted); price year ${refYearLabel} is an ASSUMPTION`),
    make('elective_spell', 'spell', nccWeighted(ncc, dept('Elective Inpatients'), 'EL'), '2023/24',
      `${NCC}: department 'Elective Inpatients', activity-weighted mean`),
    make('day_case', 'day case', nccWeighted(ncc, dept('Daycase'), 'DC'), '2023/24',
      `${NCC}: department 'Daycase', activity-weighted mean`),
    make('outpatient_attendance', 'attendance', nccWeighted(ncc, dept('Consultant Led'), 'OP'), '2023/24',
      `${NCC}: department 'Consultant Led' (outpatients), activity-weighted mean`),
    make('community_contact', 'contact', nccWeighted(ncc, dept('Community Health Service'), 'CHS'), '2023/24',
      `${NCC}: department 'Community Health Service', activity-weighted mean`),
    // The seed's model of community beds: care-home or extra-care beds with hotel services from
    // the housing provider and clinical input from the integrated team (seed 001), so a nursing-home
    // day plus one home-based intermediate-care contact a day. (The NCC schedule has no community
    // bed-day currency; its rehabilitation inpatient bed day, £634, is a specialist ward.)
    make('community_bed_day', 'bed day',
      1003 / 7 + nccWeighted(ncc, (r) => r.dept === 'Community Health Service' && r.code.trim() === 'IC03', 'IC03'), '2023/24',
      `ASSUMPTION built from sources: PSSRU nursing home 65+ £1,003 a week / 7 + ${NCC} IC03 'Intermediate Care Home Based Services' per contact (one a day); the seed's step-down beds in care homes or extra care housing`),
    make('mental_health_contact', 'contact', nccWeighted(ncc, dept('Mental Health Care Contact'), 'MHCC'), '2023/24',
      `${NCC}: 'Mental Health Care Contact' (MHCC)`),
    make('gp_consultation', 'consultation', gpConsultationCost(dir), '2023/24',
      'PSSRU Unit Costs of Health and Social Care 2024 (via COSTmos): GP per surgery consultation lasting 10 minutes, excluding qualification costs, including direct care staff costs'),
    make('home_care_hour', 'hour', 27, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): home care per hour'),
    make('residential_week', 'resident week', 897, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): residential care 65+ LA-funded median per week'),
    make('nursing_week', 'resident week', 1003, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): nursing home 65+ LA-funded median per week, excluding NHS-funded nursing care'),
    make('fnc_week', 'resident week', 236, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): NHS-funded nursing care per week (NHS cost, separate from nursing_week)'),
    make('reablement_case', 'case', 1900, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): reablement about £1,900 a case; price year 2023/24 is an ASSUMPTION'),
  ];
}

function unitCostsCsv(costs: readonly UnitCost[]): string {
  return toCsv(
    ['item', 'unit', 'unit_cost_2017_18', 'source_value', 'source_price_year', 'source'],
    costs.map((c) => [c.item, c.unit, fmtMoney(c.value), plain(Number(c.sourceValue.toFixed(4))), c.priceYear, c.source]),
  );
}

function costInflationCsv(): string {
  return toCsv(['year', 'rate'], CII.map(([y, r]) => [y, fmtRate(r)]));
}

// ---------------------------------------------------------------------------
// Parameters (single figures, base-year costs and funding)
// ---------------------------------------------------------------------------

/** Which unit cost prices each activity line. */
export const LINE_COST: Readonly<Record<ActivityLine, string>> = {
  ae_attendances: 'ae_attendance',
  emergency_admissions: 'emergency_spell',
  elective_admissions: 'elective_spell',
  day_cases: 'day_case',
  outpatient_attendances: 'outpatient_attendance',
  community_contacts: 'community_contact',
  gp_consultations: 'gp_consultation',
  mental_health_contacts: 'mental_health_contact',
  residential_care_weeks: 'residential_week',
  nursing_care_weeks: 'nursing_week',
  home_care_hours: 'home_care_hour',
  reablement_cases: 'reablement_case',
  community_bed_days: 'community_bed_day',
};

const ACUTE_LINES: readonly ActivityLine[] = ['ae_attendances', 'emergency_admissions', 'elective_admissions', 'day_cases', 'outpatient_attendances'];
const SOCIAL_CARE_LINES: readonly ActivityLine[] = ['residential_care_weeks', 'nursing_care_weeks', 'home_care_hours', 'reablement_cases'];

interface Param { name: string; value: string; unit: string; source: string }

/** Capitation row for Harrogate and Rural District CCG (03E), 2018/19 population basis. */
function ccg03E(dir: string): { registered: number; weighted: number; targetK: number; needIndex: number } {
  const r = readCsv(dir, F.ccgAlloc).find((x) => field(x, 'ccg_code') === '03E');
  if (!r) throw new Error('capitation: no 03E row');
  return {
    registered: num(r['GP_pop'], 'GP_pop'),
    weighted: num(r['WP_Overall'], 'WP_Overall'),
    targetK: num(r['Target_exc_remote_£k'], 'target'),
    needIndex: num(r['need_index_overall_vs_england'], 'need index'),
  };
}

export interface DeriveSummary {
  populationTotal2017: number;
  share65Plus: Map<string, number>;
  scaleFactor: number;
  params: Map<string, number>;
  unitCosts: Map<string, number>;
  losFallbacks: string[];
}

/**
 * Single figures: seed-paper facts, capitation, and the base-year (2017/18) cost of each line =
 * Σ_bands rate × population(2017/18) × unit cost, computed from the rounded values written to the CSVs
 * so that anyone re-computing from the tables gets the same figures.
 */
function deriveParameters(
  dir: string,
  pop2017: readonly number[],
  rates: Map<ActivityLine, number[]>,
  costs: Map<string, number>,
  unitCosts: readonly UnitCost[],
  los: readonly number[],
): { csv: string; values: Map<string, number> } {
  const c = ccg03E(dir);
  const p: Param[] = [];
  const values = new Map<string, number>();
  const add = (name: string, value: number, fmt: (x: number) => string, unit: string, source: string): number => {
    const s = fmt(value);
    p.push({ name, value: s, unit, source });
    values.set(name, Number(s));
    return Number(s);
  };
  const alloc = 'capitation/nhse_ccg_weighted_populations_gppop2018_19_basis_AGGREGATED.csv, row 03E';
  add('registered_population', REGISTERED_POPULATION, (x) => String(x), 'persons', "seed 001: 'The registered population of Harrogate CCG is 162,246'");
  add('ccg_registered_population_2018_19_basis', c.registered, fmtPersons, 'persons', `${alloc}, column GP_pop`);
  add('ccg_weighted_population_2018_19_basis', c.weighted, fmtPersons, 'weighted persons', `${alloc}, column WP_Overall`);
  const target = add('ccg_target_allocation_2018_19_basis', c.targetK * 1000, fmtMoney, 'GBP (2019/20 allocation prices)', `${alloc}, column Target_exc_remote_£k x 1000`);
  add('need_index_2018_19_basis', c.needIndex, fmtRate, 'ratio', `${alloc}, column need_index_overall_vs_england`);
  const deflate = 1 / ((1 + ciiRate('2018/19')) * (1 + ciiRate('2019/20')));
  const allocation = add(
    'ccg_allocation_2017_18',
    target * (REGISTERED_POPULATION / c.registered) * deflate,
    fmtMoney,
    'GBP (2017/18 prices)',
    'derived approximation: ccg_target_allocation_2018_19_basis x 162246 / GP_pop, deflated from 2019/20 to 2017/18 with CII 2018/19 and 2019/20',
  );
  add('hospital_overspend_ratio', HOSPITAL_OVERSPEND_RATIO, fmtRate, 'ratio', "seed 001: 'we spend 12% more on hospital services than we receive funding for'");
  add('funding_gap_2020_21', 40300000, fmtMoney, 'GBP', "seed 001: 'predicting a funding gap of £40.3m by the end of 2020/21'");
  add('integrated_care_envelope', 24679073, fmtMoney, 'GBP', "seed 000, Appendix 3: 'Indicative financial envelope £24,679,073'");
  add('avoidable_admission_share', 0.2, fmtRate, 'share', "seed 001: '1 in 5 acute admissions could be managed in a less acute setting'");
  add('beds_occupied_after_acute_need_share', 0.6667, fmtRate, 'share', "seed 001: 'nearly 2 in 3 hospital beds are occupied by people whose acute medical needs have been met'");
  add('eol_admission_reduction', 0.1, fmtRate, 'share', 'seed 001, citing the National Audit Office: emergency admissions down 10% with better community end-of-life care');
  add('eol_los_reduction_days', 3, fmtRate, 'days', 'seed 001, citing the National Audit Office: average length of stay down by three days');
  add('plymouth_pool', 460000000, fmtMoney, 'GBP', 'Plymouth integrated fund, as cited in popshift issue 5 (not in the text of seed 002, which only says an integrated fund is in place)');
  add('plymouth_ccg_share', 0.77, fmtRate, 'share', 'Plymouth integrated fund, as cited in popshift issue 5 (not in the text of seed 002)');

  const baseCost = new Map<ActivityLine, number>();
  for (const line of ACTIVITY_LINES) {
    const unit = costs.get(LINE_COST[line]);
    if (unit === undefined) throw new Error(`no unit cost for ${line}`);
    const r = rates.get(line)!;
    const v = add(
      `base_cost_${line}`,
      sum(pop2017.map((n, i) => n * r[i]!)) * unit,
      fmtMoney,
      'GBP (2017/18 prices)',
      `sum over bands of activity-rates.csv ${line} x population.csv 2017/18 x unit-costs.csv ${LINE_COST[line]}`,
    );
    baseCost.set(line, v);
  }
  const acute = add('base_cost_acute_total', sum(ACUTE_LINES.map((l) => baseCost.get(l)!)), fmtMoney, 'GBP (2017/18 prices)',
    'base_cost_ae_attendances + base_cost_emergency_admissions + base_cost_elective_admissions + base_cost_day_cases + base_cost_outpatient_attendances');
  const hospitalFunding = add('ccg_hospital_funding_2017_18', acute / (1 + HOSPITAL_OVERSPEND_RATIO), fmtMoney, 'GBP (2017/18 prices)',
    'base_cost_acute_total / 1.12 (seed 001: hospital spend is 12% above funding)');
  const other = allocation - hospitalFunding - baseCost.get('community_contacts')! - baseCost.get('community_bed_days')! - baseCost.get('mental_health_contacts')!;
  if (!(other >= 0)) {
    throw new Error(
      `ccg_other_spend_2017_18 would be negative (${other.toFixed(2)}): allocation ${allocation} < hospital funding + community + mental health. ` +
        'Stopping without writing it; report to the project lead.',
    );
  }
  add('ccg_other_spend_2017_18', other, fmtMoney, 'GBP (2017/18 prices)',
    'ccg_allocation_2017_18 - ccg_hospital_funding_2017_18 - base_cost_community_contacts - base_cost_community_bed_days - base_cost_mental_health_contacts (prescribing, continuing healthcare, specialist and other CCG spend not modelled by activity)');
  add('primary_care_funding_2017_18', baseCost.get('gp_consultations')!, fmtMoney, 'GBP (2017/18 prices)',
    'base_cost_gp_consultations (ASSUMPTION: primary care balanced in the base year)');
  add('council_asc_funding_2017_18', sum(SOCIAL_CARE_LINES.map((l) => baseCost.get(l)!)), fmtMoney, 'GBP (2017/18 prices)',
    "base_cost_residential_care_weeks + base_cost_nursing_care_weeks + base_cost_home_care_hours + base_cost_reablement_cases (ASSUMPTION: balanced; seed 001 says local authorities are 'not overspending')");
  // Unit costs as parameters too, so scenario files can name them ($unit_cost_<item>).
  for (const u of unitCosts) {
    add(`unit_cost_${u.item}`, u.value, fmtMoney, `GBP per ${u.unit} (2017/18 prices)`, `unit-costs.csv ${u.item}: ${u.source}`);
  }
  // An emergency spell's cost split: its bed days are costed on their own line (so they can
  // be cut and their wards released); the rest of the spell stays with the admission.
  const emergencyRates = rates.get('emergency_admissions')!;
  const admissions = sum(pop2017.map((n, i) => n * emergencyRates[i]!));
  const bedDays = sum(pop2017.map((n, i) => n * emergencyRates[i]! * los[i]!));
  const spell = costs.get('emergency_spell')!;
  const bedDay = costs.get('acute_bed_day')!;
  const perAdmission = spell - (bedDay * bedDays) / admissions;
  if (!(perAdmission > 0)) throw new Error(`emergency spell £${spell} is less than its bed days (£${bedDay} × ${(bedDays / admissions).toFixed(2)} days)`);
  add('emergency_mean_los_2017_18', bedDays / admissions, fmtRate, 'days', 'emergency admissions × length-of-stay.csv, weighted by 2017/18 admissions by band');
  add('unit_cost_emergency_admission_excl_bed_days', perAdmission, fmtMoney, 'GBP per admission (2017/18 prices)',
    'unit_cost_emergency_spell − unit_cost_acute_bed_day × emergency_mean_los_2017_18 (the part of a spell not spent on ward days)');
  return { csv: toCsv(['name', 'value', 'unit', 'source'], p.map((x) => [x.name, x.value, x.unit, x.source])), values };
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/**
 * Derive every table from `inputDir` (the reference-data folder) and write them into `outputDir`.
 * Returns the key figures for reporting and checks.
 */
export function deriveAll(inputDir: string, outputDir: string): DeriveSummary {
  assertReferenceDir(inputDir);
  const su = loadSuPopulation(inputDir);
  const ncc = loadNcc2324(inputDir);

  const pop = derivePopulation(inputDir, su);
  const popOut = populationCsv(pop);
  const activity = deriveActivityRates(inputDir, su, ncc);
  const actOut = activityCsv(activity);
  const los = deriveLengthOfStay(inputDir);
  const unitCosts = deriveUnitCosts(inputDir, ncc);
  const costMap = new Map(unitCosts.map((c) => [c.item, Number(fmtMoney(c.value))]));
  const pop2017 = popOut.rounded.get(FIRST_MID_YEAR)!;
  const params = deriveParameters(inputDir, pop2017, actOut.rounded, costMap, unitCosts, los.values);

  const files: Record<(typeof OUTPUT_FILES)[number], string> = {
    'population.csv': popOut.csv,
    'activity-rates.csv': actOut.csv,
    'length-of-stay.csv': los.csv,
    'unit-costs.csv': unitCostsCsv(unitCosts),
    'cost-inflation.csv': costInflationCsv(),
    'parameters.csv': params.csv,
  };
  mkdirSync(outputDir, { recursive: true });
  for (const name of OUTPUT_FILES) writeFileSync(path.join(outputDir, name), files[name]);

  const share65Plus = new Map<string, number>();
  for (const [y, r] of popOut.rounded) share65Plus.set(financialYear(y), sum(r.slice(13)) / sum(r));
  return {
    populationTotal2017: sum(pop2017),
    share65Plus,
    scaleFactor: pop.scaleFactor,
    params: params.values,
    unitCosts: costMap,
    losFallbacks: los.fallbacks,
  };
}

function main(): void {
  const input = referenceDataDir();
  try {
    assertReferenceDir(input);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  const s = deriveAll(input, DEFAULT_OUTPUT_DIR);
  console.log(`Reference data: ${input}`);
  console.log(`Wrote ${OUTPUT_FILES.join(', ')} to ${path.relative(process.cwd(), DEFAULT_OUTPUT_DIR) || '.'}`);
  console.log(`Population 2017/18 total ${s.populationTotal2017.toFixed(1)} (scale factor ${s.scaleFactor.toFixed(6)})`);
  console.log(`Share 65+: ${[...s.share65Plus].map(([y, v]) => `${y} ${(v * 100).toFixed(1)}%`).join(', ')}`);
  if (s.losFallbacks.length) console.log(`LoS bands using England fallback: ${s.losFallbacks.join(', ')}`);
  for (const [k, v] of s.unitCosts) console.log(`unit cost ${k}: £${v.toFixed(2)}`);
  for (const [k, v] of s.params) console.log(`${k}: ${v}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
