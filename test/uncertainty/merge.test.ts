/**
 * `popshift merge` refuses what is not exactly the run's shards (issue 13):
 * a shard cut short or edited is a user error naming the file, and the same
 * scenario spelt as a relative or an absolute path is the same run.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScenario, simulate, simulateBlock, UserError } from '../../src/index.js';
import { simulationFiles, shardFile, mergeShards, type ShardFile } from '../../src/uncertainty/output.js';
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
      const f = join(dir, `shard-${index}-of-2.json`);
      writeFileSync(f, shardFile(head, metrics, { index, count: 2 }, block));
      return f;
    }),
  )) as [string, string];
  whole = simulationFiles(await simulate(loadScenario(ABS), opts), false);
});

/** Write an edited copy of shard 1 and return its path. */
function edited(name: string, edit: (doc: ShardFile) => unknown): string {
  const doc = JSON.parse(readFileSync(files[1], 'utf8')) as ShardFile;
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(edit(doc) ?? doc));
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

  it('refuses a shard with half its values removed (it printed wrong percentiles, exit 0)', () => {
    const f = edited('half.json', (d) => void (d.values = d.values.slice(0, d.values.length / 2)));
    const e = mergeError([files[0], f]);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`merge: ${f}: holds ${JSON.parse(readFileSync(f, 'utf8')).values.length} values where shard 1/2 (150 iterations) has ${2 * JSON.parse(readFileSync(f, 'utf8')).values.length}: the file is incomplete or was edited; run that shard again`);
  });

  it('refuses a shard cut short with its counts made to agree', () => {
    const f = edited('recounted.json', (d) => {
      d.values = d.values.slice(0, d.values.length / 2);
      d.counts.values = d.values.length;
    });
    expect(mergeError([files[0], f]).message).toMatch(new RegExp(`^merge: ${f}: its counts do not match shard 1/2 \\(iterations 150–300\\)`));
  });

  it('refuses a shard with one value changed (its checksum no longer matches)', () => {
    const f = edited('changed.json', (d) => void (d.values[17] = d.values[17]! + 1));
    expect(mergeError([files[0], f]).message).toBe(`merge: ${f}: its values do not match its checksum: the file was changed after popshift wrote it; run shard 1/2 again`);
  });

  it('refuses a value that is not a number (JSON writes NaN as null)', () => {
    const f = edited('null.json', (d) => void ((d.inputs as unknown[])[3] = null));
    expect(mergeError([files[0], f]).message).toBe(`merge: ${f}: inputs[3] is not a number (null): the file is damaged; run shard 1/2 again`);
  });

  it('refuses a shard without counts, or of the old version without a checksum', () => {
    const noCounts = edited('no-counts.json', (d) => void delete (d as Partial<ShardFile>).counts);
    expect(mergeError([files[0], noCounts]).message).toMatch(new RegExp(`^merge: ${noCounts}: not a whole shard file \\(counts: `));
    const v1 = edited('v1.json', (d) => ({ ...d, version: 1 }));
    expect(mergeError([files[0], v1]).message).toMatch(new RegExp(`^merge: ${v1}: a shard file of version 1, .*run the shard again$`));
  });
});
