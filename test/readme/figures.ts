/**
 * The figures the README quotes, computed from the models: each is written in
 * the README between markers, `<!--fig:name-->£40.3m<!--/fig-->`, and
 * `readme.test.ts` fails when one drifts from what the code computes.
 * `npm run readme-figures` rewrites them. A figure may span lines (a table).
 * Numbers the README takes from a seed or an issue rather than from a model
 * ("nearly 1.2 million", "131 practices") are not figures: they are sources.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mergeFlows } from '../../src/engine/merge-flows.js';
import { varyingSlots } from '../../src/engine/project.js';
import { appraise, fitDistributions, loadScenario, project, tornado, type PreparedScenario, type Results, type PoolResult, type EnvelopeResult } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const README = `${root}README.md`;

const millions = (v: number, d = 1) => (Math.abs(v) / 1e6).toLocaleString('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });
const m1 = (v: number) => `${v < 0 ? '−' : ''}£${millions(v)}m`;
const signed = (v: number) => `${v < 0 ? '−' : '+'}£${millions(v)}m`;
/** £m to one decimal place, without a trailing .0: £460m. */
const mShort = (v: number) => `${v < 0 ? '−' : ''}£${Number((Math.abs(v) / 1e6).toFixed(1)).toLocaleString('en-GB')}m`;
const pct = (v: number, d = 1) => `${(v * 100).toFixed(d)}%`;
const whole = (v: number) => Math.round(v).toLocaleString('en-GB');
/** £m in a table cell, no £: 2.3, −20.5; zero as 0.0. */
const cell = (v: number) => (Math.abs(v) < 5e4 ? '0.0' : `${v < 0 ? '−' : ''}${millions(v)}`);
/** The same with its sign: +7.4, −3.3; zero as 0.0. */
const cellSigned = (v: number) => (Math.abs(v) < 5e4 ? '0.0' : `${v < 0 ? '−' : '+'}${millions(v)}`);
const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const word = (n: number) => WORDS[n] ?? String(n);
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Seed 002's figures the Devon walk-through measures the model against. */
const SEED_002 = { registered: 1.2e6, practices: 131, budget: 1.8e9 };

/** Each model loaded and projected once. */
const runs = new Map<string, { scenario: PreparedScenario; results: Results }>();
function run(file: string): { scenario: PreparedScenario; results: Results } {
  let r = runs.get(file);
  if (!r) {
    const scenario = loadScenario(`${root}models/${file}`);
    r = { scenario, results: project(scenario) };
    runs.set(file, r);
  }
  return r;
}

