/**
 * Checks on the committed data/plymouth/ tables: the fund's figures and residual lines, the
 * population from 2015/16, the CCG's allocation and the growth its contribution takes, and the
 * prices table that extends the national one back to 2016/17 without changing it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BANDS, DEFAULT_OUTPUT_DIR, financialYear, parseCsv } from '../../data/derive/derive.js';

const DIR = path.join(DEFAULT_OUTPUT_DIR, 'plymouth');
const table = (name: string, dir = DIR) => parseCsv(readFileSync(path.join(dir, name), 'utf8'));
const params = new Map(table('parameters.csv').map((r) => [r['name']!, Number(r['value'])]));
const p = (name: string) => {
  const v = params.get(name);
  if (v === undefined) throw new Error(`no parameter ${name}`);
  return v;
};

describe('committed data/plymouth tables', () => {
  it('parameters.csv: £460m split 77:23, each partner\'s modelled lines and other in-fund spend making up its contribution', () => {
    expect(p('fund_total_2015_16')).toBe(460e6);
    expect(p('fund_ccg_contribution_2015_16')).toBe(354.2e6);
    expect(p('fund_council_contribution_2015_16')).toBe(105.8e6);
    expect(p('ccg_modelled_in_fund_2015_16') + p('ccg_other_in_fund_2015_16')).toBeCloseTo(354.2e6, 2);
    expect(p('council_modelled_in_fund_2015_16') + p('council_other_in_fund_2015_16')).toBeCloseTo(105.8e6, 2);
    for (const n of ['ccg_other_in_fund_2015_16', 'council_other_in_fund_2015_16']) expect(p(n)).toBeGreaterThan(0);
    // the council's four lines are its residential, nursing, home care and reablement base costs
    const social = ['residential_care_weeks', 'nursing_care_weeks', 'home_care_hours', 'reablement_cases'].reduce((a, l) => a + p(`base_cost_${l}`), 0);
    expect(p('council_modelled_in_fund_2015_16')).toBeCloseTo(social, 0);
    expect(p('asc_staff_transferred_2015')).toBe(173);
  });

  it('population.csv: Plymouth residents 2015/16 to 2040/41 (263,088 at mid-2015)', () => {
    const rows = table('population.csv');
    expect(rows.map((r) => r['year'])).toEqual(Array.from({ length: 26 }, (_, i) => financialYear(2015 + i)));
    const total = (r: Record<string, string>) => BANDS.reduce((a, b) => a + Number(r[b]), 0);
    expect(total(rows[0]!)).toBeCloseTo(263088, 1);
    // rebased: no step between the 2023 estimate and 2024 (the raw projection falls 1.2%)
    const step = total(rows[9]!) / total(rows[8]!) - 1;
    const next = total(rows[10]!) / total(rows[9]!) - 1;
    expect(Math.abs(step - next)).toBeLessThan(0.002);
  });

  it("allocations.csv moves the CCG's £354.2m with England's CCG allocations, and fund-growth.csv takes that growth", () => {
    const alloc = table('allocations.csv');
    // CIPFA: England CCG allocations £69,484m (2015/16) … £79,374m (2020/21)
    const england = [69484, 71853, 73358, 74849, 76469, 79374];
    expect(alloc.map((r) => r['year'])).toEqual(england.map((_, i) => financialYear(2015 + i)));
    alloc.forEach((r, i) => expect(Number(r['ccg_fund'])).toBeCloseTo((354.2e6 * england[i]!) / england[0]!, 1));
    const growth = table('fund-growth.csv');
    expect(growth[0]!['year']).toBe('2016/17');
    expect(growth.at(-1)!['year']).toBe('2040/41');
    for (let i = 1; i < england.length; i++) expect(Number(growth[i - 1]!['ccg'])).toBeCloseTo(england[i]! / england[i - 1]! - 1, 6);
  });

  it('prices.csv runs from 2016/17 and equals data/national/prices.csv from 2018/19', () => {
    const mine = table('prices.csv');
    expect(mine[0]!['year']).toBe('2016/17');
    const national = table('prices.csv', path.join(DEFAULT_OUTPUT_DIR, 'national'));
    for (const n of national) {
      const m = mine.find((r) => r['year'] === n['year'])!;
      expect(m['gdp_deflator']).toBe(n['gdp_deflator']);
      expect(m['nhs_real_growth']).toBe(n['nhs_real_growth']);
    }
    // ONS YBGB, financial-year means of quarters: 2015/16 83.75, 2016/17 85.65, 2017/18 87.0
    expect(Number(mine[0]!['gdp_deflator'])).toBeCloseTo(85.65 / 83.75 - 1, 5);
    expect(Number(mine[1]!['gdp_deflator'])).toBeCloseTo(87.0 / 85.65 - 1, 5);
  });
});
