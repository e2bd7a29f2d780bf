/**
 * population.csv: Harrogate persons by band for 2017/18..2040/41, from the ONS projections and the
 * Strategy Unit single-year file, scaled to the CCG's registered list.
 */
import { BANDS, FIRST_MID_YEAR, LAST_MID_YEAR, ageOf, bandIndex, financialYear, toBands, zeros } from './axes.js';
import { field, fmtPersons, num, readCsv, roundPreservingTotal, sum, toCsv } from './table.js';

const SNPP_2016 = 'population/ons_snpp2016_persons_age60plus_harrogate_northyorks.csv';
const SNPP_2022 = 'population/ons_snpp2022_migcat_variant_persons_harrogate_E07000165_2022_2047.csv';
/** North Yorkshire and England. */
export const SU_POPULATION_DEFAULT = 'population/su_hmhc_population_sya_sex_mye2000_2023_snpp2018_variants_2024_2043_northyorks_england.csv';
/** The same source for Devon County, Plymouth, Torbay, York, the Cheshire councils, Warrington and their ICBs. */
export const SU_POPULATION_OTHER_PLACES = 'population/su_hmhc_population_sya_sex_mye2000_2023_snpp2018_variants_2024_2043_devon_york_cheshire.csv';

/** Seed 001: "The registered population of Harrogate CCG is 162,246". */
export const REGISTERED_POPULATION = 162246;

/** Single-year population by (area, year) for the Strategy Unit file: persons = female + male. */
export interface SuPopulation {
  /** persons[area][year][age], ages 0..100 */
  get(area: string, year: number): number[];
}

/**
 * Single-year persons from the Strategy Unit files: North Yorkshire (E06000065) and England (E92000001)
 * by default; pass SU_POPULATION_OTHER_PLACES as well for the other seed places.
 * Mid-year estimates (variant v0) up to 2023, then the ONS 2018-based principal projection (v1).
 */
export function loadSuPopulation(dir: string, files: readonly string[] = [SU_POPULATION_DEFAULT]): SuPopulation {
  const data = new Map<string, number[]>();
  for (const r of files.flatMap((f) => readCsv(dir, f))) {
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

/** A pre-2023 North Yorkshire district's (or York's) persons by band, ages 60+ only (bands 12..18), from the 2016-based SNPP; Harrogate (E07000165) by default. */
export function district60PlusByYear(dir: string, district = 'E07000165'): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of readCsv(dir, SNPP_2016)) {
    if (field(r, 'AREA_CODE') !== district) continue;
    const b = bandIndex(ageOf(field(r, 'AGE_GROUP')));
    for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) {
      const row = out.get(y) ?? zeros();
      row[b]! += num(r[String(y)], `snpp2016 ${y}`);
      out.set(y, row);
    }
  }
  if (out.size === 0) throw new Error(`no ${district} rows in SNPP 2016 extract`);
  return out;
}

/** Harrogate persons by band at mid-2022 (2022-based SNPP base year); checked against its All-ages row. */
function harrogate2022Bands(dir: string): number[] {
  const out = zeros();
  let allAges = NaN;
  for (const r of readCsv(dir, SNPP_2022)) {
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
export function derivePopulation(dir: string, su: SuPopulation): PopulationTable {
  const h60 = district60PlusByYear(dir);
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

/** population.csv text, and the rounded rows it holds (later steps compute from what the table says). */
export function populationCsv(pop: PopulationTable): { csv: string; rounded: Map<number, number[]> } {
  const rounded = new Map<number, number[]>();
  const rows: string[][] = [];
  for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) {
    const r = roundPreservingTotal(pop.rows.get(y)!);
    rounded.set(y, r);
    rows.push([financialYear(y), ...r.map(fmtPersons)]);
  }
  return { csv: toCsv(['year', ...BANDS], rows), rounded };
}

/**
 * ONS 2018-based projection variants as the Strategy Unit files name them (`v1` is the principal;
 * `v2`–`v11` are the Strategy Unit's sub-national versions of ONS's national variants), the ones
 * population-variants.csv holds.
 */
export const POPULATION_VARIANTS = [
  { name: 'principal', code: 'v1' },
  { name: 'high-population', code: 'v8' },
  { name: 'low-population', code: 'v9' },
  { name: 'high-migration', code: 'v6' },
  { name: 'low-migration', code: 'v7' },
] as const;

/** North Yorkshire (E06000065) persons by band for one projection variant, 2024..2040: mid-year -> bands. */
function northYorkshireVariant(dir: string, code: string): Map<number, number[]> {
  const ages = new Map<number, number[]>();
  for (const r of readCsv(dir, SU_POPULATION_DEFAULT)) {
    if (field(r, 'area_code') !== 'E06000065' || field(r, 'variant') !== code) continue;
    const year = num(r['year'], 'su year');
    if (year > LAST_MID_YEAR) continue;
    const a = ages.get(year) ?? [];
    a[num(r['age'], 'su age')] = num(r['female'], 'female') + num(r['male'], 'male');
    ages.set(year, a);
  }
  const out = new Map<number, number[]>();
  for (const [y, a] of ages) {
    if (a.length !== 101 || a.some((v) => v === undefined)) throw new Error(`SU population: no complete single-year series for E06000065 ${code} ${y}`);
    out.set(y, toBands(a));
  }
  for (let y = 2024; y <= LAST_MID_YEAR; y++) if (!out.has(y)) throw new Error(`SU population: no E06000065 ${code} rows for ${y}`);
  return out;
}

/**
 * population-variants.csv: Harrogate's population under each of POPULATION_VARIANTS. Why: the
 * reference data holds the variants for North Yorkshire only, so each variant is Harrogate's
 * principal table (population.csv, as rounded) times North Yorkshire's variant ÷ principal ratio,
 * band by band and year by year. The variants start in 2024, so every variant equals the principal
 * up to 2023/24 (the base year included), and the principal rows are population.csv's exactly.
 */
export function populationVariantsCsv(dir: string, principal: Map<number, number[]>): string {
  const base = northYorkshireVariant(dir, 'v1');
  const rows: string[][] = [];
  for (const v of POPULATION_VARIANTS) {
    const ny = v.code === 'v1' ? base : northYorkshireVariant(dir, v.code);
    for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) {
      const p = principal.get(y)!;
      const cells = y < 2024 || v.code === 'v1' ? p : p.map((x, b) => x * (ny.get(y)![b]! / base.get(y)![b]!));
      rows.push([v.name, financialYear(y), ...cells.map(fmtPersons)]);
    }
  }
  return toCsv(['variant', 'year', ...BANDS], rows);
}