function find<T>(xs: readonly T[], ok: (x: T) => boolean, what: string): T {
  const x = xs.find(ok);
  if (x === undefined) throw new Error(`figures: no ${what}`);
  return x;
}
const at = (r: Results, y: string) => {
  const t = r.years.indexOf(y);
  if (t < 0) throw new Error(`figures: ${r.file} has no year ${y}`);
  return t;
};
const sector = (r: Results, id: string) => find(r.sectors, (s) => s.id === id, `sector ${id} in ${r.file}`);
const org = (r: Results, id: string) => find(r.organisations, (o) => o.id === id, `organisation ${id} in ${r.file}`);
const place = (r: Results, id: string) => find(r.places, (p) => p.id === id, `place ${id} in ${r.file}`);
const rollup = (r: Results, by: string, id: string) => find(r.rollups, (g) => g.by === by && g.id === id, `${by} roll-up ${id} in ${r.file}`);
const pool = (r: Results, id: string) => find(r.pools, (p) => p.id === id, `pool ${id} in ${r.file}`);
const partner = (p: PoolResult, id: string) => find(p.partners, (x) => x.id === id, `partner ${id} of ${p.id}`);
const envelope = (r: Results, id: string) => find(r.envelopes, (e) => e.id === id, `envelope ${id} in ${r.file}`);
const member = (e: EnvelopeResult, id: string) => find(e.members, (m) => m.id === id, `member ${id} of ${e.id}`).share;
const capacity = (r: Results, provider: string) => find(r.capacity, (c) => c.provider === provider, `capacity at ${provider} in ${r.file}`);
const step = (steps: readonly { id: string; value: number }[], id: string) => find(steps, (s) => s.id === id, `step ${id}`).value;
/** A parameter's value (a series's in year t). */
function param(s: PreparedScenario, name: string, t = 0): number {
  const p = s.model.parameters.get(name);
  if (!p) throw new Error(`figures: no parameter ${name} in ${s.file}`);
  return s.model.p0[p.slot + (p.series ? t : 0)]!;
}
/** A funding stream's published allocation for a year. */
function allocation(s: PreparedScenario, id: string, t: number): number {
  const f = find(s.model.funding, (x) => x.id === id, `funding ${id} in ${s.file}`);
  const slot = f.allocationSlots[t] ?? -1;
  if (slot < 0) throw new Error(`figures: ${id} in ${s.file} publishes no allocation for year ${t}`);
  return s.model.p0[slot]!;
}
/** The named acute trusts: providers of acute services other than the "other acute providers". */
const acuteTrusts = (r: Results) => [...new Set(r.services.filter((s) => s.setting === 'acute' && !s.provider.startsWith('other')).map((s) => s.provider))];
/** A provider's share of a place's activity on a service in the base year. */
function shareOf(r: Results, placeId: string, service: string, provider: string): number {
  const flows = place(r, placeId).services.filter((s) => s.id === service);
  const all = flows.reduce((a, s) => a + s.activity[0]!, 0);
  return find(flows, (s) => s.provider === provider, `${provider} on ${service} in ${placeId}`).activity[0]! / all;
}
/** The year from which every capacity line's do-nothing beds exceed its beds (the latest first breach). */
function everyTrustBreaches(r: Results): string {
  const first = r.capacity.map((c) => (c.doNothingBreaches[0] ? r.years.indexOf(c.doNothingBreaches[0]) : Infinity));
  const t = Math.max(...first);
  return Number.isFinite(t) ? r.years[t]! : 'never';
}
/** A risk corridor's bands. */
function corridor(s: PreparedScenario, id: string): { threshold: number; payerShare: number }[] {
  const e = find(s.model.envelopes, (x) => x.id === id, `envelope ${id} in ${s.file}`);
  if (e.settlement?.form !== 'risk-corridor') throw new Error(`figures: ${id} in ${s.file} is not settled by a risk corridor`);
  return e.settlement.bands;
}

