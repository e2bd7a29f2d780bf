/**
 * parameters.csv: the single figures — seed-paper facts, the CCG's capitation, and the base-year
 * cost and funding of each part of the system, computed from the rounded tables already written.
 */
import { ACTIVITY_LINES, type ActivityLine } from './axes.js';
import { BASE_YEAR_OCCUPANCY, TARGET_OCCUPANCY, trustBedDays } from './capacity.js';
import { DISTANCE_FROM_TARGET } from './allocations.js';
import { REGISTERED_POPULATION } from './population.js';
import { field, fmtMoney, fmtPersons, fmtRate, num, plain, readCsv, sum, toCsv } from './table.js';
import type { UnitCost } from './unit-costs.js';

const CAPITATION = 'capitation/nhse_ccg_weighted_populations_gppop2018_19_basis_AGGREGATED.csv';

/** Seed 001: "we spend 12% more on hospital services than we receive funding for". */
export const HOSPITAL_OVERSPEND_RATIO = 0.12;

/** Which unit cost prices each activity line. */
export const LINE_COST: Readonly<Record<ActivityLine, string>> = {
  ae_attendances: 'ae_attendance',
  emergency_admissions: 'emergency_spell',
  elective_admissions: 'elective_spell',
  day_cases: 'day_case',
  outpatient_attendances: 'outpatient_attendance',
  community_contacts: 'community_contact',
  gp_consultations: 'gp_consultation',
  mental_health_contacts: 'mental_health_contact',
  residential_care_weeks: 'residential_week',
  nursing_care_weeks: 'nursing_week',
  home_care_hours: 'home_care_hour',
  reablement_cases: 'reablement_case',
  community_bed_days: 'community_bed_day',
};

export const ACUTE_LINES: readonly ActivityLine[] = ['ae_attendances', 'emergency_admissions', 'elective_admissions', 'day_cases', 'outpatient_attendances'];
export const SOCIAL_CARE_LINES: readonly ActivityLine[] = ['residential_care_weeks', 'nursing_care_weeks', 'home_care_hours', 'reablement_cases'];

interface Param { name: string; value: string; unit: string; source: string }

/** Capitation row for Harrogate and Rural District CCG (03E), 2018/19 population basis. */
function ccg03E(dir: string): { registered: number; weighted: number; targetK: number; needIndex: number } {
  const r = readCsv(dir, CAPITATION).find((x) => field(x, 'ccg_code') === '03E');
  if (!r) throw new Error('capitation: no 03E row');
  return {
    registered: num(r['GP_pop'], 'GP_pop'),
    weighted: num(r['WP_Overall'], 'WP_Overall'),
    targetK: num(r['Target_exc_remote_£k'], 'target'),
    needIndex: num(r['need_index_overall_vs_england'], 'need index'),
  };
}

/**
 * Single figures: seed-paper facts, capitation, and the base-year (2017/18) cost of each line =
 * Σ_bands rate × population(2017/18) × unit cost, computed from the rounded values written to the CSVs
 * so that anyone re-computing from the tables gets the same figures.
 */
