/**
 * data/devon/: NHS Devon CCG (15N) from April 2019, its 138 practices (NHS England's 2018/19-basis
 * practice file) as places, with Devon County, Plymouth City and Torbay councils.
 *
 * - places.csv: each practice, its PCN (`area`), council, need index, relative need for hospital
 *   care (`ga_need`) and for other care (`overall_need`, both relative to its council area), and
 *   its own base-year "other spend" (prescribing, continuing healthcare and the rest the
 *   model does not build from activity), so that every practice's CCG position is balanced in
 *   2019/20 (ASSUMPTION: balanced base year, no published position).
 * - population.csv: its council area's population by band (rebased, council-population.ts)
 *   scaled to its registered list, so that 2019/20 sums to the 1,225,273 on the file.
 * - provider-shares.csv: who provides each practice's care (devon-providers.ts, ASSUMPTIONS).
 * - activity-rates.csv (England's hospital rates), length-of-stay.csv (one column per trust),
 *   unit-costs.csv (2019/20 prices), allocations.csv, funding-weights.csv, parameters.csv.
 * Method and checks: data/README.md, "data/devon/".
 */
import { ACTIVITY_LINES, BANDS, LAST_MID_YEAR, financialYear, type ActivityLine } from '../axes.js';
import { BASE_YEAR_OCCUPANCY, TARGET_OCCUPANCY, trustBedDays } from '../capacity.js';
import { ENGLAND_CCG_ALLOCATIONS, targetAllocation } from '../allocations.js';
import { fmtMoney, fmtPersons, fmtRate, roundPreservingTotal, sum, toCsv } from '../table.js';
import { unitCostsCsv } from '../unit-costs.js';
import { ParameterList, ascNet2017, lengthOfStayTable, nationalTables, spellExcludingBedDays } from './base-year.js';
import { activityByBand, addUnitCosts, bandTable, fmtWhole, lineUnitCost, relativeWeights } from './common.js';
import { ascRsx2021 } from './council-finance.js';
import { DEVON_COUNCILS, loadDevonPractices, type CouncilId, type DevonPractice } from './devon-practices.js';
import { ACUTE_PROVIDERS, COMMUNITY_PROVIDERS, practiceProviders, type AcuteProvider } from './devon-providers.js';
import type { SystemDerivation, SystemInputs } from './index.js';
import { councilProfile } from './registered-places.js';

const BASE_MID = 2019;
const BASE_YEAR = financialYear(BASE_MID);
const CAPITATION = 'capitation/nhse_gp_practice_weighted_populations_gppop2018_19_basis.csv';

/** Seed 002: "NHS Devon CCG will become a new statutory organisation serving a patient population of nearly 1.2 million people with a budget of more than £1.8 billion ... a membership of 131 GP practices". */
export const DEVON_SEED = { population: 1_200_000, budget: 1_800_000_000, practices: 131 } as const;

/** Acute trusts' HES provider codes, by the ids the model uses. */
const TRUST_CODES: Readonly<Record<Exclude<AcuteProvider, 'other'>, string>> = { rk9: 'RK9', rh8: 'RH8', rbz: 'RBZ', ra9: 'RA9' };

const HOSPITAL_LINES: readonly ActivityLine[] = ['ae_attendances', 'emergency_admissions', 'elective_admissions', 'day_cases', 'outpatient_attendances'];
const SOCIAL_CARE_LINES: readonly ActivityLine[] = ['residential_care_weeks', 'nursing_care_weeks', 'home_care_hours', 'reablement_cases'];
/** The CCG's lines paid from its allocation and modelled by activity (the rest is each place's "other spend"). */
const CCG_LINES: readonly ActivityLine[] = [...HOSPITAL_LINES, 'community_contacts', 'community_bed_days', 'mental_health_contacts', 'gp_consultations'];

export const FILES = [
  'places.csv',
  'population.csv',
  'provider-shares.csv',
  'activity-rates.csv',
  'length-of-stay.csv',
  'unit-costs.csv',
  'allocations.csv',
  'funding-weights.csv',
  'parameters.csv',
] as const;

