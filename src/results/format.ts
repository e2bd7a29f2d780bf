/** Results as readable text for a terminal: £m, years down the side. */
import type { Results } from './summary.js';
import { waterfall } from './summary.js';
import type { Comparison, SystemComparison } from './compare.js';
import type { Appraisal, AppraisalRow } from './appraisal.js';

const groupings = new Map<number, Intl.NumberFormat>();

/**
 * `v` to `d` decimals with thousands separators (`1,234.5`), and never a
 * negative zero: a value that rounds to zero prints unsigned. `minus` is the
 * sign written before a negative (ASCII for terminals, − for pages).
 */
export function fixed(v: number, d: number, minus = '-'): string {
  const r = Number(v.toFixed(d));
  let f = groupings.get(d);
  if (!f) groupings.set(d, (f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d })));
  return `${r < 0 ? minus : ''}${f.format(Math.abs(r))}`;
}

const m = (v: number) => fixed(v / 1e6, 1);
const m2 = (v: number) => fixed(v / 1e6, 2);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Whose gap a scope names, in words. */
export function scopeWords(scope: string, r?: Results): string {
  if (scope === 'system') return 'the system';
  const place = (id: string) => `place ${r?.places.find((x) => x.id === id)?.name ?? id}`;
  const m = /^sector:([^:]+)(?::place:(.+))?$/.exec(scope);
  if (m) {
    const sector = r?.sectors.find((x) => x.id === m[1])?.name.replace(/^./, (c) => c.toLowerCase()) ?? m[1]!;
    return m[2] ? `${sector} in ${place(m[2])}` : sector;
  }
  return place(scope.slice(6));
}

/** The calibration sentence: what was fitted, to what, and why; then the reconciliation that sums to the target. */
export function formatCalibration(r: Results): string {
  const c = r.calibration;
  if (!c) return 'Calibration: none (every assumption as written).';
  return [
    `Calibration: '${c.parameter}' fitted to ${c.fitted.toPrecision(4)} (written as ${c.initial}; bounds [${c.bounds[0]}, ${c.bounds[1]}]) so that the do-nothing`,
    `  gap of ${scopeWords(c.scope, r)} in ${c.year} is £${m2(c.achieved)}m (target £${m2(c.target)}m, to within £${Math.round(c.tolerance).toLocaleString('en-GB')}; ${c.iterations} goal-seek steps).`,
    ...(c.source ? [`  Target source: ${c.source}`] : []),
    '',
    ...formatBridge(c.reconciliation, r, `Reconciliation to the target, ${c.year}`),
  ].join('\n');
}

/** A bridge from the base-year gap to a year's, £m, with the net of cost inflation against funding growth. */
export function formatBridge(b: Results['drivers'][number], r: Results, title: string): string[] {
  const rows: string[][] = [];
  const value = (id: string) => b.steps.find((s) => s.id === id)?.value ?? 0;
  for (const st of b.steps) {
    const edge = st.id === 'base' || st.id === 'end';
    rows.push([st.label, (edge ? '' : st.value >= 0 ? '+' : '') + m(st.value)]);
    if (st.id === 'funding') {
      const net = value('inflation') + value('funding');
      rows.push([`  = cost inflation ${net >= 0 ? 'above' : 'below'} funding growth`, `(${net >= 0 ? '+' : ''}${m(net)})`]);
    }
  }
  const sources = b.steps.filter((st) => st.source).map((st) => `  ${st.label.replace(/ \(.*\)$/, '')}: ${st.source}`);
  return [`${title} (do-nothing gap of ${scopeWords(b.scope, r)}), £m`, table(['step', '£m'], rows), ...(sources.length ? ['Sources:', ...sources] : [])];
}

