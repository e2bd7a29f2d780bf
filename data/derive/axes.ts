/**
 * The axes every derived table shares: the model's age bands, its years and its activity lines.
 * Kept apart from any one source so that every step lays its arrays out the same way.
 */

/** The model's 19 five-year age bands, in order. */
export const BANDS = [
  '0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49',
  '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+',
] as const;
export type Band = (typeof BANDS)[number];
/** Number of age bands. */
export const NB = BANDS.length;

/** Base year (mid-2017 population = financial year 2017/18) and last projected year. */
export const FIRST_MID_YEAR = 2017;
export const LAST_MID_YEAR = 2040;

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

/** Financial-year label for a mid-year: 2017 -> "2017/18". */
export function financialYear(midYear: number): string {
  return `${midYear}/${String((midYear + 1) % 100).padStart(2, '0')}`;
}

/** Band index of a single year of age (90 and over -> 90+). */
export function bandIndex(age: number): number {
  return Math.min(Math.floor(age / 5), NB - 1);
}

/** Parse an age label: "90 and over" / "90+" -> 90. */
export function ageOf(label: string): number {
  const m = /^(\d+)/.exec(label.trim());
  if (!m) throw new Error(`bad age label '${label}'`);
  return Number(m[1]);
}

/** A fresh row of zeros, one per band. */
export const zeros = (): number[] => new Array<number>(NB).fill(0);

/** Sum single years of age (index = age, last = 90+) into the 19 bands. */
export function toBands(singleYear: readonly number[]): number[] {
  const out = zeros();
  singleYear.forEach((v, age) => { out[bandIndex(age)]! += v; });
  return out;
}
