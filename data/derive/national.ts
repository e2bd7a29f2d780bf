/**
 * national/prices.csv and national/non-demographic-growth.csv: the national
 * series every system's model shares — the GDP deflator, NHS England's real-terms funding settlements, England's population
 * growth, and growth in hospital activity per head beyond demography by point
 * of delivery. Figures not in the reference data are transcribed here with
 * their source (a public repository and commit, or a published statement) so
 * that the derivation stays reproducible without a network.
 */
import { BANDS, FIRST_MID_YEAR, LAST_MID_YEAR, financialYear, toBands } from './axes.js';
import type { SuPopulation } from './population.js';
import { fmtPersons, fmtRate, sum, toCsv } from './table.js';

/** First and last financial years (by start) of the national series. */
export const NATIONAL_FIRST = 2018;
export const NATIONAL_LAST = 2040;

/**
 * ONS GDP deflator at market prices (series YBGB, 2022 = 100, seasonally adjusted, quarterly),
 * release of 30 June 2025, as stored in Defra-Data-Science-Centre-of-Excellence/DefraUtils
 * `data-raw/gdp_deflators.csv` at commit 8a30bcaba1b40964a4225fc1cfb2746187728610.
 */
export const GDP_DEFLATOR_QUARTERLY: Readonly<Record<string, number>> = {
  '2017 Q1': 86.4, '2017 Q2': 86.5, '2017 Q3': 86.6, '2017 Q4': 87.4,
  '2018 Q1': 87.5, '2018 Q2': 88.1, '2018 Q3': 88.6, '2018 Q4': 89.3,
  '2019 Q1': 89.3, '2019 Q2': 90.2, '2019 Q3': 90.6, '2019 Q4': 91.1,
  '2020 Q1': 91.9, '2020 Q2': 98.8, '2020 Q3': 94.9, '2020 Q4': 94.3,
  '2021 Q1': 95.3, '2021 Q2': 93.9, '2021 Q3': 94.5, '2021 Q4': 95.6,
  '2022 Q1': 97.0, '2022 Q2': 99.1, '2022 Q3': 100.7, '2022 Q4': 103.2,
  '2023 Q1': 105.0, '2023 Q2': 106.8, '2023 Q3': 107.8, '2023 Q4': 108.0,
  '2024 Q1': 109.3, '2024 Q2': 110.1, '2024 Q3': 112.1, '2024 Q4': 113.2,
  '2025 Q1': 114.1,
};

/**
 * OBR Economic and fiscal outlook, March 2025, detailed economy table 1.7: GDP deflator growth by
 * financial year (forecast), as stored in REALCentreTHF/health_funding_page `output/deflator.csv`
 * at commit 4f5843aa1e98c48c46923ace3f8c45b78883541b (value = 1 + growth; year = first year of the FY).
 */
export const OBR_DEFLATOR_FORECAST: Readonly<Record<number, number>> = {
  2025: 1.02645427142634,
  2026: 1.01656342440055,
  2027: 1.02036895316776,
  2028: 1.01947224379082,
  2029: 1.0188110617671,
};

/** ASSUMPTION: GDP deflator growth after the OBR forecast, the Bank of England's 2% inflation target. */
export const DEFLATOR_LONG_RUN = 0.02;

/**
 * NHS England revenue funding growth in real terms (over the GDP deflator), by financial year —
 * growth for the whole population, which a place's fair share takes with its share of England's
 * weighted population:
 * - 2018/19: 0.4% — CIPFA, 'Resource allocation' (CCG allocations: "lowest year 2018/19 when
 *   growth after inflation drops to £0.4bn (0.4%)");
 * - 2019/20 to 2023/24: the June 2018 settlement, "an average of 3.4% in real terms a year over
 *   the next five years" (NHS Long Term Plan, para 6.1), phased "3.6 per cent in 2019-20 and
 *   2020-21, followed by 3.1 per cent in 2021-22 and 2022-23, then 3.4 per cent in 2023-24" (HSJ);
 * - 2024/25: Spending Review 2021, "3.8 per cent average real terms growth up to 2024-25" (NHS Confederation);
 * - 2025/26 to 2028/29: Spending Review 2025, "NHS England spending rises by 3.0% on average" (King's Fund).
 */
export const NHS_REAL_GROWTH: Readonly<Record<number, number>> = {
  2018: 0.004,
  2019: 0.036,
  2020: 0.036,
  2021: 0.031,
  2022: 0.031,
  2023: 0.034,
  2024: 0.038,
  2025: 0.03,
  2026: 0.03,
  2027: 0.03,
  2028: 0.03,
};
/** ASSUMPTION: real growth after 2028/29 continues at the latest settlement's 3.0% (below the 3.7% long-run average since 1948, NHS Long Term Plan para 6.1). */
export const NHS_REAL_GROWTH_LONG_RUN = 0.03;

