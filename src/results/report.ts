/**
 * A self-contained HTML board report: headline figures, every applicable
 * chart from the chart registry as inline SVG, tables of the system, positions,
 * the waterfall, who gains and loses, stranded cost, pools, envelopes and any
 * Monte Carlo percentiles, and the assumptions and sources.
 *
 * No external requests (inline CSS, no scripts, no fonts or images fetched),
 * A4 print CSS, greyscale only, and no dates: the same inputs give the same
 * bytes. Every text inserted is escaped.
 */
import { basename } from 'node:path';
import type { PreparedScenario } from '../api.js';
import { waterfall, type Results } from './summary.js';
import { MAX_LISTED_PLACES, pickFocusYear, scopeWords } from './format.js';
import { tornado } from '../uncertainty/sensitivity.js';
import { chartsFor, toSVG, type ChartExtras } from '../charts/index.js';
import { assumptionsOf } from './report/assumptions.js';
import { orgName, serviceName } from './names.js';
import { gapFan, toMonteCarloSummary, type MonteCarloSummary, type SimulationLike } from './report/montecarlo.js';
import { CSS, decimalsFor, esc, m, money, n, sig, table, type Column } from './report/html.js';
import { optionKeys, optionsArgument, resultsArgument, scenarioArgument, yearOption } from '../api-arguments.js';

export interface ReportOptions {
  /** Title (default: the scenario's name). */
  title?: string;
  /** The year for the waterfall and headline figures (default: the calibration year, else the horizon). */
  year?: string;
  /** Monte Carlo percentiles: adds the gap chart's fan and a percentiles table. */
  monteCarlo?: MonteCarloSummary | SimulationLike;
  /** Further chart inputs (payment-model variants, a comparison). */
  chartExtras?: Omit<ChartExtras, 'fan' | 'year'>;
}

const REPORT_OPTIONS = optionKeys<ReportOptions>({ title: 'optional', year: 'optional', monteCarlo: 'optional', chartExtras: 'optional' });

