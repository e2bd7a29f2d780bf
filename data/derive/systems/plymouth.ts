/**
 * data/plymouth/: the Plymouth integrated fund — the Section 75 fund between NEW Devon CCG
 * (Western locality) and Plymouth City Council from April 2015 — for the city's resident
 * population, 2015/16 to 2040/41.
 *
 * The fund's £460m in 2015/16 and its 77:23 split are popshift issue 11's figures; seed 002 says
 * only that "an integrated fund is in place with risk and benefit sharing agreements". The fund's
 * in-scope spend is made to equal £460m in 2015/16: the modelled lines (hospital, community and
 * mental health for the CCG; four social-care lines for the council) plus one "other in-fund
 * spend" line per partner, computed here as its contribution less its modelled lines.
 *
 * Each partner's contribution grows as its funding does: fund-growth.csv holds the growth of the
 * CCG's allocation (England's CCG allocations to 2020/21, then Plymouth's share of England's
 * weighted population × NHS real growth × the GDP deflator) and of the council's budget (the same
 * with 0.5% real growth, an ASSUMPTION), computed the way the engine moves an allocation beyond
 * its published years (src/engine/funding.ts), from the same rounded tables and explicit age
 * weights (funding-weights.csv), so that a contribution tracks its partner's funding exactly.
 * Method and checks: data/README.md, "data/plymouth/".
 */
import { ACTIVITY_LINES, BANDS, LAST_MID_YEAR, financialYear, type ActivityLine } from '../axes.js';
import { ENGLAND_CCG_ALLOCATIONS_FROM_2015, allocationsByYear } from '../allocations.js';
import { GDP_DEFLATOR_QUARTERLY, NATIONAL_FIRST, NATIONAL_LAST, NHS_REAL_GROWTH, NHS_REAL_GROWTH_LONG_RUN, gdpDeflatorRate } from '../national.js';
import { fmtMoney, fmtPersons, fmtRate, roundPreservingTotal, sum, toCsv } from '../table.js';
import { unitCostsCsv } from '../unit-costs.js';
import { ParameterList, ascNet2017, lengthOfStayTable, nationalTables, spellExcludingBedDays } from './base-year.js';
import { activityByBand, addUnitCosts, bandTable, fmtWhole, lineUnitCost, relativeWeights } from './common.js';
import { ascRsx2021 } from './council-finance.js';
import { AREAS, ENGLAND_REBASED_FIRST } from './council-population.js';
import { DEVON_COUNCILS, loadDevonPractices } from './devon-practices.js';
import { PLYMOUTH_ACUTE } from './devon-providers.js';
import type { SystemDerivation, SystemInputs } from './index.js';
import { councilProfile } from './registered-places.js';

const BASE_MID = 2015;
const BASE_YEAR = financialYear(BASE_MID);

/** popshift issue 11: "the Section 75 integrated fund ... £460m in 2015/16 split 77:23" (not in seed 002's text). */
export const PLYMOUTH_FUND = { total: 460_000_000, ccgShare: 0.77 } as const;
/** Seed 002: "in April 2015, the Local Authority transferred 173 Adult Social Care staff to Livewell Southwest". */
export const ASC_STAFF_TRANSFERRED = 173;
/** ASSUMPTION: council budgets grow 0.5% a year in real terms nationally, as models/harrogate.yaml's councilRealGrowth. */
export const COUNCIL_REAL_GROWTH = 0.005;

/**
 * ONS GDP deflator (YBGB) quarters before 2017 Q1 — the same release and store as
 * GDP_DEFLATOR_QUARTERLY in national.ts (DefraUtils `data-raw/gdp_deflators.csv` at commit
 * 8a30bcaba1b40964a4225fc1cfb2746187728610) — for 2016/17 and 2017/18.
 */
