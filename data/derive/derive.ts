/**
 * Derive popshift's small tables (Harrogate, national, and each seed system in systems/) from the raw public reference data.
 *
 * Why this exists: the raw files (ONS projections, SUS/HES activity, the NHS
 * England National Cost Collection, capitation files) are large and must not be
 * copied into the project. This script reads them from `../shared/reference-data`
 * (or `$POPSHIFT_REFERENCE_DATA`) and writes only the small derived CSV tables in
 * `data/harrogate/`. Every number's provenance and every assumption is described
 * in `data/README.md`; the constants marked ASSUMPTION in the step modules are the
 * same ones, and all are re-exported from here.
 *
 * Steps, in order (one module each; table.ts and axes.ts serve them all):
 *  1. check the reference folder is there                     table.ts
 *  2. load the two sources that more than one step reads:
 *     Strategy Unit single-year population                    population.ts
 *     NCC 2023/24 national schedule                           national-cost-collection.ts
 *  3. population by band and year, rounded so that 2017/18
 *     sums to the registered list                             population.ts
 *  4. activity rates by line and band                         activity-rates.ts, hospital-activity.ts
 *  5. length of stay by band                                  length-of-stay.ts
 *  6. unit costs, rebased to 2017/18 prices                   unit-costs.ts
 *  7. cost inflation (the CII as used in 6 and 8)             cost-inflation.ts
 *  8. the CCG's allocation by year                           allocations.ts
 *  9. single figures, from the rounded tables of 3-6 and 8    parameters.ts, capacity.ts
 * 10. national prices, funding growth and non-demographic
 *     growth by point of delivery                             national.ts
 * 11. each seed system beyond Harrogate (Devon, Plymouth, North
 *     Yorkshire and York, Cheshire), into its own folder      systems/*.ts
 * 12. write the files, in OUTPUT_FILES order, only once every step has succeeded
 *
 * Run: `npm run derive-data` (or `npx tsx data/derive/derive.ts`).
 * Deterministic: no clocks, no randomness, fixed iteration order, fixed number
 * formatting; the same inputs give the same output bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activityCsv, deriveActivityRates } from './activity-rates.js';
import { FIRST_MID_YEAR, financialYear } from './axes.js';
import { costInflationCsv } from './cost-inflation.js';
import { deriveLengthOfStay } from './length-of-stay.js';
import { loadNcc2324 } from './national-cost-collection.js';
import { deriveParameters } from './parameters.js';
import { deriveAllocations } from './allocations.js';
import { englandPopulationCsv, nationalPricesCsv, nonDemographicGrowthCsv } from './national.js';
import { SU_POPULATION_DEFAULT, SU_POPULATION_OTHER_PLACES, derivePopulation, loadSuPopulation, populationCsv, populationVariantsCsv } from './population.js';
import { SYSTEMS } from './systems/index.js';
import { REPO_ROOT, assertReferenceDir, fmtMoney, referenceDataDir, sum } from './table.js';
import { deriveUnitCosts, unitCostsCsv } from './unit-costs.js';

// The names this file has always exported (tests and data/README.md refer to them here).
export { ACTIVITY_LINES, BANDS, FIRST_MID_YEAR, LAST_MID_YEAR, financialYear, type ActivityLine, type Band } from './axes.js';
export { REPO_ROOT, fmtMoney, fmtPersons, fmtRate, parseCsv, referenceDataDir } from './table.js';
export { REGISTERED_POPULATION, type PopulationTable } from './population.js';
export { CII, to201718Factor } from './cost-inflation.js';
export { SU_LINE_MAP } from './hospital-activity.js';
export type { ActivityTable } from './activity-rates.js';
export type { UnitCost } from './unit-costs.js';
export { LINE_COST } from './parameters.js';
// ASSUMPTIONS (data/README.md, section "Assumptions").
export { CHILD_ADMISSION_SPLIT, CHILD_AE, CHILD_OUTPATIENTS } from './hospital-activity.js';
export {
  COMMUNITY_BED_DAYS, CSDS_COVERAGE, GP_CONSULTATIONS, HOME_CARE_HOURS, MH_PROFILE, NURSING_RESIDENTS,
  REABLEMENT_CASES, RESIDENTIAL_RESIDENTS, type AdultProfile,
} from './activity-rates.js';
export { HOSPITAL_OVERSPEND_RATIO } from './parameters.js';

/** Default output folder for the derived tables (files go in its harrogate/ and national/ folders). */
export const DEFAULT_OUTPUT_DIR = path.join(REPO_ROOT, 'data');

/** Harrogate's and the national tables, relative to the output folder. */
const HARROGATE_AND_NATIONAL_FILES = [
  'harrogate/population.csv',
  'harrogate/population-variants.csv',
  'harrogate/activity-rates.csv',
  'harrogate/length-of-stay.csv',
  'harrogate/unit-costs.csv',
  'harrogate/cost-inflation.csv',
  'harrogate/allocations.csv',
  'harrogate/parameters.csv',
  'national/prices.csv',
  'national/england-population.csv',
  'national/non-demographic-growth.csv',
] as const;

