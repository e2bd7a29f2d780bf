/**
 * data/north-yorkshire-york/: the CCGs of North Yorkshire and the Vale of York as places (seed 003,
 * the 2013 pioneer bid), for models/north-yorkshire-york.yaml. Harrogate and Rural District is
 * one of them and uses data/harrogate/ as it stands (the model reads those tables directly), so
 * this module writes the other four places and what is shared:
 *
 *   places.csv          one row per place: commissioner, council, area, need index, list, other spend
 *   population.csv      the four other places by band and year (place column)
 *   provider-shares.csv each place's share of activity by provider (ASSUMPTION, by geography)
 *   length-of-stay.csv  mean stay by band at each acute trust (HES 10641 2017-18)
 *   allocations.csv     each other place's core allocation 2017/18 to 2020/21
 *   parameters.csv      base-year funding and cost by place, beds by trust, published ASC spend
 *
 * Vale of York CCG (03Q) is split into its City of York practices and the rest, by each
 * practice's district in the 2022/23 practice file, so that every place has one council.
 */
import { FIRST_MID_YEAR, type ActivityLine } from '../axes.js';
import { allocationsByYear } from '../allocations.js';
import { BASE_YEAR_OCCUPANCY } from '../capacity.js';
import { ACUTE_LINES, SOCIAL_CARE_LINES } from '../parameters.js';
import { derivePopulation, populationCsv } from '../population.js';
import { fmtMoney, fmtPersons, fmtRate, plain, sum, toCsv } from '../table.js';
import { ParameterList, ascNet2017, lengthOfStayTable, lineCosts, nationalTables } from './base-year.js';
import type { SystemDerivation, SystemInputs } from './index.js';
import {
  allAreasProfile, councilProfile, listBy, loadPractices, majority, northYorkshireDistrictProfile, perHead,
  placesPopulationCsv, registeredPopulation, type Practice, type Profile,
} from './registered-places.js';

const YORK = 'E06000014';
const EAST_RIDING = 'E06000011';
const NORTH_YORKSHIRE = 'E10000023';

/** The councils, by upper-tier code in the 2022/23 practice file: organisation id and RS 2017-18 E-code. */
const COUNCILS: Readonly<Record<string, { org: string; eCode: string; name: string }>> = {
  [NORTH_YORKSHIRE]: { org: 'nycc', eCode: 'E2721', name: 'North Yorkshire County Council' },
  [YORK]: { org: 'york-council', eCode: 'E2701', name: 'City of York Council' },
};

interface PlaceSpec {
  id: string;
  name: string;
  ccg: string;
  commissioner: string;
  area: string;
  /** Which of the CCG's practices (by district, '' = not in the 2022/23 file, given the CCG's majority district). */
  takes: (lad: string) => boolean;
}

const NY_CCG_AREA = 'North Yorkshire CCG (42D from April 2020)';
const VOY_AREA = 'Vale of York CCG (03Q)';

/** The places, in order. Harrogate first: its tables are data/harrogate/. */
export const NYY_PLACES: readonly PlaceSpec[] = [
  { id: 'harrogate', name: 'Harrogate and Rural District', ccg: '03E', commissioner: 'harrogate-ccg', area: NY_CCG_AREA, takes: () => true },
  { id: 'hambleton-richmondshire-whitby', name: 'Hambleton, Richmondshire and Whitby', ccg: '03D', commissioner: 'hrw-ccg', area: NY_CCG_AREA, takes: () => true },
  { id: 'scarborough-ryedale', name: 'Scarborough and Ryedale', ccg: '03M', commissioner: 'scarborough-ryedale-ccg', area: NY_CCG_AREA, takes: () => true },
  { id: 'york', name: 'Vale of York: City of York practices', ccg: '03Q', commissioner: 'vale-of-york-ccg', area: VOY_AREA, takes: (lad) => lad === YORK },
  { id: 'vale-of-york-outer', name: 'Vale of York: practices outside the City of York', ccg: '03Q', commissioner: 'vale-of-york-ccg', area: VOY_AREA, takes: (lad) => lad !== YORK },
];

