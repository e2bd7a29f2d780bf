/**
 * data/cheshire/: Cheshire's four CCGs (Eastern Cheshire 01C, South Cheshire 01R, Vale Royal 02D,
 * West Cheshire 02F; NHS Cheshire CCG 27D from April 2020) as the seed's care communities (seed 004,
 * July 2017): one place per primary care network of the 2018/19-basis practice file, for
 * models/cheshire-accountable-care.yaml.
 *
 *   places.csv          one row per place: the joint committee, its council, its care system
 *                       (area), need index, relative need for hospital care, list, practices
 *   population.csv      each place's council's age profile scaled to its registered list
 *   provider-shares.csv each place's share of activity by provider (ASSUMPTION, by geography)
 *   activity-rates.csv  England's hospital rates (ASSUMPTION: no Cheshire rates in the reference data)
 *   length-of-stay.csv  mean stay by band at the three acute trusts and England
 *   unit-costs.csv      national unit costs in 2017/18 prices
 *   allocations.csv     the four CCGs' core allocation 2017/18 to 2020/21
 *   parameters.csv      unit costs, base-year funding and cost, the alliance members' shares, beds
 *
 * Warrington (CCG 02E, council E06000007) is not in the seed's footprint (Cheshire East and
 * Cheshire West and Chester Health and Wellbeing Boards) and is left out.
 */
import { FIRST_MID_YEAR, type ActivityLine } from '../axes.js';
import { allocationsByYear } from '../allocations.js';
import { BASE_YEAR_OCCUPANCY } from '../capacity.js';
import { ACUTE_LINES } from '../parameters.js';
import { fmtMoney, fmtPersons, fmtRate, plain, sum, toCsv } from '../table.js';
import { unitCostsCsv } from '../unit-costs.js';
import { ParameterList, ascNet2017, lengthOfStayTable, lineCosts, nationalTables, spellExcludingBedDays } from './base-year.js';
import type { SystemDerivation, SystemInputs } from './index.js';
import { councilProfile, listBy, loadPractices, majority, perHead, placesPopulationCsv, registeredPopulation, type Practice } from './registered-places.js';

const CCGS = ['01C', '01R', '02D', '02F'] as const;
type Ccg = (typeof CCGS)[number];
const CCG_TITLE: Readonly<Record<Ccg, string>> = { '01C': 'Eastern Cheshire', '01R': 'South Cheshire', '02D': 'Vale Royal', '02F': 'West Cheshire' };
const CCG_NAME = (c: Ccg): string => slug(CCG_TITLE[c]);

/** Seed 004: "3 excellent care systems across Cheshire" — the CCGs' areas, South Cheshire and Vale Royal together (one CCG team, seed Appendix A). */
const CARE_SYSTEM: Readonly<Record<Ccg, string>> = {
  '01C': 'Eastern Cheshire',
  '01R': 'South Cheshire and Vale Royal',
  '02D': 'South Cheshire and Vale Royal',
  '02F': 'West Cheshire',
};

/** The two councils of the seed's footprint, by upper-tier code: organisation id, RS 2017-18 E-code. */
const COUNCILS: Readonly<Record<string, { org: string; eCode: string; name: string }>> = {
  E06000049: { org: 'cheshire-east', eCode: 'E0603', name: 'Cheshire East Council' },
  E06000050: { org: 'cheshire-west-and-chester', eCode: 'E0604', name: 'Cheshire West and Chester Council' },
};

/** The one commissioner of the single budget: the CCGs' Joint Commissioning Committee (seed 004, section 5). */
const COMMISSIONER = 'cheshire-ccgs';

/** Acute trusts: organisation id, HES code (other acute trusts take England's stays). */
const TRUSTS = [
  { org: 'mid-cheshire', code: 'RBT' },
  { org: 'east-cheshire', code: 'RJN' },
  { org: 'countess-of-chester', code: 'RJR' },
] as const;
type Acute = (typeof TRUSTS)[number]['org'] | 'other-acute';

