/**
 * The acute trust's beds: Harrogate and District NHS FT's ordinary-episode bed days in 2017-18
 * (HES), and the beds that Harrogate residents' emergency admissions used, for the capacity check
 * on the emergency bed-day line.
 */
import { field, num, readCsv } from './table.js';

const LOS_PROVIDER = 'activity/hes_adhoc10641_ordinary_episodes_los_by_provider_age_2017_18.csv';
const TEN_YEAR = ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80-89', '90+', 'Unknown'];

/** ASSUMPTION: the beds in use in 2017/18 ran at 90% occupancy. */
export const BASE_YEAR_OCCUPANCY = 0.9;
/** ASSUMPTION: the target occupancy beds are planned to (beds needed = bed days ÷ (365 × it)). */
export const TARGET_OCCUPANCY = 0.92;

/** A trust's ordinary-episode bed days 2017-18 (default RCD): Σ over age bands of episodes × mean length of stay. */
export function trustBedDays(dir: string, provider = 'RCD'): number {
  const rcd = readCsv(dir, LOS_PROVIDER).find((r) => field(r, 'provider_code') === provider);
  if (!rcd) throw new Error(`LoS file: no ${provider} row`);
  let days = 0;
  for (const b of TEN_YEAR) days += num(rcd[`episodes_${b}`], `episodes_${b}`) * num(rcd[`mean_los_${b}`], `mean_los_${b}`);
  return days;
}
