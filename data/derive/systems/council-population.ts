/**
 * Council-area (and England) populations by band and mid-year, with the ONS 2018-based projection
 * rebased on the 2023 estimate, shared by every system built on council areas (Devon's practices
 * take their council area's profile; Plymouth's fund is the city's resident population), and
 * national/england-population-rebased.csv, the England series built the same way so that a
 * place's share of England's weighted population has no step at the join.
 *
 * Why rebase: the Strategy Unit files hold the ONS estimates (`v0`, revised after Census 2021) to
 * mid-2023 and the 2018-based projection (`v1`) from mid-2024, which was not rebased on them, so
 * the two vintages step at the join (Plymouth 268,737 in 2023 to 265,522 in 2024, −1.2%, against
 * +0.2% a year either side). A step like that would show as a fall in demand that did not happen.
 * So (data/README.md, "Council-area populations"): to 2023 the estimates; from 2024 the
 * projection's own growth by band applied to the 2023 estimate, its growth from 2023 to 2024
 * (which the file does not hold) taken as its growth from 2024 to 2025:
 *   P[b, 2024] = E[b, 2023] × V[b, 2025] / V[b, 2024],   P[b, y] = P[b, 2024] × V[b, y] / V[b, 2024].
 */
import { BANDS, LAST_MID_YEAR, financialYear, toBands } from '../axes.js';
import type { SuPopulation } from '../population.js';
import { fmtPersons, toCsv } from '../table.js';
import type { SystemDerivation } from './index.js';

/** The last mid-year of the ONS estimates in the Strategy Unit files; the projection is rebased on it. */
export const LAST_ESTIMATE_YEAR = 2023;

/** Council areas of the Strategy Unit files (ONS codes), and England. */
export const AREAS = {
  devonCounty: 'E10000008',
  plymouth: 'E06000026',
  torbay: 'E06000027',
  england: 'E92000001',
} as const;

/** An area's persons by band for each mid-year from `from` to `to` (default the last derived year), rebased as above. */
export function rebasedBands(su: SuPopulation, area: string, from: number, to = LAST_MID_YEAR): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const last = toBands(su.get(area, LAST_ESTIMATE_YEAR));
  const first = toBands(su.get(area, LAST_ESTIMATE_YEAR + 1));
  const second = toBands(su.get(area, LAST_ESTIMATE_YEAR + 2));
  for (let y = from; y <= to; y++) {
    if (y <= LAST_ESTIMATE_YEAR) out.set(y, toBands(su.get(area, y)));
    else {
      const v = toBands(su.get(area, y));
      out.set(y, v.map((x, b) => (last[b]! * second[b]! / first[b]!) * (x / first[b]!)));
    }
  }
  return out;
}

/** First mid-year of the rebased England table (Plymouth's base year, 2015/16). */
export const ENGLAND_REBASED_FIRST = 2015;

/** national/england-population-rebased.csv: England by band, mid-2015 to mid-2040, rebased as the council areas are. */
export const ENGLAND_REBASED: SystemDerivation = {
  folder: 'national',
  files: ['england-population-rebased.csv'],
  derive: ({ su }) => {
    const rows = [...rebasedBands(su, AREAS.england, ENGLAND_REBASED_FIRST)].map(([y, r]) => [financialYear(y), ...r.map(fmtPersons)]);
    return { 'england-population-rebased.csv': toCsv(['year', ...BANDS], rows) };
  },
};