/**
 * ASSUMPTION (by geography; no public file in the reference data gives providers' shares): each
 * CCG's hospital activity by trust. Eastern Cheshire looks to Macclesfield (East Cheshire NHS
 * Trust), with Wilmslow, Knutsford and Poynton also to Manchester and Stockport; South Cheshire to
 * Leighton (Mid Cheshire), with Alsager and Audlem partly to Stoke; Vale Royal to Leighton and the
 * Victoria Infirmary, Northwich (Mid Cheshire), partly to Warrington and Chester; West Cheshire to
 * the Countess of Chester, with Ellesmere Port and Neston partly to Arrowe Park (Wirral) and
 * Frodsham and Helsby to Warrington. "other-acute" is those other trusts, outside the alliance.
 */
const ACUTE_SHARES: Readonly<Record<Ccg, Readonly<Partial<Record<Acute, number>>>>> = {
  '01C': { 'east-cheshire': 0.75, 'mid-cheshire': 0.05, 'other-acute': 0.2 },
  '01R': { 'mid-cheshire': 0.85, 'other-acute': 0.15 },
  '02D': { 'mid-cheshire': 0.8, 'countess-of-chester': 0.05, 'other-acute': 0.15 },
  '02F': { 'countess-of-chester': 0.85, 'other-acute': 0.15 },
};

/**
 * Community health services, 2017/18: East Cheshire NHS Trust in Eastern Cheshire; Central Cheshire
 * Integrated Care Partnership (hosted by Mid Cheshire Hospitals NHS FT) in South Cheshire and Vale
 * Royal; Cheshire and Wirral Partnership NHS FT in West Cheshire (ASSUMPTION where the reference
 * data give no source). Mental health: Cheshire and Wirral Partnership everywhere.
 */
const COMMUNITY: Readonly<Record<Ccg, 'east-cheshire' | 'ccicp' | 'cwp'>> = { '01C': 'east-cheshire', '01R': 'ccicp', '02D': 'ccicp', '02F': 'cwp' };

/** The alliance paid the single budget, and the organisation that provides each of its services. */
export const ALLIANCE_MEMBERS = ['mid-cheshire', 'east-cheshire', 'countess-of-chester', 'ccicp', 'cwp', 'primary-care', 'council-reablement'] as const;

const SHARE_COLUMNS = [
  ...([...TRUSTS.map((t) => t.org), 'other-acute'] as const).map((o) => ({ column: `acute_${o.replace(/-/g, '_')}`, value: (c: Ccg) => ACUTE_SHARES[c][o as Acute] ?? 0 })),
  ...(['east-cheshire', 'ccicp', 'cwp'] as const).map((o) => ({ column: `community_${o.replace(/-/g, '_')}`, value: (c: Ccg) => (COMMUNITY[c] === o ? 1 : 0) })),
  { column: 'mental_health_cwp', value: () => 1 },
];

/** A place id from a PCN name: lower-case words joined by hyphens, without a trailing "pcn". */
const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').replace(/-pcn$/, '');

/** Round shares to 9 dp, the last taking what the others leave, so they sum to exactly 1. */
function sharesSummingToOne(xs: readonly number[]): number[] {
  const total = sum(xs);
  const nano = xs.map((x) => Math.round((x / total) * 1e9));
  nano[nano.length - 1] = 1e9 - sum(nano.slice(0, -1));
  return nano.map((n) => n / 1e9);
}