export function deriveParameters(
  dir: string,
  pop2017: readonly number[],
  rates: Map<ActivityLine, number[]>,
  costs: Map<string, number>,
  unitCosts: readonly UnitCost[],
  los: readonly number[],
  allocation2017: number,
): { csv: string; values: Map<string, number> } {
  const c = ccg03E(dir);
  const p: Param[] = [];
  const values = new Map<string, number>();
  const add = (name: string, value: number, fmt: (x: number) => string, unit: string, source: string): number => {
    const s = fmt(value);
    p.push({ name, value: s, unit, source });
    values.set(name, Number(s));
    return Number(s);
  };
  const alloc = `${CAPITATION}, row 03E`;
  add('registered_population', REGISTERED_POPULATION, (x) => String(x), 'persons', "seed 001: 'The registered population of Harrogate CCG is 162,246'");
  add('ccg_registered_population_2018_19_basis', c.registered, fmtPersons, 'persons', `${alloc}, column GP_pop`);
  add('ccg_weighted_population_2018_19_basis', c.weighted, fmtPersons, 'weighted persons', `${alloc}, column WP_Overall`);
  add('ccg_target_allocation_2018_19_basis', c.targetK * 1000, fmtMoney, 'GBP (2019/20 allocation prices)', `${alloc}, column Target_exc_remote_£k x 1000`);
  add('need_index_2018_19_basis', c.needIndex, fmtRate, 'ratio', `${alloc}, column need_index_overall_vs_england`);
  add('ccg_distance_from_target', DISTANCE_FROM_TARGET, fmtRate, 'fraction', 'ASSUMPTION: the CCG was funded at its target allocation (no published allocation by year is in the reference data)');
  const allocation = add(
    'ccg_allocation_2017_18',
    allocation2017,
    fmtMoney,
    'GBP (cash, 2017/18)',
    'allocations.csv 2017/18: the 2019/20 target allocation moved back with England CCG allocation growth (CIPFA)',
  );
  add('hospital_overspend_ratio', HOSPITAL_OVERSPEND_RATIO, fmtRate, 'ratio', "seed 001: 'we spend 12% more on hospital services than we receive funding for'");
  add('funding_gap_2020_21', 40300000, fmtMoney, 'GBP', "seed 001: 'predicting a funding gap of £40.3m by the end of 2020/21'");
  add('integrated_care_envelope', 24679073, fmtMoney, 'GBP', "seed 000, Appendix 3: 'Indicative financial envelope £24,679,073'");
  add('avoidable_admission_share', 0.2, fmtRate, 'share', "seed 001: '1 in 5 acute admissions could be managed in a less acute setting'");
  add('beds_occupied_after_acute_need_share', 0.6667, fmtRate, 'share', "seed 001: 'nearly 2 in 3 hospital beds are occupied by people whose acute medical needs have been met'");
  add('eol_admission_reduction', 0.1, fmtRate, 'share', 'seed 001, citing the National Audit Office: emergency admissions down 10% with better community end-of-life care');
  add('eol_los_reduction_days', 3, fmtRate, 'days', 'seed 001, citing the National Audit Office: average length of stay down by three days');
  add('plymouth_pool', 460000000, fmtMoney, 'GBP', 'Plymouth integrated fund, as cited in popshift issue 5 (not in the text of seed 002, which only says an integrated fund is in place)');
  add('plymouth_ccg_share', 0.77, fmtRate, 'share', 'Plymouth integrated fund, as cited in popshift issue 5 (not in the text of seed 002)');

  const baseCost = new Map<ActivityLine, number>();
  for (const line of ACTIVITY_LINES) {
    const unit = costs.get(LINE_COST[line]);
    if (unit === undefined) throw new Error(`no unit cost for ${line}`);
    const r = rates.get(line)!;
    const v = add(
      `base_cost_${line}`,
      sum(pop2017.map((n, i) => n * r[i]!)) * unit,
      fmtMoney,
      'GBP (2017/18 prices)',
      `sum over bands of activity-rates.csv ${line} x population.csv 2017/18 x unit-costs.csv ${LINE_COST[line]}`,
    );
    baseCost.set(line, v);
  }
  const acute = add('base_cost_acute_total', sum(ACUTE_LINES.map((l) => baseCost.get(l)!)), fmtMoney, 'GBP (2017/18 prices)',
    'base_cost_ae_attendances + base_cost_emergency_admissions + base_cost_elective_admissions + base_cost_day_cases + base_cost_outpatient_attendances');
  const hospitalFunding = add('ccg_hospital_funding_2017_18', acute / (1 + HOSPITAL_OVERSPEND_RATIO), fmtMoney, 'GBP (2017/18 prices)',
    'base_cost_acute_total / 1.12 (seed 001: hospital spend is 12% above funding)');
  // The integrated-care scope (community services, community beds, community mental health) costs
  // the CCG its own figure, the seed's envelope, not national average unit costs.
  const scopeNational = baseCost.get('community_contacts')! + baseCost.get('community_bed_days')! + baseCost.get('mental_health_contacts')!;
  const envelope = values.get('integrated_care_envelope')!;
  add('integrated_care_scope_cost_national', scopeNational, fmtMoney, 'GBP (2017/18 prices)',
    'base_cost_community_contacts + base_cost_community_bed_days + base_cost_mental_health_contacts (national average unit costs)');
  add('integrated_care_scope_scale', envelope / scopeNational, (x) => plain(Number(x.toPrecision(12))), 'ratio',
    'integrated_care_envelope / integrated_care_scope_cost_national: local unit costs of the scope = national x this (seed 000 gives the scope\'s own figure)');
  const other = allocation - hospitalFunding - envelope;
  if (!(other >= 0)) {
    throw new Error(
      `ccg_other_spend_2017_18 would be negative (${other.toFixed(2)}): allocation ${allocation} < hospital funding + community + mental health. ` +
        'Stopping without writing it; report to the project lead.',
    );
  }
  add('ccg_other_spend_2017_18', other, fmtMoney, 'GBP (2017/18 prices)',
    'ccg_allocation_2017_18 - ccg_hospital_funding_2017_18 - integrated_care_envelope (prescribing, continuing healthcare, specialist and other CCG spend not modelled by activity)');
  add('primary_care_funding_2017_18', baseCost.get('gp_consultations')!, fmtMoney, 'GBP (2017/18 prices)',
    'base_cost_gp_consultations (ASSUMPTION: primary care balanced in the base year)');
  add('council_asc_funding_2017_18', sum(SOCIAL_CARE_LINES.map((l) => baseCost.get(l)!)), fmtMoney, 'GBP (2017/18 prices)',
    "base_cost_residential_care_weeks + base_cost_nursing_care_weeks + base_cost_home_care_hours + base_cost_reablement_cases (ASSUMPTION: balanced; seed 001 says local authorities are 'not overspending')");
  // Unit costs as parameters too, so scenario files can name them ($unit_cost_<item>).
  for (const u of unitCosts) {
    add(`unit_cost_${u.item}`, u.value, fmtMoney, `GBP per ${u.unit} (2017/18 prices)`, `unit-costs.csv ${u.item}: ${u.source}`);
  }
  // An emergency spell's cost split: its bed days are costed on their own line (so they can
  // be cut and their wards released); the rest of the spell stays with the admission.
  const emergencyRates = rates.get('emergency_admissions')!;
  const admissions = sum(pop2017.map((n, i) => n * emergencyRates[i]!));
  const bedDays = sum(pop2017.map((n, i) => n * emergencyRates[i]! * los[i]!));
  const spell = costs.get('emergency_spell')!;
  const bedDay = costs.get('acute_bed_day')!;
  const perAdmission = spell - (bedDay * bedDays) / admissions;
  if (!(perAdmission > 0)) throw new Error(`emergency spell £${spell} is less than its bed days (£${bedDay} × ${(bedDays / admissions).toFixed(2)} days)`);
  add('emergency_mean_los_2017_18', bedDays / admissions, fmtRate, 'days', 'emergency admissions × length-of-stay.csv, weighted by 2017/18 admissions by band');
  add('unit_cost_emergency_admission_excl_bed_days', perAdmission, fmtMoney, 'GBP per admission (2017/18 prices)',
    'unit_cost_emergency_spell − unit_cost_acute_bed_day × emergency_mean_los_2017_18 (the part of a spell not spent on ward days)');
  // Capacity: the beds Harrogate residents' emergency stays used, and the trust's whole bed base for context.
  const trust = trustBedDays(dir);
  add('hdft_ordinary_bed_days_2017_18', trust, fmtPersons, 'bed days', 'HES 10641, RCD: sum over age bands of ordinary episodes x mean length of stay, 2017-18 (all patients, all specialties)');
  add('hdft_beds_2017_18', trust / (365 * BASE_YEAR_OCCUPANCY), fmtPersons, 'beds', 'hdft_ordinary_bed_days_2017_18 / (365 x 0.90): the whole trust, at an ASSUMED 90% occupancy');
  add('emergency_bed_days_2017_18', bedDays, fmtPersons, 'bed days', 'emergency admissions x length-of-stay.csv, summed over bands, 2017/18 (Harrogate residents)');
  add('emergency_beds_2017_18', Math.round(bedDays / (365 * BASE_YEAR_OCCUPANCY)), (x) => String(x), 'beds',
    'emergency_bed_days_2017_18 / (365 x 0.90), rounded: the beds Harrogate residents\' emergency stays used, ASSUMING they ran at 90% occupancy');
  add('bed_occupancy_target', TARGET_OCCUPANCY, fmtRate, 'fraction', 'ASSUMPTION: beds are planned to at most 92% occupancy');
  return { csv: toCsv(['name', 'value', 'unit', 'source'], p.map((x) => [x.name, x.value, x.unit, x.source])), values };
}

