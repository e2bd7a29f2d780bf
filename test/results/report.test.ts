/**
 * The HTML board report: self-contained (no remote loads, no scripts), every
 * applicable chart inline as SVG with its title, the headline tables and the
 * assumptions, deterministic, and every inserted text escaped.
 */
import { PALETTE } from '../../src/charts/common.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { boardReport, loadScenario, project, simulate, type PreparedScenario, type Results } from '../../src/index.js';
import { chartsFor } from '../../src/charts/index.js';
import { esc } from '../../src/results/report/html.js';
import { model } from '../helpers.js';

let scenario: PreparedScenario;
let results: Results;
let html: string;
let again: string;
let hostile: string;
let withMc: string;

/** The title text of a chart spec. */
function specTitle(spec: unknown): string {
  const t = (spec as { title: { text: string | string[] } }).title.text;
  return Array.isArray(t) ? t.join(' ') : t;
}

beforeAll(async () => {
  scenario = loadScenario(model('harrogate-pooled-budget.yaml'));
  results = project(scenario);
  const bad = loadScenario(model('harrogate-capitated.yaml'), { overrides: { name: '<script>x</script>' } });
  const uncertain = loadScenario(model('harrogate-integrated-care-uncertain.yaml'));
  const sim = await simulate(uncertain, { iterations: 100, seed: 3, workers: 1 });
  [html, again, hostile, withMc] = await Promise.all([
    boardReport(scenario, results),
    boardReport(scenario, results),
    boardReport(bad, project(bad)),
    boardReport(uncertain, project(uncertain), { monteCarlo: sim }),
  ]);
}, 30_000);

describe('board report', () => {
  it('is a complete HTML document with the scenario name as its title', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<title>${esc(results.scenario)} — board report</title>`);
    expect(html).toContain(`<h1>${esc(results.scenario)}</h1>`);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('draws every applicable chart inline as SVG, with its title', () => {
    const charts = chartsFor(results, { year: results.calibration!.year });
    expect(charts.length).toBeGreaterThanOrEqual(5);
    expect(html.match(/<svg[\s>]/g)?.length).toBe(charts.length);
    for (const c of charts) {
      expect(html, c.name).toContain(`<h3>${esc(c.title)}</h3>`);
      expect(html, c.name).toContain(esc(specTitle(c.spec)));
    }
  });

  it('loads nothing from elsewhere and runs no script', () => {
    for (const doc of [html, hostile, withMc]) {
      expect(doc).not.toMatch(/\s(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
      expect(doc).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
      expect(doc).not.toMatch(/@import/i);
      expect(doc).not.toMatch(/<script/i);
      expect(doc).not.toMatch(/<link\b/i);
      expect(doc).not.toMatch(/<(?:img|iframe|object|embed)\b/i);
    }
  });

  it('has the headline tables: system, positions, waterfall, who gains and loses, pools', () => {
    for (const caption of [
      'System funding, cost and gap by year, £m',
      'Organisation positions by year, £m',
      'Do-nothing organisation positions by year, £m',
      'Gap-closure waterfall, 2020/21, £m',
      'Who gains and who loses, 2020/21',
      'Pooled budget &#39;Harrogate integrated care fund&#39;',
      'Parameters',
      'Data tables',
    ])
      expect(html, caption).toContain(caption);
    // the 2020/21 do-nothing and residual gap as printed
    expect(html).toContain('<span class="v">£40.3m</span><span class="k">Do-nothing gap, local health economy (NHS), 2020/21</span>');
    // and the reconciliation that sums to it
    expect(html).toContain('Reconciliation to the target, 2020/21');
    const residual = (results.system.gap[3]! / 1e6).toFixed(1);
    expect(html).toContain(`<span class="v">£${residual}m</span><span class="k">Gap with schemes, whole system, 2020/21</span>`);
  });

  it('lists the assumptions and sources, calibrated value included', () => {
    expect(html).toContain('<th scope="row" class="t">otherSpendResidual</th>');
    const fitted = scenario.calibration!.fitted;
    expect(html).toContain(`otherSpendResidual</th><td class="t">${+fitted.toPrecision(6)}</td>`);
    expect(html).toContain('data/harrogate/population.csv');
    for (const name of scenario.model.parameters.keys()) expect(html, name).toContain(`<th scope="row" class="t">${esc(name)}</th>`);
  });

  it('shows envelopes and the Monte Carlo fan and percentiles when there are some', () => {
    expect(hostile).toContain('Capitated envelope &#39;HDFT capitated budget&#39;');
    expect(withMc).toContain('Monte Carlo percentiles (100 iterations, seed 3)');
    expect(withMc).toContain('80% of Monte Carlo runs');
    expect(withMc).toContain('90% of runs (p5–p95)'); // the gap chart's fan legend
  });

  it('is deterministic: the same inputs give the same bytes', () => {
    expect(again).toBe(html);
    expect(html).not.toMatch(/\b20\d\d-\d\d-\d\d\b/); // no dates
  });

  it('escapes a scenario name that contains markup, in the page and in the charts', () => {
    expect(hostile).not.toContain('<script>x</script>');
    expect(hostile).toContain('<h1>&lt;script&gt;x&lt;/script&gt;</h1>');
    expect(hostile).toContain('&lt;script&gt;x&lt;/script&gt;'); // chart subtitles too, escaped by the SVG writer
  });

  it('is printable on A4 and in grey (greys, and the chart palette, whose colours are as light as greys)', () => {
    expect(html).toContain('@page { size: A4;');
    const colours = [...html.matchAll(/#([0-9a-f]{6}|[0-9a-f]{3})\b/gi)].map((m) => m[1]!.toLowerCase());
    for (const c of new Set(colours)) {
      if (PALETTE.includes(`#${c}`)) continue;
      const hex = c.length === 3 ? [...c].map((x) => x + x).join('') : c;
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!), `#${c}`).toBeLessThanOrEqual(8);
    }
  });
});