/**
 * Growth in hospital activity per head beyond demography, a year, by point of delivery: the
 * Strategy Unit's New Hospital Programme demand model, non-demographic growth, central values
 * with the 80% interval (P10, P90), from The-Strategy-Unit/nhp_inputs
 * `inst/app/reference/ndg_variants.json` at commit 2b7b2f109fddc0f49d854486874be76d27ac1874 and
 * its documentation in The-Strategy-Unit/nhp_project_information
 * `modelling_methodology/non-demographic_growth.qmd` (the trend in national hospital activity
 * per head, 2011–2019, from a GAM on HES). Variants 1 and 2 differ only for emergency
 * admissions: variant 1 is "the observed historical rate for all UEC activity" (2.17%); variant
 * 2 applies the rate of non-mitigable activity (−0.14%) to all of it, because the NHP models the
 * mitigable part's fall separately. popshift's do-nothing has no mitigation (schemes are modelled
 * on top), so it takes variant 1, the observed trend.
 */
export const NON_DEMOGRAPHIC_GROWTH: readonly { name: string; central: number; p10: number; p90: number; what: string }[] = [
  { name: 'ndg_ae', central: 0.0131, p10: 0.0121, p90: 0.0141, what: 'A&E attendances (ambulance and walk-in)' },
  { name: 'ndg_elective', central: 0.0062, p10: 0.0053, p90: 0.0071, what: 'elective admissions and day cases (inpatient elective)' },
  { name: 'ndg_non_elective', central: 0.0217, p10: 0.0194, p90: 0.024, what: 'emergency admissions (inpatient non-elective, variant 1: all urgent and emergency care)' },
  { name: 'ndg_outpatients', central: 0.0249, p10: 0.0228, p90: 0.027, what: 'outpatient attendances (first, follow-up, procedure)' },
];

/** GDP deflator index for financial year starting in `y`: the mean of its four quarters (Q2–Q4 of y, Q1 of y+1). */
function deflatorIndex(y: number): number {
  const q = [`${y} Q2`, `${y} Q3`, `${y} Q4`, `${y + 1} Q1`].map((k) => {
    const v = GDP_DEFLATOR_QUARTERLY[k];
    if (v === undefined) throw new Error(`no GDP deflator for ${k}`);
    return v;
  });
  return sum(q) / 4;
}

/**
 * GDP deflator growth into each financial year. Outturn to 2024/25 from ONS quarters; 2020/21 and
 * 2021/22 are distorted by how COVID-19 public spending was measured (+5.4% then −0.6%), so
 * (ASSUMPTION) their combined change is spread evenly over the two years; then the OBR forecast; then 2%.
 */
export function gdpDeflatorRate(y: number): number {
  if (y === 2020 || y === 2021) return Math.sqrt(deflatorIndex(2021) / deflatorIndex(2019)) - 1;
  if (y <= 2024) return deflatorIndex(y) / deflatorIndex(y - 1) - 1;
  const f = OBR_DEFLATOR_FORECAST[y];
  return f !== undefined ? f - 1 : DEFLATOR_LONG_RUN;
}

/** prices.csv: one row per year, each rate the change into that year. */
export function nationalPricesCsv(): string {
  const rows: string[][] = [];
  for (let y = NATIONAL_FIRST; y <= NATIONAL_LAST; y++) {
    rows.push([financialYear(y), fmtRate(gdpDeflatorRate(y)), fmtRate(NHS_REAL_GROWTH[y] ?? NHS_REAL_GROWTH_LONG_RUN)]);
  }
  return toCsv(['year', 'gdp_deflator', 'nhs_real_growth'], rows);
}

/**
 * england-population.csv: England by the model's age bands, mid-2017 to mid-2040 (estimates to
 * 2023, the 2018-based projection after, as the places' own tables are built), so that a place's
 * weighted population can be taken as a share of England's.
 */
export function englandPopulationCsv(su: SuPopulation): string {
  const rows: string[][] = [];
  for (let y = FIRST_MID_YEAR; y <= LAST_MID_YEAR; y++) rows.push([financialYear(y), ...toBands(su.get('E92000001', y)).map(fmtPersons)]);
  return toCsv(['year', ...BANDS], rows);
}

/** non-demographic-growth.csv: a parameter table (name, value, unit, source), with the P10 and P90 of each. */
export function nonDemographicGrowthCsv(): string {
  const source = 'Strategy Unit NHP demand model, non-demographic growth variant 1 (nhp_inputs ndg_variants.json @ 2b7b2f1)';
  const rows = NON_DEMOGRAPHIC_GROWTH.flatMap((g) => [
    [g.name, fmtRate(g.central), 'fraction a year', `${source}: ${g.what}, central`],
    [`${g.name}_p10`, fmtRate(g.p10), 'fraction a year', `${source}: ${g.what}, P10`],
    [`${g.name}_p90`, fmtRate(g.p90), 'fraction a year', `${source}: ${g.what}, P90`],
  ]);
  return toCsv(['name', 'value', 'unit', 'source'], rows);
}