/** Every named figure, as the README prints it. */
export function figures(): Record<string, string> {
  const { scenario: harrogate, results: h } = run('harrogate.yaml');
  const ic = run('harrogate-integrated-care.yaml').results;
  const block = run('harrogate-integrated-care-block.yaml').results;
  const t20 = at(h, '2020/21');
  const t30 = at(h, '2030/31');
  const nhs = (r: Results) => r.sectors.find((s) => s.id === 'nhs')!;
  const council = (r: Results) => r.sectors.find((s) => s.id === 'council')!;
  const rec = h.calibration!.reconciliation.steps;
  const d30 = h.drivers[0]!.steps;
  const cap = h.capacity.find((c) => c.service === 'emergency-bed-days')!;
  const hdft = (r: Results) => r.organisations.find((o) => o.id === 'hdft')!;
  const avoidable = appraise(ic).schemes.find((k) => k.id === 'avoidable-admissions')!;
  const out: Record<string, string> = {
    'avoidable-npv': m1(avoidable.npv),
    'avoidable-payback': avoidable.payback!,
    'registered-population': whole(h.population.total[0]!),
    'nhs-gap-2020': m1(nhs(h).doNothingGap[t20]!),
    'system-gap-2020': m1(h.system.doNothingGap[t20]!),
    'council-gap-2020': m1(council(h).doNothingGap[t20]!),
    'rec-base': m1(step(rec, 'base')),
    'rec-demography': signed(step(rec, 'demography')),
    'rec-growth': signed(step(rec, 'growth')),
    'rec-inflation': signed(step(rec, 'inflation')),
    'rec-funding': signed(step(rec, 'funding')),
    'rec-residual': signed(step(rec, 'residual')),
    'residual-rate': pct(h.calibration!.fitted),
    'residual-share': pct(step(rec, 'residual') / step(rec, 'end'), 0),
    'nhs-gap-2030': m1(nhs(h).doNothingGap[t30]!),
    'council-gap-2030': m1(council(h).doNothingGap[t30]!),
    'drv-demography': signed(step(d30, 'demography')),
    'drv-growth': signed(step(d30, 'growth')),
    'drv-inflation': signed(step(d30, 'inflation')),
    'drv-funding': signed(step(d30, 'funding')),
    'drv-residual': signed(step(d30, 'residual')),
    'beds-2017': whole(cap.beds[0]!),
    'trust-beds': whole(param(harrogate, 'hdft_beds_2017_18')),
    'beds-needed-2017': whole(cap.doNothingBedsNeeded[0]!),
    'beds-needed-2030': whole(cap.doNothingBedsNeeded[t30]!),
    'beds-first-breach': cap.doNothingBreaches[0] ?? 'none',
    'beds-with-schemes-2030': whole(ic.capacity.find((c) => c.service === 'emergency-bed-days')!.bedsNeeded[t30]!),
    'ic-gap-2020': m1(ic.system.gap[t20]!),
    'ic-closed-2020': m1(ic.system.doNothingGap[t20]! - ic.system.gap[t20]!),
    'ic-hdft-tariff-2030': m1(hdft(ic).position[t30]!),
    'ic-hdft-block-2030': m1(hdft(block).position[t30]!),
    'ic-hdft-block-scheme-2020': signed(block.schemes.reduce((a, k) => a + k.byOrganisation.hdft![t20]!, 0)),
    'ic-hdft-tariff-scheme-2020': signed(ic.schemes.reduce((a, k) => a + k.byOrganisation.hdft![t20]!, 0)),
  };
  // one name, one figure: a name given twice is a mistake, not an override
  const all: Record<string, string> = {};
  for (const part of [out, analystWalk(), plymouth(), northYorkshireYork(), cheshire(), devon()]) {
    for (const [name, value] of Object.entries(part)) {
      if (name in all) throw new Error(`figures: ${name} is computed twice`);
      all[name] = value;
    }
  }
  return all;
}

/** The analyst's walk (README "Uncertainty"): the fit to the cost-inflation record, and the 2027/28 tornado. */
function analystWalk(): Record<string, string> {
  const csv = readFileSync(`${root}data/harrogate/cost-inflation.csv`, 'utf8').trim().split('\n').slice(1);
  const rates = csv.map((line) => Number(line.split(',')[1]));
  const fit = fitDistributions(rates);
  const lognormal = find(fit.fits, (f) => f.family === 'lognormal', 'lognormal fit');
  const { scenario } = run('harrogate-integrated-care-uncertain.yaml');
  const t = tornado(scenario, { year: '2027/28' });
  const [first, second] = t.bars;
  if (!first || !second) throw new Error('figures: the tornado has fewer than two inputs');
  return {
    'walk-fit-best': fit.fits[0]!.family === 'pert' ? 'PERT' : fit.fits[0]!.family,
    'walk-fit-median': pct(lognormal.dist.dist === 'lognormal' ? lognormal.dist.median : NaN, 1),
    'walk-fit-peak': pct(Math.max(...rates), 1),
    'walk-central-gap': m1(t.central),
    'walk-top-input': first.label.toLowerCase(),
    'walk-top-swing': m1(first.swing),
    'walk-top-low': m1(first.atLow),
    'walk-top-high': m1(first.atHigh),
    'walk-second-input': second.label.toLowerCase(),
    'walk-second-swing': m1(second.swing),
  };
}