/** The full `popshift run` report. */
export function formatRun(r: Results, focusYear?: string): string {
  const out: string[] = [];
  out.push(`${r.scenario}  (${r.file})`);
  out.push(`Money in £m, ${r.priceBase}. Gap = cost + investment − funding (positive = shortfall).`);
  for (const n of r.notes) out.push(`Note: ${n}.`);
  out.push('');
  out.push(formatCalibration(r));
  out.push('');
  const hasSchemes = r.schemes.length > 0;
  out.push('System, £m');
  out.push(
    table(
      ['year', 'funding', 'cost', ...(hasSchemes ? ['investment'] : []), 'gap', ...(hasSchemes ? ['do-nothing gap', 'closed'] : [])],
      r.years.map((y, t) => [
        y,
        m(r.system.funding[t]!),
        m(r.system.cost[t]!),
        ...(hasSchemes ? [m(r.system.investment[t]!)] : []),
        m(r.system.gap[t]!),
        ...(hasSchemes ? [m(r.system.doNothingGap[t]!), m(r.system.doNothingGap[t]! - r.system.gap[t]!)] : []),
      ]),
    ),
  );
  if (r.sectors.length > 1) {
    out.push('');
    out.push('Gap by sector, £m (−Σ positions of its organisations; the sectors sum to the system)');
    out.push(table(['year', ...r.sectors.map((x) => x.id), 'system'], r.years.map((y, t) => [y, ...r.sectors.map((x) => m(x.gap[t]!)), m(r.system.gap[t]!)])));
  }
  if (r.places.length > 1) out.push('', ...formatPlaces(r, focusYear ?? pickFocusYear(r)));
  for (const b of r.drivers) if (b.year !== r.calibration?.year || b.scope !== r.calibration?.scope) out.push('', ...formatBridge(b, r, `What moves the gap to ${b.year}`));
  if (r.capacity.length) out.push('', ...formatCapacity(r));
  out.push('');
  out.push('Organisation positions, £m (funding − payments + income − cost − investment; + surplus, − deficit)');
  out.push(
    table(
      ['year', ...r.organisations.map((o) => o.id), 'sum'],
      r.years.map((y, t) => [y, ...r.organisations.map((o) => m(o.position[t]!)), m(r.system.position[t]!)]),
    ),
  );
  if (hasSchemes) {
    const year = focusYear ?? pickFocusYear(r);
    out.push('');
    out.push(`Gap-closure waterfall ${year}, £m (schemes attributed in order of application)`);
    out.push(table(['step', '£m'], waterfall(r, year).map((s) => [s.label, (s.kind === 'start' || s.kind === 'end' ? '' : s.value > 0 ? '+' : '') + m(s.value)])));
    const t0 = r.years.indexOf(year);
    const movers = r.organisations.filter((o) => r.schemes.some((k) => Math.abs(k.byOrganisation[o.id]![t0]!) > 5e4));
    out.push('');
    out.push(`Who gains and who loses, ${year}: change in each organisation's position from each scheme, £m`);
    out.push(
      table(
        ['scheme', ...movers.map((o) => o.id)],
        [
          ...r.schemes.map((k) => [k.name, ...movers.map((o) => m(k.byOrganisation[o.id]![t0]!))]),
          ['All schemes', ...movers.map((o) => m(o.position[t0]! - o.doNothingPosition[t0]!))],
        ],
      ),
    );
    const providers = r.organisations.filter((o) => r.services.some((s) => s.provider === o.id && s.stranded.some((v) => v > 0)));
    if (providers.length) {
      out.push('');
      out.push('Stranded cost by provider, £m (cost kept although activity fell: fixed and stepped costs not yet released)');
      out.push(
        table(
          ['year', ...providers.map((o) => o.id)],
          r.years.map((y, t) => [y, ...providers.map((o) => m(r.services.filter((s) => s.provider === o.id).reduce((acc, s) => acc + s.stranded[t]!, 0)))]),
        ),
      );
      const t = r.years.indexOf(year);
      const stepped = r.services.filter((s) => s.nextStepRelease[t] !== null && s.stranded[t]! > 0);
      if (stepped.length) {
        out.push('');
        out.push(`Next capacity step released, ${year}: further fall in activity needed`);
        out.push(table(['service', 'activity', 'further fall', 'unit'], stepped.map((s) => [s.id, s.activity[t]!.toFixed(0), s.nextStepRelease[t]!.toFixed(0), s.unit])));
      }
    }
  }
  for (const pool of r.pools) out.push('', ...formatPool(r, pool));
  for (const env of r.envelopes) out.push('', ...formatEnvelope(r, env));
  return out.join('\n');
}

/** Most places (or groups) listed in a terminal table; beyond it, the export and the workbook hold them. */
export const MAX_LISTED_PLACES = 30;

