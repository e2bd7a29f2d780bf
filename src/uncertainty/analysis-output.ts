/**
 * A metric analysis as text for the terminal and as the files `simulate
 * --out` adds (CSV, JSON and Vega-Lite specs of the S-curve, histogram and
 * contribution to variance).
 */
import type { MetricAnalysis } from './analysis.js';
import type { SimulationResult } from './montecarlo.js';
import { table, type InputText } from './output.js';
import { toCsv, type CsvCell } from '../results/csv.js';
import { sCurveChart, analysisSCurve } from '../charts/s-curve.js';
import { histogramChart } from '../charts/histogram.js';
import { contributionChart } from '../charts/contribution.js';

/** Percentiles printed from the S-curve. */
const PRINTED = [1, 5, 10, 25, 50, 75, 90, 95, 99];

/** Histogram bars are at most this many characters. */
const BAR = 40;

/** The S-curve at a few percentiles, P(≤ threshold), a text histogram, contributions to variance and stress analyses; `q` writes an input's values (inputText, in a scenario's units). */
export function formatAnalysis(a: MetricAnalysis, q: InputText = (_, x) => String(Number(x.toPrecision(4)))): string {
  const money = a.unit === '£';
  const v = (x: number) => (money ? (x / 1e6).toFixed(2) : String(Number(x.toPrecision(6))));
  const pc = (p: number) => `${(p * 100).toFixed(1)}%`;
  const d = a.distribution;
  const out: string[] = [];
  out.push(`${a.metricLabel}, ${a.year}${money ? ', £m' : ''}: ${a.iterations.toLocaleString('en-GB')} iterations, seed ${a.seed}`);
  out.push(`mean ${v(d.mean)}, sd ${v(d.sd)}, least ${v(d.min)}, greatest ${v(d.max)}`);
  out.push('');
  out.push('S-curve (value at or below which each share of iterations falls)');
  out.push(table(['percentile', ...PRINTED.map((p) => `p${p}`)], [['value', ...PRINTED.map((p) => v(d.curve[p]!.value))]]));
  if (d.below.length) {
    out.push('');
    out.push(table(['threshold', `P(${a.metric} ≤ threshold)`], d.below.map((b) => [v(b.threshold), pc(b.probability)])));
  }
  out.push('');
  out.push(`Histogram (${d.histogram.length} bins)`);
  const most = Math.max(...d.histogram.map((b) => b.count));
  const lines = table(['from', 'to', 'share'], d.histogram.map((b) => [v(b.from), v(b.to), pc(b.share)])).split('\n');
  out.push(lines.map((l, i) => (i === 0 ? l : `${l}  ${'#'.repeat(Math.round((d.histogram[i - 1]!.count / most) * BAR))}`)).join('\n'));
  if (a.contributions.length) {
    out.push('');
    out.push('Contribution to variance (squared rank correlation, normalised to 100%)');
    out.push(table(['input', 'rho', 'share', 'name'], a.contributions.map((c) => [c.label, c.rho.toFixed(3), pc(c.share), c.input]), 2));
  }
  for (const s of a.stress) {
    out.push('');
    const range = `p${Number((s.percentiles[0] * 100).toFixed(2))}–p${Number((s.percentiles[1] * 100).toFixed(2))}`;
    out.push(`Stress: ${s.label} (${s.input}) held in ${s.worst ? `its worst decile (${range})` : range} of its samples, ${q(s.input, s.inputRange[0])} to ${q(s.input, s.inputRange[1])}: ${s.iterations.toLocaleString('en-GB')} iterations`);
    const row = (what: string, st: typeof s.stressed) => [what, v(st.mean), v(st.p10), v(st.p50), v(st.p90)];
    out.push(table(['', 'mean', 'p10', 'p50', 'p90', ...s.below.map((b) => `P(≤ ${v(b.threshold)})`)], [
      [...row('stressed', s.stressed), ...s.below.map((b) => pc(b.stressed))],
      [...row('whole run', s.baseline), ...s.below.map((b) => pc(b.baseline))],
    ]));
  }
  return out.join('\n');
}

/** analysis.json, scurve.csv, histogram.csv, contribution.csv and the three charts' Vega-Lite specs. */
export function analysisFiles(r: Pick<SimulationResult, 'scenario' | 'file' | 'priceBase'>, a: MetricAnalysis): Record<string, string> {
  const src = { scenario: r.scenario, file: r.file };
  const d = a.distribution;
  const money = a.unit === '£';
  const unit = money ? '_gbp' : '';
  // money tables say their price base
  const base = (cells: CsvCell[]): CsvCell[] => (money ? [...cells, r.priceBase] : cells);
  const withBase = (head: string[]) => (money ? [...head, 'price_base'] : head);
  const files: Record<string, string> = {
    'analysis.json': JSON.stringify(a, null, 2) + '\n',
    'scurve.csv': toCsv(withBase(['probability', `value${unit}`]), d.curve.map((c) => base([c.p, c.value]))),
    'histogram.csv': toCsv(withBase([`from${unit}`, `to${unit}`, 'count', 'share']), d.histogram.map((b) => base([b.from, b.to, b.count, b.share]))),
    'scurve.vl.json': JSON.stringify(sCurveChart(src, analysisSCurve(a)), null, 2) + '\n',
    'histogram.vl.json': JSON.stringify(histogramChart(src, a), null, 2) + '\n',
  };
  if (a.contributions.length) {
    files['contribution.csv'] = toCsv(['input', 'label', 'path', 'rho', 'share'], a.contributions.map((c) => [c.input, c.label, c.path, c.rho, c.share]));
    files['contribution.vl.json'] = JSON.stringify(contributionChart(src, a), null, 2) + '\n';
  }
  return files;
}
