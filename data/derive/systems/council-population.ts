/**
 * Council-area (and England) populations by band and mid-year, with the ONS 2018-based projection
 * rebased on the 2023 estimate (registered-places.ts, `rebaseOn2023`: the projection's growth from
 * 2024 applied to the 2023 estimate, 2023→24 taken to grow as 2024→25 does), shared by the
 * Devon practices (their council area's profile) and Plymouth's fund (the city's residents), and
 * national/england-population-rebased.csv, England built the same way from mid-2015, so that a
 * place's share of England's weighted population has no step at the join.
 *
 * Why rebase: the Strategy Unit files hold the ONS estimates (`v0`, revised after Census 2021) to
 * mid-2023 and the 2018-based projection (`v1`) from mid-2024, not rebased on them (Plymouth
 * 268,737 in 2023 to 265,522 in 2024, −1.2%, against +0.2% a year either side): a step like that
 * would show as a fall in demand that did not happen (data/README.md).
 */
import { BANDS, financialYear } from '../axes.js';
import { fmtPersons, toCsv } from '../table.js';
import type { SystemDerivation } from './index.js';
import { councilProfile } from './registered-places.js';

/** Council areas of the Strategy Unit files (ONS codes), and England. */
export const AREAS = {
  devonCounty: 'E10000008',
  plymouth: 'E06000026',
  torbay: 'E06000027',
  england: 'E92000001',
} as const;

/** First mid-year of the rebased England table (Plymouth's base year, 2015/16). */
export const ENGLAND_REBASED_FIRST = 2015;

/** national/england-population-rebased.csv: England by band, mid-2015 to mid-2040, rebased as the council areas are. */
export const ENGLAND_REBASED: SystemDerivation = {
  folder: 'national',
  files: ['england-population-rebased.csv'],
  derive: ({ su }) => {
    const rows = [...councilProfile(su, AREAS.england, ENGLAND_REBASED_FIRST)].map(([y, r]) => [financialYear(y), ...r.map(fmtPersons)]);
    return { 'england-population-rebased.csv': toCsv(['year', ...BANDS], rows) };
  },
};
