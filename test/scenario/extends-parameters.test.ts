/**
 * A scenario that extends another may write a parameter in another form than
 * its parent's: a value made a series (byYear) or a formula replaces the
 * parent's value, and the projection reads the child's form. Years laid on a
 * parameter's table (byYear) still merge with the table.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadScenario, project } from '../../src/index.js';
import { mergeFields } from '../../src/scenario/load.js';
import { repoRoot } from '../helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'popshift-extends-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parent = join(repoRoot, 'models', 'harrogate.yaml');

describe('extends: a parameter in another form', () => {
  it('a value made a series year by year, or a formula, replaces the value, and the projection reads it', () => {
    const write = (name: string, body: string) => {
      const f = join(dir, name);
      writeFileSync(f, `extends: ${parent}\nname: ${name}\nparameters:\n  councilRealGrowth:\n${body}`);
      return f;
    };
    // councilRealGrowth is { value: 0.005 } in the parent: the same rate written as a series, and as a formula, project the same
    const same = project(loadScenario(parent));
    const series = project(loadScenario(write('series.yaml', "    byYear: { '2018/19': 0.005 }\n    thereafter: 0.005\n")));
    const formula = project(loadScenario(write('formula.yaml', '    formula: 0.0025 * 2\n')));
    expect(series.system.funding).toEqual(same.system.funding);
    expect(formula.system.funding).toEqual(same.system.funding);
    // and a different rate moves the councils' funding
    const faster = project(loadScenario(write('faster.yaml', "    byYear: { '2018/19': 0.02 }\n    thereafter: 0.02\n")));
    expect(faster.system.funding.at(-1)!).toBeGreaterThan(same.system.funding.at(-1)!);
  });

  it('keeps what belongs to no form (source, unit), and byYear laid on a table keeps the table', () => {
    const merged = mergeFields({ parameters: { r: { value: 0.1, unit: 'fraction a year', source: 'parent' } } }, { parameters: { r: { byYear: { '2018/19': 0.2 } } } });
    expect(merged.parameters).toEqual({ r: { byYear: { '2018/19': 0.2 }, unit: 'fraction a year', source: 'parent' } });
    const onTable = mergeFields({ parameters: { r: { table: 'x.csv', column: 'rate', thereafter: 0.02 } } }, { parameters: { r: { byYear: { '2025/26': 0.03 } } } });
    expect(onTable.parameters).toEqual({ r: { table: 'x.csv', column: 'rate', thereafter: 0.02, byYear: { '2025/26': 0.03 } } });
    const toValue = mergeFields({ parameters: { r: { table: 'x.csv', column: 'rate', thereafter: 0.02, source: 's' } } }, { parameters: { r: { value: 0.01 } } });
    expect(toValue.parameters).toEqual({ r: { value: 0.01, source: 's' } });
  });
});
