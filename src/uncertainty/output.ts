/**
 * Monte Carlo outputs: the files `--out` writes (CSV and JSON, and the
 * per-iteration samples on request), shard files, merging shards, and text for
 * the terminal. Everything is a pure function of the per-iteration values, so
 * a merged run writes exactly what the unsharded run writes.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { z } from 'zod';
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
  /** 2: with `counts` and `checksum` (version 1 files had neither and are refused). */
  version: 2;
  shard: { index: number; count: number };
  range: [number, number];
  head: RunHead;
  metrics: MetricHead[];
  /** How many iterations the shard holds, and how many numbers `values` and `inputs` hold. */
  counts: { iterations: number; values: number; inputs: number };
  /** sha256 (hex) of `values` then `inputs` as float64, so a file cut short or edited is refused at merge. */
  checksum: string;
  /** Per-iteration values, iteration-major as in `IterationBlock`. */
  values: number[];
  inputs: number[];
}

const count = z.number().int().nonnegative();
/** What merge reads of a shard file before its values (these are checked apart: zod over millions of numbers is slow). */
const shardShape = z.looseObject({
  shard: z.object({ index: count, count: count }),
  range: z.tuple([count, count]),
  head: z.looseObject({ scenarioHash: z.string(), seed: count, iterations: count, years: z.array(z.string()), inputs: z.array(z.unknown()) }),
  metrics: z.array(z.looseObject({ id: z.string() })),
  counts: z.object({ iterations: count, values: count, inputs: count }),
  checksum: z.string(),
  values: z.custom<unknown[]>(Array.isArray, 'expected a list'),
  inputs: z.custom<unknown[]>(Array.isArray, 'expected a list'),
});

function shardChecksum(values: ArrayLike<number>, inputs: ArrayLike<number>): string {
  const h = createHash('sha256');
  for (const a of [values, inputs]) {
    const f = a instanceof Float64Array ? a : Float64Array.from(a);
    h.update(new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
  }
  return h.digest('hex');
}

export function shardFile(head: RunHead, metrics: MetricHead[], shard: { index: number; count: number }, block: IterationBlock): string {
  const counts = { iterations: block.end - block.start, values: block.values.length, inputs: block.inputs.length };
  const doc: ShardFile = { format: 'popshift-shard', version: 2, shard, range: [block.start, block.end], head, metrics, counts, checksum: shardChecksum(block.values, block.inputs), values: Array.from(block.values), inputs: Array.from(block.inputs) };
  return JSON.stringify(doc) + '\n';
}

/**
 * A shard's values are whole and as written: as many as its iterations,
 * metrics, years and inputs call for, all numbers, matching its checksum.
 */
function checkShardValues(f: string, doc: ShardFile): void {
  const { index, count } = doc.shard;
  const iterations = doc.range[1] - doc.range[0];
  const nY = doc.head.years.length;
  const want = { values: iterations * doc.metrics.length * nY, inputs: iterations * doc.head.inputs.length };
  if (doc.counts.iterations !== iterations || doc.counts.values !== want.values || doc.counts.inputs !== want.inputs) {
    throw new UserError(`merge: ${f}: its counts do not match shard ${index}/${count} (iterations ${doc.range[0]}–${doc.range[1]}): the file was changed after popshift wrote it; run that shard again`);
  }
  for (const key of ['values', 'inputs'] as const) {
    const a = doc[key];
    if (a.length !== want[key]) {
      throw new UserError(`merge: ${f}: holds ${a.length} ${key} where shard ${index}/${count} (${iterations} iterations) has ${want[key]}: the file is incomplete or was edited; run that shard again`);
    }
    const bad = a.findIndex((x) => typeof x !== 'number');
    if (bad >= 0) throw new UserError(`merge: ${f}: ${key}[${bad}] is not a number (${JSON.stringify(a[bad])}): the file is damaged; run shard ${index}/${count} again`);
  }
  if (shardChecksum(doc.values, doc.inputs) !== doc.checksum) {
    throw new UserError(`merge: ${f}: its values do not match its checksum: the file was changed after popshift wrote it; run shard ${index}/${count} again`);
  }
}

/** Check shard files belong together (same scenario, seed, iterations, shard count; every shard once, whole) and join them into the run's result. */
export function mergeShards(files: string[], keepSamples = false): SimulationResult {
  if (!files.length) throw new UserError('merge: give the shard files to merge');
  const shards = files.map((f) => {
    let doc: ShardFile;
    try {
      doc = JSON.parse(readFileSync(f, 'utf8')) as ShardFile;
    } catch (e) {
      throw new UserError(`merge: ${f}: cannot read it as a shard file (${(e as Error).message})`);
    }
    if (doc?.format !== 'popshift-shard') throw new UserError(`merge: ${f}: not a popshift shard file`);
    if ((doc.version as number) !== 2) throw new UserError(`merge: ${f}: a shard file of version ${String(doc.version)}, which this popshift does not read (it writes version 2, with counts and a checksum): run the shard again`);
    const shape = shardShape.safeParse(doc);
    if (!shape.success) {
      const issue = shape.error.issues[0]!;
      throw new UserError(`merge: ${f}: not a whole shard file (${issue.path.join('.') || 'the document'}: ${issue.message})`);
    }
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
    checkShardValues(f, doc);
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
