/**
 * Outputs whole or not at all, through the command line: every output of a
 * command checked before any is written, a results folder swapped in as a
 * whole (so nothing of an earlier run is left in it), and a process killed at
 * any moment leaves each target entirely old or entirely new.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { watch, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { repoRoot, popshift, type CliRun } from '../helpers.js';
import { cleanStale, MANIFEST } from '../../src/results/write.js';

const TINY = 'test/fixtures/tiny/tiny.yaml';
const UNCERTAIN = 'models/harrogate-integrated-care-uncertain.yaml';

let tmp: string;
let runs: Record<string, CliRun>;

/** Every file in a folder by name → content (undefined when the folder is missing). */
function snapshot(dir: string): Record<string, string> | undefined {
  if (!existsSync(dir)) return undefined;
  return Object.fromEntries(readdirSync(dir).sort().map((n) => [n, readFileSync(join(dir, n), 'latin1')]));
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'popshift-outputs-'));
  mkdirSync(join(tmp, 'a-folder'));
  writeFileSync(join(tmp, 'a-file'), 'not a folder\n');
  mkdirSync(join(tmp, 'mine'));
  writeFileSync(join(tmp, 'mine', 'notes.txt'), 'my notes\n');
  const jobs = {
    xlsxIsFolder: popshift('run', TINY, '--out', join(tmp, 'never'), '--xlsx', join(tmp, 'a-folder')),
    xlsxNotXlsx: popshift('run', TINY, '--out', join(tmp, 'never'), '--xlsx', join(tmp, 'book.csv')),
    seedAlone: popshift('run', TINY, '--seed', '3'),
    reportIsFolder: popshift('report', TINY, '--out', join(tmp, 'a-folder')),
    outIsFile: popshift('simulate', UNCERTAIN, '--iterations', '20', '--out', join(tmp, 'a-file')),
    foreign: popshift('run', TINY, '--out', join(tmp, 'mine')),
    tooMany: popshift('simulate', UNCERTAIN, '--iterations', '100000000000'),
    shardMissingFolder: popshift('simulate', UNCERTAIN, '--iterations', '20', '--workers', '1', '--shard', '0/2', '--out', join(tmp, 'new', 'shards')),
    shardUnderFile: popshift('simulate', UNCERTAIN, '--iterations', '20', '--shard', '0/2', '--out', join(tmp, 'a-file', 'shards')),
    notWritable: popshift('run', TINY, '--out', '/sys/popshift-test-out'),
    simulateNotWritable: popshift('simulate', UNCERTAIN, '--iterations', '20', '--workers', '1', '--out', '/sys/popshift-test-out'),
    shardNotWritable: popshift('simulate', UNCERTAIN, '--iterations', '20', '--workers', '1', '--shard', '0/2', '--out', '/sys/popshift-test-shards'),
    xlsxInside: popshift('run', TINY, '--out', join(tmp, 'both'), '--xlsx', join(tmp, 'both', 'book.xlsx')),
  };
  const done = await Promise.all(Object.values(jobs));
  runs = Object.fromEntries(Object.keys(jobs).map((k, i) => [k, done[i]!]));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Exit 2 with one line on stderr that is a user's error, not an internal one. */
function expectUserError(r: CliRun, line: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr.trimEnd()).toMatch(line);
}