/** Plymouth integrated fund (README "The seed systems"): the fund, its variance and who carries it. */
function plymouth(): Record<string, string> {
  const { scenario: s, results: r } = run('plymouth-integrated-fund.yaml');
  const shared = run('plymouth-integrated-fund-acute-shared.yaml').results;
  const fund = pool(r, 'integrated-fund');
  const ccg = partner(fund, 'ccg');
  const pcc = partner(fund, 'pcc');
  const pccShared = partner(pool(shared, 'integrated-fund'), 'pcc');
  const t20 = at(r, '2020/21');
  const t30 = at(r, '2030/31');
  // the fund's lines: each partner's modelled services and its "other in-fund spend"
  const inFund = r.services.filter((x) => fund.services.includes(x.id));
  const other = ['other-ccg', 'other-council'];
  const paid = (ok: (x: (typeof inFund)[number]) => boolean, t: number) => inFund.filter(ok).reduce((a, x) => a + x.payment[t]!, 0);
  const modelled = (by: string) => paid((x) => x.commissioner === by && !other.includes(x.id), 0);
  const otherSpend = (by: string) => paid((x) => x.commissioner === by && other.includes(x.id), 0);
  // the lines the council is excluded from
  const model = s.model;
  const def = find(model.pools, (p) => p.id === 'integrated-fund', 'pool integrated-fund');
  const j = def.partners.findIndex((o) => model.orgs[o]!.id === 'pcc');
  const excluded = new Set(Array.from(def.flows).flatMap((f, i) => (def.overspend.excluded[i * def.partners.length + j] ? [model.flows[f]!.service] : [])));
  const rounded = (v: number) => Math.round(v / 1e5);
  const overFrom = r.years.find((_, t) => rounded(fund.variance[t]!) > 0) ?? 'never';
  const underFrom = r.years.find((_, t) => fund.variance.slice(t).every((v) => rounded(v) < 0)) ?? 'never';
  const table = [
    '| year | variance | CCG | council | council, acute shared |',
    '|---|---|---|---|---|',
    ...r.years.flatMap((y, t) => (t % 2 === 1 ? [`| ${y} | ${cell(fund.variance[t]!)} | ${cell(ccg.share[t]!)} | ${cell(pcc.share[t]!)} | ${cell(pccShared.share[t]!)} |`] : [])),
  ];
  return {
    'plymouth-fund-2015': mShort(fund.budget[0]!),
    'plymouth-split': `${Math.round((ccg.contribution[0]! / fund.budget[0]!) * 100)}:${Math.round((pcc.contribution[0]! / fund.budget[0]!) * 100)}`,
    'plymouth-ccg-contribution-2015': m1(ccg.contribution[0]!),
    'plymouth-council-contribution-2015': m1(pcc.contribution[0]!),
    'plymouth-residents': whole(r.population.total[0]!),
    'plymouth-spend-2015': mShort(fund.spend[0]!),
    'plymouth-ccg-modelled-2015': m1(modelled('ccg')),
    'plymouth-council-modelled-2015': m1(modelled('pcc')),
    'plymouth-ccg-other-2015': m1(otherSpend('ccg')),
    'plymouth-council-other-2015': m1(otherSpend('pcc')),
    'plymouth-council-real-growth': pct(param(s, 'councilRealGrowth')),
    'plymouth-excluded-lines': word(excluded.size),
    'plymouth-overspend-from': overFrom,
    'plymouth-variance-2020': m1(fund.variance[t20]!),
    'plymouth-variance-share-2020': pct(fund.variance[t20]! / fund.budget[t20]!),
    'plymouth-budget-2020': m1(fund.budget[t20]!),
    'plymouth-underspend-from': underFrom,
    'plymouth-gdp-2022': pct(param(s, 'gdp', at(r, '2022/23'))),
    'plymouth-gdp-2023': pct(param(s, 'gdp', at(r, '2023/24'))),
    'plymouth-variance-2030': m1(fund.variance[t30]!),
    'plymouth-variance-table': `\n${table.join('\n')}\n`,
    'plymouth-council-contribution-share-2020': pct(pcc.contribution[t20]! / fund.budget[t20]!),
    'plymouth-council-variance-share-2020': pct(pcc.share[t20]! / fund.variance[t20]!),
    'plymouth-acute-share-2020': pct(paid((x) => x.setting === 'acute', t20) / fund.spend[t20]!, 0),
    'plymouth-council-2020': m1(pcc.share[t20]!),
    'plymouth-shared-council-2020': m1(pccShared.share[t20]!),
    'plymouth-council-2030': m1(pcc.share[t30]!),
    'plymouth-shared-council-2030': m1(pccShared.share[t30]!),
  };
}

