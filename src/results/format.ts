/** Results as readable text for a terminal: £m, years down the side. */
import type { Results } from './summary.js';
import { waterfall } from './summary.js';
import type { Comparison } from './compare.js';

const m = (v: number) => (v / 1e6).toFixed(1);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The calibration sentence: what was fitted, to what, and why. */
export function formatCalibration(r: Results): string {
  const c = r.calibration;
  if (!c) return 'Calibration: none (every assumption as written).';
  return [
    `Calibration: '${c.parameter}' fitted to ${c.fitted.toPrecision(4)} (written as ${c.initial}) so that the do-nothing`,
    `  system gap in ${c.year} is £${m(c.achieved)}m (target £${m(c.target)}m; ${c.iterations} goal-seek steps).`,
    ...(c.source ? [`  Target source: ${c.source}`] : []),
  ].join('\n');
}

/** The full `popshift run` report. */
export function formatRun(r: Results, focusYear?: string): string {
  const out: string[] = [];
  out.push(`${r.scenario}  (${r.file})`);
  out.push(`Money in £m, ${r.priceBase}. Gap = cost + investment − funding (positive = shortfall).`);
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

/** `popshift compare` text. */
export function formatComparison(c: Comparison): string {
  const out: string[] = [];
  out.push(`${c.b}  minus  ${c.a}, £m`);
  out.push('');
  out.push(
    table(
      ['year', 'Δ funding', 'Δ cost', 'Δ investment', 'Δ gap'],
      c.years.map((y, t) => [y, m(c.system.funding[t]!), m(c.system.cost[t]!), m(c.system.investment[t]!), m(c.system.gap[t]!)]),
    ),
  );
  out.push('');
  out.push('Δ organisation positions, £m');
  out.push(table(['year', ...c.organisations.map((o) => o.id)], c.years.map((y, t) => [y, ...c.organisations.map((o) => m(o.difference[t]!))])));
  return out.join('\n');
}
