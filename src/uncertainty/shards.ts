/**
 * Shard files and merging them. A shard file is one JSON line (the header:
 * which run and which iterations it holds, how many numbers, and their
 * sha256), then the numbers themselves as float64 little-endian: the values,
 * iteration-major as in `IterationBlock`, then the sampled inputs. Binary, so
 * the numbers are exact, a file is 8 bytes a number (JSON took about 18) and a
 * merge reads them a few thousand iterations at a time, never a whole shard.
 *
 * A merge reads every header first (do the shards belong together, is each
 * there once, is each file as long as its header says) and only then the
 * numbers, checking each shard's checksum. Like a whole run, it holds the
 * values in memory up to the memory budget and beyond it on disk a column at
 * a time (the sampled inputs are always held).
 */
import { checkSimulation } from '../results/check.js';
import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../scenario/files.js';
import { createHash, type Hash } from 'node:crypto';
import { endianness } from 'node:os';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { summariseRun, type SimulationResult, type IterationBlock } from './montecarlo.js';
import { shardRange, MEMORY_BUDGET } from './simulate.js';
import { memoryColumns, diskColumns, type ColumnStore } from './columns.js';
import type { RunHead, MetricHead } from './output.js';

/** The header line of a shard file. */
export interface ShardHeader {
  format: 'popshift-shard';
  /** 2: binary numbers with `counts` and `checksum` (version 1 was all JSON, with neither, and is refused). */
  version: 2;
  shard: { index: number; count: number };
  range: [number, number];
  head: RunHead;
  metrics: MetricHead[];
  /** How many iterations the shard holds, and how many numbers follow the header: `values`, then `inputs`. */
  counts: { iterations: number; values: number; inputs: number };
  /** sha256 (hex) of the numbers after the header, as written. */
  checksum: string;
}

/** The file `--shard K/N` writes. */
export function shardFileName(shard: { index: number; count: number }): string {
  return `shard-${shard.index}-of-${shard.count}.bin`;
}

/** Little-endian is what the file holds; the typed arrays are the machine's order. */
function checkEndianness(): void {
  if (endianness() !== 'LE') throw new Error('shard files are little-endian float64 and this machine is big-endian');
}

const bytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function shardFile(head: RunHead, metrics: MetricHead[], shard: { index: number; count: number }, block: IterationBlock): Buffer {
  checkEndianness();
  const h = createHash('sha256').update(bytes(block.values)).update(bytes(block.inputs));
  const header: ShardHeader = {
    format: 'popshift-shard',
    version: 2,
    shard,
    range: [block.start, block.end],
    head,
    metrics,
    counts: { iterations: block.end - block.start, values: block.values.length, inputs: block.inputs.length },
    checksum: h.digest('hex'),
  };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), bytes(block.values), bytes(block.inputs)]);
}

const count = z.number().int().nonnegative();
/** What merge relies on in a header (the rest of `head` is compared whole between shards). */
const headerShape = z.looseObject({
  shard: z.object({ index: count, count: count }),
  range: z.tuple([count, count]),
  head: z.looseObject({ scenarioHash: z.string(), seed: count, iterations: count, years: z.array(z.string()), inputs: z.array(z.unknown()) }),
  metrics: z.array(z.looseObject({ id: z.string() })),
  counts: z.object({ iterations: count, values: count, inputs: count }),
  checksum: z.string(),
});

/** Headers longer than this are not a shard's (a header is a few kilobytes). */
const MAX_HEADER = 16 << 20;

interface OpenShard {
  f: string;
  header: ShardHeader;
  /** Where the numbers start, and the file's length. */
  offset: number;
  size: number;
}

/** Open a shard file through the scenario files' reader: a regular file within the size limit, or a UserError naming it. */
function openShard(f: string): { fd: number; size: number } {
  return openRegularFile(f, 'shard', { display: f, where: 'merge', missing: `shard file not found: ${f}` });
}

function readHeader(f: string): OpenShard {
  const { fd, size } = openShard(f);
  try {
    const chunks: Buffer[] = [];
    let read = 0;
    let end = -1;
    while (end < 0 && read < Math.min(size, MAX_HEADER)) {
      const chunk = Buffer.alloc(Math.min(64 << 10, size - read));
      const got = readSync(fd, chunk, 0, chunk.length, read);
      if (got === 0) break;
      const nl = chunk.subarray(0, got).indexOf(10);
      if (nl >= 0) end = read + nl;
      chunks.push(chunk.subarray(0, got));
      read += got;
    }
    const not = (why: string) => new UserError(`merge: ${f}: not a popshift shard file (${why})`);
    if (end < 0) throw not('no header line');
    let header: ShardHeader;
    try {
      header = JSON.parse(Buffer.concat(chunks).subarray(0, end).toString('utf8')) as ShardHeader;
    } catch (e) {
      throw not(`its header is not JSON: ${(e as Error).message}`);
    }
    if (header?.format !== 'popshift-shard') throw not('no popshift-shard header');
    if ((header.version as number) !== 2) throw new UserError(`merge: ${f}: a shard file of version ${String(header.version)}, which this popshift does not read (it writes version 2, with counts and a checksum): run the shard again`);
    const shape = headerShape.safeParse(header);
    if (!shape.success) {
      const issue = shape.error.issues[0]!;
      throw new UserError(`merge: ${f}: not a whole shard file (${issue.path.join('.') || 'the header'}: ${issue.message})`);
    }
    return { f, header, offset: end + 1, size };
  } finally {
    closeSync(fd);
  }
}