/** North Yorkshire and York, and York Teaching Hospital on a per-capita budget. */
function northYorkshireYork(): Record<string, string> {
  const r = run('north-yorkshire-york.yaml').results;
  const { scenario: ps, results: pc } = run('north-yorkshire-york-per-capita.yaml');
  const h = run('harrogate.yaml').results;
  const t20 = at(r, '2020/21');
  const t30 = at(r, '2030/31');
  const cal = r.calibration!;
  // Harrogate inside the system against models/harrogate.yaml: the place's gap and its NHS part
  const hp = place(r, 'harrogate');
  const nhsIds = new Set(sector(r, 'nhs').organisations);
  const nhsGap = (t: number) => -hp.organisations.filter((o) => nhsIds.has(o.id)).reduce((a, o) => a + o.position[t]!, 0);
  const apart = Math.max(...r.years.flatMap((_, t) => [Math.abs(hp.doNothingGap[t]! - h.system.doNothingGap[t]!), Math.abs(nhsGap(t) - sector(h, 'nhs').doNothingGap[t]!)]));
  const others = r.places.filter((p) => p.id !== 'harrogate');
  // the per-capita budget
  const e = envelope(pc, 'york-ft-per-capita');
  const def = find(ps.model.envelopes, (x) => x.id === 'york-ft-per-capita', 'envelope york-ft-per-capita');
  const bands = corridor(ps, 'york-ft-per-capita');
  const cols = ['2017/18', '2020/21', '2025/26', '2030/31'].map((y) => at(pc, y));
  const row = (label: string, f: (t: number) => string) => `| ${label} | ${cols.map(f).join(' | ')} |`;
  const moved = (id: string) => (t: number) => `${cellSigned(org(r, id).position[t]!)} → ${cellSigned(org(pc, id).position[t]!)}`;
  const table = [
    `| £m | ${cols.map((t) => pc.years[t]).join(' | ')} |`,
    `|---|${cols.map(() => '---|').join('')}`,
    row('envelope', (t) => cell(e.envelope[t]!)),
    row("York FT's cost of the activity", (t) => cell(e.cost[t]!)),
    row('margin before settlement', (t) => cellSigned(e.margin[t]!)),
    row('settlement (CCG to trust)', (t) => cellSigned(e.settlement[t]!)),
    row("York FT's final margin", (t) => cellSigned(e.finalMargin[t]!)),
    row('what tariff would have paid', (t) => cell(e.tariffIncome[t]!)),
    row("Vale of York CCG's position, tariff → per capita", moved('vale-of-york-ccg')),
    row("York FT's position (all its work), tariff → per capita", moved('york-ft')),
  ];
  return {
    'nyy-places': capital(word(r.places.length)),
    'nyy-registered': whole(Math.round(r.population.total[0]! / 1000) * 1000),
    'nyy-councils': word(r.organisations.filter((o) => o.kind === 'council').length),
    'nyy-acute-trusts': word(acuteTrusts(r).length),
    'nyy-harrogate-base-gap': m1(step(cal.reconciliation.steps, 'base')),
    'nyy-harrogate-nhs-gap-2020': m1(cal.achieved),
    'nyy-residual-rate': pct(cal.fitted),
    'nyy-harrogate-apart': `£${(Math.ceil(apart / 1e5) / 10).toFixed(1)}m`,
    'nyy-gap-2020': m1(r.system.doNothingGap[t20]!),
    'nyy-nhs-gap-2020': m1(sector(r, 'nhs').doNothingGap[t20]!),
    'nyy-council-gap-2020': m1(sector(r, 'council').doNothingGap[t20]!),
    'nyy-harrogate-gap-2020': m1(hp.doNothingGap[t20]!),
    'nyy-other-places-gap-2020': m1(Math.max(...others.map((p) => p.doNothingGap[t20]!))),
    'nyy-surplus-2030': m1(-r.system.doNothingGap[t30]!),
    'nyy-council-gap-2030': m1(sector(r, 'council').doNothingGap[t30]!),
    'nyy-beds-breach': everyTrustBreaches(r),
    'pc-york-share': pct(shareOf(pc, 'york', 'ae', 'york-ft'), 0),
    'pc-outer-share': pct(shareOf(pc, 'vale-of-york-outer', 'ae', 'york-ft'), 0),
    'pc-places': word(def.places.length),
    'pc-envelope-2017': m1(e.envelope[0]!),
    'pc-corridor-kept': pct(bands[0]!.threshold, 0),
    'pc-corridor-share': pct(bands[0]!.payerShare, 0),
    'pc-corridor-outer': pct(bands[1]!.threshold, 0),
    'pc-corridor-share-beyond': pct(bands[1]!.payerShare, 0),
    'pc-table': `\n${table.join('\n')}\n`,
    'pc-emergency-growth': pct(param(ps, 'ndg_non_elective'), 2),
    'pc-below-tariff-2030': m1(e.tariffIncome[t30]! - e.envelope[t30]!),
    'pc-settlement-2030': m1(e.settlement[t30]!),
    'pc-other-ccgs': word(pc.organisations.filter((o) => o.kind === 'commissioner' && o.id !== ps.model.orgs[def.commissioner]!.id).length),
  };
}