/** Each place's figures in the focus year and at the horizon, then each roll-up; the places (and each roll-up's groups) sum to the system. */
function formatPlaces(r: Results, year: string): string[] {
  const t = r.years.indexOf(year);
  const h = r.years.length - 1;
  // the horizon's gap beside the year's, unless the year is the horizon
  const alsoHorizon = t !== h;
  const row = (id: string, g: { population: number; funding: number[]; cost: number[]; gap: number[] }) => [id, fixed(g.population, 0), m(g.funding[t]!), m(g.cost[t]!), m(g.gap[t]!), ...(alsoHorizon ? [m(g.gap[h]!)] : [])];
  const system = row('system', { ...r.system, population: r.population.total[t]! });
  const head = ['population', 'funding', 'cost', 'gap', ...(alsoHorizon ? [`gap ${r.horizon}`] : [])];
  const out: string[] = [];
  if (r.places.length <= MAX_LISTED_PLACES) {
    const rows = r.places.map((pl) => row(pl.id, { ...pl, population: pl.population.total[t]! }));
    out.push(`By place, ${year}${alsoHorizon ? ` (gap also at ${r.horizon})` : ''}, £m`, table(['place', ...head], [...rows, system]));
  } else {
    out.push(`${r.places.length} places: each place's figures are in places.csv (--out) and the workbook's Places sheet; roll-ups below.`);
  }
  for (const by of ['council', 'commissioner', 'area'] as const) {
    const groups = r.rollups.filter((g) => g.by === by);
    if (!groups.length || groups.length > MAX_LISTED_PLACES) continue;
    const rows = groups.map((g) => row(`${g.id} (${g.places.length})`, { ...g, population: g.population[t]! }));
    out.push('', `By ${by === 'area' ? 'area' : `${by}'s area`}, ${year} (places in brackets), £m`, table([by, ...head], [...rows, system]));
  }
  return out;
}

/** Beds needed against beds stated, by year, with every year demand exceeds them flagged. */
function formatCapacity(r: Results): string[] {
  const out: string[] = [];
  for (const c of r.capacity) {
    out.push(`Capacity: ${c.service} at ${c.provider} — beds needed at ${(c.occupancy * 100).toFixed(0)}% occupancy against ${fixed(c.beds[0]!, 0)} beds${c.doNothingBreaches.length ? `; do-nothing demand exceeds them from ${c.doNothingBreaches[0]}` : '; within capacity every year'}`);
    out.push(
      table(
        ['year', 'beds', 'needed (do nothing)', 'needed', 'flag'],
        r.years.map((y, t) => [
          y,
          fixed(c.beds[t]!, 0),
          fixed(c.doNothingBedsNeeded[t]!, 1),
          fixed(c.bedsNeeded[t]!, 1),
          c.breaches.includes(y) ? 'OVER CAPACITY' : c.doNothingBreaches.includes(y) ? 'over without schemes' : '',
        ]),
      ),
    );
  }
  return out;
}

function formatPool(r: Results, pool: Results['pools'][number]): string[] {
  return [
    `Pool '${pool.name}' (host ${pool.host}; ${pool.services.length} services), £m — variance = spend − budget (+ overspend); shares: + pays, − receives`,
    table(
      ['year', 'budget', 'spend', 'variance', 'reserve', ...(pool.released.some((v) => v) ? ['released'] : []), ...pool.partners.map((p) => `${p.id} share`)],
      r.years.map((y, t) => [
        y,
        m(pool.budget[t]!),
        m(pool.spend[t]!),
        m(pool.variance[t]!),
        m(pool.reserveUsed[t]!),
        ...(pool.released.some((v) => v) ? [m(pool.released[t]!)] : []),
        ...pool.partners.map((p) => m(p.share[t]!)),
      ]),
    ),
  ];
}

function formatEnvelope(r: Results, env: Results['envelopes'][number]): string[] {
  return [
    `Capitated envelope '${env.name}' (${env.commissioner} → ${env.provider}; ${env.services.length} services), £m — settlement: + to provider, − back to commissioner`,
    table(
      ['year', 'envelope', 'cost', 'margin', 'settlement', 'final margin', 'tariff income', 'envelope − tariff'],
      r.years.map((y, t) => [
        y,
        m(env.envelope[t]!),
        m(env.cost[t]!),
        m(env.margin[t]!),
        m(env.settlement[t]!),
        m(env.finalMargin[t]!),
        m(env.tariffIncome[t]!),
        m(env.envelope[t]! - env.tariffIncome[t]!),
      ]),
    ),
  ];
}

/** The calibration year if there is one, else the horizon. */
export function pickFocusYear(r: Results): string {
  return r.calibration?.year ?? r.horizon;
}

/** `popshift compare` text: the system by year, each organisation's position by year (and their sum), then service by service in one year (default: the last). */
export function formatComparison(c: Comparison, year: string = c.years[c.years.length - 1]!): string {
  const out: string[] = [];
  out.push(`${c.b}  minus  ${c.a}, £m (${c.priceBase})`);
  out.push('');
  out.push(
    table(
      ['year', 'Δ funding', 'Δ cost', 'Δ investment', 'Δ gap'],
      c.years.map((y, t) => [y, m(c.system.funding[t]!), m(c.system.cost[t]!), m(c.system.investment[t]!), m(c.system.gap[t]!)]),
    ),
  );
  out.push('');
  // the organisations' positions sum to the system's (funding − cost − investment), so their sum is −Δ gap
  out.push('Δ organisation positions, £m (+ better off); all = their sum, the system\'s position (−Δ gap)');
  const all = (t: number) => c.organisations.reduce((acc, o) => acc + o.difference[t]!, 0);
  out.push(table(['year', ...c.organisations.map((o) => o.id), 'all'], c.years.map((y, t) => [y, ...c.organisations.map((o) => m(o.difference[t]!)), m(all(t))])));
  const t = c.years.indexOf(year);
  const moved = c.services.filter((s) => s.activity.some((v) => v !== 0) || s.cost.some((v) => v !== 0));
  out.push('');
  if (!moved.length) out.push('No service\'s activity or cost differs.');
  else {
    out.push(`Δ by service, ${year} (services whose activity or cost differs in any year; --json for every year), £m`);
    const count = (v: number) => fixed(v, 0);
    out.push(table(['service', 'Δ activity', 'unit', 'Δ cost'], [...moved.map((s) => [s.id, count(s.activity[t]!), s.unit, m(s.cost[t]!)]), ['all', '', '', m(moved.reduce((acc, s) => acc + s.cost[t]!, 0))]]));
  }
  return out.join('\n');
}

/** Systems side by side, £ per head (or per weighted head) in one year, then the gap per head by year. */
export function formatSystemComparison(c: SystemComparison, year?: string): string {
  const y = year ?? c.years[0]!;
  const t = c.years.indexOf(y);
  const unit = c.per === 'head' ? '£ per head' : '£ per weighted head';
  const money = (v: number) => Math.round(v).toLocaleString('en-GB');
  const people = (v: number) => Math.round(v).toLocaleString('en-GB');
  const names = c.systems.map((s, i) => `${i + 1}`);
  const rows: string[][] = [
    ['places', ...c.systems.map((s) => String(s.places))],
    ['population', ...c.systems.map((s) => people(s.population[t]!))],
    ['weighted population', ...c.systems.map((s) => people(s.weightedPopulation[t]!))],
    ['funding', ...c.systems.map((s) => money(s.funding[t]!))],
    ['cost', ...c.systems.map((s) => money(s.cost[t]!))],
    ...c.settings.map((k) => [`  ${k}`, ...c.systems.map((s) => money(s.costBySetting[k]![t]!))]),
    ['gap', ...c.systems.map((s) => money(s.gap[t]!))],
    ['gap, % of funding', ...c.systems.map((s) => `${(s.gapShare[t]! * 100).toFixed(1)}%`)],
  ];
  return [
    `Systems compared, ${y}, ${unit} (${c.priceBase}); money rows divided by ${c.per === 'head' ? 'persons' : 'need-weighted persons (population × need index)'}`,
    ...c.systems.map((s, i) => `  ${names[i]} = ${s.scenario} (${s.file})`),
    '',
    table(['', ...names], rows),
    '',
    `Gap, ${unit}, in the years all of them project`,
    table(['year', ...names], c.years.map((yy, k) => [yy, ...c.systems.map((s) => money(s.gap[k]!))])),
  ].join('\n');
}

/** The investment appraisal: NPV and payback by scheme and by organisation, £m. */
export function formatAppraisal(a: Appraisal): string {
  const pc = `${Number((a.rate * 100).toPrecision(6))}%`;
  const rows = (list: AppraisalRow[]) =>
    list.map((x) => [x.id, m2(x.investment), m2(x.pvInvestment), m2(x.pvBenefit), m2(x.npv), paybackText(x, x.payback), paybackText(x, x.discountedPayback)]);
  const head = (what: string) => [what, 'investment', 'PV investment', 'PV benefit', 'NPV', 'payback', 'discounted payback'];
  const out = [`Investment appraisal, £m: NPV at ${pc} a year${pc === '3.5%' ? ' (HM Treasury Green Book)' : ''}, discounted to ${a.baseYear}`];
  const invested = a.schemes.filter((x) => x.investment !== 0 || x.pvBenefit !== 0);
  out.push(invested.length ? table(head('scheme'), rows(invested)) : 'No scheme has investment or an effect.');
  if (a.organisations.length) out.push('', table(head('organisation'), rows(a.organisations)));
  out.push(`(${a.method})`);
  return out.join('\n');
}

/** A payback year for text: the year, or why there is none. */
export function paybackText(x: AppraisalRow, year: string | null): string {
  return x.investment === 0 ? 'no investment' : (year ?? 'not by the horizon');
}