interface PlaceFigures {
  p: DevonPractice;
  id: string;
  needIndex: number;
  gaNeed: number;
  overallNeed: number;
  /** Base-year population by band, as written. */
  pop: number[];
  /** Base-year CCG payments on the modelled lines, £, and by band. */
  ccgPayments: number;
  ccgByBand: number[];
  socialCare: number;
  socialByBand: number[];
  admissions: number;
  bedDays: number;
  gpCost: number;
  funding: number;
  other: number;
}

export function deriveDevon(inputs: SystemInputs): Record<string, string> {
  const { dir, su } = inputs;
  const practices = loadDevonPractices(dir);
  const providers = practiceProviders(practices);
  const national = nationalTables(inputs, 'E92000001', BASE_YEAR);
  const rate = (l: ActivityLine) => national.rates.get(l)!;
  const params = new ParameterList();

  // --- populations: the council area's bands scaled to the practice's list ---------------
  const councilPop = new Map(DEVON_COUNCILS.map((c) => [c.id, councilProfile(su, c.code)]));
  const popRows: string[][] = [];
  const basePop = new Map<string, number[]>();
  for (const p of practices) {
    const bands = councilPop.get(p.council)!;
    const factor = p.registered / sum(bands.get(BASE_MID)!);
    for (let y = BASE_MID; y <= LAST_MID_YEAR; y++) {
      const row = roundPreservingTotal(bands.get(y)!.map((v) => v * factor));
      if (y === BASE_MID) basePop.set(p.code, row);
      popRows.push([p.code.toLowerCase(), financialYear(y), ...row.map(fmtPersons)]);
    }
  }

  // --- need: overall (funding) and for hospital care (activity) --------------------------
  const total = (xs: readonly DevonPractice[], k: 'registered' | 'wpOverall' | 'wpGA') => sum(xs.map((p) => p[k]));
  const ofCouncil = (c: CouncilId) => practices.filter((p) => p.council === c);
  const councilGA = new Map(DEVON_COUNCILS.map((c) => [c.id, total(ofCouncil(c.id), 'wpGA') / total(ofCouncil(c.id), 'registered')]));
  const councilOverall = new Map(DEVON_COUNCILS.map((c) => [c.id, total(ofCouncil(c.id), 'wpOverall') / total(ofCouncil(c.id), 'registered')]));

  // --- lengths of stay by trust, and England's for other providers ------------------------
  const losTable = lengthOfStayTable(dir, Object.values(TRUST_CODES), true);
  const losOf = (k: AcuteProvider) => losTable.values.get(k === 'other' ? 'england' : k)!;
  const losRounded = Object.fromEntries(ACUTE_PROVIDERS.map((k) => [k, losOf(k).map((v) => Number(fmtRate(v)))])) as Record<AcuteProvider, number[]>;

  // --- each place's base-year activity and cost, from the rounded tables -----------------
  // The four Devon trusts are on block contracts (NEW Devon CCG "switched from payment by results
  // to block contracts with its Devon providers", HSJ 2019; ASSUMPTION for Torbay and South Devon),
  // so the CCG pays each line's base-year cost; other providers are paid the tariff (the spell
  // price for an emergency admission, its bed days within it).
  const spell = national.costs.get('emergency_spell')!;
  const bedDay = national.costs.get('acute_bed_day')!;
  const rounds = practices.map((p) => {
    const pop = basePop.get(p.code)!;
    const gaNeed = Number(fmtRate(p.wpGA / p.registered / councilGA.get(p.council)!));
    const adm = activityByBand(pop, rate('emergency_admissions'), gaNeed);
    const shares = providers.get(p.code)!.acute;
    const daysByBand = (k: AcuteProvider) => adm.map((a, b) => shares[k] * a * losRounded[k][b]!);
    return { p, pop, gaNeed, adm, shares, daysByBand };
  });
  // Devon's emergency admissions by band and their stays, all providers: the mean stay splits the spell
  const admByBand = BANDS.map((_, b) => sum(rounds.map((r) => r.adm[b]!)));
  const losByBand = BANDS.map((_, b) => (admByBand[b]! > 0 ? sum(rounds.map((r) => sum(ACUTE_PROVIDERS.map((k) => r.daysByBand(k)[b]!)))) / admByBand[b]! : 0));
  const split = spellExcludingBedDays(national, admByBand, losByBand);
  const meanLos = split.meanLos;
  const perAdmission = Number(fmtMoney(split.perAdmission));
  const figures: PlaceFigures[] = rounds.map(({ p, pop, gaNeed, adm, shares, daysByBand }) => {
    // against England (every weighted column sums nationally to the list, so per head 1 = England), as each system's need index is: funding's shares within the CCG are the same whatever the scale
    const needIndex = Number(fmtRate(p.wpOverall / p.registered));
    const overallNeed = Number(fmtRate(p.wpOverall / p.registered / councilOverall.get(p.council)!));
    const ccgByBand = BANDS.map(() => 0);
    for (const l of CCG_LINES) {
      if (l === 'emergency_admissions') continue;
      activityByBand(pop, rate(l), HOSPITAL_LINES.includes(l) ? gaNeed : overallNeed).forEach((a, b) => (ccgByBand[b]! += a * lineUnitCost(national, l)));
    }
    const trustDays = BANDS.map((_, b) => sum(ACUTE_PROVIDERS.filter((k) => k !== 'other').map((k) => daysByBand(k)[b]!)));
    adm.forEach((a, b) => (ccgByBand[b]! += a * ((1 - shares.other) * perAdmission + shares.other * spell) + trustDays[b]! * bedDay));
    const socialByBand = BANDS.map(() => 0);
    for (const l of SOCIAL_CARE_LINES) activityByBand(pop, rate(l), overallNeed).forEach((a, b) => (socialByBand[b]! += a * lineUnitCost(national, l)));
    return {
      p, id: p.code.toLowerCase(), needIndex, gaNeed, overallNeed, pop,
      ccgPayments: sum(ccgByBand), ccgByBand, socialCare: sum(socialByBand), socialByBand,
      admissions: sum(adm), bedDays: sum(ACUTE_PROVIDERS.map((k) => sum(daysByBand(k)))),
      gpCost: sum(activityByBand(pop, rate('gp_consultations'), overallNeed)) * lineUnitCost(national, 'gp_consultations'),
      funding: 0, other: 0,
    };
  });

  // --- funding: NHS England's target (core) and primary medical care, divided by weighted population
  const target = targetAllocation(dir, ['99P', '99Q'], 'Target_inc_remote_£k');
  const targetExc = targetAllocation(dir, ['99P', '99Q']);
  const practiceTargets = sum(practices.map((p) => p.target));
  if (Math.abs(practiceTargets - target) > 1000) throw new Error(`Devon practices' targets (${practiceTargets}) do not sum to 99P + 99Q's (${target})`);
  const core = Number(fmtMoney(target));
  const pmc = Number(fmtMoney(sum(figures.map((f) => f.gpCost))));
  const popTotal = BANDS.map((_, b) => sum(figures.map((f) => f.pop[b]!)));
  const ccgWeights = relativeWeights(BANDS.map((_, b) => sum(figures.map((f) => f.ccgByBand[b]!))), popTotal);
  const councilWeights = relativeWeights(BANDS.map((_, b) => sum(figures.map((f) => f.socialByBand[b]!))), popTotal);
  const weighted = figures.map((f) => f.needIndex * sum(f.pop.map((n, b) => n * ccgWeights[b]!)));
  const weightedTotal = sum(weighted);
  figures.forEach((f, i) => {
    f.funding = ((core + pmc) * weighted[i]!) / weightedTotal;
    f.other = Number(fmtMoney(f.funding - f.ccgPayments));
    if (!(f.other > 0)) throw new Error(`practice ${f.p.code}: other spend would be ${f.other.toFixed(2)} (funding ${f.funding.toFixed(0)} < modelled ${f.ccgPayments.toFixed(0)})`);
  });

  // --- tables ----------------------------------------------------------------------------
  const placesCsv = toCsv(
    ['place', 'name', 'commissioner', 'council', 'need_index', 'area', 'practice_code', 'former_ccg', 'district_2022_23', 'council_basis',
      'registered_2018_19', 'wp_overall_2018_19', 'wp_ga_2018_19', 'target_2019_20', 'ga_need', 'overall_need', 'other_spend_2019_20'],
    figures.map((f) => [
      f.id, f.p.name, 'ccg', f.p.council, fmtRate(f.needIndex), f.p.area, f.p.code, f.p.ccg, f.p.district, f.p.councilBasis,
      fmtPersons(f.p.registered), fmtPersons(f.p.wpOverall), fmtPersons(f.p.wpGA), fmtMoney(f.p.target),
      fmtRate(f.gaNeed), fmtRate(f.overallNeed), fmtMoney(f.other),
    ]),
  );
  const populationCsv = toCsv(['place', 'year', ...BANDS], popRows);
  const shareColumns = [
    ...ACUTE_PROVIDERS.map((k) => `acute_${k}`),
    ...COMMUNITY_PROVIDERS.map((k) => `community_${k}`),
    'mental_health_livewell', 'mental_health_dpt',
    'social_care_ra9', 'social_care_independent',
    'reablement_ra9', 'reablement_livewell', 'reablement_independent',
  ];
  const sharesCsv = toCsv(['place', ...shareColumns, 'why'], figures.map((f) => {
    const pr = providers.get(f.p.code)!;
    const one = (b: boolean) => (b ? '1' : '0');
    return [
      f.id,
      ...ACUTE_PROVIDERS.map((k) => fmtRate(pr.acute[k])),
      ...COMMUNITY_PROVIDERS.map((k) => one(pr.community === k)),
      one(pr.mentalHealth === 'livewell'), one(pr.mentalHealth === 'dpt'),
      one(pr.socialCare === 'ra9'), one(pr.socialCare === 'independent'),
      one(pr.reablement === 'ra9'), one(pr.reablement === 'livewell'), one(pr.reablement === 'independent'),
      `ASSUMPTION by geography: ${f.p.area}`,
    ];
  }));
  const allocationsCsv = toCsv(['year', 'ccg_core', 'source'], [
    [BASE_YEAR, fmtMoney(core), `NHS England target allocation for 99P + 99Q (15N), 2018/19 population basis, including the remote-areas adjustment (${CAPITATION}, Target_inc_remote_£k x 1000), distance from target 0% (ASSUMPTION)`],
    ['2020/21', fmtMoney((core * ENGLAND_CCG_ALLOCATIONS['2020/21']!) / ENGLAND_CCG_ALLOCATIONS['2019/20']!), `the 2019/20 figure x England CCG allocations 2020/21 / 2019/20 (CIPFA: ${ENGLAND_CCG_ALLOCATIONS['2020/21']} / ${ENGLAND_CCG_ALLOCATIONS['2019/20']} £m)`],
  ]);
  const weightsCsv = bandTable({ ccg: ccgWeights, council: councilWeights });

  // --- parameters: seed figures, totals and the base-year checks --------------------------
  const seed = "seed 002: 'NHS Devon CCG will become a new statutory organisation serving a patient population of nearly 1.2 million people with a budget of more than £1.8 billion'";
  params.add('seed_population', DEVON_SEED.population, fmtWhole, 'persons', seed);
  params.add('seed_budget', DEVON_SEED.budget, fmtMoney, 'GBP', seed);
  params.add('seed_practices', DEVON_SEED.practices, fmtWhole, 'practices', "seed 002: 'a membership of 131 GP practices across Devon, Plymouth and Torbay'");
  params.add('practices_2018_19_basis', practices.length, fmtWhole, 'practices', `${CAPITATION}, CCG 99P and 99Q`);
  params.add('practices_closed_by_2022_23', practices.filter((p) => !p.open2022).length, fmtWhole, 'practices', 'practices of the 2018/19 file with no row in the 2022/23 file (nor a PCN on the 2018/19 file)');
  params.add('registered_2018_19_basis', total(practices, 'registered'), fmtPersons, 'persons', `${CAPITATION}, GP_pop summed over 99P and 99Q`);
  params.add('weighted_population_2018_19_basis', total(practices, 'wpOverall'), fmtPersons, 'weighted persons', `${CAPITATION}, WP_Overall summed`);
  for (const c of DEVON_COUNCILS) {
    const ps = ofCouncil(c.id);
    params.add(`registered_${c.id}_2018_19_basis`, total(ps, 'registered'), fmtPersons, 'persons', `GP_pop of the practices placed in ${c.name}'s area (places.csv council_basis)`);
    params.add(`practices_${c.id}`, ps.length, fmtWhole, 'practices', `practices placed in ${c.name}'s area`);
    params.add(`resident_${c.id}_2019`, sum(councilPop.get(c.id)!.get(BASE_MID)!), fmtPersons, 'persons', `Strategy Unit file, ${c.code}, v0 2019 (ONS mid-2019 estimate, revised)`);
  }
  params.add('ccg_target_allocation_2018_19_basis', core, fmtMoney, 'GBP (2019/20 allocation)', `${CAPITATION} 99P + 99Q: Target_inc_remote_£k x 1000 (= the CCG file's)`);
  params.add('ccg_target_allocation_exc_remote', targetExc, fmtMoney, 'GBP (2019/20 allocation)', 'capitation/nhse_ccg_weighted_populations_gppop2018_19_basis_AGGREGATED.csv 99P + 99Q: Target_exc_remote_£k x 1000 (without the remote-areas adjustment, which only 99P has)');
  params.add('ccg_distance_from_target', 0, fmtRate, 'fraction', 'ASSUMPTION: NHS Devon CCG funded at its target allocation (no published allocation by year is in the reference data)');
  params.add('primary_care_funding_2019_20', pmc, fmtMoney, `GBP (${BASE_YEAR})`, 'sum over practices of the base-year GP consultation cost (ASSUMPTION: primary medical care, delegated to the CCG from April 2019, balanced in the base year)');
  const budget = params.add('ccg_budget_modelled_2019_20', core + pmc, fmtMoney, `GBP (${BASE_YEAR})`, 'ccg_target_allocation_2018_19_basis + primary_care_funding_2019_20');
  params.add('ccg_budget_share_of_seed', budget / DEVON_SEED.budget, fmtRate, 'ratio', "ccg_budget_modelled_2019_20 / 1.8bn (seed 002: 'a budget of more than £1.8 billion')");
  const ccgModelled = sum(figures.map((f) => f.ccgPayments));
  params.add('ccg_modelled_lines_2019_20', ccgModelled, fmtMoney, `GBP (${BASE_YEAR})`, 'base-year CCG payments on the lines modelled by activity, all practices: the four Devon trusts on block contracts (base-year cost), other acute providers at tariff; community, mental health and GP on blocks');
  params.add('ccg_other_spend_2019_20', sum(figures.map((f) => f.other)), fmtMoney, `GBP (${BASE_YEAR})`, 'sum of places.csv other_spend_2019_20: each practice\'s share of the allocation (by weighted population) less its modelled lines (ASSUMPTION: balanced base year). Prescribing, continuing healthcare, specialist and other CCG spend not modelled by activity');
  for (const l of ACTIVITY_LINES) {
    const scaleOf = (f: PlaceFigures) => (HOSPITAL_LINES.includes(l) ? f.gaNeed : f.overallNeed);
    const act = sum(figures.map((f) => sum(activityByBand(f.pop, rate(l), scaleOf(f)))));
    params.add(`base_activity_${l}`, act, fmtPersons, 'units a year', `sum over practices and bands of activity-rates.csv ${l} x population.csv ${BASE_YEAR}${HOSPITAL_LINES.includes(l) ? ' x ga_need' : ' x overall_need'}`);
    params.add(`base_cost_${l}`, act * lineUnitCost(national, l), fmtMoney, `GBP (${BASE_YEAR} prices)`, `base_activity_${l} x its unit cost`);
  }
  for (const c of DEVON_COUNCILS) {
    const modelled = sum(figures.filter((f) => f.p.council === c.id).map((f) => f.socialCare));
    params.add(`council_asc_funding_${c.id}_2019_20`, modelled, fmtMoney, `GBP (${BASE_YEAR})`, `base-year cost of the four social-care lines in ${c.name}'s practices (ASSUMPTION: balanced)`);
    params.add(`council_asc_net_${c.id}_2017_18`, ascNet2017(dir, c.eCode), fmtMoney, 'GBP (cash, 2017/18)', `RS 2017-18, ${c.eCode} (${c.code}), line 360 Adult Social Care net current expenditure x 1000`);
    const rsx = ascRsx2021(dir, c.code);
    params.add(`council_asc_net_${c.id}_2021_22`, rsx.net, fmtMoney, 'GBP (cash, 2021/22)', `RSX 2021-22, ${c.code}, C7R360 x 1000 (net current expenditure)`);
    params.add(`council_asc_total_${c.id}_2021_22`, rsx.total, fmtMoney, 'GBP (cash, 2021/22)', `RSX 2021-22, ${c.code}, C3R360 x 1000 (total expenditure, before fees, NHS and BCF income)`);
  }
  params.add('emergency_mean_los_2019_20', meanLos, fmtRate, 'days', 'Devon emergency bed days / emergency admissions in 2019/20: each practice\'s admissions x its trusts\' lengths of stay (length-of-stay.csv) by its shares (provider-shares.csv)');
  params.add('bed_occupancy_target', TARGET_OCCUPANCY, fmtRate, 'fraction', 'ASSUMPTION: beds are planned to at most 92% occupancy (as Harrogate)');
  addUnitCosts(params, national, BASE_YEAR);
  params.add('unit_cost_emergency_admission_excl_bed_days', perAdmission, fmtMoney, `GBP per admission (${BASE_YEAR} prices)`,
    'unit_cost_emergency_spell − unit_cost_acute_bed_day × emergency_mean_los_2019_20 (the part of a spell not spent on ward days)');
  for (const [id, code] of Object.entries(TRUST_CODES)) {
    const emergency = sum(rounds.map((r) => sum(r.daysByBand(id as AcuteProvider))));
    params.add(`${id}_emergency_bed_days_2019_20`, emergency, fmtPersons, 'bed days', `Devon practices' emergency admissions at ${code} x its lengths of stay (length-of-stay.csv), 2019/20`);
    params.add(`${id}_emergency_beds_2019_20`, Math.round(emergency / (365 * BASE_YEAR_OCCUPANCY)), fmtWhole, 'beds',
      `${id}_emergency_bed_days_2019_20 / (365 x 0.90), rounded: the beds Devon's emergency stays at ${code} used, ASSUMING they ran at 90% occupancy; the capacity of its emergency bed-day line (held flat: no new beds)`);
    const days = trustBedDays(dir, code);
    params.add(`${id}_ordinary_bed_days_2017_18`, days, fmtPersons, 'bed days', `HES 10641, ${code}: sum over age bands of ordinary episodes x mean length of stay, 2017-18 (all patients, all specialties)`);
    params.add(`${id}_beds_2017_18`, days / (365 * BASE_YEAR_OCCUPANCY), fmtPersons, 'beds', `${id}_ordinary_bed_days_2017_18 / (365 x 0.90): the trust's bed base at an ASSUMED 90% occupancy (context)`);
  }

  return {
    'places.csv': placesCsv,
    'population.csv': populationCsv,
    'provider-shares.csv': sharesCsv,
    'activity-rates.csv': national.ratesCsv,
    'length-of-stay.csv': losTable.csv,
    'unit-costs.csv': unitCostsCsv(national.unitCosts, BASE_YEAR),
    'allocations.csv': allocationsCsv,
    'funding-weights.csv': weightsCsv,
    'parameters.csv': params.csv(),
  };
}

export const DEVON: SystemDerivation = { folder: 'devon', files: FILES, derive: deriveDevon };
