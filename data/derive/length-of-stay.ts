/**
 * length-of-stay.csv: mean stay of ordinary episodes by band at the local acute trust, with England
 * filling suppressed cells, so that emergency bed days can be costed apart from the admission.
 */
import { BANDS, NB } from './axes.js';
import { field, fmtRate, num, readCsv, toCsv } from './table.js';

const LOS_PROVIDER = 'activity/hes_adhoc10641_ordinary_episodes_los_by_provider_age_2017_18.csv';
const LOS_ENGLAND = 'activity/hes_apc_2017_18_mean_los_by_10yr_age_england_derived.csv';

/**
 * Mean length of stay of ordinary episodes at one acute trust (default Harrogate and District NHS FT,
 * RCD), 2017-18, each 10-year band copied to both 5-year sub-bands; suppressed cells ('*') fall back to England.
 */
export function deriveLengthOfStay(dir: string, provider = 'RCD'): { csv: string; fallbacks: string[]; values: number[] } {
  const rcd = readCsv(dir, LOS_PROVIDER).find((r) => field(r, 'provider_code') === provider);
  if (!rcd) throw new Error(`LoS file: no ${provider} row`);
  const eng = new Map(readCsv(dir, LOS_ENGLAND).map((r) => [field(r, ''), num(r['ageHospitalMeanLengthOfStay'], 'eng los')]));
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
    return num(cell, `${provider} los ${tb}`);
  });
  const csv = toCsv(['age_band', 'mean_los_days'], BANDS.map((b, i) => [b, fmtRate(values[i]!)]));
  return { csv, fallbacks, values };
}