function derive(inputs: SystemInputs): Record<string, string> {
  const { dir } = inputs;
  const all = loadPractices(dir, CCGS);
  const ccgUtla = new Map(CCGS.map((c) => [c, majority(listBy(all.filter((p) => p.ccg === c && p.utla), (p) => p.utla))]));
  const utla = (p: Practice) => p.utla || ccgUtla.get(p.ccg as Ccg)!;

  // places: one per PCN; practices with no PCN in the 2018/19 file form one place per CCG
  const groups = new Map<string, { id: string; name: string; ccg: Ccg; practices: Practice[] }>();
  for (const p of all) {
    const ccg = p.ccg as Ccg;
    const id = p.pcn ? slug(p.pcnName) : `${CCG_NAME(ccg)}-no-pcn`;
    const name = p.pcn ? p.pcnName : `${CCG_TITLE[ccg]} CCG practices not in a PCN (2018/19 file)`;
    const g = groups.get(id) ?? { id, name, ccg, practices: [] };
    if (g.ccg !== ccg) throw new Error(`PCN ${id} spans CCGs ${g.ccg} and ${ccg}`);
    g.practices.push(p);
    groups.set(id, g);
  }
  const places = [...groups.values()].map((g) => {
    const registered = sum(g.practices.map((p) => p.registered));
    const councilCode = majority(listBy(g.practices, utla));
    return { ...g, registered, councilCode, council: COUNCILS[councilCode]! };
  });
  const profiles = new Map(Object.keys(COUNCILS).map((c) => [c, councilProfile(inputs.su, c)]));
  const pop = placesPopulationCsv(places.map((p) => ({ id: p.id, population: registeredPopulation([{ profile: profiles.get(p.councilCode)!, registered: p.registered }]) })));
  const pop2017 = (id: string) => pop.rounded.get(id)!.get(FIRST_MID_YEAR)!;

  // need: overall weighted population per head against England's (every weighted column sums nationally to the list, so 1 = England);
  // hospital need: G&A per head against the council's places'
  const perHeadOf = (ps: readonly Practice[], f: (p: Practice) => number) => sum(ps.map(f)) / sum(ps.map((p) => p.registered));
  const councilGA = new Map(Object.keys(COUNCILS).map((c) => [c, perHeadOf(places.filter((p) => p.councilCode === c).flatMap((p) => p.practices), (p) => p.weightedGA)]));
  const rows = places.map((p) => ({
    ...p,
    need: Number(fmtRate(perHeadOf(p.practices, (x) => x.weighted))),
    gaScale: Number(fmtRate(perHeadOf(p.practices, (x) => x.weightedGA) / councilGA.get(p.councilCode)!)),
  }));

  const t = nationalTables(inputs, 'E92000001');
  const los = lengthOfStayTable(dir, TRUSTS.map((x) => x.code), true);
  const losOf = (o: Acute) => los.values.get(o === 'other-acute' ? 'england' : TRUSTS.find((x) => x.org === o)!.code.toLowerCase())!;
  const params = new ParameterList();
  for (const u of t.unitCosts) params.add(`unit_cost_${u.item}`, u.value, fmtMoney, `GBP per ${u.unit} (2017/18 prices)`, `unit-costs.csv ${u.item}: ${u.source}`);

  // base-year activity by place (hospital lines scaled by relative need), and the spell's non-bed-day part
  const emergency = t.rates.get('emergency_admissions')!;
  const admissionsByBand = (o: Acute) => emergency.map((_, b) => sum(rows.map((r) => (ACUTE_SHARES[r.ccg][o] ?? 0) * r.gaScale * emergency[b]! * pop2017(r.id)[b]!)));
  const acute: Acute[] = [...TRUSTS.map((x) => x.org), 'other-acute'];
  const allAdmissions = emergency.map((_, b) => sum(acute.map((o) => admissionsByBand(o)[b]!)));
  const allBedDays = emergency.map((_, b) => sum(acute.map((o) => admissionsByBand(o)[b]! * losOf(o)[b]!)));
  const spell = spellExcludingBedDays(t, allAdmissions, allBedDays.map((d, b) => d / allAdmissions[b]!));
  params.add('emergency_mean_los_2017_18', spell.meanLos, fmtRate, 'days', 'emergency admissions x each trust\'s length-of-stay.csv column (England for other trusts), weighted by 2017/18 admissions by band and provider share');
  const perAdmission = params.add('unit_cost_emergency_admission_excl_bed_days', spell.perAdmission, fmtMoney, 'GBP per admission (2017/18 prices)',
    'unit_cost_emergency_spell − unit_cost_acute_bed_day × emergency_mean_los_2017_18 (the part of a spell not spent on ward days; each trust\'s bed days are costed at its own stays)');

  // each member's base-year cost in the alliance's scope, and the system's lines
  const memberCost = new Map<string, number>(ALLIANCE_MEMBERS.map((m) => [m, 0]));
  const addTo = (m: string, v: number) => memberCost.set(m, memberCost.get(m)! + v);
  const lines = new Map<ActivityLine, number>();
  const councilSocialCare = new Map<string, number>();
  for (const r of rows) {
    const c = lineCosts(pop2017(r.id), t);
    for (const [l, v] of c) lines.set(l, (lines.get(l) ?? 0) + (ACUTE_LINES.includes(l) ? v * r.gaScale : v));
    for (const o of TRUSTS.map((x) => x.org)) {
      const share = ACUTE_SHARES[r.ccg][o] ?? 0;
      if (!share) continue;
      const p = pop2017(r.id);
      const elective = sum((['ae_attendances', 'elective_admissions', 'day_cases', 'outpatient_attendances'] as const).map((l) => c.get(l)!));
      const adm = perHead(emergency, p);
      const days = perHead(emergency.map((e, b) => e * losOf(o)[b]!), p);
      addTo(o, share * r.gaScale * (elective + adm * perAdmission + days * t.costs.get('acute_bed_day')!));
    }
    addTo(COMMUNITY[r.ccg], c.get('community_contacts')! + c.get('community_bed_days')!);
    addTo('cwp', c.get('mental_health_contacts')!);
    addTo('primary-care', c.get('gp_consultations')!);
    addTo('council-reablement', c.get('reablement_cases')!);
    const sc = c.get('residential_care_weeks')! + c.get('nursing_care_weeks')! + c.get('home_care_hours')!;
    councilSocialCare.set(r.council.org, (councilSocialCare.get(r.council.org) ?? 0) + sc);
  }

  const target = sum(all.map((p) => p.target));
  const byYear = allocationsByYear(target);
  const capitation = 'capitation/nhse_gp_practice_weighted_populations_gppop2018_19_basis.csv';
  params.add('registered_population_2018_19_basis', sum(all.map((p) => p.registered)), fmtPersons, 'persons', `${capitation}: GP_pop over the ${all.length} practices of 01C, 01R, 02D and 02F`);
  params.add('target_allocation_2018_19_basis', target, fmtMoney, 'GBP (2019/20 allocation year)', `${capitation}: Target_exc_remote_£k x 1000 over the same practices`);
  const alloc = params.add('ccg_allocation_2017_18', byYear.get('2017/18')!, fmtMoney, 'GBP (cash, 2017/18)',
    'allocations.csv 2017/18: the 2019/20 target moved back with England CCG allocation growth (CIPFA); distance from target 0% (ASSUMPTION)');
  const paid = sum([...ACUTE_LINES, 'community_contacts', 'community_bed_days', 'mental_health_contacts', 'reablement_cases'].map((l) => lines.get(l as ActivityLine)!));
  params.add('ccg_activity_spend_2017_18', paid, fmtMoney, 'GBP (2017/18 prices)',
    'hospital (tariff, rates scaled by each place\'s relative need), community, mental health (block) and reablement (the BCF) base-year cost, every place, at national unit costs');
  const other = alloc - paid;
  if (!(other >= 0)) throw new Error(`Cheshire other spend would be negative (${other.toFixed(2)})`);
  params.add('ccg_other_spend_2017_18', other, fmtMoney, 'GBP (2017/18 prices)',
    'ccg_allocation_2017_18 - ccg_activity_spend_2017_18 (ASSUMPTION: the four CCGs balanced together in the base year; prescribing, continuing healthcare, specialist and other spend)');
  params.add('primary_care_funding_2017_18', lines.get('gp_consultations')!, fmtMoney, 'GBP (2017/18 prices)', 'base-year GP consultation cost, every place (ASSUMPTION: primary care balanced in the base year)');
  for (const c of Object.values(COUNCILS)) {
    const k = c.org.replace(/-/g, '_');
    params.add(`council_asc_funding_2017_18_${k}`, councilSocialCare.get(c.org)!, fmtMoney, 'GBP (2017/18 prices)',
      `residential + nursing + home care base-year cost of ${c.name}'s places (ASSUMPTION: balanced; reablement is paid by the CCGs through the Better Care Fund here)`);
    params.add(`rs_asc_net_2017_18_${k}`, ascNet2017(dir, c.eCode), fmtMoney, 'GBP (cash, 2017/18)',
      `MHCLG Revenue Outturn (RS) 2017-18, line 360 Adult Social Care, net current expenditure, ${c.name} (E-code ${c.eCode}): a check, not an input`);
  }
  const shares = sharesSummingToOne(ALLIANCE_MEMBERS.map((m) => memberCost.get(m)!));
  ALLIANCE_MEMBERS.forEach((m, i) => {
    const k = m.replace(/-/g, '_');
    params.add(`alliance_base_cost_2017_18_${k}`, memberCost.get(m)!, fmtMoney, 'GBP (2017/18 prices)', `${m}'s base-year cost of the single budget's services (its provider shares, stays and unit costs)`);
    params.add(`alliance_share_${k}`, shares[i]!, (x) => x.toFixed(9), 'share',
      `ASSUMPTION: ${m}'s share of the alliance's gain or loss = its share of the alliance's base-year in-scope cost (alliance_base_cost_2017_18_*), 9 dp, the last member taking what rounding leaves`);
  });
  for (const trust of TRUSTS) {
    const k = trust.org.replace(/-/g, '_');
    const days = sum(admissionsByBand(trust.org).map((a, b) => a * losOf(trust.org)[b]!));
    params.add(`emergency_bed_days_2017_18_${k}`, days, fmtPersons, 'bed days', `emergency admissions x relative need x provider share x length-of-stay.csv ${trust.code.toLowerCase()}, summed over places, 2017/18`);
    params.add(`emergency_beds_2017_18_${k}`, Math.round(days / (365 * BASE_YEAR_OCCUPANCY)), (x) => String(x), 'beds',
      `emergency_bed_days_2017_18_${k} / (365 x 0.90), rounded: the beds Cheshire's emergency stays at ${trust.code} used, ASSUMING 90% occupancy`);
  }
  params.add('bed_occupancy_target', 0.92, fmtRate, 'fraction', 'ASSUMPTION: beds are planned to at most 92% occupancy (as Harrogate)');

  const years = [...byYear.keys()];
  return {
    'places.csv': toCsv(
      ['place', 'name', 'commissioner', 'council', 'area', 'need_index', 'ga_relative_need', 'registered_2018_19', 'practices', 'ccg', 'pcn'],
      rows.map((r) => [r.id, r.name, COMMISSIONER, r.council.org, CARE_SYSTEM[r.ccg], fmtRate(r.need), fmtRate(r.gaScale), fmtPersons(r.registered), String(r.practices.length), r.ccg, r.practices[0]!.pcn]),
    ),
    'population.csv': pop.csv,
    'provider-shares.csv': toCsv(['place', ...SHARE_COLUMNS.map((c) => c.column)], rows.map((r) => [r.id, ...SHARE_COLUMNS.map((c) => plain(c.value(r.ccg)))])),
    'activity-rates.csv': t.ratesCsv,
    'length-of-stay.csv': los.csv,
    'unit-costs.csv': unitCostsCsv(t.unitCosts),
    'allocations.csv': toCsv(['year', 'ccg_core'], years.map((y) => [y, fmtMoney(byYear.get(y)!)])),
    'parameters.csv': params.csv(),
  };
}

export const CHESHIRE: SystemDerivation = {
  folder: 'cheshire',
  files: ['places.csv', 'population.csv', 'provider-shares.csv', 'activity-rates.csv', 'length-of-stay.csv', 'unit-costs.csv', 'allocations.csv', 'parameters.csv'],
  derive,
};