/** The header's counts agree with its iterations, metrics, years and inputs, and the file holds that many numbers. */
function checkCounts({ f, header: h, offset, size }: OpenShard): void {
  const { index, count } = h.shard;
  const iterations = h.range[1] - h.range[0];
  const want = { values: iterations * h.metrics.length * h.head.years.length, inputs: iterations * h.head.inputs.length };
  if (h.counts.iterations !== iterations || h.counts.values !== want.values || h.counts.inputs !== want.inputs) {
    throw new UserError(`merge: ${f}: its counts do not match shard ${index}/${count} (iterations ${h.range[0]}–${h.range[1]}): the file was changed after popshift wrote it; run that shard again`);
  }
  const numbers = (size - offset) / 8;
  const expected = want.values + want.inputs;
  if (!Number.isInteger(numbers)) throw new UserError(`merge: ${f}: ${size - offset} bytes after its header are not a whole number of values: the file is damaged; run shard ${index}/${count} again`);
  if (numbers !== expected) {
    throw new UserError(`merge: ${f}: holds ${numbers} values where shard ${index}/${count} (${iterations} iterations) has ${expected}: the file is ${numbers < expected ? 'incomplete' : 'longer than written'}; run that shard again`);
  }
}

/** Read `into.length` numbers of `fd` from `position`, into place, hashing them. */
function readNumbers(fd: number, position: number, into: Float64Array, hash: Hash): void {
  const target = bytes(into);
  const step = 256 << 20;
  for (let done = 0; done < target.length; ) {
    const got = readSync(fd, target, done, Math.min(step, target.length - done), position + done);
    if (got === 0) throw new Error('shard file shorter than when its header was read');
    hash.update(target.subarray(done, done + got));
    done += got;
  }
}

/** Iterations of a shard read and handed to the store at a time. */
const MERGE_CHUNK = 4096;

/**
 * Check shard files belong together (same scenario, seed, iterations, shard
 * count; every shard once, whole and as written) and join them into the run's
 * result. Values beyond `memoryBudget` bytes wait on disk, as in `simulate`.
 * `onHead` is given the run's header once the shards are known to belong
 * together, before their values are read (so what it refuses costs no reading).
 */
export function mergeShards(files: string[], keepSamples = false, memoryBudget = MEMORY_BUDGET, onHead?: (head: RunHead, metrics: MetricHead[]) => void): SimulationResult {
  if (!files.length) throw new UserError('merge: give the shard files to merge');
  checkEndianness();
  const shards = files.map(readHeader);
  const first = shards[0]!.header;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const { f, header: doc } of shards) {
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
  for (const s of shards) {
    const { f, header: doc } = s;
    if (byIndex.has(doc.shard.index)) throw new UserError(`merge: shard ${doc.shard.index}/${N} is given twice (${byIndex.get(doc.shard.index)} and ${f})`);
    const want = shardRange(doc.shard.index, N, n);
    if (!same(want, doc.range)) throw new UserError(`merge: ${f}: shard ${doc.shard.index}/${N} should hold iterations ${want[0]}–${want[1]}, not ${doc.range[0]}–${doc.range[1]}`);
    checkCounts(s);
    byIndex.set(doc.shard.index, f);
  }
  const missing = Array.from({ length: N }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length) throw new UserError(`merge: missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${N}`).join(', ')} (iterations ${missing.map((k) => shardRange(k, N, n).join('–')).join(', ')})`);
  onHead?.(first.head, first.metrics);
  const nM = first.metrics.length;
  const nY = first.head.years.length;
  const nIn = first.head.inputs.length;
  const store: ColumnStore = keepSamples || n * nM * nY * 8 <= memoryBudget ? memoryColumns(0, n, nM, nY) : diskColumns(0, n, nM, nY);
  try {
    const inputs = new Float64Array(n * nIn);
    for (const { f, header: h, offset, size: headerSize } of shards) {
      const [start, end] = h.range;
      const hash = createHash('sha256');
      const { fd, size } = openShard(f);
      try {
        if (size !== headerSize) throw new UserError(`merge: ${f}: the file changed while it was being merged; run the merge again`);
        for (let a = start; a < end; a += MERGE_CHUNK) {
          const b = Math.min(end, a + MERGE_CHUNK);
          const chunk = new Float64Array((b - a) * nM * nY);
          readNumbers(fd, offset + (a - start) * nM * nY * 8, chunk, hash);
          store.put(a, b, chunk);
        }
        readNumbers(fd, offset + h.counts.values * 8, inputs.subarray(start * nIn, end * nIn), hash);
      } finally {
        closeSync(fd);
      }
      if (hash.digest('hex') !== h.checksum) throw new UserError(`merge: ${f}: its values do not match its checksum: the file was changed after popshift wrote it; run shard ${h.shard.index}/${N} again`);
    }
    // the same finiteness check as a whole run's, naming the metric and year
    return checkSimulation(files.join(', '), summariseRun(first.head, first.metrics, store, inputs, keepSamples));
  } finally {
    store.close();
  }
}
