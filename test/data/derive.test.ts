/**
 * Checks on the committed derived tables in data/harrogate/ and, where the raw reference data is
 * available (CI), that re-running the derivation reproduces them byte for byte.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ACTIVITY_LINES,
  BANDS,
  DEFAULT_OUTPUT_DIR,
  OUTPUT_FILES,
  REGISTERED_POPULATION,
  deriveAll,
  financialYear,
  parseCsv,
  referenceDataDir,
} from '../../data/derive/derive.js';

const DATA = path.join(DEFAULT_OUTPUT_DIR, 'harrogate');
const NATIONAL = path.join(DEFAULT_OUTPUT_DIR, 'national');

function table(name: string, dir = DATA): { header: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(path.join(dir, name), 'utf8');
  const header = (text.split('\n')[0] ?? '').split(',');
  return { header, rows: parseCsv(text) };
}

function expectFiniteNonNegative(rows: Record<string, string>[], columns: readonly string[]): void {
  for (const r of rows) {
    for (const c of columns) {
      const v = Number(r[c]);
      expect(Number.isFinite(v), `${c}=${r[c]}`).toBe(true);
      expect(v, `${c}`).toBeGreaterThanOrEqual(0);
    }
  }
}

describe('committed data/harrogate tables', () => {
  it('population.csv has 19 bands and one row per year 2017/18 to 2040/41', () => {
    const { header, rows } = table('population.csv');
    expect(header).toEqual(['year', ...BANDS]);
    const years = Array.from({ length: 24 }, (_, i) => financialYear(2017 + i));
    expect(rows.map((r) => r['year'])).toEqual(years);
    expectFiniteNonNegative(rows, BANDS);
  });

  it('2017/18 population sums to the registered list (162,246) and over 1 in 5 are 65+', () => {
    const base = table('population.csv').rows[0]!;
    const values = BANDS.map((b) => Number(base[b]));
    const total = values.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - REGISTERED_POPULATION)).toBeLessThanOrEqual(0.5);
    const over65 = values.slice(BANDS.indexOf('65-69')).reduce((a, b) => a + b, 0);
    expect(over65 / total).toBeGreaterThan(0.2);
  });

  it('activity-rates.csv has every line for every band', () => {
    const { header, rows } = table('activity-rates.csv');
    expect(header).toEqual(['age_band', ...ACTIVITY_LINES]);
    expect(rows.map((r) => r['age_band'])).toEqual([...BANDS]);
    expectFiniteNonNegative(rows, ACTIVITY_LINES);
    // social care is nil under 18
    for (const b of ['0-4', '5-9', '10-14']) {
      const r = rows.find((x) => x['age_band'] === b)!;
      expect(Number(r['residential_care_weeks'])).toBe(0);
      expect(Number(r['home_care_hours'])).toBe(0);
    }
  });

  it('length-of-stay.csv has a positive mean stay for every band', () => {
    const { header, rows } = table('length-of-stay.csv');
    expect(header).toEqual(['age_band', 'mean_los_days']);
    expect(rows.map((r) => r['age_band'])).toEqual([...BANDS]);
    expectFiniteNonNegative(rows, ['mean_los_days']);
    for (const r of rows) expect(Number(r['mean_los_days'])).toBeGreaterThan(0);
  });

  it('unit-costs.csv has the expected items, all positive', () => {
    const { header, rows } = table('unit-costs.csv');
    expect(header).toEqual(['item', 'unit', 'unit_cost_2017_18', 'source_value', 'source_price_year', 'source']);
    expect(rows.map((r) => r['item'])).toEqual([
      'ae_attendance', 'emergency_spell', 'acute_bed_day', 'elective_spell', 'day_case', 'outpatient_attendance',
      'community_contact', 'community_bed_day', 'mental_health_contact', 'gp_consultation', 'home_care_hour',
      'residential_week', 'nursing_week', 'fnc_week', 'reablement_case',
    ]);
    expectFiniteNonNegative(rows, ['unit_cost_2017_18', 'source_value']);
    for (const r of rows) expect(r['source']).not.toBe('');
  });

  it('cost-inflation.csv covers 2016/17 to 2023/24', () => {
    const { header, rows } = table('cost-inflation.csv');
    expect(header).toEqual(['year', 'rate']);
    expect(rows.map((r) => r['year'])).toEqual(Array.from({ length: 8 }, (_, i) => financialYear(2016 + i)));
    expectFiniteNonNegative(rows, ['rate']);
  });

  it('parameters.csv has finite non-negative values, a source for each, and consistent totals', () => {
    const { header, rows } = table('parameters.csv');
    expect(header).toEqual(['name', 'value', 'unit', 'source']);
    expectFiniteNonNegative(rows, ['value']);
    const p = new Map(rows.map((r) => [r['name']!, Number(r['value'])]));
    for (const r of rows) expect(r['source']).not.toBe('');
    for (const line of ACTIVITY_LINES) expect(p.has(`base_cost_${line}`), line).toBe(true);
    const acute = ['ae_attendances', 'emergency_admissions', 'elective_admissions', 'day_cases', 'outpatient_attendances']
      .map((l) => p.get(`base_cost_${l}`)!)
      .reduce((a, b) => a + b, 0);
    expect(p.get('base_cost_acute_total')).toBeCloseTo(acute, 1);
    expect(p.get('ccg_hospital_funding_2017_18')).toBeCloseTo(p.get('base_cost_acute_total')! / 1.12, 1);
    expect(p.get('registered_population')).toBe(REGISTERED_POPULATION);
    // the integrated-care scope costs the CCG's own envelope (seed 000), and what is left of the allocation is its other spend
    expect(p.get('integrated_care_scope_scale')! * p.get('integrated_care_scope_cost_national')!).toBeCloseTo(24679073, -1);
    expect(p.get('ccg_other_spend_2017_18')).toBeCloseTo(p.get('ccg_allocation_2017_18')! - p.get('ccg_hospital_funding_2017_18')! - 24679073, 1);
  });

  it('allocations.csv: the 2019/20 target, moved by England CCG allocation growth to 2017/18–2020/21', () => {
    const { header, rows } = table('allocations.csv');
    expect(header).toEqual(['year', 'ccg_core', 'source']);
    const v = new Map(rows.map((r) => [r['year']!, Number(r['ccg_core'])]));
    expect([...v.keys()]).toEqual(['2017/18', '2018/19', '2019/20', '2020/21']);
    const p = new Map(table('parameters.csv').rows.map((r) => [r['name']!, Number(r['value'])]));
    expect(v.get('2019/20')).toBe(p.get('ccg_target_allocation_2018_19_basis'));
    // CIPFA: England CCG allocations £73,358m, £74,849m, £76,469m, £79,374m
    expect(v.get('2018/19')! / v.get('2017/18')!).toBeCloseTo(74849 / 73358, 8);
    expect(v.get('2020/21')! / v.get('2019/20')!).toBeCloseTo(79374 / 76469, 8);
    expect(v.get('2017/18')).toBe(p.get('ccg_allocation_2017_18'));
  });
});

describe('committed data/national tables', () => {
  it('prices.csv: the GDP deflator by financial year from ONS quarters, and NHS real growth, 2018/19 to 2040/41', () => {
    const { header, rows } = table('prices.csv', NATIONAL);
    expect(header).toEqual(['year', 'gdp_deflator', 'nhs_real_growth']);
    expect(rows.map((r) => r['year'])).toEqual(Array.from({ length: 23 }, (_, i) => financialYear(2018 + i)));
    const gdp = new Map(rows.map((r) => [r['year']!, Number(r['gdp_deflator'])]));
    // 2018/19 = mean(88.1, 88.6, 89.3, 89.3) / mean(86.5, 86.6, 87.4, 87.5) − 1 (ONS YBGB)
    expect(gdp.get('2018/19')).toBeCloseTo(88.825 / 87.0 - 1, 6);
    // 2020/21 and 2021/22 share their combined change (COVID distortion smoothed): 95.25 / 90.95
    expect(gdp.get('2020/21')).toBeCloseTo(Math.sqrt(95.25 / 90.95) - 1, 6);
    expect(gdp.get('2021/22')).toBe(gdp.get('2020/21'));
    const real = new Map(rows.map((r) => [r['year']!, Number(r['nhs_real_growth'])]));
    expect(real.get('2019/20')).toBe(0.036); // the June 2018 settlement's phasing
    expect(real.get('2025/26')).toBe(0.03); // Spending Review 2025
  });

  it('england-population.csv: England by band, mid-2017 to mid-2040', () => {
    const { header, rows } = table('england-population.csv', NATIONAL);
    expect(header).toEqual(['year', ...BANDS]);
    expect(rows.length).toBe(24);
    expectFiniteNonNegative(rows, BANDS);
    const total = BANDS.reduce((a, b) => a + Number(rows[0]![b]), 0);
    expect(total).toBeGreaterThan(55e6);
    expect(total).toBeLessThan(57e6);
  });

  it('non-demographic-growth.csv: the NHP rates with their P10 and P90', () => {
    const { rows } = table('non-demographic-growth.csv', NATIONAL);
    const v = new Map(rows.map((r) => [r['name']!, Number(r['value'])]));
    for (const k of ['ndg_ae', 'ndg_elective', 'ndg_non_elective', 'ndg_outpatients']) {
      expect(v.get(`${k}_p10`)!).toBeLessThanOrEqual(v.get(k)!);
      expect(v.get(k)!).toBeLessThanOrEqual(v.get(`${k}_p90`)!);
    }
    expect(v.get('ndg_non_elective')).toBe(0.0217);
  });
});

const REF = referenceDataDir();
const refExists = existsSync(REF);

describe('re-derivation from the raw reference data', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'popshift-derive-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  if (!refExists) {
    console.warn(`[derive.test] SKIPPING re-derivation check: reference data not found at ${REF} (../shared/reference-data or $POPSHIFT_REFERENCE_DATA)`);
  }
  it.skipIf(!refExists)(
    refExists
      ? 'reproduces the committed tables byte for byte'
      : `reproduces the committed tables byte for byte (skipped: ../shared/reference-data not found at ${REF})`,
    () => {
      deriveAll(REF, tmp);
      for (const name of OUTPUT_FILES) {
        const fresh = readFileSync(path.join(tmp, name), 'utf8');
        const committed = readFileSync(path.join(DEFAULT_OUTPUT_DIR, name), 'utf8');
        expect(fresh, name).toBe(committed);
      }
    },
  );
});