describe('every output is checked before any is written', () => {
  it('run --out D --xlsx <a folder> exits 2 before writing D', () => {
    expectUserError(runs.xlsxIsFolder!, /^popshift: --xlsx: cannot write .*a-folder: it is a folder; give a file name$/);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });

  it('a workbook named other than .xlsx, and a --seed with no --iterations to seed, exit 2 before writing', () => {
    expectUserError(runs.xlsxNotXlsx!, /^popshift: --xlsx: .*book\.csv: a workbook's file name ends \.xlsx/);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
    expect(existsSync(join(tmp, 'book.csv'))).toBe(false);
    expectUserError(runs.seedAlone!, /^popshift: --seed: seeds the Monte Carlo that --iterations adds/);
  });

  it('report --out <a folder>, and simulate --out <a file>, exit 2 naming the path', () => {
    expectUserError(runs.reportIsFolder!, /^popshift: --out: cannot write .*a-folder: it is a folder; give a file name$/);
    expectUserError(runs.outIsFile!, /^popshift: --out: cannot write results to .*a-file: it is a file, not a folder$/);
  });

  it('a folder holding files popshift did not write is not replaced', () => {
    expectUserError(runs.foreign!, /^popshift: --out: cannot write results to .*mine: the folder holds files popshift did not write \(notes\.txt\)/);
    expect(readdirSync(join(tmp, 'mine'))).toEqual(['notes.txt']);
  });

  it('a folder that cannot be written is a user error', () => {
    expectUserError(runs.notWritable!, /^popshift: --out: cannot write results to \/sys\/popshift-test-out: /);
    // simulate, and a shard's folder (made when missing): a user error too, not EROFS/ENOENT as an internal error
    expectUserError(runs.simulateNotWritable!, /^popshift: --out: cannot write results to \/sys\/popshift-test-out: /);
    expectUserError(runs.shardNotWritable!, /^popshift: --out: cannot write .*\/sys\/popshift-test-shards/);
  });

  it('--shard makes a missing output folder, and names a file in the way', () => {
    const r = runs.shardMissingFolder!;
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(tmp, 'new', 'shards'))).toEqual(['shard-0-of-2.bin']);
    expectUserError(runs.shardUnderFile!, /^popshift: --out: cannot write .*shard-0-of-2\.bin: .*a-file is a file, not a folder$/);
  });

  it('--iterations beyond the bound exits 2 with the bound', () => {
    expectUserError(runs.tooMany!, /^popshift: --iterations: at most 1,000,000 iterations in one run \(got 100,000,000,000\)$/);
  });

  it('a workbook inside the results folder is written with it and named in its manifest', () => {
    const r = runs.xlsxInside!;
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(tmp, 'both', MANIFEST), 'utf8')) as { command: string; files: { name: string; sha256: string }[] };
    expect(manifest.files.map((f) => f.name)).toContain('book.xlsx');
    expect(manifest.command).toMatch(/^popshift run test\/fixtures\/tiny\/tiny\.yaml --out /);
    expect(readdirSync(tmp).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('a results folder is replaced as a whole', () => {
  it('a rerun without --samples leaves none of the previous run\'s samples', async () => {
    const out = join(tmp, 'rerun');
    const first = await popshift('simulate', UNCERTAIN, '--iterations', '30', '--workers', '1', '--seed', '1', '--samples', '--out', out);
    expect(first.code, first.stderr).toBe(0);
    expect(readdirSync(out)).toContain('samples.csv');
    const second = await popshift('simulate', UNCERTAIN, '--iterations', '30', '--workers', '1', '--seed', '2', '--out', out);
    expect(second.code, second.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['gap-closes.csv', 'percentiles.csv', MANIFEST, 'simulation.json'].sort());
    expect(JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')).command).toContain('--seed 2');
  }, 60_000);
});

describe('killed at any moment', () => {
  // The old results: a run with samples and seed 1; the new: seed 2 without samples (so a mix would show).
  const oldArgs = ['simulate', resolve(repoRoot, UNCERTAIN), '--iterations', '200', '--workers', '1', '--seed', '1', '--samples', '--out', 'out'];
  const newArgs = ['simulate', resolve(repoRoot, UNCERTAIN), '--iterations', '200', '--workers', '1', '--seed', '2', '--samples', '--out', 'out'];
  const bin = resolve(repoRoot, 'bin/popshift.js');

  it('leaves the target entirely old or entirely new, and nothing temporary once cleaned', async () => {
    const base = join(tmp, 'kill');
    mkdirSync(base);
    // Reference copies of the old and the new results (each run in a folder of its own, with `--out out`).
    for (const [name, args] of [['old', oldArgs], ['new', newArgs]] as const) {
      mkdirSync(join(base, name));
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: join(base, name) });
      expect(r.status, String(r.stderr)).toBe(0);
    }
    const oldFiles = snapshot(join(base, 'old', 'out'));
    const newFiles = snapshot(join(base, 'new', 'out'));
    expect(oldFiles).not.toEqual(newFiles);
    const started = Date.now();
    spawnSync(process.execPath, [bin, ...newArgs], { cwd: join(base, 'new') });
    const duration = Date.now() - started;

    // Ten trials, half SIGTERM and half SIGKILL, two at a time: four at moments spread over a whole run, and six
    // while the results are being written (from when the temporary folder appears, after a seeded delay of 0-40 ms).
    let seed = 13;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const trial = (i: number) =>
      new Promise<{ i: number; signal: NodeJS.Signals }>((done) => {
        const dir = join(base, `trial-${i}`);
        cpSync(join(base, 'old'), dir, { recursive: true });
        const signal: NodeJS.Signals = i % 2 ? 'SIGKILL' : 'SIGTERM';
        const delay = i < 4 ? (i / 3) * duration : random() * 40;
        let timer: NodeJS.Timeout | undefined;
        const kill = () => (timer ??= setTimeout(() => child.kill(signal), delay));
        const watcher = i < 4 ? undefined : watch(dir, (_event, name) => String(name).startsWith('.out.popshift-tmp-') && kill());
        const child = spawn(process.execPath, [bin, ...newArgs], { cwd: dir, stdio: 'ignore' });
        if (i < 4) kill();
        child.on('exit', () => {
          clearTimeout(timer);
          watcher?.close();
          done({ i, signal });
        });
      });
    const results: { i: number; signal: NodeJS.Signals }[] = [];
    for (let i = 0; i < 10; i += 2) results.push(...(await Promise.all([trial(i), trial(i + 1)])));

    const seen = { old: 0, new: 0 };
    for (const { i, signal } of results) {
      const dir = join(base, `trial-${i}`);
      // A handled signal leaves nothing temporary; after a hard kill, the next write cleans up.
      if (signal === 'SIGKILL') cleanStale(join(dir, 'out'));
      expect(readdirSync(dir), `trial ${i} (${signal})`).toEqual(['out']);
      const now = snapshot(join(dir, 'out'));
      const which = JSON.stringify(now) === JSON.stringify(oldFiles) ? 'old' : JSON.stringify(now) === JSON.stringify(newFiles) ? 'new' : 'mixed';
      expect(which, `trial ${i} (${signal}): ${Object.keys(now ?? {}).join(', ')}`).not.toBe('mixed');
      seen[which as 'old' | 'new']++;
    }
    // (Which of the two each trial leaves depends on the moment; the first trial is killed at the start, so keeps the old.)
    expect(seen.old).toBeGreaterThan(0);
  }, 180_000);
});

describe('what a hard kill leaves is put right by the next write', () => {
  it('an old folder whose replacement never arrived is put back; temporary copies are removed', () => {
    const dir = join(tmp, 'crash');
    mkdirSync(dir);
    // A pid that has exited: a child that ran and ended.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    mkdirSync(join(dir, `.out.popshift-old-${dead}-0a0b0c0d`));
    writeFileSync(join(dir, `.out.popshift-old-${dead}-0a0b0c0d`, 'system.csv'), 'old\n');
    mkdirSync(join(dir, `.out.popshift-tmp-${dead}-01020304`));
    writeFileSync(join(dir, `.out.popshift-tmp-${dead}-01020304`, 'system.csv'), 'half\n');
    writeFileSync(join(dir, `.book.xlsx.popshift-tmp-${dead}-05060708`), 'half');
    cleanStale(join(dir, 'out'));
    cleanStale(join(dir, 'book.xlsx'));
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(join(dir, 'out', 'system.csv'), 'utf8')).toBe('old\n');
  });

  it("a live process's temporary files are left alone", () => {
    const dir = join(tmp, 'live');
    mkdirSync(dir);
    const live = `.out.popshift-tmp-${process.ppid}-0a0b0c0d`;
    mkdirSync(join(dir, live));
    cleanStale(join(dir, 'out'));
    expect(readdirSync(dir)).toEqual([live]);
  });
});