/** Build the board report for `results` (projected from `scenario`). */
export async function boardReport(scenario: PreparedScenario, r: Results, options: ReportOptions = {}): Promise<string> {
  scenarioArgument('boardReport', scenario, 1);
  resultsArgument('boardReport', r, 2);
  optionsArgument('boardReport', options, REPORT_OPTIONS, 3);
  yearOption(options.year, r.years);
  const focus = options.year ?? pickFocusYear(r);
  const mc = options.monteCarlo ? toMonteCarloSummary(options.monteCarlo) : undefined;
  const title = options.title ?? r.scenario;
  const t = r.years.indexOf(focus);
  const H = r.years.length - 1;
  const sys = r.system;
  const d = decimalsFor([...sys.gap, ...sys.doNothingGap, ...sys.funding.map((v) => v / 100)]);
  const hasSchemes = r.schemes.length > 0;
  const description = scenario.loaded.scenario.description;

  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en-GB">', '<head>', '<meta charset="utf-8">');
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<meta name="generator" content="popshift">`);
  out.push(`<title>${esc(title)} — board report</title>`);
  out.push(`<style>\n${CSS}\n</style>`, '</head>', '<body>');

  // --- Title and headline -----------------------------------------------------
  out.push('<header>');
  out.push(`<h1>${esc(title)}</h1>`);
  out.push(
    `<p class="sub">Board report: projection ${esc(r.baseYear)} to ${esc(r.horizon)} from <code>${esc(basename(r.file))}</code>. Money in £m; ${esc(r.priceBase)}.</p>`,
  );
  out.push('</header>');
  if (description) out.push(`<p>${esc(description.trim())}</p>`);

  out.push('<section class="headline-figures">', '<h2>Headline figures</h2>');
  const cal = r.calibration;
  // the calibrated gap first, where it is not the system's (a sector's, a place's, a sector's in a place)
  // each figure once: with no schemes the do-nothing gap is the gap, and the horizon's gap is the focus year's when they are one year
  const calCard = cal && cal.scope !== 'system' && cal.year === focus;
  const sysWords = calCard ? ', whole system' : '';
  const gapWords = hasSchemes ? `Gap with schemes${sysWords}` : `Gap${sysWords}`;
  const cards: [string, string][] = [
    ...(calCard ? [[`Do-nothing gap, ${scopeWords(cal.scope, r)}, ${focus}`, money(cal.achieved, d)] as [string, string]] : []),
    ...(hasSchemes ? [[`Do-nothing gap${sysWords}, ${focus}`, money(sys.doNothingGap[t]!, d)] as [string, string]] : []),
    [`${gapWords}, ${focus}`, money(sys.gap[t]!, d)],
    ...(hasSchemes ? [[`Closed by schemes, ${focus}`, money(sys.doNothingGap[t]! - sys.gap[t]!, d)] as [string, string]] : []),
    ...(t !== H ? [[`${gapWords}, ${r.horizon}`, money(sys.gap[H]!, d)] as [string, string]] : []),
    [`Funding, ${r.horizon}`, money(sys.funding[H]!, d)],
    [`Cost, ${r.horizon}`, money(sys.cost[H]!, d)],
  ];
  const mcGap = mc?.metrics.find((x) => x.name === 'gap' && x.year === focus);
  if (mcGap) cards.push([`Gap ${focus}, 80% of Monte Carlo runs`, `${money(mcGap.p10, d)} to ${money(mcGap.p90, d)}`]);
  out.push('<div class="headline">', ...cards.map(([k, v]) => `<div><span class="v">${cardValue(v)}</span><span class="k">${esc(k)}</span></div>`), '</div>');
  out.push('<p class="note">Gap = cost + investment − funding: positive is a shortfall. Positions: + surplus, − deficit. Do-nothing gaps exclude the schemes (and, for one sector, pools and envelopes).</p>');
  for (const n of r.notes) out.push(`<p class="note"><strong>Note.</strong> ${esc(n)}.</p>`);
  const c = r.calibration;
  out.push(
    c
      ? `<p><strong>Calibration.</strong> ${esc(`'${c.parameter}' was fitted to ${sig(c.fitted)} (written as ${sig(c.initial)}) so that the do-nothing gap of ${scopeWords(c.scope, r)} in ${c.year} is ${money(c.achieved, d)} (target ${money(c.target, d)}).`)}${c.source ? ` Source: ${esc(c.source)}` : ''}</p>`
      : '<p><strong>Calibration.</strong> None: every assumption as written.</p>',
  );
  // the reconciliation, and what moves the gap to the horizon
  const bridges = [...(c ? [{ caption: `Reconciliation to the target, ${c.year}: do-nothing gap of ${scopeWords(c.scope, r)}, £m`, b: c.reconciliation }] : []), ...r.drivers.map((b) => ({ caption: `What moves the do-nothing gap of ${scopeWords(b.scope, r)} to ${b.year}, £m`, b }))];
  for (const { caption, b } of bridges) {
    out.push(table([{ head: 'Step', text: true }, { head: '£m' }], b.steps.map((st) => [st.label, m(st.value, d, st.id !== 'base' && st.id !== 'end')]), { caption, totalLast: true }));
  }
  for (const cap of r.capacity) {
    const over = cap.doNothingBreaches;
    out.push(
      `<p><strong>Capacity.</strong> ${esc(`${serviceName(r, cap.service)} at ${orgName(r, cap.provider)}: ${n(cap.doNothingBedsNeeded[0]!)} beds needed in ${r.baseYear} at ${Math.round(cap.occupancy * 100)}% occupancy against ${n(cap.beds[0]!)} beds; ${over.length ? `with no schemes, demand exceeds them in every year from ${over[0]} (${n(cap.doNothingBedsNeeded[H]!)} beds by ${r.horizon})${hasSchemes ? `; with the schemes, ${cap.breaches.length ? `from ${cap.breaches[0]}` : 'in no year'}` : ''}: past that point the projection describes demand that cannot be met` : 'within them every year'}.`)}</p>`,
    );
  }
  out.push('</section>');

  // --- Charts ----------------------------------------------------------------
  const tornadoExtra = scenario.uncertain.length > 0 ? { tornado: tornado(scenario, { year: focus }) } : {};
  const charts = chartsFor(r, { ...tornadoExtra, ...options.chartExtras, fan: gapFan(mc), year: focus });
  out.push('<section class="charts">', '<h2>Charts</h2>');
  for (const ch of charts) {
    const warnings: string[] = [];
    const svg = cleanSVG(await toSVG(ch.spec, { warnings }));
    const alt = typeof ch.spec.description === 'string' ? ch.spec.description : ch.title;
    out.push(`<figure id="chart-${esc(ch.name)}">`, `<h3>${esc(ch.title)}</h3>`, `<div role="img" aria-label="${esc(alt)}">${svg}</div>`, `<figcaption>${esc(alt)}</figcaption>`, '</figure>');
  }
  out.push('</section>');

  // --- Tables ----------------------------------------------------------------
  out.push('<section class="tables">', '<h2>Figures</h2>');
  const yearCol: Column = { head: 'Year', text: true };
  out.push(
    table(
      [yearCol, { head: 'Funding £m' }, { head: 'Cost £m' }, ...(hasSchemes ? [{ head: 'Investment £m' }] : []), { head: 'Gap £m' }, ...(hasSchemes ? [{ head: 'Do-nothing gap £m' }, { head: 'Closed £m' }] : [])],
      r.years.map((y, i) => [
        y,
        m(sys.funding[i], d),
        m(sys.cost[i], d),
        ...(hasSchemes ? [m(sys.investment[i], d)] : []),
        m(sys.gap[i], d),
        ...(hasSchemes ? [m(sys.doNothingGap[i], d), m(sys.doNothingGap[i]! - sys.gap[i]!, d)] : []),
      ]),
      { caption: 'System funding, cost and gap by year, £m' },
    ),
  );
  if (r.sectors.length > 1) {
    out.push(
      table([yearCol, ...r.sectors.map((x) => ({ head: `${x.name} gap £m` })), { head: 'System gap £m' }], r.years.map((y, i) => [y, ...r.sectors.map((x) => m(x.gap[i], d)), m(sys.gap[i], d)]), {
        caption: 'Gap by sector, £m',
      }),
    );
  }
  if (r.places.length > 1) {
    const cols: Column[] = [{ head: `Population ${r.years[t]}` }, { head: `Funding ${r.years[t]} £m` }, { head: `Cost ${r.years[t]} £m` }, { head: `Gap ${r.years[t]} £m` }, { head: `Gap ${r.horizon} £m` }];
    const row = (name: string, g: { population: number; funding: number[]; cost: number[]; gap: number[] }) => [name, n(g.population), m(g.funding[t], d), m(g.cost[t], d), m(g.gap[t], d), m(g.gap[H], d)];
    const system = row('System', { ...sys, population: r.population.total[t]! });
    for (const by of ['council', 'commissioner', 'area'] as const) {
      const groups = r.rollups.filter((g) => g.by === by);
      if (!groups.length || groups.length > MAX_LISTED_PLACES) continue;
      const label = by === 'area' ? 'Area' : by === 'council' ? "Council's area" : "Commissioner's area";
      out.push(
        table([{ head: label, text: true }, ...cols], [...groups.map((g) => row(`${g.name} (${g.places.length} places)`, { ...g, population: g.population[t]! })), system], {
          caption: `By ${label.toLowerCase()}, £m: the groups sum to the system`,
          totalLast: true,
        }),
      );
    }
    if (r.places.length <= MAX_LISTED_PLACES) {
      out.push(
        table([{ head: 'Place', text: true }, ...cols], [...r.places.map((p) => row(p.name, { ...p, population: p.population.total[t]! })), system], {
          caption: 'By place, £m: the places sum to the system',
          totalLast: true,
        }),
      );
    } else {
      out.push(`<p class="note">${r.places.length} places: each place's figures are in the export's places.csv and the workbook's Places sheet.</p>`);
    }
  }
  const orgCols: Column[] = [yearCol, ...r.organisations.map((o) => ({ head: o.id })), { head: 'Sum' }];
  out.push(`<p class="note">Organisations: ${esc(r.organisations.map((o) => `${o.id} = ${o.name}`).join('; '))}.</p>`);
  out.push(
    table(orgCols, r.years.map((y, i) => [y, ...r.organisations.map((o) => m(o.position[i], d)), m(sys.position[i], d)]), {
      caption: 'Organisation positions by year, £m (funding − payments + income − cost − investment; + surplus, − deficit)',
    }),
  );
  if (hasSchemes) {
    out.push(
      table(orgCols, r.years.map((y, i) => [y, ...r.organisations.map((o) => m(o.doNothingPosition[i], d)), m(-sys.doNothingGap[i]!, d)]), {
        caption: 'Do-nothing organisation positions by year, £m',
      }),
    );
    let running = 0;
    out.push(
      table(
        [{ head: 'Step', text: true }, { head: '£m' }, { head: 'Gap after step £m' }],
        waterfall(r, focus).map((s) => {
          running = s.kind === 'start' || s.kind === 'end' ? s.value : running + s.value;
          return [s.label, m(s.value, d, s.kind !== 'start' && s.kind !== 'end'), m(running, d)];
        }),
        { caption: `Gap-closure waterfall, ${focus}, £m (schemes attributed in order of application; − closes the gap)`, totalLast: true },
      ),
    );
    out.push(
      table(
        [{ head: 'Scheme', text: true }, ...r.organisations.map((o) => ({ head: o.id }))],
        [
          ...r.schemes.map((k) => [k.name, ...r.organisations.map((o) => m(k.byOrganisation[o.id]?.[t], d, true))]),
          ['All schemes', ...r.organisations.map((o) => m(o.position[t]! - o.doNothingPosition[t]!, d, true))],
        ],
        { caption: `Who gains and who loses, ${focus}: change in each organisation's position from each scheme, £m`, totalLast: true },
      ),
    );
  }
  const providers = r.organisations.filter((o) => r.services.some((s) => s.provider === o.id && s.stranded.some((v) => v !== 0)));
  if (providers.length) {
    out.push(
      table(
        [yearCol, ...providers.map((o) => ({ head: o.id }))],
        r.years.map((y, i) => [y, ...providers.map((o) => m(r.services.filter((s) => s.provider === o.id).reduce((acc, s) => acc + s.stranded[i]!, 0), d))]),
        { caption: 'Stranded cost by provider, £m (cost kept although activity fell: fixed and stepped costs not yet released)' },
      ),
    );
  }
  for (const p of r.pools) {
    const dp = decimalsFor(p.budget.map((v) => v / 100));
    out.push(
      table(
        [yearCol, { head: 'Budget £m' }, { head: 'Spend £m' }, { head: 'Variance £m' }, { head: 'Reserve used £m' }, ...p.partners.flatMap((q) => [{ head: `${q.id} contribution £m` }, { head: `${q.id} share £m` }])],
        r.years.map((y, i) => [
          y,
          m(p.budget[i], dp),
          m(p.spend[i], dp),
          m(p.variance[i], dp),
          m(p.reserveUsed[i], dp),
          ...p.partners.flatMap((q) => [m(q.contribution[i], dp), m(q.share[i], dp)]),
        ]),
        { caption: `Pooled budget '${p.name}' (host ${orgName(r, p.host)}), £m — variance = spend − budget (+ overspend); shares of the variance: + pays, − receives` },
      ),
    );
  }
  for (const e of r.envelopes) {
    const de = decimalsFor(e.envelope.map((v) => v / 100));
    out.push(
      table(
        [yearCol, { head: 'Envelope £m' }, { head: 'Cost £m' }, { head: 'Margin £m' }, { head: 'Settlement £m' }, { head: 'Final margin £m' }, { head: 'Tariff income £m' }, { head: 'Envelope − tariff £m' }],
        r.years.map((y, i) => [
          y,
          m(e.envelope[i], de),
          m(e.cost[i], de),
          m(e.margin[i], de),
          m(e.settlement[i], de, true),
          m(e.finalMargin[i], de),
          m(e.tariffIncome[i], de),
          m(e.envelope[i]! - e.tariffIncome[i]!, de),
        ]),
        { caption: `Capitated envelope '${e.name}' (${orgName(r, e.commissioner)} → ${orgName(r, e.provider)}), £m — settlement: + to the provider, − back to the commissioner` },
      ),
    );
  }
  if (mc && mc.metrics.length) {
    out.push(
      table(
        [{ head: 'Metric', text: true }, { head: 'Year', text: true }, { head: 'Mean' }, { head: 'P5' }, { head: 'P10' }, { head: 'Median' }, { head: 'P90' }, { head: 'P95' }],
        mc.metrics.map((x) => {
          const isMoney = (x.unit ?? '£') === '£';
          const f = (v: number) => (isMoney ? m(v, d) : sig(v));
          return [`${x.label ?? x.name}${isMoney ? ', £m' : x.unit ? `, ${x.unit}` : ''}`, x.year, f(x.mean), f(x.p5), f(x.p10), f(x.p50), f(x.p90), f(x.p95)];
        }),
        { caption: `Monte Carlo percentiles${mc.iterations ? ` (${n(mc.iterations)} iterations${mc.seed !== undefined ? `, seed ${mc.seed}` : ''})` : ''}` },
      ),
    );
  }
  out.push('</section>');

  // --- Assumptions and sources --------------------------------------------------
  const a = assumptionsOf(scenario);
  out.push('<section class="assumptions">', '<h2>Assumptions and sources</h2>');
  out.push('<p class="note">Every named parameter as run (calibrated values included). A series gives its value in each year as the change from the year before.</p>');
  out.push(
    table(
      [{ head: 'Parameter', text: true }, { head: 'Value', text: true }, { head: 'Unit', text: true }, { head: 'Source', text: true }],
      a.parameters.map((p) => [
        p.name,
        p.byYear ? seriesText(p.byYear) : sig(p.value!),
        p.unit,
        `${p.source}${p.note ? ` [${p.note}]` : ''}`,
      ]),
      { caption: 'Parameters', cls: 'sources params' },
    ),
  );
  out.push(table([{ head: 'File', text: true }, { head: 'Used by', text: true }, { head: 'Source', text: true }], a.tables.map((x) => [x.file, x.usedBy.join('; '), x.source]), { caption: 'Data tables', cls: 'sources files' }));
  out.push(table([{ head: 'Where', text: true }, { head: 'Name', text: true }, { head: 'Source', text: true }], a.sources.map((x) => [x.where, x.name, x.source]), { caption: 'Other sources written in the scenario', cls: 'sources other' }));
  out.push('</section>');
  out.push('<footer><p class="note">Produced by popshift from the scenario file named above. Figures are projections, not forecasts.</p></footer>');
  out.push('</body>', '</html>');
  return out.join('\n') + '\n';
}

/** A headline figure, never broken within a word (a narrow screen broke '−£165.0m' after its minus): a range's words are kept whole apart. */
function cardValue(v: string): string {
  return v.includes(' ') ? v.split(' ').map((w) => `<span class="w">${esc(w)}</span>`).join(' ') : esc(v);
}

/** A series' values by year as text: `2018/19 0.016; …`, runs of equal values collapsed. */
function seriesText(byYear: { year: string; value: number }[]): string {
  const parts: string[] = [];
  for (let i = 0; i < byYear.length; ) {
    let j = i;
    while (j + 1 < byYear.length && byYear[j + 1]!.value === byYear[i]!.value) j++;
    parts.push(`${byYear[i]!.year}${j > i ? `–${byYear[j]!.year}` : ''}: ${sig(byYear[i]!.value)}`);
    i = j + 1;
  }
  return parts.join('; ');
}

/**
 * Vega's SVG made safe to inline: no XML prolog, no scripts or event
 * handlers, no external references.
 */
function cleanSVG(svg: string): string {
  return svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/\son[a-z]+="[^"]*"/gi, '')
    .replace(/\s(?:xlink:)?href="(?!#)[^"]*"/gi, '');
}
