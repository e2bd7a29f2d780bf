/**
 * Registered-list places for the seed systems: the practices of a set of CCGs on the 2018/19
 * basis (NHS England's capitation file, with each practice's council from the 2022/23 file), the
 * age profile of an area by year (a council from the Strategy Unit files, or a pre-2023 North
 * Yorkshire district by Harrogate's method), and a place's population = its practices' areas'
 * profiles scaled to their registered lists.
 */
import { BANDS, FIRST_MID_YEAR, LAST_MID_YEAR, financialYear, toBands, zeros } from '../axes.js';
import { district60PlusByYear, type SuPopulation } from '../population.js';
import { field, fmtPersons, num, readCsv, roundPreservingTotal, sum, toCsv } from '../table.js';

const PRACTICES_2018_19 = 'capitation/nhse_gp_practice_weighted_populations_gppop2018_19_basis.csv';
const PRACTICES_2022_23 = 'capitation/nhse_gp_practice_weighted_populations_2022_23.csv';
const MYE2019_LAD = 'population/ons_mye2019_persons_sya_lad2019_england_wales_via_demographr.csv';
const MYE2019_CTYUA = 'population/ons_mye2019_persons_sya_ctyua2019_england_wales_via_demographr.csv';
const SU_ALL_AREAS = 'population/su_hmhc_population_5yr_band_sex_mye2000_2023_snpp2018_principal_2024_2043_all_areas_DERIVED.csv';

/** North Yorkshire County (2019 code; the same area as the 2023 unitary E06000065). */
const NORTH_YORKSHIRE_COUNTY_2019 = 'E10000023';

/** One practice on the 2018/19 registered-population basis, with its council where the 2022/23 file has it. */
export interface Practice {
  code: string;
  name: string;
  ccg: string;
  pcn: string;
  pcnName: string;
  /** Registered list, 2018/19 basis. */
  registered: number;
  /** Overall weighted population (allocation model). */
  weighted: number;
  /** General and acute weighted population. */
  weightedGA: number;
  /** Target allocation, core services, £ (2019/20 allocation year). */
  target: number;
  /** The same with NHS England's adjustment for remote areas (Target_inc_remote_£k). */
  targetIncRemote: number;
  /** Local authority district (2021 code) and upper tier authority in the 2022/23 file; '' when the practice is not in it. */
  lad: string;
  utla: string;
  utlaName: string;
}

/** The practices of `ccgs` (2018/19 basis), in file order, each with its district and council from the 2022/23 file. */
export function loadPractices(dir: string, ccgs: readonly string[]): Practice[] {
  const later = new Map(readCsv(dir, PRACTICES_2022_23).map((r) => [field(r, 'Practice_Code'), r]));
  return readCsv(dir, PRACTICES_2018_19)
    .filter((r) => ccgs.includes(field(r, 'CCG')))
    .map((r) => {
      const code = field(r, 'Practice');
      const x = later.get(code);
      return {
        code,
        name: field(r, 'GP practice name'),
        ccg: field(r, 'CCG'),
        pcn: field(r, 'PCN'),
        pcnName: field(r, 'PCN_name'),
        registered: num(r['GP_pop'], `${code} GP_pop`),
        weighted: num(r['WP_Overall'], `${code} WP_Overall`),
        weightedGA: num(r['WP_G&A'], `${code} WP_G&A`),
        target: num(r['Target_exc_remote_£k'], `${code} target`) * 1000,
        targetIncRemote: num(r['Target_inc_remote_£k'], `${code} target inc remote`) * 1000,
        lad: x ? field(x, 'LAD21') : '',
        utla: x ? field(x, 'LA21') : '',
        utlaName: x ? field(x, 'UTLA21') : '',
      };
    });
}

/** The key with the largest total weight (ties: the first met). */
export function majority(weights: ReadonlyMap<string, number>): string {
  let best = '';
  let most = -Infinity;
  for (const [k, v] of weights) if (v > most) [best, most] = [k, v];
  return best;
}

/** Registered list by key of `practices` (e.g. by district), in order of first appearance. */
export function listBy(practices: readonly Practice[], key: (p: Practice) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of practices) out.set(key(p), (out.get(key(p)) ?? 0) + p.registered);
  return out;
}

/** An area's persons by band for each mid-year FIRST_MID_YEAR..LAST_MID_YEAR. */
export type Profile = Map<number, number[]>;

/**
 * Move the `v1` projection (2024 on) onto the `v0` estimate of 2023, band by band: the projection's
 * growth from 2024 applied to the 2023 estimate, with 2023→24 taken to grow as 2024→25 does.
 * Why: the 2018-based projection is not rebased on the post-Census 2021 estimates, so the two
 * series step apart (York 206,780 in 2023 to 211,942 in 2024).
 */
