/**
 * Checks on the committed data/devon/ tables: shapes, the practices' lists against NHS England's
 * file, each practice's population against its list and its council area's profile, need indices
 * that average 1, provider shares that add up, and (where the raw reference data is present) the
 * councils and lengths of stay against their sources. The byte-for-byte re-derivation is in
 * derive.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BANDS, DEFAULT_OUTPUT_DIR, financialYear, parseCsv, referenceDataDir } from '../../data/derive/derive.js';

const DIR = path.join(DEFAULT_OUTPUT_DIR, 'devon');
const table = (name: string) => parseCsv(readFileSync(path.join(DIR, name), 'utf8'));
const header = (name: string) => readFileSync(path.join(DIR, name), 'utf8').split('\n')[0]!.split(',');
const places = table('places.csv');
const population = table('population.csv');
const shares = table('provider-shares.csv');
const REF = referenceDataDir();
const haveRef = existsSync(path.join(REF, 'capitation'));

const byCouncil = (c: string) => places.filter((p) => p['council'] === c);
const listWeighted = (ps: Record<string, string>[], col: string) =>
  ps.reduce((a, p) => a + Number(p[col]) * Number(p['registered_2018_19']), 0) / ps.reduce((a, p) => a + Number(p['registered_2018_19']), 0);

describe('committed data/devon tables', () => {
  it('places.csv: the 138 practices of 99P and 99Q, one row each, with the columns the places reader and the model read', () => {
    expect(places).toHaveLength(138);
    expect(new Set(places.map((p) => p['place'])).size).toBe(138);
    for (const p of places) {
      expect(p['place']).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(p['place']).toBe(p['practice_code']!.toLowerCase());
      expect(['dcc', 'pcc', 'tc']).toContain(p['council']);
      expect(p['commissioner']).toBe('ccg');
      expect(['99P', '99Q']).toContain(p['former_ccg']);
      expect(p['area']!.length).toBeGreaterThan(0);
      for (const c of ['need_index', 'ga_need', 'overall_need', 'other_spend_2019_20', 'registered_2018_19']) {
        expect(Number(p[c]), `${p['place']} ${c}`).toBeGreaterThan(0);
      }
    }
    // NHS England's CCG file: 99P 108 practices, 99Q 30
    expect(places.filter((p) => p['former_ccg'] === '99P')).toHaveLength(108);
    expect(places.filter((p) => p['former_ccg'] === '99Q')).toHaveLength(30);
  });

  it("registered lists sum to the CCG file's (99P 931,441.84 + 99Q 293,831.33)", () => {
    const sum = (ccg: string) => places.filter((p) => p['former_ccg'] === ccg).reduce((a, p) => a + Number(p['registered_2018_19']), 0);
    expect(Math.abs(sum('99P') - 931441.84)).toBeLessThan(108 * 0.05);
    expect(Math.abs(sum('99Q') - 293831.33)).toBeLessThan(30 * 0.05);
  });

  it('need indices are against England (the CCG\'s 1,270,936.2 / 1,225,273.17 over its lists), relative needs for hospital care and social care 1 over each council', () => {
    // against England, as the README says every seed model's need index is: a per weighted head comparison divides by it
    expect(listWeighted(places, 'need_index')).toBeCloseTo(1270936.2 / 1225273.17, 4);
    for (const c of ['dcc', 'pcc', 'tc']) {
      expect(listWeighted(byCouncil(c), 'ga_need')).toBeCloseTo(1, 4);
      expect(listWeighted(byCouncil(c), 'overall_need')).toBeCloseTo(1, 4);
    }
    // need index = the practice's overall weighted population per head (every weighted column sums nationally to the list)
    const p = places[0]!;
    expect(Number(p['need_index'])).toBeCloseTo(Number(p['wp_overall_2018_19']) / Number(p['registered_2018_19']), 4);
  });

  it("population.csv: each practice 2019/20 to 2040/41, its 2019/20 row its list, its profile its council area's", () => {
    expect(header('population.csv')).toEqual(['place', 'year', ...BANDS]);
    const years = Array.from({ length: 22 }, (_, i) => financialYear(2019 + i));
    expect(population).toHaveLength(138 * years.length);
    const rows = new Map<string, Record<string, string>[]>();
    for (const r of population) rows.set(r['place']!, [...(rows.get(r['place']!) ?? []), r]);
    const total = (r: Record<string, string>) => BANDS.reduce((a, b) => a + Number(r[b]), 0);
    for (const p of places) {
      const mine = rows.get(p['place']!)!;
      expect(mine.map((r) => r['year'])).toEqual(years);
      for (const r of mine) for (const b of BANDS) expect(Number(r[b])).toBeGreaterThanOrEqual(0);
      expect(total(mine[0]!)).toBeCloseTo(Number(p['registered_2018_19']), 0);
    }
    // two practices of one council grow alike, band by band (to the rounding of 0.1)
    for (const c of ['dcc', 'pcc', 'tc']) {
      const [a, b] = byCouncil(c).slice(0, 2).map((p) => rows.get(p['place']!)!);
      const scale = total(b![0]!) / total(a![0]!);
      for (const y of [3, 5, 11]) for (const band of BANDS) expect(Math.abs(Number(b![y]![band]) - scale * Number(a![y]![band]))).toBeLessThan(0.1 + 0.05 * scale);
    }
  });

  it('provider-shares.csv: acute shares sum to 1 for each practice; one community, mental-health, social-care and reablement provider each', () => {
    expect(shares.map((s) => s['place'])).toEqual(places.map((p) => p['place']));
    const sum = (s: Record<string, string>, prefix: string) => Object.keys(s).filter((k) => k.startsWith(prefix)).reduce((a, k) => a + Number(s[k]), 0);
    const council = new Map(places.map((p) => [p['place']!, p['council']!]));
    for (const s of shares) {
      expect(sum(s, 'acute_')).toBeCloseTo(1, 9);
      for (const prefix of ['community_', 'mental_health_', 'social_care_', 'reablement_']) expect(sum(s, prefix), `${s['place']} ${prefix}`).toBe(1);
      // Livewell Southwest for Plymouth's mental health (seed 002); Torbay and South Devon for Torbay's social care
      expect(s['mental_health_livewell']).toBe(council.get(s['place']!) === 'pcc' ? '1' : '0');
      expect(s['social_care_ra9']).toBe(council.get(s['place']!) === 'tc' ? '1' : '0');
      expect(s['why']).toContain('ASSUMPTION');
    }
  });

  it('funding-weights.csv and length-of-stay.csv cover every band', () => {
    expect(table('funding-weights.csv').map((r) => r['age_band'])).toEqual([...BANDS]);
    expect(header('length-of-stay.csv')).toEqual(['age_band', 'rk9', 'rh8', 'rbz', 'ra9', 'england']);
    expect(table('length-of-stay.csv').map((r) => r['age_band'])).toEqual([...BANDS]);
  });

  it.skipIf(!haveRef)('councils and lengths of stay agree with the reference files (skipped without ../shared/reference-data)', () => {
    const later = new Map(parseCsv(readFileSync(path.join(REF, 'capitation/nhse_gp_practice_weighted_populations_2022_23.csv'), 'utf8')).map((r) => [r['Practice_Code']!, r]));
    const name = { Devon: 'dcc', Plymouth: 'pcc', Torbay: 'tc' } as Record<string, string>;
    let open = 0;
    for (const p of places) {
      const now = later.get(p['practice_code']!);
      if (!now) continue;
      open++;
      expect(p['council'], p['practice_code']).toBe(name[now['UTLA21']!]);
    }
    expect(open).toBe(122);
    const hes = parseCsv(readFileSync(path.join(REF, 'activity/hes_adhoc10641_ordinary_episodes_los_by_provider_age_2017_18.csv'), 'utf8'));
    const losRows = table('length-of-stay.csv');
    for (const trust of ['RK9', 'RH8', 'RBZ', 'RA9']) {
      const h = hes.find((r) => r['provider_code'] === trust)!;
      expect(Number(losRows[BANDS.indexOf('80-84')]![trust.toLowerCase()])).toBeCloseTo(Number(h['mean_los_80-89']), 4);
      expect(Number(losRows[BANDS.indexOf('90+')]![trust.toLowerCase()])).toBeCloseTo(Number(h['mean_los_90+']), 4);
    }
  });
});
