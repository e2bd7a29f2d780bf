/**
 * The bad-input catalogue: every `*.yaml` here is a scenario with one user
 * error, and `<name>.expected` beside it holds what the first problem line must
 * contain — a substring, or a /regex/ — including its `file:line:col` prefix.
 * Each must fail with a `UserError` (not a crash) whose problems are one line each.
 *
 * Paths in messages are relative to the working directory: run from the repo root.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { loadScenario, project, UserError } from '../../src/index.js';
import { repoRoot, fixture } from '../helpers.js';

const DIR = 'test/bad-input';

/** Helper files that are not cases themselves (parents reached through `extends`). */
const SKIP = ['_parent-negative-cost.yaml'];

if (resolve(process.cwd()) !== resolve(repoRoot)) process.chdir(repoRoot);

const cases = readdirSync(resolve(repoRoot, DIR))
  .filter((f) => f.endsWith('.yaml') && !SKIP.includes(f))
  .sort();

/** Run the library as a caller would and return the UserError it throws. */
function failure(file: string): UserError {
  try {
    project(loadScenario(file));
  } catch (e) {
    if (e instanceof UserError) return e;
    throw new Error(`${file}: expected a UserError, got ${(e as Error).stack}`);
  }
  throw new Error(`${file}: loaded and projected without an error`);
}

function matches(line: string, expected: string): boolean {
  const re = /^\/(.*)\/([a-z]*)$/.exec(expected);
  return re ? new RegExp(re[1]!, re[2]).test(line) : line.includes(expected);
}

function expectOneLineProblems(e: UserError): void {
  expect(e.problems.length).toBeGreaterThan(0);
  for (const p of e.problems) {
    expect(p).not.toMatch(/[\r\n]/);
    expect(p.trim()).toBe(p);
  }
  expect(e.message).toBe(e.problems.join('\n'));
  expect(e.exitCode).toBe(2);
}

describe('bad-input catalogue', () => {
  it('has the cases the catalogue promises, each with an expected message', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    for (const f of cases) expect(existsSync(resolve(repoRoot, DIR, f.replace(/\.yaml$/, '.expected'))), `${f} has no .expected`).toBe(true);
    for (const f of SKIP) expect(existsSync(resolve(repoRoot, DIR, f)), `skip-listed ${f} exists`).toBe(true);
  });

  it.each(cases)('%s', (name) => {
    const expected = readFileSync(resolve(repoRoot, DIR, name.replace(/\.yaml$/, '.expected')), 'utf8').trim();
    const e = failure(`${DIR}/${name}`);
    expectOneLineProblems(e);
    const first = e.problems[0]!;
    expect(matches(first, expected), `first problem:\n  ${first}\nexpected to contain:\n  ${expected}`).toBe(true);
    // Every line leads with file:line:col (a location, then the field or the message).
    for (const p of e.problems) expect(p).toMatch(/^[^:\s]+\.yaml:\d+:\d+: /);
  });

  it('names a scenario file that does not exist', () => {
    const e = failure(`${DIR}/no-such-scenario.yaml`);
    expectOneLineProblems(e);
    expect(e.problems[0]).toBe(`file not found: ${DIR}/no-such-scenario.yaml`);
  });

  it('reports every problem in a file with several, one line each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'popshift-bad-'));
    try {
      const file = join(dir, 'several.yaml');
      writeFileSync(
        file,
        [`extends: ${fixture('tiny/tiny.yaml')}`, 'name: Several', 'horizn: 2022/23', 'services:', '  - id: contacts', '    unitCots: 5', '    setting: hospital', ''].join('\n'),
      );
      const e = failure(file);
      expectOneLineProblems(e);
      expect(e.problems).toHaveLength(3);
      expect(e.problems.join('\n')).toContain(":3:1: horizn: unknown field 'horizn' (did you mean 'horizon'?)");
      expect(e.problems.join('\n')).toContain(":6:5: services[2].unitCots: unknown field 'unitCots' (did you mean 'unitCost'?)");
      expect(e.problems.join('\n')).toContain(':7:14: services[2].setting: must be one of acute, community');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a field that can take several shapes', () => {
  it('reports the field the user wrote wrongly, once, not the fields of shapes they did not choose', () => {
    const e = failure(`${DIR}/parameter-value-percent.yaml`);
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).not.toMatch(/required field|unknown field/);
  });
});

describe('any value in any field', () => {
  // Whatever a user writes for a field, the loader either accepts it or says why in one line per problem.
  const fields = [
    ['services', 'unitCost'],
    ['services', 'growth'],
    ['services', 'payment'],
    ['services', 'activity'],
    ['services', 'costBehaviour'],
    ['services', 'provider'],
  ] as const;
  const value = fc.oneof(
    fc.double(),
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom('x', '$nope', 'flat', '2020/21', '', 'ccg', 'acute'),
    fc.constant(null),
    fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 3 }),
    fc.record({ model: fc.constantFrom('tariff', 'blended', 'block', 'none', 'bogus'), price: fc.double(), above: fc.double({ min: -1, max: 2 }), below: fc.double({ min: -1, max: 2 }) }, { requiredKeys: ['model'] }),
    fc.record({ dist: fc.constantFrom('normal', 'uniform', 'pert'), mean: fc.double(), sd: fc.double(), min: fc.double(), max: fc.double(), mode: fc.double() }, { requiredKeys: [] }),
    fc.record({ byYear: fc.dictionary(fc.constantFrom('2021/22', '2022/23', '2030/31', '2021/23'), fc.double({ min: -2, max: 2 })), fixed: fc.double({ min: -1, max: 2 }) }, { requiredKeys: [] }),
  );

  it('loads or fails with a UserError of one-line problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'popshift-any-'));
    try {
      let n = 0;
      fc.assert(
        fc.property(fc.constantFrom(...fields), value, ([list, field], v) => {
          const file = join(dir, `case-${n++}.yaml`);
          const body = { extends: fixture('tiny/tiny.yaml'), name: 'Fuzzed', [list]: [{ id: 'contacts', [field]: v }] };
          writeFileSync(file, JSON.stringify(body));
          try {
            project(loadScenario(file));
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
            expectOneLineProblems(e);
            expect(e.problems[0]).toMatch(/^[^\s]+\.yaml:\d+:\d+: /);
          }
        }),
        { numRuns: 150 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