/** Acute trusts: organisation id, HES provider code. */
export const NYY_ACUTE_TRUSTS = [
  { org: 'hdft', code: 'RCD' },
  { org: 'york-ft', code: 'RCB' },
  { org: 'south-tees', code: 'RTR' },
  { org: 'leeds', code: 'RR8' },
  { org: 'darlington', code: 'RXP' },
] as const;

/**
 * ASSUMPTION (by geography; no public file in the reference data gives providers' shares of a
 * CCG's activity): each place's share of its hospital activity by acute trust. Harrogate keeps
 * the Harrogate model's 100% at HDFT, and HDFT serves no other place, as in that model (whose
 * beds are Harrogate's patients'), so that Harrogate matches it (HDFT's patients from Thirsk,
 * Bedale or Tadcaster, if any, are left with their nearer trusts). Hambleton and Richmondshire look to
 * the Friarage (Northallerton) and James Cook (Middlesbrough), both South Tees, Richmondshire also
 * to Darlington, Whitby and Thirsk partly to Scarborough and York (York FT); Scarborough
 * and Ryedale to Scarborough and York hospitals (York FT) with tertiary care at James Cook; York to
 * York Hospital with tertiary care in Leeds; Selby, Sherburn and Tadcaster partly to Leeds.
 * Airedale NHS FT serves Craven, whose practices were in Airedale, Wharfedale and Craven CCG, not in
 * these places, so it has no share here. Shares of a place add up to 1.
 */
export const NYY_ACUTE_SHARES: Readonly<Record<string, Readonly<Partial<Record<(typeof NYY_ACUTE_TRUSTS)[number]['org'], number>>>>> = {
  harrogate: { hdft: 1 },
  'hambleton-richmondshire-whitby': { 'south-tees': 0.65, 'york-ft': 0.2, darlington: 0.15 },
  'scarborough-ryedale': { 'york-ft': 0.95, 'south-tees': 0.05 },
  york: { 'york-ft': 0.97, leeds: 0.03 },
  'vale-of-york-outer': { 'york-ft': 0.85, leeds: 0.15 },
};

/**
 * Community health services by place, 2017/18: HDFT in Harrogate; South Tees (which took over
 * Hambleton and Richmondshire's community services in 2011) in Hambleton, Richmondshire and
 * Whitby; York FT (which took over those of Scarborough and Ryedale and the Vale of York in 2011)
 * elsewhere. ASSUMPTION where the reference data give no source: these are the providers the
 * seed names as partners. Mental health: Tees, Esk and Wear Valleys in every place (it took over
 * York's services from Leeds and York Partnership in October 2015).
 */
export const NYY_COMMUNITY: Readonly<Record<string, 'hdft' | 'york-ft' | 'south-tees'>> = {
  harrogate: 'hdft',
  'hambleton-richmondshire-whitby': 'south-tees',
  'scarborough-ryedale': 'york-ft',
  york: 'york-ft',
  'vale-of-york-outer': 'york-ft',
};

const SHARE_COLUMNS = [
  ...NYY_ACUTE_TRUSTS.map((t) => ({ column: `acute_${t.org.replace(/-/g, '_')}`, value: (p: string) => NYY_ACUTE_SHARES[p]![t.org] ?? 0 })),
  ...(['hdft', 'york-ft', 'south-tees'] as const).map((o) => ({ column: `community_${o.replace(/-/g, '_')}`, value: (p: string) => (NYY_COMMUNITY[p] === o ? 1 : 0) })),
  { column: 'mental_health_tewv', value: () => 1 },
];

/** The lines a commissioner pays for by activity in the base year (tariff or block at cost): hospital, community, mental health. */
const CCG_LINES: readonly ActivityLine[] = [...ACUTE_LINES, 'community_contacts', 'community_bed_days', 'mental_health_contacts'];

/** Parameter names are suffixed with the place id, hyphens as underscores. */
const key = (id: string): string => id.replace(/-/g, '_');

/** A district's profile: York and East Riding from the Strategy Unit files (rebased on 2023); the old North Yorkshire districts by Harrogate's method. */
function districtProfile(inputs: SystemInputs, lad: string, cache: Map<string, Profile>): Profile {
  let p = cache.get(lad);
  if (!p) {
    p = lad === YORK ? councilProfile(inputs.su, YORK) : lad === EAST_RIDING ? allAreasProfile(inputs.dir, EAST_RIDING) : northYorkshireDistrictProfile(inputs.dir, inputs.su, lad).profile;
    cache.set(lad, p);
  }
  return p;
}