/** Cheshire accountable care: one capitated budget to an alliance. */
function cheshire(): Record<string, string> {
  const { scenario: s, results: r } = run('cheshire-accountable-care.yaml');
  const t20 = at(r, '2020/21');
  const t30 = at(r, '2030/31');
  const e = envelope(r, 'cheshire-single-budget');
  const def = find(s.model.envelopes, (x) => x.id === 'cheshire-single-budget', 'envelope cheshire-single-budget');
  const share = (id: string) => pct(s.model.p0[find(def.members, (m) => s.model.orgs[m.org]!.id === id, `member ${id}`).shareSlot]!);
  const cwp = m1(member(e, 'cwp')[t20]!);
  const practices = m1(member(e, 'primary-care')[t20]!);
  return {
    'chs-registered': whole(r.population.total[0]!),
    'chs-places': String(r.places.length),
    'chs-target-2019': m1(allocation(s, 'ccg-allocation', at(r, '2019/20'))),
    'chs-share-mid-cheshire': share('mid-cheshire'),
    'chs-share-countess-of-chester': share('countess-of-chester'),
    'chs-share-east-cheshire': share('east-cheshire'),
    'chs-share-cwp': share('cwp'),
    'chs-share-primary-care': share('primary-care'),
    'chs-share-ccicp': share('ccicp'),
    'chs-share-council-reablement': share('council-reablement'),
    'chs-budget-2017': m1(e.envelope[0]!),
    'chs-budget-2020': m1(e.envelope[t20]!),
    'chs-cost-2020': m1(e.cost[t20]!),
    'chs-loss-2020': m1(-e.margin[t20]!),
    'chs-corridor-kept': pct(corridor(s, 'cheshire-single-budget')[0]!.threshold, 0),
    'chs-mid-cheshire-2020': m1(member(e, 'mid-cheshire')[t20]!),
    'chs-countess-of-chester-2020': m1(member(e, 'countess-of-chester')[t20]!),
    'chs-east-cheshire-2020': m1(member(e, 'east-cheshire')[t20]!),
    'chs-cwp-and-practices-2020': cwp === practices ? `CWP and the practices ${cwp} each` : `CWP ${cwp}, the practices ${practices}`,
    'chs-budget-2030': m1(e.envelope[t30]!),
    'chs-cost-2030': m1(e.cost[t30]!),
    'chs-tariff-2030': m1(e.tariffIncome[t30]!),
    'chs-settlement-2030': m1(e.settlement[t30]!),
    'chs-final-margin-2030': m1(e.finalMargin[t30]!),
    'chs-committee-2030': m1(org(r, 'cheshire-ccgs').position[t30]!),
    'chs-gap-2020': m1(r.system.doNothingGap[t20]!),
    'chs-surplus-2030': m1(-r.system.doNothingGap[t30]!),
    'chs-council-gap-2030': m1(sector(r, 'council').doNothingGap[t30]!),
  };
}

