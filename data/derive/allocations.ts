/**
 * harrogate/allocations.csv: the CCG's core allocation by year, 2017/18 to 2020/21 — the years of
 * the allocations in force when the £40.3m gap was forecast. No published allocation by year is
 * in the reference data, so (ASSUMPTION, data/README.md) its level is NHS England's target
 * allocation for 03E on the 2018/19 population basis (the 2019/20 allocation year), at target
 * (distance from target 0%), and the other years move with England's CCG allocations as
 * published for 2016/17 to 2020/21.
 */
import { field, fmtMoney, num, readCsv, toCsv } from './table.js';

const CAPITATION = 'capitation/nhse_ccg_weighted_populations_gppop2018_19_basis_AGGREGATED.csv';

/** ASSUMPTION: Harrogate's allocation stood at its target (distance from target 0%). */
export const DISTANCE_FROM_TARGET = 0;

/**
 * CCG allocations in England, £m, 2016/17 to 2020/21, as published in 2016 for the five years:
 * CIPFA, 'Resource allocation' (cms.cipfa.org/cipfa-thinks/health/articles/resource-allocation),
 * "69,484 | 71,853 | 73,358 | 74,849 | 76,469 | 79,374" for 2015/16 to 2020/21.
 */
export const ENGLAND_CCG_ALLOCATIONS: Readonly<Record<string, number>> = {
  '2017/18': 73358,
  '2018/19': 74849,
  '2019/20': 76469,
  '2020/21': 79374,
};

/** The same CIPFA series from 2015/16 (the first two years of its six), for systems whose base year is earlier. */
export const ENGLAND_CCG_ALLOCATIONS_FROM_2015: Readonly<Record<string, number>> = {
  '2015/16': 69484,
  '2016/17': 71853,
  ...ENGLAND_CCG_ALLOCATIONS,
};

/**
 * NHS England's target allocation (core services, 2018/19 basis, the 2019/20 allocation year) summed over CCG codes, £.
 * `column` is the file's target without (default) or with (`Target_inc_remote_£k`) the adjustment for remote areas.
 */
export function targetAllocation(dir: string, ccgCodes: readonly string[], column = 'Target_exc_remote_£k'): number {
  const rows = readCsv(dir, CAPITATION);
  return ccgCodes.reduce((acc, code) => {
    const r = rows.find((x) => field(x, 'ccg_code') === code);
    if (!r) throw new Error(`capitation: no ${code} row`);
    return acc + num(r[column], 'target') * 1000;
  }, 0);
}

/**
 * An allocation by year (2017/18 to 2020/21 by default, or the years of `england`): `anchor` in
 * `anchorYear` (2019/20 by default), moved with England's CCG allocations; rounded to the penny.
 */
export function allocationsByYear(
  anchor: number,
  england: Readonly<Record<string, number>> = ENGLAND_CCG_ALLOCATIONS,
  anchorYear = '2019/20',
): Map<string, number> {
  const byYear = new Map<string, number>();
  for (const y of Object.keys(england)) {
    byYear.set(y, Number(fmtMoney((anchor * england[y]!) / england[anchorYear]!)));
  }
  return byYear;
}

/** The allocation by year and the target it is anchored on. */
export function deriveAllocations(dir: string): { csv: string; byYear: Map<string, number>; target: number } {
  const target = targetAllocation(dir, ['03E']);
  const byYear = allocationsByYear(target * (1 + DISTANCE_FROM_TARGET));
  const source = (y: string) =>
    y === '2019/20'
      ? `NHS England target allocation for 03E, 2018/19 population basis (${CAPITATION}, Target_exc_remote_£k x 1000), distance from target 0% (ASSUMPTION)`
      : `the 2019/20 figure x England CCG allocations ${y} / 2019/20 (CIPFA: ${ENGLAND_CCG_ALLOCATIONS[y]} / ${ENGLAND_CCG_ALLOCATIONS['2019/20']} £m)`;
  const csv = toCsv(['year', 'ccg_core', 'source'], [...byYear].map(([y, v]) => [y, fmtMoney(v), source(y)]));
  return { csv, byYear, target };
}