export const GDP_DEFLATOR_QUARTERLY_2015_2016: Readonly<Record<string, number>> = {
  '2015 Q2': 83.2, '2015 Q3': 83.5, '2015 Q4': 83.9, '2016 Q1': 84.4, '2016 Q2': 84.6, '2016 Q3': 85.5, '2016 Q4': 86.1,
};

const HOSPITAL_LINES: readonly ActivityLine[] = ['ae_attendances', 'emergency_admissions', 'elective_admissions', 'day_cases', 'outpatient_attendances'];
/** The CCG's modelled in-fund lines (primary medical care was NHS England's in 2015/16, outside the fund). */
const CCG_LINES: readonly ActivityLine[] = [...HOSPITAL_LINES, 'community_contacts', 'community_bed_days', 'mental_health_contacts'];
const SOCIAL_CARE_LINES: readonly ActivityLine[] = ['residential_care_weeks', 'nursing_care_weeks', 'home_care_hours', 'reablement_cases'];

export const FILES = [
  'population.csv',
  'activity-rates.csv',
  'length-of-stay.csv',
  'unit-costs.csv',
  'allocations.csv',
  'prices.csv',
  'funding-weights.csv',
  'fund-growth.csv',
  'parameters.csv',
] as const;

/** GDP deflator growth into the financial year starting in `y` (2016 and 2017 from the earlier quarters; the national series after). */
function gdpRate(y: number): number {
  if (y >= NATIONAL_FIRST) return gdpDeflatorRate(y);
  const q = { ...GDP_DEFLATOR_QUARTERLY_2015_2016, ...GDP_DEFLATOR_QUARTERLY };
  const index = (fy: number) => [`${fy} Q2`, `${fy} Q3`, `${fy} Q4`, `${fy + 1} Q1`].reduce((a, k) => a + q[k]!, 0) / 4;
  return index(y) / index(y - 1) - 1;
}