export function rebaseOn2023(raw: (year: number) => number[], from = FIRST_MID_YEAR): Profile {
  const out: Profile = new Map();
  const e2023 = raw(2023);
  const p2024 = raw(2024);
  const p2025 = raw(2025);
  for (let y = from; y <= LAST_MID_YEAR; y++) {
    if (y <= 2023) out.set(y, raw(y));
    else {
      const py = raw(y);
      out.set(y, BANDS.map((_, b) => (p2024[b]! > 0 ? e2023[b]! * (p2025[b]! / p2024[b]!) * (py[b]! / p2024[b]!) : py[b]!)));
    }
  }
  return out;
}

/** A council's profile from the Strategy Unit single-year file (v0 to 2023, v1 after), rebased on 2023, from mid-`from` (default 2017). */
export function councilProfile(su: SuPopulation, area: string, from = FIRST_MID_YEAR): Profile {
  return rebaseOn2023((y) => toBands(su.get(area, y)), from);
}

/** An area's persons by band from the Strategy Unit all-areas five-year-band file, rebased on 2023 (for areas not in the single-year files). */
export function allAreasProfile(dir: string, area: string): Profile {
  const rows = new Map<number, number[]>();
  for (const r of readCsv(dir, SU_ALL_AREAS)) {
    if (field(r, 'area_code') !== area || field(r, 'sex') !== 'persons') continue;
    const year = num(r['year'], 'su year');
    const variant = field(r, 'variant');
    if ((variant === 'v0' && year <= 2023) || (variant === 'v1' && year >= 2024)) {
      rows.set(year, BANDS.map((b) => num(r[`age_${b}`], `${area} ${year} ${b}`)));
    }
  }
  return rebaseOn2023((y) => {
    const v = rows.get(y);
    if (!v) throw new Error(`SU all areas: no ${area} ${y}`);
    return v;
  });
}

/** Single years 0..90+ of one area in a demographr mid-2019 file, summed to bands. */
function mye2019Bands(dir: string, file: string, codeColumn: string, area: string): number[] {
  const r = readCsv(dir, file).find((x) => field(x, codeColumn) === area);
  if (!r) throw new Error(`${file}: no ${area}`);
  const single = Array.from({ length: 91 }, (_, a) => num(r[a === 90 ? '90+' : String(a)], `${area} age ${a}`));
  const bands = toBands(single);
  if (Math.abs(sum(bands) - num(r['total_population'], 'total')) > 0.5) throw new Error(`${file}: ${area} ages do not sum to its total`);
  return bands;
}

/**
 * A pre-2023 North Yorkshire district by Harrogate's method (data/README.md, population.csv):
 * ages 60+ from its 2016-based SNPP rows; ages 0-59 = its share of North Yorkshire County in each
 * band × North Yorkshire's series (E06000065, v0 to 2023, v1 after, as for Harrogate), the share
 * taken from the mid-2019 estimates as first published (district ÷ county, the same vintage).
 * Returns the profile and the shares.
 */
export function northYorkshireDistrictProfile(dir: string, su: SuPopulation, district: string): { profile: Profile; shares: number[] } {
  const d = mye2019Bands(dir, MYE2019_LAD, 'ltla19_code', district);
  const ny = mye2019Bands(dir, MYE2019_CTYUA, 'utla19_code', NORTH_YORKSHIRE_COUNTY_2019);
  const shares = d.map((v, b) => v / ny[b]!);
  const old = district60PlusByYear(dir, district);
  const profile: Profile = new Map();
  for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) {
    const nyBands = toBands(su.get('E06000065', y));
    profile.set(y, BANDS.map((_, b) => (b < 12 ? shares[b]! * nyBands[b]! : old.get(y)![b]!)));
  }
  return { profile, shares };
}

/**
 * A registered-list place's population: Σ over its areas of (list in the area ÷ the area's
 * 2017 total) × the area's profile, so that its 2017/18 total is its registered list (2018/19
 * basis) and its age structure that of the areas its patients' practices are in.
 */
export function registeredPopulation(parts: readonly { profile: Profile; registered: number }[]): Profile {
  const out: Profile = new Map();
  for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) {
    const row = zeros();
    for (const { profile, registered } of parts) {
      const scale = registered / sum(profile.get(FIRST_MID_YEAR)!);
      profile.get(y)!.forEach((v, b) => (row[b]! += v * scale));
    }
    out.set(y, row);
  }
  return out;
}

/** A long population table (place, year, bands), each row rounded to 1 dp keeping its total; and the rounded rows by place. */
export function placesPopulationCsv(places: readonly { id: string; population: Profile }[]): { csv: string; rounded: Map<string, Map<number, number[]>> } {
  const rows: string[][] = [];
  const rounded = new Map<string, Map<number, number[]>>();
  for (const { id, population } of places) {
    const mine = new Map<number, number[]>();
    for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) {
      const r = roundPreservingTotal(population.get(y)!);
      mine.set(y, r);
      rows.push([id, financialYear(y), ...r.map(fmtPersons)]);
    }
    rounded.set(id, mine);
  }
  return { csv: toCsv(['place', 'year', ...BANDS], rows), rounded };
}

/** Σ_bands rate × persons. */
export const perHead = (rates: readonly number[], persons: readonly number[]): number => sum(persons.map((n, b) => n * rates[b]!));