/** Every table of data/north-yorkshire-york/. */
function derive(inputs: SystemInputs): Record<string, string> {
  const { dir } = inputs;
  const all = loadPractices(dir, [...new Set(NYY_PLACES.map((p) => p.ccg))]);
  // a practice not in the 2022/23 file (merged or closed since) takes its CCG's majority district
  const ccgLad = new Map([...new Set(all.map((p) => p.ccg))].map((c) => [c, majority(listBy(all.filter((p) => p.ccg === c && p.lad), (p) => p.lad))]));
  const lad = (p: Practice) => p.lad || ccgLad.get(p.ccg)!;
  const utla = (p: Practice) => p.utla || all.find((x) => x.lad === lad(p) && x.utla)!.utla;
  const practicesOf = (s: PlaceSpec) => all.filter((p) => p.ccg === s.ccg && s.takes(lad(p)));

  // population: Harrogate's own table (data/harrogate/population.csv), the others from their districts
  const cache = new Map<string, Profile>();
  const others = NYY_PLACES.filter((s) => s.id !== 'harrogate').map((s) => ({
    id: s.id,
    population: registeredPopulation([...listBy(practicesOf(s), lad)].map(([l, n]) => ({ profile: districtProfile(inputs, l, cache), registered: n }))),
  }));
  const pop = placesPopulationCsv(others);
  const harrogatePop = populationCsv(derivePopulation(dir, inputs.su)).rounded.get(FIRST_MID_YEAR)!;
  const pop2017 = (id: string) => (id === 'harrogate' ? harrogatePop : pop.rounded.get(id)!.get(FIRST_MID_YEAR)!);

  // North Yorkshire's hospital rates and national unit costs, exactly the Harrogate tables (so the model reads those)
  const t = nationalTables(inputs, 'E06000065');
  const los = lengthOfStayTable(dir, NYY_ACUTE_TRUSTS.map((x) => x.code));

  const params = new ParameterList();
  const placeRows: string[][] = [];
  const allocCols: { id: string; byYear: Map<string, number> }[] = [];
  const capitation = 'capitation/nhse_gp_practice_weighted_populations_gppop2018_19_basis.csv';
  for (const s of NYY_PLACES) {
    const ps = practicesOf(s);
    const registered = sum(ps.map((p) => p.registered));
    const weighted = sum(ps.map((p) => p.weighted));
    const target = sum(ps.map((p) => p.target));
    const council = COUNCILS[majority(listBy(ps, utla))]!;
    const costs = lineCosts(pop2017(s.id), t);
    const what = `${s.ccg} practices${s.ccg === '03Q' ? (s.id === 'york' ? ' in the City of York' : ' outside the City of York') : ''} (${ps.length})`;
    let other = '';
    if (s.id !== 'harrogate') {
      const k = key(s.id);
      params.add(`registered_population_${k}`, registered, fmtPersons, 'persons', `${capitation}: GP_pop summed over the ${what}`);
      params.add(`target_allocation_${k}`, target, fmtMoney, 'GBP (2019/20 allocation year)', `${capitation}: Target_exc_remote_£k x 1000 summed over the ${what}`);
      const byYear = allocationsByYear(target);
      allocCols.push({ id: s.id, byYear });
      const alloc = params.add(`ccg_allocation_2017_18_${k}`, byYear.get('2017/18')!, fmtMoney, 'GBP (cash, 2017/18)',
        'allocations.csv 2017/18: the 2019/20 target moved back with England CCG allocation growth (CIPFA); distance from target 0% (ASSUMPTION)');
      const paid = params.add(`ccg_activity_spend_2017_18_${k}`, sum(CCG_LINES.map((l) => costs.get(l)!)), fmtMoney, 'GBP (2017/18 prices)',
        `hospital (tariff), community and mental health (block) base-year cost at national unit costs: Σ rates (data/harrogate/activity-rates.csv) x population.csv 2017/18 x unit costs (data/harrogate/unit-costs.csv)`);
      const rest = alloc - paid;
      if (!(rest >= 0)) throw new Error(`${s.id}: other spend would be negative (${rest.toFixed(2)}); report to the project lead`);
      other = fmtMoney(params.add(`ccg_other_spend_2017_18_${k}`, rest, fmtMoney, 'GBP (2017/18 prices)',
        `ccg_allocation_2017_18_${k} - ccg_activity_spend_2017_18_${k} (ASSUMPTION: the CCG balanced in the base year; prescribing, continuing healthcare, specialist and other spend not modelled by activity)`));
      params.add(`primary_care_funding_2017_18_${k}`, costs.get('gp_consultations')!, fmtMoney, 'GBP (2017/18 prices)', 'base-year GP consultation cost (ASSUMPTION: primary care balanced in the base year)');
      params.add(`council_asc_funding_2017_18_${k}`, sum(SOCIAL_CARE_LINES.map((l) => costs.get(l)!)), fmtMoney, 'GBP (2017/18 prices)',
        `residential + nursing + home care + reablement base-year cost (ASSUMPTION: ${council.name}'s adult social care balanced in the base year)`);
    }
    placeRows.push([s.id, s.name, s.commissioner, council.org, s.area, fmtRate(weighted / registered), fmtPersons(registered), String(ps.length), s.ccg, other]);
  }

  // the beds each trust's emergency stays used in 2017/18, at an ASSUMED 90% occupancy (as for Harrogate)
  for (const trust of NYY_ACUTE_TRUSTS) {
    const lt = los.values.get(trust.code.toLowerCase())!;
    const rates = t.rates.get('emergency_admissions')!;
    const days = sum(NYY_PLACES.map((s) => (NYY_ACUTE_SHARES[s.id]![trust.org] ?? 0) * perHead(rates.map((r, b) => r * lt[b]!), pop2017(s.id))));
    const k = key(trust.org);
    params.add(`emergency_bed_days_2017_18_${k}`, days, fmtPersons, 'bed days',
      `emergency admissions (activity-rates.csv) x population 2017/18 x provider-shares.csv acute_${k} x length-of-stay.csv ${trust.code.toLowerCase()}, summed over places`);
    params.add(`emergency_beds_2017_18_${k}`, Math.round(days / (365 * BASE_YEAR_OCCUPANCY)), (x) => String(x), 'beds',
      `emergency_bed_days_2017_18_${k} / (365 x 0.90), rounded: the beds these places' emergency stays at ${trust.code} used, ASSUMING 90% occupancy`);
  }
  for (const c of Object.values(COUNCILS)) {
    params.add(`rs_asc_net_2017_18_${key(c.org)}`, ascNet2017(dir, c.eCode), fmtMoney, 'GBP (cash, 2017/18)',
      `MHCLG Revenue Outturn (RS) 2017-18, line 360 Adult Social Care, net current expenditure, ${c.name} (E-code ${c.eCode}): a check, not an input`);
  }

  const years = [...allocCols[0]!.byYear.keys()];
  return {
    'places.csv': toCsv(['place', 'name', 'commissioner', 'council', 'area', 'need_index', 'registered_2018_19', 'practices', 'ccg', 'ccg_other_spend_2017_18'], placeRows),
    'population.csv': pop.csv,
    'provider-shares.csv': toCsv(['place', ...SHARE_COLUMNS.map((c) => c.column)], NYY_PLACES.map((s) => [s.id, ...SHARE_COLUMNS.map((c) => plain(c.value(s.id)))])),
    'length-of-stay.csv': los.csv,
    'allocations.csv': toCsv(['year', ...allocCols.map((c) => key(c.id))], years.map((y) => [y, ...allocCols.map((c) => fmtMoney(c.byYear.get(y)!))])),
    'parameters.csv': params.csv(),
  };
}

export const NORTH_YORKSHIRE_YORK: SystemDerivation = {
  folder: 'north-yorkshire-york',
  files: ['places.csv', 'population.csv', 'provider-shares.csv', 'length-of-stay.csv', 'allocations.csv', 'parameters.csv'],
  derive,
};