export function derivePlymouth(inputs: SystemInputs): Record<string, string> {
  const { dir, su } = inputs;
  const national = nationalTables(inputs, 'E92000001', BASE_YEAR);
  const rate = (l: ActivityLine) => national.rates.get(l)!;
  const params = new ParameterList();

  // --- population: Plymouth's residents, the same rebased series Devon's Plymouth practices take
  const bands = councilProfile(su, AREAS.plymouth, BASE_MID);
  const pop = new Map<number, number[]>();
  for (let y = BASE_MID; y <= LAST_MID_YEAR; y++) pop.set(y, roundPreservingTotal(bands.get(y)!));
  const popCsv = toCsv(['year', ...BANDS], [...pop].map(([y, r]) => [financialYear(y), ...r.map(fmtPersons)]));
  const base = pop.get(BASE_MID)!;

  // --- lengths of stay: Derriford (RK9), England for other providers ----------------------
  const losTable = lengthOfStayTable(dir, ['RK9'], true);
  const rounded = (k: string) => losTable.values.get(k)!.map((v) => Number(fmtRate(v)));
  const los = { rk9: rounded('rk9'), other: rounded('england') };
  const uhpShare = PLYMOUTH_ACUTE.rk9;
  const adm = activityByBand(base, rate('emergency_admissions'));
  const split = spellExcludingBedDays(national, adm, los.rk9.map((v, b) => uhpShare * v + (1 - uhpShare) * los.other[b]!));
  const meanLos = split.meanLos;
  const spell = national.costs.get('emergency_spell')!;
  const perAdmission = Number(fmtMoney(split.perAdmission));

  // --- the partners' modelled in-fund lines in 2015/16 (hospital at tariff; the rest at cost) -
  const ccgByBand = BANDS.map(() => 0);
  for (const l of CCG_LINES) {
    const price = l === 'emergency_admissions' ? spell : lineUnitCost(national, l);
    activityByBand(base, rate(l)).forEach((a, b) => (ccgByBand[b]! += a * price));
  }
  const socialByBand = BANDS.map(() => 0);
  for (const l of SOCIAL_CARE_LINES) activityByBand(base, rate(l)).forEach((a, b) => (socialByBand[b]! += a * lineUnitCost(national, l)));
  const gpByBand = activityByBand(base, rate('gp_consultations')).map((a) => a * lineUnitCost(national, 'gp_consultations'));

  const ccgContribution = Number(fmtMoney(PLYMOUTH_FUND.total * PLYMOUTH_FUND.ccgShare));
  const councilContribution = Number(fmtMoney(PLYMOUTH_FUND.total - ccgContribution));
  const ccgModelled = Number(fmtMoney(sum(ccgByBand)));
  const councilModelled = Number(fmtMoney(sum(socialByBand)));
  const ccgOther = Number(fmtMoney(ccgContribution - ccgModelled));
  const councilOther = Number(fmtMoney(councilContribution - councilModelled));
  if (!(ccgOther > 0) || !(councilOther > 0)) throw new Error(`Plymouth fund: a partner's modelled lines exceed its contribution (CCG other ${ccgOther}, council other ${councilOther})`);

  // --- funding weights: each partner's base-year in-fund spend per head by band ------------
  // The CCG's other in-fund spend is spread over ages like GP consultations (as Harrogate's other
  // spend); the council's like its four social-care lines (the council column is its profile too).
  const gpShare = gpByBand.map((v) => v / sum(gpByBand));
  const ccgWeights = relativeWeights(ccgByBand.map((v, b) => v + ccgOther * gpShare[b]!), base);
  const councilWeights = relativeWeights(socialByBand, base);

  // --- prices from 2016/17 (Plymouth's base year is two years before the national table's) ---
  const first = BASE_MID + 1;
  const gdp = new Map<number, number>();
  const real = new Map<number, number>();
  const englandCash = (y: number) => ENGLAND_CCG_ALLOCATIONS_FROM_2015[financialYear(y)]!;
  for (let y = first; y <= NATIONAL_LAST; y++) {
    gdp.set(y, Number(fmtRate(gdpRate(y))));
    // before 2018/19 (covered by published allocations, so not used): England's CCG allocations' growth over the deflator
    real.set(y, Number(fmtRate(y >= NATIONAL_FIRST ? NHS_REAL_GROWTH[y] ?? NHS_REAL_GROWTH_LONG_RUN : englandCash(y) / englandCash(y - 1) / (1 + gdpRate(y)) - 1)));
  }
  const pricesCsv = toCsv(['year', 'gdp_deflator', 'nhs_real_growth', 'source'], [...gdp.keys()].map((y) => [
    financialYear(y), fmtRate(gdp.get(y)!), fmtRate(real.get(y)!),
    y >= NATIONAL_FIRST ? 'as data/national/prices.csv (national.ts)' : 'ONS GDP deflator YBGB quarters (DefraUtils @ 8a30bca); real growth = England CCG allocations (CIPFA) over it (the year is a published allocation, so it is not used)',
  ]));

  // --- each partner's funding growth, as the engine computes it beyond published years -------
  const allocations = allocationsByYear(ccgContribution, ENGLAND_CCG_ALLOCATIONS_FROM_2015, BASE_YEAR);
  const englandPop = councilProfile(su, AREAS.england, ENGLAND_REBASED_FIRST);
  const englandRounded = (y: number) => englandPop.get(y)!.map((v) => Number(fmtPersons(v)));
  const weighted = (w: readonly number[], row: readonly number[]) => sum(row.map((n, b) => n * w[b]!));
  const shareGrowth = (w: readonly number[], y: number) =>
    (weighted(w, pop.get(y)!) / weighted(w, pop.get(y - 1)!)) / (weighted(w, englandRounded(y)) / weighted(w, englandRounded(y - 1)));
  const growthRows: string[][] = [];
  for (let y = first; y <= LAST_MID_YEAR; y++) {
    const fy = financialYear(y);
    const published = allocations.get(fy);
    const ccg = published !== undefined
      ? published / allocations.get(financialYear(y - 1))! - 1
      : shareGrowth(ccgWeights, y) * (1 + real.get(y)!) * (1 + gdp.get(y)!) - 1;
    const council = shareGrowth(councilWeights, y) * (1 + COUNCIL_REAL_GROWTH) * (1 + gdp.get(y)!) - 1;
    growthRows.push([fy, fmtRate(ccg), fmtRate(council)]);
  }
  const growthCsv = toCsv(['year', 'ccg', 'council'], growthRows);
  const allocationsCsv = toCsv(['year', 'ccg_fund', 'source'], [...allocations].map(([y, v]) => [
    y, fmtMoney(v),
    y === BASE_YEAR
      ? "the CCG's contribution to the integrated fund, 77% of £460m (popshift issue 11; not in seed 002's text)"
      : `the 2015/16 figure x England CCG allocations ${y} / 2015/16 (CIPFA: ${ENGLAND_CCG_ALLOCATIONS_FROM_2015[y]} / ${ENGLAND_CCG_ALLOCATIONS_FROM_2015[BASE_YEAR]} £m)`,
  ]));

  // --- parameters -----------------------------------------------------------------------------
  const issue = "popshift issue 11: 'the Section 75 integrated fund between NEW Devon CCG (Western locality) and Plymouth City Council, £460m in 2015/16 split 77:23' (seed 002 says only 'an integrated fund is in place with risk and benefit sharing agreements')";
  params.add('fund_total_2015_16', PLYMOUTH_FUND.total, fmtMoney, 'GBP (2015/16)', issue);
  params.add('fund_ccg_share', PLYMOUTH_FUND.ccgShare, fmtRate, 'share', issue);
  params.add('fund_ccg_contribution_2015_16', ccgContribution, fmtMoney, 'GBP (2015/16)', 'fund_total_2015_16 x 0.77');
  params.add('fund_council_contribution_2015_16', councilContribution, fmtMoney, 'GBP (2015/16)', 'fund_total_2015_16 − fund_ccg_contribution_2015_16 (23%)');
  params.add('asc_staff_transferred_2015', ASC_STAFF_TRANSFERRED, fmtWhole, 'staff', "seed 002: 'in April 2015, the Local Authority transferred 173 Adult Social Care staff to Livewell Southwest (LWSW) to develop an integrated community health and care provider'");
  params.add('resident_population_2015', sum(base), fmtPersons, 'persons', 'Strategy Unit file, E06000026, v0 2015 (ONS mid-2015 estimate, revised after Census 2021)');
  params.add('resident_population_2019', sum(pop.get(2019)!), fmtPersons, 'persons', 'Strategy Unit file, E06000026, v0 2019');
  const practices = loadDevonPractices(dir).filter((p) => p.council === 'pcc');
  const registered = sum(practices.map((p) => p.registered));
  params.add('registered_plymouth_practices_2018_19_basis', registered, fmtPersons, 'persons', 'GP_pop of the 31 practices data/devon/places.csv places in Plymouth (2018/19 basis)');
  const target = sum(practices.map((p) => p.target));
  params.add('target_plymouth_practices_2019_20', target, fmtMoney, 'GBP (2019/20 allocation)', "NHS England's target allocation (with the remote-areas adjustment) of the same practices, 2018/19 basis");
  params.add('target_plymouth_practices_2015_16', (target * englandCash(BASE_MID)) / englandCash(2019), fmtMoney, 'GBP (2015/16)', 'target_plymouth_practices_2019_20 x England CCG allocations 2015/16 / 2019/20 (CIPFA 69,484 / 76,469): what the target would have been in 2015/16, to set beside the fund');
  params.add('ccg_uhp_share', uhpShare, fmtRate, 'share', "ASSUMPTION by geography, as Devon's Plymouth practices (data/derive/systems/devon-providers.ts): University Hospitals Plymouth's share of Plymouth residents' hospital activity; the rest other acute providers");
  for (const l of ACTIVITY_LINES) {
    const act = sum(activityByBand(base, rate(l)));
    params.add(`base_activity_${l}`, act, fmtPersons, 'units a year', `sum over bands of activity-rates.csv ${l} x population.csv ${BASE_YEAR}`);
    params.add(`base_cost_${l}`, act * lineUnitCost(national, l), fmtMoney, `GBP (${BASE_YEAR} prices)`, `base_activity_${l} x its unit cost`);
  }
  params.add('ccg_modelled_in_fund_2015_16', ccgModelled, fmtMoney, `GBP (${BASE_YEAR})`, "the CCG's modelled in-fund lines in 2015/16: hospital lines at tariff (the emergency spell price), community contacts and beds, mental health");
  params.add('ccg_other_in_fund_2015_16', ccgOther, fmtMoney, `GBP (${BASE_YEAR})`, "fund_ccg_contribution_2015_16 − ccg_modelled_in_fund_2015_16: the CCG's in-fund spend not modelled by activity (prescribing, continuing healthcare, other acute and specialist contracts, the Western locality's other commissioning for Plymouth)");
  params.add('council_modelled_in_fund_2015_16', councilModelled, fmtMoney, `GBP (${BASE_YEAR})`, "the council's four modelled social-care lines in 2015/16 (residential, nursing, home care, reablement)");
  params.add('council_other_in_fund_2015_16', councilOther, fmtMoney, `GBP (${BASE_YEAR})`, "fund_council_contribution_2015_16 − council_modelled_in_fund_2015_16: the council's in-fund spend not modelled by activity (other adult social care — assessment and care management, working-age adults' packages, day care, supported living — and its other in-fund commissioning)");
  params.add('primary_care_funding_2015_16', sum(gpByBand), fmtMoney, `GBP (${BASE_YEAR})`, 'base cost of GP consultations (ASSUMPTION: balanced; commissioned by NHS England in 2015/16, outside the fund)');
  params.add('council_asc_net_2017_18', ascNet2017(dir, DEVON_COUNCILS[1].eCode), fmtMoney, 'GBP (cash, 2017/18)', 'RS 2017-18, E1101 (E06000026), line 360 Adult Social Care net current expenditure x 1000');
  params.add('council_asc_net_2021_22', ascRsx2021(dir, AREAS.plymouth).net, fmtMoney, 'GBP (cash, 2021/22)', 'RSX 2021-22, E06000026, C7R360 x 1000');
  params.add('council_real_growth', COUNCIL_REAL_GROWTH, fmtRate, 'fraction a year', "ASSUMPTION: the council's in-fund budget grows 0.5% a year in real terms nationally (flat per head, as models/harrogate.yaml), with Plymouth's share of England's weighted population and the GDP deflator");
  params.add('emergency_mean_los_2015_16', meanLos, fmtRate, 'days', "Plymouth's 2015/16 emergency admissions x RK9's lengths of stay (England's for other providers), weighted by admissions");
  addUnitCosts(params, national, BASE_YEAR);
  params.add('unit_cost_emergency_admission_excl_bed_days', perAdmission, fmtMoney, `GBP per admission (${BASE_YEAR} prices)`,
    'unit_cost_emergency_spell − unit_cost_acute_bed_day × emergency_mean_los_2015_16 (the part of a spell not spent on ward days)');

  return {
    'population.csv': popCsv,
    'activity-rates.csv': national.ratesCsv,
    'length-of-stay.csv': losTable.csv,
    'unit-costs.csv': unitCostsCsv(national.unitCosts, BASE_YEAR),
    'allocations.csv': allocationsCsv,
    'prices.csv': pricesCsv,
    'funding-weights.csv': bandTable({ ccg: ccgWeights, council: councilWeights }),
    'fund-growth.csv': growthCsv,
    'parameters.csv': params.csv(),
  };
}

export const PLYMOUTH: SystemDerivation = { folder: 'plymouth', files: FILES, derive: derivePlymouth };
