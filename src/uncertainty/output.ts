/**
 * Monte Carlo outputs: the files `--out` writes (CSV and JSON, and the
 * per-iteration samples on request), shard files, merging shards, and text for
 * the terminal. Everything is a pure function of the per-iteration values, so
 * a merged run writes exactly what the unsharded run writes.
 */
import type { SimulationResult } from './montecarlo.js';
import { toCsv, type CsvCell } from '../results/csv.js';
import type { PreparedScenario } from '../api.js';
import { inputNames } from './sample.js';
import { simulationArgument } from '../api-arguments.js';
import { UserError } from '../errors.js';
import { messages } from '../scenario/messages.js';

// Shard files have a module of their own; the commands import them from here, with the other outputs.
export { shardFile, shardFileName, mergeShards } from './shards.js';

export type RunHead = Omit<SimulationResult, 'metrics' | 'gapCloses' | 'rankCorrelation' | 'samples'>;
export type MetricHead = { id: string; label: string; unit: string };

/** The JSON document of a run (the result without its in-memory samples). */
export function simulationJson(r: SimulationResult): string {
  const { samples: _s, ...rest } = r as SimulationResult & { run?: unknown };
  delete (rest as { run?: unknown }).run;
  return JSON.stringify(rest, null, 2) + '\n';
}

/** The files `--out` writes: percentiles.csv, gap-closes.csv, simulation.json; with samples, samples.csv and inputs.csv. */
export function simulationFiles(r: SimulationResult, withSamples: boolean): Record<string, string> {
  simulationArgument('simulationFiles', r);
  // every table with money says its price base (a metric in another unit has none)
  const rows = r.metrics.flatMap((m) => m.byYear.map((y) => [m.id, m.unit, y.year, y.mean, y.sd, y.p5, y.p10, y.p50, y.p90, y.p95, m.unit === '£' ? r.priceBase : '']));
  const files: Record<string, string> = {
    'percentiles.csv': toCsv(['metric', 'unit', 'year', 'mean', 'sd', 'p5', 'p10', 'p50', 'p90', 'p95', 'price_base'], rows),
    'gap-closes.csv': toCsv(['year', 'probability'], r.gapCloses.map((g) => [g.year, g.probability])),
    'simulation.json': simulationJson(r),
  };
  if (withSamples) {
    if (!r.samples) throw new UserError(messages.argument.noSamples('simulationFiles'));
    const { metricIds, inputNames, values, inputs } = r.samples;
    const nY = r.years.length;
    const nM = metricIds.length;
    const s: CsvCell[][] = [];
    for (let i = 0; i < r.iterations; i++) {
      for (let t = 0; t < nY; t++) {
        const cells: CsvCell[] = [i, r.years[t]!];
        for (let k = 0; k < nM; k++) cells.push(values[(i * nM + k) * nY + t]!);
        cells.push(r.priceBase);
        s.push(cells);
      }
    }
    // the metrics' units are in percentiles.csv (£ for every default metric)
    files['samples.csv'] = toCsv(['iteration', 'year', ...metricIds, 'price_base'], s);
    const nIn = inputNames.length;
    const x: CsvCell[][] = [];
    for (let i = 0; i < r.iterations; i++) x.push([i, ...Array.from(inputs.subarray(i * nIn, (i + 1) * nIn))]);
    files['inputs.csv'] = toCsv(['iteration', ...inputNames], x);
  }
  return files;
}

/** Text for the terminal: the chance the gap closes and the fan of the gap by year, £m. */
export function formatSimulation(r: SimulationResult): string {
  simulationArgument('formatSimulation', r);
  const m = (x: number) => (x / 1e6).toFixed(1);
  const gap = r.metrics.find((x) => x.id === 'gap');
  const focus = r.gapCloses.find((g) => g.year === r.focusYear);
  const out: string[] = [];
  out.push(`${r.scenario}: ${r.iterations.toLocaleString('en-GB')} iterations, seed ${r.seed}, ${r.inputs.length} uncertain inputs`);
  if (focus) out.push(`Probability the system gap closes in ${r.focusYear}: ${(focus.probability * 100).toFixed(1)}%`);
  out.push('');
  out.push(`System gap by year, £m, ${r.priceBase} (cost + investment − funding; positive = shortfall)`);
  const head = ['year', 'p5', 'p10', 'p50', 'p90', 'p95', 'mean', 'P(closes)'];
  const rows = r.years.map((year, t) => {
    const s = gap!.byYear[t]!;
    return [year, m(s.p5), m(s.p10), m(s.p50), m(s.p90), m(s.p95), m(s.mean), `${(r.gapCloses[t]!.probability * 100).toFixed(1)}%`];
  });
  out.push(table(head, rows));
  if (r.rankCorrelation.length) {
    out.push('');
    out.push(`Rank correlation of each input with the ${r.focusYear} gap (Spearman)`);
    const label = new Map(r.inputs.map((u) => [u.name, u.label]));
    out.push(table(['input', 'rho', 'name'], r.rankCorrelation.map((c) => [label.get(c.input) ?? c.input, c.rho.toFixed(3), c.input]), 2));
  }
  return out.join('\n');
}

/** A plain text table: the first column (and the last `textColumns − 1`) left-aligned, the figures right-aligned. */
export function table(head: string[], rows: string[][], textColumns = 1): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // The first column is text, and so are the last `textColumns - 1` (names beside the figures): those pad on the right.
  const text = (i: number) => i === 0 || i >= head.length - (textColumns - 1);
  const line = (r: string[]) => r.map((c, i) => (text(i) ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** How an uncertain input's values read in a table: a share or rate as a percentage, money in £, else four significant figures. */
export type InputText = (input: string, x: number) => string;

/**
 * The InputText of a scenario's inputs (by `$name` or path): a percentage
 * where the parameter's unit says fraction, share, proportion or rate, or
 * where it is used it must lie within −1 to 1 (a share, a growth rate);
 * pounds where its unit is GBP or £.
 */
export function inputText(scenario: PreparedScenario): InputText {
  const kinds = new Map<string, 'percent' | 'money' | 'number'>();
  for (const [j, name] of inputNames(scenario).entries()) {
    const u = scenario.uncertain[j]!;
    const unit = scenario.model.slots[u.slot]?.parameter ? (scenario.model.parameters.get(scenario.model.slots[u.slot]!.parameter!)?.unit ?? '') : '';
    const bounded = u.domain.min !== undefined && u.domain.max !== undefined && u.domain.min >= -1 && u.domain.max <= 1;
    kinds.set(name, /fraction|share|proportion|rate|%/i.test(unit) || bounded ? 'percent' : /GBP|£/.test(unit) ? 'money' : 'number');
  }
  // a choice among options (population tables) is sampled as the option's index: shown by its name
  const options = new Map(inputNames(scenario).flatMap((name, j) => (scenario.uncertain[j]!.options ? [[name, scenario.uncertain[j]!.options!] as const] : [])));
  return (input, x) => {
    const names = options.get(input);
    if (names) return names[Math.round(x)] ?? String(x);
    const kind = kinds.get(input) ?? 'number';
    // a value 0 but for rounding (-8.67e-17) is 0
    if (Math.abs(x) < 1e-12) x = 0;
    if (kind === 'percent') return `${Number((x * 100).toPrecision(3))}%`;
    const n = Number(x.toPrecision(4)).toLocaleString('en-GB', { maximumFractionDigits: 10 });
    return kind === 'money' ? (x < 0 ? `−£${n.slice(1)}` : `£${n}`) : n;
  };
}
