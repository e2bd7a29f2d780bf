/**
 * activity-rates.csv: all 13 activity lines per person per year by band in the base year. Hospital
 * lines come from hospital-activity.ts; community from CSDS; mental health from NCC; GP, social
 * care and community beds from the stated assumptions below.
 */
import { ACTIVITY_LINES, BANDS, toBands, type ActivityLine, type Band } from './axes.js';
import { hospitalRates, weights1519, type RatesArea } from './hospital-activity.js';
import type { NccRow } from './national-cost-collection.js';
import type { SuPopulation } from './population.js';
import { field, fmtRate, num, readCsv, sum, toCsv } from './table.js';

const CSDS = 'activity/csds_2022_23_england_community_contacts_per1000_by_5yr_band_DERIVED.csv';

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

/** Expand an adults-only profile to the 19 bands; under-18 nil; 15-19 carries only the 18-19 share. */
function adultProfileBands(p: AdultProfile, share1819: number): number[] {
  return BANDS.map((b, i) => {
    if (i <= 2) return 0;
    if (b === '15-19') return p['18-64'] * share1819;
    if (i <= 12) return p['18-64'];
    return p[b as keyof AdultProfile];
  });
}

/** Community health service contacts per person (CSDS 2022/23, England), grossed up for ~79% coverage. */
function communityContactRates(dir: string): number[] {
  const rows = readCsv(dir, CSDS);
  return BANDS.map((b) => {
    const r = rows.find((x) => field(x, 'age_band') === b);
    if (!r) throw new Error(`CSDS: no band ${b}`);
    return num(r['contacts_all_team_types'], 'csds contacts') / num(r['ons_mid2022_population_england'], 'csds pop') / CSDS_COVERAGE;
  });
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

/** All 13 activity lines by band, per person per year, base year: hospital lines from the area's rates (North Yorkshire by default, or England), the rest national. */
export function deriveActivityRates(dir: string, su: SuPopulation, ncc: readonly NccRow[], area: RatesArea = 'E06000065'): ActivityTable {
  const w = weights1519(su, area);
  const share1819 = w.p1819 / (w.p1517 + w.p1819);
  const rates = new Map<ActivityLine, number[]>(hospitalRates(dir, w, area));
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

/** activity-rates.csv text, and the rounded rates it holds (parameters are costed from these). */
export function activityCsv(t: ActivityTable): { csv: string; rounded: Map<ActivityLine, number[]> } {
  const rounded = new Map<ActivityLine, number[]>();
  for (const line of ACTIVITY_LINES) rounded.set(line, t.rates.get(line)!.map((v) => Number(fmtRate(v))));
  const rows = BANDS.map((b, i) => [b, ...ACTIVITY_LINES.map((l) => fmtRate(rounded.get(l)![i]!))]);
  return { csv: toCsv(['age_band', ...ACTIVITY_LINES], rows), rounded };
}
