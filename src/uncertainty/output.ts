/**
 * Monte Carlo outputs: the files `--out` writes (CSV and JSON, and the
 * per-iteration samples on request), shard files, merging shards, and text for
 * the terminal. Everything is a pure function of the per-iteration values, so
 * a merged run writes exactly what the unsharded run writes.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { summariseRun, type SimulationResult, type IterationBlock } from './montecarlo.js';
import { shardRange } from './simulate.js';

export type RunHead = Omit<SimulationResult, 'metrics' | 'gapCloses' | 'rankCorrelation' | 'samples'>;
type MetricHead = { id: string; label: string; unit: string };

/** The JSON document of a run (the result without its in-memory samples). */
export function simulationJson(r: SimulationResult): string {
  const { samples: _s, ...rest } = r as SimulationResult & { run?: unknown };
  delete (rest as { run?: unknown }).run;
  return JSON.stringify(rest, null, 2) + '\n';
}

/** The files `--out` writes: percentiles.csv, gap-closes.csv, simulation.json; with samples, samples.csv and inputs.csv. */
export function simulationFiles(r: SimulationResult, withSamples: boolean): Record<string, string> {
  const rows = ['metric,unit,year,mean,sd,p5,p10,p50,p90,p95'];
  for (const m of r.metrics) for (const y of m.byYear) rows.push([m.id, m.unit, y.year, y.mean, y.sd, y.p5, y.p10, y.p50, y.p90, y.p95].join(','));
  const files: Record<string, string> = {
    'percentiles.csv': rows.join('\n') + '\n',
    'gap-closes.csv': ['year,probability', ...r.gapCloses.map((g) => `${g.year},${g.probability}`)].join('\n') + '\n',
    'simulation.json': simulationJson(r),
  };
  if (withSamples) {
    if (!r.samples) throw new Error('samples were not kept');
    const { metricIds, inputNames, values, inputs } = r.samples;
    const nY = r.years.length;
    const nM = metricIds.length;
    const s = [['iteration', 'year', ...metricIds].join(',')];
    for (let i = 0; i < r.iterations; i++) {
      for (let t = 0; t < nY; t++) {
        const cells: (string | number)[] = [i, r.years[t]!];
        for (let k = 0; k < nM; k++) cells.push(values[(i * nM + k) * nY + t]!);
        s.push(cells.join(','));
      }
    }
    files['samples.csv'] = s.join('\n') + '\n';
    const nIn = inputNames.length;
    const x = [['iteration', ...inputNames.map(csvCell)].join(',')];
    for (let i = 0; i < r.iterations; i++) x.push([i, ...Array.from(inputs.subarray(i * nIn, (i + 1) * nIn))].join(','));
    files['inputs.csv'] = x.join('\n') + '\n';
  }
  return files;
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A shard file: one slice of a run's per-iteration values, and what it belongs to. */
export interface ShardFile {
  format: 'popshift-shard';
  version: 1;
  shard: { index: number; count: number };
  range: [number, number];
  head: RunHead;
  metrics: MetricHead[];
  /** Per-iteration values, iteration-major as in `IterationBlock`. */
  values: number[];
  inputs: number[];
}

export function shardFile(head: RunHead, metrics: MetricHead[], shard: { index: number; count: number }, block: IterationBlock): string {
  const doc: ShardFile = { format: 'popshift-shard', version: 1, shard, range: [block.start, block.end], head, metrics, values: Array.from(block.values), inputs: Array.from(block.inputs) };
  return JSON.stringify(doc) + '\n';
}

/** Check shard files belong together (same scenario, seed, iterations, shard count; every shard once) and join them into the run's result. */
export function mergeShards(files: string[], keepSamples = false): SimulationResult {
  if (!files.length) throw new UserError('merge: give the shard files to merge');
  const shards = files.map((f) => {
    let doc: ShardFile;
    try {
      doc = JSON.parse(readFileSync(f, 'utf8')) as ShardFile;
    } catch (e) {
      throw new UserError(`merge: ${f}: cannot read it as a shard file (${(e as Error).message})`);
    }
    if (doc?.format !== 'popshift-shard' || doc.version !== 1) throw new UserError(`merge: ${f}: not a popshift shard file`);
    return { f, doc };
  });
  const first = shards[0]!.doc;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const { f, doc } of shards) {
    const h = doc.head;
    const why =
      h.scenarioHash !== first.head.scenarioHash
        ? `a different scenario (hash ${h.scenarioHash}, not ${first.head.scenarioHash})`
        : h.seed !== first.head.seed
          ? `seed ${h.seed}, not ${first.head.seed}`
          : h.iterations !== first.head.iterations
            ? `${h.iterations} iterations, not ${first.head.iterations}`
            : doc.shard.count !== first.shard.count
              ? `one of ${doc.shard.count} shards, not ${first.shard.count}`
              : !same(h, first.head) || !same(doc.metrics, first.metrics)
                ? 'different run settings (year, file or metrics)'
                : undefined;
    if (why) throw new UserError(`merge: ${f} belongs to another run: ${why} (compared with ${shards[0]!.f})`);
  }
  const N = first.shard.count;
  const n = first.head.iterations;
  const byIndex = new Map<number, string>();
  for (const { f, doc } of shards) {
    if (byIndex.has(doc.shard.index)) throw new UserError(`merge: shard ${doc.shard.index}/${N} is given twice (${byIndex.get(doc.shard.index)} and ${f})`);
    const want = shardRange(doc.shard.index, N, n);
    if (!same(want, doc.range)) throw new UserError(`merge: ${f}: shard ${doc.shard.index}/${N} should hold iterations ${want[0]}–${want[1]}, not ${doc.range[0]}–${doc.range[1]}`);
    byIndex.set(doc.shard.index, f);
  }
  const missing = Array.from({ length: N }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length) throw new UserError(`merge: missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${N}`).join(', ')} (iterations ${missing.map((k) => shardRange(k, N, n).join('–')).join(', ')})`);
  shards.sort((a, b) => a.doc.range[0] - b.doc.range[0]);
  const nY = first.head.years.length;
  const values = new Float64Array(n * first.metrics.length * nY);
  const inputs = new Float64Array(n * first.head.inputs.length);
  for (const { doc } of shards) {
    values.set(doc.values, doc.range[0] * first.metrics.length * nY);
    inputs.set(doc.inputs, doc.range[0] * first.head.inputs.length);
  }
  return summariseRun(first.head, first.metrics, values, inputs, keepSamples);
}

/** Text for the terminal: the chance the gap closes and the fan of the gap by year, £m. */
export function formatSimulation(r: SimulationResult): string {
  const m = (x: number) => (x / 1e6).toFixed(1);
  const gap = r.metrics.find((x) => x.id === 'gap');
  const focus = r.gapCloses.find((g) => g.year === r.focusYear);
  const out: string[] = [];
  out.push(`${r.scenario}: ${r.iterations.toLocaleString('en-GB')} iterations, seed ${r.seed}, ${r.inputs.length} uncertain inputs`);
  if (focus) out.push(`Probability the system gap closes in ${r.focusYear}: ${(focus.probability * 100).toFixed(1)}%`);
  out.push('');
  out.push('System gap by year, £m (cost + investment − funding; positive = shortfall)');
  const head = ['year', 'p5', 'p10', 'p50', 'p90', 'p95', 'mean', 'P(closes)'];
  const rows = r.years.map((year, t) => {
    const s = gap!.byYear[t]!;
    return [year, m(s.p5), m(s.p10), m(s.p50), m(s.p90), m(s.p95), m(s.mean), `${(r.gapCloses[t]!.probability * 100).toFixed(1)}%`];
  });
  out.push(table(head, rows));
  if (r.rankCorrelation.length) {
    out.push('');
    out.push(`Rank correlation of each input with the ${r.focusYear} gap (Spearman)`);
    out.push(table(['input', 'rho'], r.rankCorrelation.map((c) => [c.input, c.rho.toFixed(3)])));
  }
  return out.join('\n');
}

/** A plain text table, first column left-aligned, the rest right-aligned. */
export function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
