/**
 * The fuzz test (issue 13): scenario files and data tables mutated as a
 * careless or hostile user would (mutate.ts), each mutant loaded and projected
 * (and, for some with uncertain inputs, a short Monte Carlo). Every outcome
 * must be a success or a UserError each of whose lines names a file and a line
 * or field; never another exception, never a result that is not finite, never
 * a broken identity (src/results/check.ts reports one as a UserError asking
 * to "please report it": here that is a failure).
 *
 * Mutants are written to a copy of models/, data/ and test/fixtures in a
 * temporary folder, never into the project. A few hundred cases per run, most
 * on the small fixtures and models (Devon, the largest, rarely).
 * `npm run fuzz` runs it long (5,000 cases, or FUZZ_RUNS); FUZZ_SEED (and
 * FUZZ_PATH, both printed on a failure) replay a run; FUZZ_SHRINK=0 reports
 * the first failure without shrinking it; FUZZ_STATS=1 counts the outcomes.
 */
import { describe, it, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { loadScenario, project, simulate, UserError } from '../../src/index.js';
import { repoRoot } from '../helpers.js';
import { mutations, mutateYaml, mutateCsv, type Mutation } from './mutate.js';

if (resolve(process.cwd()) !== resolve(repoRoot)) process.chdir(repoRoot);

/** Cases: a few hundred in the suite, thousands under `npm run fuzz`, or FUZZ_RUNS. */
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.npm_lifecycle_event === 'fuzz' ? 5000 : 300));
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const PATH = process.env.FUZZ_PATH;

let root: string;
/** The original bytes of every file a mutant may change, to put back after each case. */
const originals = new Map<string, Buffer>();
/** The files each scenario reads (itself, its parents, its tables), from the unmutated copy. */
const reads = new Map<string, string[]>();

const fixtures = ['tiny/tiny.yaml', 'tiny/tiny-shift.yaml', 'tiny/tiny-pool.yaml', 'places/south.yaml', 'places/north.yaml', 'places/from-table.yaml', 'places/two-places.yaml', 'places/shared.yaml'].map((f) => `test/fixtures/${f}`);
const models = readdirSync(resolve(repoRoot, 'models'))
  .filter((f) => f.endsWith('.yaml') && f !== 'devon.yaml')
  .map((f) => `models/${f}`);

const scenario = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom(...fixtures) },
  { weight: 30, arbitrary: fc.constantFrom(...models) },
  { weight: 1, arbitrary: fc.constant('models/devon.yaml') },
);

const fuzzCase = fc.record({ scenario, target: fc.nat(), mutations, monteCarlo: fc.nat(9) });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'popshift-fuzz-'));
  for (const dir of ['models', 'data', 'test/fixtures']) {
    mkdirSync(join(root, dir, '..'), { recursive: true });
    cpSync(resolve(repoRoot, dir), join(root, dir), { recursive: true });
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The files a scenario (in the copy) reads, found by loading it unmutated. */
function filesOf(file: string): string[] {
  let files = reads.get(file);
  if (!files) {
    files = loadScenario(file).loaded.files;
    reads.set(file, files);
    for (const f of files) if (!originals.has(f)) originals.set(f, readFileSync(f));
  }
  return files;
}

/** Why an outcome breaks the property, or undefined if it keeps it. */
function judge(e: unknown): string | undefined {
  if (!(e instanceof UserError)) return `an internal error (not a UserError): ${(e as Error)?.stack ?? String(e)}`;
  for (const p of e.problems) {
    if (/please report it/.test(p)) return `a broken identity: ${p}`;
    if (/the projection gives|Monte Carlo gives/.test(p)) return `a result that is not finite: ${p}`;
    if (/[\r\n]/.test(p)) return `a problem of more than one line: ${JSON.stringify(p)}`;
    // file:line (a scenario's or a table's), or a file and a field
    const fileLine = /\.(ya?ml|json|csv):\d+/.test(p);
    const fileField = /\.(ya?ml|json|csv)\b.*?: [A-Za-z$][\w$.[\]-]*: /.test(p);
    if (!fileLine && !fileField) return `a problem without a location: ${p}`;
  }
  return undefined;
}

async function run(file: string, monteCarlo: boolean): Promise<void> {
  const s = loadScenario(file);
  project(s);
  if (monteCarlo && s.uncertain.length) await simulate(s, { iterations: 24, seed: 7, workers: 1 });
}

/** How the cases ended (printed with FUZZ_STATS=1): loaded, or the kind of the first problem. */
const outcomes = new Map<string, number>();
const tally = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
const kindOf = (p: string) =>
  p
    .replace(/^.*?\.(ya?ml|json|csv)(:\d+)*: /, '')
    .replace(/^[\w$.[\]/-]+: /, '')
    .replace(/'[^']*'|"[^"]*"|[-+]?\d[\d.e+-]*/g, '_')
    .slice(0, 60);

describe('fuzzed scenario files and data tables', () => {
  it(`every mutant loads, or fails with a UserError naming where (${RUNS} cases, seed ${SEED})`, async () => {
    console.log(`fuzz: ${RUNS} cases, seed ${SEED}${PATH ? `, path ${PATH}` : ''} (replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})`);
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const file = join(root, c.scenario);
        const files = filesOf(file);
        const target = c.target % 2 === 0 ? file : files[(c.target >> 1) % files.length]!;
        let bytes = originals.get(target)!;
        for (const m of c.mutations as Mutation[]) bytes = target.endsWith('.csv') ? mutateCsv(bytes, m) : mutateYaml(bytes, m);
        writeFileSync(target, bytes);
        try {
          await run(file, c.monteCarlo === 0);
          tally('loaded');
        } catch (e) {
          tally(e instanceof UserError ? kindOf(e.problems[0]!) : 'internal');
          const why = judge(e);
          if (why) throw new Error(`${relative(root, target)} mutated: ${why}\n--- mutant ---\n${bytes.toString('utf8').slice(0, 4000)}`);
        } finally {
          writeFileSync(target, originals.get(target)!);
        }
      }),
      { numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}), endOnFailure: process.env.FUZZ_SHRINK === '0' },
    );
    if (process.env.FUZZ_STATS) console.log([...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${String(n).padStart(5)}  ${k}`).join('\n'));
  }, Math.max(180_000, RUNS * 500));
});
