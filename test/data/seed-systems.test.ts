/**
 * The committed tables of data/north-yorkshire-york/ and data/cheshire/: shapes, each place's
 * 2017/18 population equal to its registered list, the lists summing to the capitation file's
 * CCG totals, provider shares within 1, the alliance's shares summing to 1. The re-derivation
 * byte for byte is in derive.test.ts (OUTPUT_FILES).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BANDS, parseCsv, referenceDataDir } from '../../data/derive/derive.js';
import { repoRoot } from '../helpers.js';

const read = (rel: string) => parseCsv(readFileSync(path.join(repoRoot, rel), 'utf8'));
const REF = referenceDataDir();
const refExists = existsSync(REF);
if (!refExists) console.warn(`[seed-systems.test] SKIPPING the checks against the capitation file: reference data not found at ${REF}`);

describe.each([
  { folder: 'north-yorkshire-york', ccgs: ['03D', '03M', '03Q'], places: 4 },
  { folder: 'cheshire', ccgs: ['01C', '01R', '02D', '02F'], places: 20 },
])('data/$folder', ({ folder, ccgs, places }) => {
  const placeRows = read(`data/${folder}/places.csv`);
  const pop = read(`data/${folder}/population.csv`);
  const listed = placeRows.filter((p) => pop.some((r) => r['place'] === p['place']));
  it('has a population row for every band and year 2017/18 to 2040/41 for each place it derives', () => {
    expect(listed).toHaveLength(places);
    for (const p of listed) {
      const rows = pop.filter((r) => r['place'] === p['place']);
      expect(rows.map((r) => r['year'])).toEqual(Array.from({ length: 24 }, (_, i) => `${2017 + i}/${String((18 + i) % 100).padStart(2, '0')}`));
      for (const r of rows) for (const b of BANDS) expect(Number(r[b])).toBeGreaterThanOrEqual(0);
    }
  });
  it("scales each place's 2017/18 population to its registered list (2018/19 basis)", () => {
    for (const p of listed) {
      const row = pop.find((r) => r['place'] === p['place'] && r['year'] === '2017/18')!;
      const total = BANDS.reduce((a, b) => a + Number(row[b]), 0);
      expect(Math.abs(total - Number(p['registered_2018_19'])), p['place']).toBeLessThan(0.11); // each rounded to 1 dp on its own
    }
  });
  it.skipIf(!refExists)("adds each CCG's places up to its registered list in the capitation file", () => {
    const agg = parseCsv(readFileSync(path.join(REF, 'capitation/nhse_ccg_weighted_populations_gppop2018_19_basis_AGGREGATED.csv'), 'utf8'));
    for (const ccg of ccgs) {
      const want = Number(agg.find((r) => r['ccg_code'] === ccg)!['GP_pop']);
      const got = placeRows.filter((p) => p['ccg'] === ccg).reduce((a, p) => a + Number(p['registered_2018_19']), 0);
      expect(got, ccg).toBeCloseTo(want, 0);
    }
  });
  it.skipIf(!refExists)("states each place's need index against England: its CCG's places average the CCG's need index in the capitation file", () => {
    // a per weighted head comparison of two systems divides by population × need index, so the index must be England's, not the area's
    const agg = parseCsv(readFileSync(path.join(REF, 'capitation/nhse_ccg_weighted_populations_gppop2018_19_basis_AGGREGATED.csv'), 'utf8'));
    for (const ccg of ccgs) {
      const want = Number(agg.find((r) => r['ccg_code'] === ccg)!['need_index_overall_vs_england']);
      const of = placeRows.filter((p) => p['ccg'] === ccg);
      const got = of.reduce((a, p) => a + Number(p['need_index']) * Number(p['registered_2018_19']), 0) / of.reduce((a, p) => a + Number(p['registered_2018_19']), 0);
      expect(got, ccg).toBeCloseTo(want, 3);
    }
  });
  it("keeps every place's providers' shares of each kind of service within 1", () => {
    for (const r of read(`data/${folder}/provider-shares.csv`)) {
      for (const kind of ['acute_', 'community_', 'mental_health_']) {
        const s = Object.entries(r).filter(([k]) => k.startsWith(kind)).reduce((a, [, v]) => a + Number(v), 0);
        expect(s, `${r['place']} ${kind}`).toBeCloseTo(1, 12);
      }
    }
  });
});

describe('data/cheshire/parameters.csv', () => {
  it("gives the alliance's seven members shares that sum to exactly 1", () => {
    const shares = read('data/cheshire/parameters.csv').filter((r) => r['name']!.startsWith('alliance_share_'));
    expect(shares).toHaveLength(7);
    expect(shares.reduce((a, r) => a + Number(r['value']), 0)).toBeCloseTo(1, 12);
  });
  it('puts every place in one of the two councils of the seed footprint', () => {
    for (const p of read('data/cheshire/places.csv')) expect(['cheshire-east', 'cheshire-west-and-chester']).toContain(p['council']);
  });
});