/** Output files, relative to the output folder, in the order they are written: Harrogate, national, then each seed system. */
export const OUTPUT_FILES: readonly string[] = [
  ...HARROGATE_AND_NATIONAL_FILES,
  ...SYSTEMS.flatMap((s) => s.files.map((f) => `${s.folder}/${f}`)),
];

/** Key figures of a run, for the console report and for checks. */
export interface DeriveSummary {
  populationTotal2017: number;
  share65Plus: Map<string, number>;
  scaleFactor: number;
  params: Map<string, number>;
  unitCosts: Map<string, number>;
  losFallbacks: string[];
}

/**
 * Derive every table from `inputDir` (the reference-data folder) and write them into `outputDir`.
 * Returns the key figures for reporting and checks.
 */
export function deriveAll(inputDir: string, outputDir: string): DeriveSummary {
  assertReferenceDir(inputDir);
  const su = loadSuPopulation(inputDir, SYSTEMS.length ? [SU_POPULATION_DEFAULT, SU_POPULATION_OTHER_PLACES] : [SU_POPULATION_DEFAULT]);
  const ncc = loadNcc2324(inputDir);

  const pop = derivePopulation(inputDir, su);
  const popOut = populationCsv(pop);
  const activity = deriveActivityRates(inputDir, su, ncc);
  const actOut = activityCsv(activity);
  const los = deriveLengthOfStay(inputDir);
  const unitCosts = deriveUnitCosts(inputDir, ncc);
  const costMap = new Map(unitCosts.map((c) => [c.item, Number(fmtMoney(c.value))]));
  const pop2017 = popOut.rounded.get(FIRST_MID_YEAR)!;
  const allocations = deriveAllocations(inputDir);
  const params = deriveParameters(inputDir, pop2017, actOut.rounded, costMap, unitCosts, los.values, allocations.byYear.get('2017/18')!);

  const files: Record<string, string> = {
    'harrogate/population.csv': popOut.csv,
    'harrogate/population-variants.csv': populationVariantsCsv(inputDir, popOut.rounded),
    'harrogate/activity-rates.csv': actOut.csv,
    'harrogate/length-of-stay.csv': los.csv,
    'harrogate/unit-costs.csv': unitCostsCsv(unitCosts),
    'harrogate/cost-inflation.csv': costInflationCsv(),
    'harrogate/allocations.csv': allocations.csv,
    'harrogate/parameters.csv': params.csv,
    'national/prices.csv': nationalPricesCsv(),
    'national/england-population.csv': englandPopulationCsv(su),
    'national/non-demographic-growth.csv': nonDemographicGrowthCsv(),
  };
  for (const system of SYSTEMS) {
    const out = system.derive({ dir: inputDir, su, ncc });
    for (const f of system.files) {
      if (out[f] === undefined) throw new Error(`${system.folder}: derive gave no ${f}`);
      files[`${system.folder}/${f}`] = out[f];
    }
  }
  // every table is derived before any is written: a failure leaves data/ as it was
  for (const name of OUTPUT_FILES) mkdirSync(path.dirname(path.join(outputDir, name)), { recursive: true });
  for (const name of OUTPUT_FILES) writeFileSync(path.join(outputDir, name), files[name]!);

  const share65Plus = new Map<string, number>();
  for (const [y, r] of popOut.rounded) share65Plus.set(financialYear(y), sum(r.slice(13)) / sum(r));
  return {
    populationTotal2017: sum(pop2017),
    share65Plus,
    scaleFactor: pop.scaleFactor,
    params: params.values,
    unitCosts: costMap,
    losFallbacks: los.fallbacks,
  };
}

/** Command-line entry: derive into data/harrogate/ and print the key figures; exit 1 if the reference data is missing. */
function main(): void {
  const input = referenceDataDir();
  try {
    assertReferenceDir(input);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  const s = deriveAll(input, DEFAULT_OUTPUT_DIR);
  console.log(`Reference data: ${input}`);
  console.log(`Wrote ${OUTPUT_FILES.join(', ')} to ${path.relative(process.cwd(), DEFAULT_OUTPUT_DIR) || '.'}`);
  console.log(`Population 2017/18 total ${s.populationTotal2017.toFixed(1)} (scale factor ${s.scaleFactor.toFixed(6)})`);
  console.log(`Share 65+: ${[...s.share65Plus].map(([y, v]) => `${y} ${(v * 100).toFixed(1)}%`).join(', ')}`);
  if (s.losFallbacks.length) console.log(`LoS bands using England fallback: ${s.losFallbacks.join(', ')}`);
  for (const [k, v] of s.unitCosts) console.log(`unit cost ${k}: £${v.toFixed(2)}`);
  for (const [k, v] of s.params) console.log(`${k}: ${v}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
