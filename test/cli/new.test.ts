/**
 * `popshift new`: the starter scenario and its tables are written whole, run as
 * they are, validate against scenario.schema.json, mark every figure as a
 * placeholder, and replace nothing without --force.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { writeStarter } from '../../src/cli/new.js';
import { loadScenario, project } from '../../src/api.js';
import { UserError } from '../../src/errors.js';
import { popshift, repoRoot, SPAWN_TIMEOUT } from '../helpers.js';

let root: string;
let dir: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'popshift-new-'));
  dir = join(root, 'my-place');
  writeStarter(dir, 'Harrogate and Rural District');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('popshift new', () => {
  it('writes the scenario and its CSV tables', () => {
    expect(readdirSync(dir).sort()).toEqual(['data', 'scenario.yaml']);
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['activity-rates.csv', 'length-of-stay.csv', 'parameters.csv', 'population.csv']);
    const text = readFileSync(join(dir, 'scenario.yaml'), 'utf8');
    // the first line points the editor at the schema, relative to the folder
    const schemaLine = /^# yaml-language-server: \$schema=(.+)$/m.exec(text.split('\n')[0]!);
    expect(schemaLine).not.toBeNull();
    expect(resolve(dir, schemaLine![1]!)).toBe(resolve(repoRoot, 'scenario.schema.json'));
    expect(text).toContain('id: harrogate-and-rural-district');
  });

  it('runs straight away: the base year balanced, the do-nothing gap opening with demography', () => {
    const results = project(loadScenario(join(dir, 'scenario.yaml')));
    const gap = results.system.gap;
    expect(Math.abs(gap[0]!)).toBeLessThan(0.01 * results.system.cost[0]!);
    expect(gap[gap.length - 1]!).toBeGreaterThan(0);
    expect(results.places.map((p) => p.name)).toEqual(['Harrogate and Rural District']);
  });

  it('validates against scenario.schema.json', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'scenario.schema.json'), 'utf8')));
    const ok = validate(parse(readFileSync(join(dir, 'scenario.yaml'), 'utf8')));
    expect(ok, ajv.errorsText(validate.errors)).toBe(true);
  });

  it('marks every figure of its tables as a placeholder naming where the real one is published', () => {
    const params = readFileSync(join(dir, 'data/parameters.csv'), 'utf8').trim().split('\n').slice(1);
    expect(params.length).toBeGreaterThan(10);
    for (const line of params) expect(line).toMatch(/,PLACEHOLDER — replace with .{10,}$/);
    for (const table of ['population.csv', 'activity-rates.csv', 'length-of-stay.csv']) {
      const [header, first] = readFileSync(join(dir, 'data', table), 'utf8').split('\n');
      expect(header!.endsWith(',source')).toBe(true);
      expect(first).toMatch(/,PLACEHOLDER — replace with .{10,}$/);
    }
  });

  it('gives an example scheme that runs once its lines are uncommented', () => {
    const text = readFileSync(join(dir, 'scenario.yaml'), 'utf8').replace(/^# schemes:/m, 'schemes:').replace(/^# {3}/gm, '  ');
    const file = join(dir, 'with-scheme.yaml');
    writeFileSync(file, text);
    try {
      const results = project(loadScenario(file));
      expect(results.schemes.map((s) => s.id)).toEqual(['admissions-managed-at-home']);
    } finally {
      rmSync(file);
    }
  });

  it('replaces nothing without --force, and with it writes the starter anew', () => {
    const scenario = join(dir, 'scenario.yaml');
    writeFileSync(scenario, 'name: mine\n');
    expect(() => writeStarter(dir, 'Elsewhere')).toThrow(UserError);
    expect(() => writeStarter(dir, 'Elsewhere')).toThrow(`${scenario} already exists: popshift new replaces nothing; give a new folder, or --force to replace the starter's files`);
    expect(readFileSync(scenario, 'utf8')).toBe('name: mine\n');
    writeStarter(dir, 'Harrogate and Rural District', true);
    expect(readFileSync(scenario, 'utf8')).toContain('Harrogate and Rural District — do nothing (starter)');
  });

  it('writes nothing when one of its files cannot be written', () => {
    const blocked = join(root, 'blocked');
    mkdirSync(blocked);
    writeFileSync(join(blocked, 'data'), 'a file where the data folder goes\n');
    expect(() => writeStarter(blocked, 'Blocked')).toThrow(/new: cannot write .*data.*: .*is a file, not a folder/);
    expect(readdirSync(blocked)).toEqual(['data']);
  });

  it('refuses from the command line with exit code 2 and says why', { timeout: SPAWN_TIMEOUT }, async () => {
    const existing = await popshift('new', dir, '--place', 'Harrogate');
    expect(existing.code).toBe(2);
    expect(existing.stderr).toContain('already exists');
    const fresh = join(root, 'fresh');
    const ok = await popshift('new', fresh, '--place', 'Tiny Town');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`popshift run ${join(fresh, 'scenario.yaml')}`);
    expect(existsSync(join(fresh, 'data/population.csv'))).toBe(true);
    // with no --place, the place is named after its folder
    const named = await popshift('new', join(root, 'east-riding'));
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toContain('Wrote a starter scenario for East Riding:');
    expect(readFileSync(join(root, 'east-riding', 'scenario.yaml'), 'utf8')).toContain('East Riding');
    const bad = await popshift('new', join(root, 'bad'), '--place', '!!');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--place: '!!' is not a place name");
    expect(existsSync(dirname(join(root, 'bad', 'x')))).toBe(false);
    // an empty folder name is refused, not taken as the current folder (the repository's root here)
    const empty = await popshift('new', '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('new: name the folder to write the starter into');
    expect(existsSync(join(repoRoot, 'scenario.yaml'))).toBe(false);
  });
});
