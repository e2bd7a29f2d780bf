/**
 * The five hospital lines of activity-rates.csv (A&E, emergency, elective, day case, outpatients):
 * adults from the Strategy Unit's SUS-based North Yorkshire rates, children from HES and assumptions.
 */
import { BANDS, type ActivityLine } from './axes.js';
import type { SuPopulation } from './population.js';
import { field, num, readCsv } from './table.js';

const SU_RATES = 'activity/su_hmhc_activity_rates_per1000_5yr_band_persons_2022_northyorks_england_DERIVED.csv';
const FAE_ENGLAND = 'activity/hes_apc_2015_16_fae_by_10yr_age_england.csv';

/** ASSUMPTION: split of under-18 finished admission episodes between emergency, ordinary elective and day case. */
export const CHILD_ADMISSION_SPLIT = { emergency: 0.55, elective: 0.1, dayCase: 0.35 } as const;

/** ASSUMPTION: under-18 A&E attendances per person per year (type-1-like scale of the SUS adult rates). */
export const CHILD_AE = { '0-4': 0.4, '5-9': 0.18, '10-14': 0.22, '15-17': 0.28 } as const;

/** ASSUMPTION: under-18 consultant-led outpatient attendances (first + follow-up + procedure) per person per year. */
export const CHILD_OUTPATIENTS = { '0-4': 0.9, '5-9': 0.6, '10-14': 0.65, '15-17': 0.75 } as const;

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

/** The areas the Strategy Unit's rates file covers: North Yorkshire (Harrogate's default) and England. */
export type RatesArea = 'E06000065' | 'E92000001';

/** An area's 2022 observed rates per person, by line and SU band (18-19, 20-24, ..., 90+). */
function suAdultRates(dir: string, area: RatesArea): Map<string, Map<string, number>> {
  const byGroup = new Map<string, Map<string, number>>();
  for (const r of readCsv(dir, SU_RATES)) {
    if (field(r, 'area_code') !== area) continue;
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
  const rows = readCsv(dir, FAE_ENGLAND);
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

/** The area's mid-2022 persons aged 15-17 and 18-19: weights for combining the 15-19 band. */
export function weights1519(su: SuPopulation, area: RatesArea = 'E06000065'): { p1517: number; p1819: number } {
  const ages = su.get(area, 2022);
  return { p1517: ages[15]! + ages[16]! + ages[17]!, p1819: ages[18]! + ages[19]! };
}

/** Hospital lines: children from national assumptions, adults from the area's 2022 observed rates. */
export function hospitalRates(dir: string, w: { p1517: number; p1819: number }, area: RatesArea = 'E06000065'): Map<ActivityLine, number[]> {
  const adult = suAdultRates(dir, area);
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