/** Devon: NHS Devon CCG's do-nothing by practice, PCN and council. */
function devon(): Record<string, string> {
  const { scenario: s, results: r } = run('devon.yaml');
  const t0 = 0;
  const t20 = at(r, '2020/21');
  const t30 = at(r, '2030/31');
  const trusts = acuteTrusts(r);
  const drivers = find(r.drivers, (d) => d.year === '2030/31', 'drivers to 2030/31').steps;
  const budget = org(r, 'ccg').funding[t0]!;
  const council = (id: string) => rollup(r, 'council', id);
  return {
    'dev-practices': String(r.places.length),
    'dev-flows': whole(s.model.flows.length),
    'dev-merged-flows': String(mergeFlows(s.model, varyingSlots(s.model, s.uncertain.map((u) => u.slot)))!.model.flows.length),
    'dev-registered': whole(r.population.total[t0]!),
    'dev-above-seed': pct(r.population.total[t0]! / SEED_002.registered - 1),
    'dev-gone-by-2019': String(r.places.length - SEED_002.practices),
    'dev-acute-trusts': word(trusts.length),
    'dev-target-2019': m1(allocation(s, 'ccg-allocation', t0)),
    'dev-primary-care-2019': m1(allocation(s, 'primary-care-allocation', t0)),
    'dev-budget-2019': m1(budget),
    'dev-budget-of-seed': pct(budget / SEED_002.budget),
    'dev-base-gap': m1(r.system.doNothingGap[t0]!),
    'dev-gap-2020': m1(r.system.doNothingGap[t20]!),
    'dev-gap-2023': m1(r.system.doNothingGap[at(r, '2023/24')]!),
    'dev-gap-2030': m1(r.system.doNothingGap[t30]!),
    'dev-nhs-gap-2030': m1(sector(r, 'nhs').doNothingGap[t30]!),
    'dev-council-gap-2030': m1(sector(r, 'council').doNothingGap[t30]!),
    'dev-drv-demography': m1(step(drivers, 'demography')),
    'dev-drv-growth': m1(step(drivers, 'growth')),
    'dev-drv-inflation': m1(step(drivers, 'inflation')),
    'dev-drv-funding': m1(-step(drivers, 'funding')),
    'dev-trusts-2030': m1(trusts.reduce((a, id) => a + org(r, id).position[t30]!, 0)),
    'dev-rk9-2030': m1(org(r, 'rk9').position[t30]!),
    'dev-rh8-2030': m1(org(r, 'rh8').position[t30]!),
    'dev-rbz-2030': m1(org(r, 'rbz').position[t30]!),
    'dev-ra9-2030': m1(org(r, 'ra9').position[t30]!),
    'dev-ccg-2030': signed(org(r, 'ccg').position[t30]!),
    'dev-dcc-gap-2030': m1(council('dcc').doNothingGap[t30]!),
    'dev-dcc-practices': String(council('dcc').places.length),
    'dev-pcc-gap-2030': m1(council('pcc').doNothingGap[t30]!),
    'dev-pcc-practices': String(council('pcc').places.length),
    'dev-tc-gap-2030': m1(council('tc').doNothingGap[t30]!),
    'dev-tc-practices': String(council('tc').places.length),
    'dev-occupancy': pct(capacity(r, 'rh8').occupancy, 0),
    'dev-beds-breach': everyTrustBreaches(r),
    'dev-rh8-beds-2030': whole(capacity(r, 'rh8').doNothingBedsNeeded[t30]!),
    'dev-rh8-beds': whole(capacity(r, 'rh8').beds[t0]!),
    'dev-rk9-beds-2030': whole(capacity(r, 'rk9').doNothingBedsNeeded[t30]!),
    'dev-rk9-beds': whole(capacity(r, 'rk9').beds[t0]!),
  };
}

const MARK = /<!--fig:([a-z0-9-]+)-->([\s\S]*?)<!--\/fig-->/g;

/** The README with every marked figure replaced by what the code computes; unknown names throw. */
export function regenerate(text: string, values = figures()): string {
  return text.replace(MARK, (_, name: string) => {
    if (!(name in values)) throw new Error(`README names a figure the code does not compute: ${name}`);
    return `<!--fig:${name}-->${values[name]}<!--/fig-->`;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(README, regenerate(readFileSync(README, 'utf8')));
  console.log(`rewrote the figures in ${README}`);
}
