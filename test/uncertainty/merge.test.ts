/**
 * `popshift merge` refuses what is not exactly the run's shards (issue 13):
 * a shard cut short or edited is a user error naming the file, and the same
 * scenario spelt as a relative or an absolute path is the same run.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScenario, simulate, simulateBlock, UserError } from '../../src/index.js';
import { simulationFiles, shardFile, mergeShards } from '../../src/uncertainty/output.js';
import type { ShardHeader } from '../../src/uncertainty/shards.js';
import { repoRoot } from '../helpers.js';

if (resolve(process.cwd()) !== resolve(repoRoot)) process.chdir(repoRoot);

const REL = 'test/uncertainty/fixtures/tiny-uncertain.yaml';
const ABS = resolve(repoRoot, REL);
const opts = { iterations: 300, seed: 7, workers: 1 as const };

let dir: string;
/** shard-0 from the relative spelling, shard-1 from the absolute one. */
let files: [string, string];
let whole: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'popshift-merge-'));
  const spelt = [REL, ABS];
  files = (await Promise.all(
    [0, 1].map(async (index) => {
      const { block, head, metrics } = await simulateBlock(loadScenario(spelt[index]!), { ...opts, shard: { index, count: 2 } });
      const f = join(dir, `shard-${index}-of-2.bin`);
      writeFileSync(f, shardFile(head, metrics, { index, count: 2 }, block));
      return f;
    }),
  )) as [string, string];
  whole = simulationFiles(await simulate(loadScenario(ABS), opts), false);
});

/** Shard 1's header and numbers. */
function shard1(): { header: ShardHeader; numbers: Float64Array } {
  const b = readFileSync(files[1]);
  const nl = b.indexOf(10);
  const rest = b.subarray(nl + 1);
  return { header: JSON.parse(b.subarray(0, nl).toString('utf8')) as ShardHeader, numbers: new Float64Array(rest.buffer.slice(rest.byteOffset, rest.byteOffset + rest.length)) };
}
/** Write a shard file from a header and numbers, and return its path. */
function write(name: string, header: unknown, numbers: Float64Array): string {
  const f = join(dir, name);
  writeFileSync(f, Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength)]));
  return f;
}

function mergeError(shards: string[]): UserError {
  try {
    mergeShards(shards);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('merged without an error');
}

describe('popshift merge', () => {
  it('merges shards run with a relative and an absolute spelling of the same file, exactly as the whole run', () => {
    expect(simulationFiles(mergeShards(files), false)).toEqual(whole);
    expect(JSON.parse(whole['simulation.json']!).file).toBe(REL);
  });

  it('merges the same with the values on disk (beyond the memory budget) as in memory', () => {
    expect(simulationFiles(mergeShards(files, false, 0), false)).toEqual(whole);
  });

  it('refuses a shard with half its values removed (it printed wrong percentiles, exit 0)', () => {
    const { header, numbers } = shard1();
    const f = write('half.bin', header, numbers.subarray(0, numbers.length / 2));
    const e = mergeError([files[0], f]);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`merge: ${f}: holds ${numbers.length / 2} values where shard 1/2 (150 iterations) has ${numbers.length}: the file is incomplete; run that shard again`);
  });

  it('refuses a shard cut off mid-number', () => {
    const f = join(dir, 'mid-number.bin');
    const b = readFileSync(files[1]);
    writeFileSync(f, b.subarray(0, b.length - 3));
    expect(mergeError([files[0], f]).message).toBe(`merge: ${f}: ${b.length - 3 - b.indexOf(10) - 1} bytes after its header are not a whole number of values: the file is damaged; run shard 1/2 again`);
  });

  it('refuses a shard cut short with its counts made to agree', () => {
    const { header, numbers } = shard1();
    header.counts.values /= 2;
    const f = write('recounted.bin', header, numbers.subarray(0, header.counts.values + header.counts.inputs));
    expect(mergeError([files[0], f]).message).toMatch(new RegExp(`^merge: ${f}: its counts do not match shard 1/2 \\(iterations 150–300\\)`));
  });

  it('refuses a shard with one value changed (its checksum no longer matches)', () => {
    const { header, numbers } = shard1();
    numbers[17] = numbers[17]! + 1;
    const f = write('changed.bin', header, numbers);
    expect(mergeError([files[0], f]).message).toBe(`merge: ${f}: its values do not match its checksum: the file was changed after popshift wrote it; run shard 1/2 again`);
  });

  it('reads shards as the scenario files are read: a folder or a FIFO is refused at once, by name', () => {
    expect(mergeError([files[0], dir]).message).toBe(`merge: shard file ${dir} is a folder, not a file`);
    const fifo = join(dir, 'pipe.bin');
    execFileSync('mkfifo', [fifo]);
    // a FIFO with no writer would block a plain open forever
    expect(mergeError([files[0], fifo]).message).toBe(`merge: shard file ${fifo} is not a regular file (a device, pipe or socket cannot be read)`);
    expect(mergeError(['/dev/zero']).message).toBe('merge: shard file /dev/zero is not a regular file (a device, pipe or socket cannot be read)');
  });

  it('refuses a header without counts, a version 1 (JSON) shard, and what is not a shard file', () => {
    const { header, numbers } = shard1();
    const noCounts = write('no-counts.bin', { ...header, counts: undefined }, numbers);
    expect(mergeError([files[0], noCounts]).message).toMatch(new RegExp(`^merge: ${noCounts}: not a whole shard file \\(counts: `));
    const v1 = join(dir, 'v1.json');
    writeFileSync(v1, JSON.stringify({ ...header, version: 1, values: [1, 2], inputs: [] }) + '\n');
    expect(mergeError([files[0], v1]).message).toMatch(new RegExp(`^merge: ${v1}: a shard file of version 1, .*run the shard again$`));
    expect(mergeError([files[0], join(dir, 'nowhere.bin')]).message).toBe(`merge: shard file not found: ${join(dir, 'nowhere.bin')}`);
    expect(mergeError([files[0], REL]).message).toMatch(new RegExp(`^merge: ${REL}: not a popshift shard file \\(its header is not JSON`));
  });
});
