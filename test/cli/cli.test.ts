/**
 * The `popshift` command line, spawned as a user would run it (`node bin/popshift.js`
 * from the repo root, the compiled CLI), all started together before the assertions.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { repoRoot, popshift, SPAWN_TIMEOUT, type CliRun as Run } from '../helpers.js';
import type { Comparison } from '../../src/results/compare.js';

const BAD = 'test/bad-input/unit-cost-negative.yaml';
const BAD_LINE = `popshift: ${BAD}:6:15: services[2].unitCost: unit cost must not be negative (got -50)`;

let tmp: string;
let badOut: string;
let goodOut: string;
let runs: Record<string, Run>;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'popshift-cli-'));
  // The --out folder's parent does not exist either: nothing at all may be created.
  badOut = join(tmp, 'missing-parent', 'out');
  goodOut = join(tmp, 'new-parent', 'out');
  writeFileSync(join(tmp, 'a-file'), 'not a folder\n');
  const jobs = {
    runBad: popshift('run', BAD, '--out', badOut),
    validateGood: popshift('validate', 'test/fixtures/tiny/tiny.yaml'),
    validateBad: popshift('validate', BAD),
    json: popshift('run', 'models/harrogate.yaml', '--json'),
    out: popshift('run', 'models/harrogate.yaml', '--out', goodOut),
    help: popshift('--help'),
    runHelp: popshift('run', '--help'),
    validateHelp: popshift('validate', '--help'),
    compareHelp: popshift('compare', '--help'),
    unknownOption: popshift('run', 'models/harrogate.yaml', '--bogus'),
    outUnderFile: popshift('run', 'test/fixtures/tiny/tiny.yaml', '--out', join(tmp, 'a-file', 'sub', 'out')),
    calibrationFails: popshift('run', 'test/bad-input/calibration-not-reached.yaml', '--out', join(tmp, 'never')),
    real: popshift('run', 'test/fixtures/places/shared.yaml', '--prices', 'real:2020/21'),
    badPrices: popshift('run', 'test/fixtures/places/shared.yaml', '--prices', 'real-2020'),
    perHead: popshift('compare', 'models/harrogate.yaml', 'test/fixtures/places/from-table.yaml', '--per', 'weighted-head'),
    badPer: popshift('compare', 'models/harrogate.yaml', 'test/fixtures/places/from-table.yaml', '--per', 'capita'),
    twoSystems: popshift('compare', 'models/harrogate.yaml', 'test/fixtures/places/from-table.yaml'),
    threeScenarios: popshift('compare', 'models/harrogate.yaml', 'models/harrogate-integrated-care.yaml', 'models/harrogate-integrated-care-uncertain.yaml'),
    tableRun: popshift('run', 'test/fixtures/places/from-table.yaml'),
    shift: popshift('compare', 'models/harrogate.yaml', 'models/harrogate-integrated-care.yaml', '--year', '2020/21'),
    shiftJson: popshift('compare', 'models/harrogate.yaml', 'models/harrogate-integrated-care.yaml', '--json'),
    shiftBadYear: popshift('compare', 'models/harrogate.yaml', 'models/harrogate-integrated-care.yaml', '--year', '2040/41'),
  };
  const done = await Promise.all(Object.values(jobs));
  runs = Object.fromEntries(Object.keys(jobs).map((k, i) => [k, done[i]!]));
}, SPAWN_TIMEOUT);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('popshift on a calibration, prices and places', () => {
  it('a calibration that cannot reach its target exits 2 with the closest value, and writes nothing', () => {
    const r = runs.calibrationFails!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^popshift: test\/bad-input\/calibration-not-reached\.yaml:12:59: calibration\.target\.value: calibration cannot reach £0\.42m to within £1,000: the closest is £0\.44m/);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });

  it('--prices real:YYYY/YY states the price base, and prints places, sectors and capacity', () => {
    const r = runs.real!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Money in £m, real terms at 2020/21 prices (deflated by the GDP deflator)');
    expect(r.stdout).toMatch(/By place, 2024\/25/);
    expect(r.stdout).toMatch(/Gap by sector/);
    expect(r.stdout).toMatch(/Capacity: bed-days at hospital/);
    expect(r.stdout).toMatch(/OVER CAPACITY/);
  });

  it('a malformed --prices exits 2 saying how to write it', () => {
    const r = runs.badPrices!;
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("popshift: --prices: write cash, real:YYYY/YY or real:YYYY/YY:<deflator> (got 'real-2020')\n");
  });
});

describe('popshift compare across systems', () => {
  it('--per weighted-head puts systems side by side per need-weighted head in the years they share', () => {
    const r = runs.perHead!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Systems compared, 2020\/21, £ per weighted head/);
    // the fixture's weighted population: north 1,500 × need 1.1 + south 1,100 × 1 = 2,750;
    // its 2020/21 funding £1,021,800 (600,000 + 420,000 + 1,000 + 800) is £372 per weighted head
    expect(r.stdout).toMatch(/^weighted population +\S+ +2,750$/m);
    expect(r.stdout).toMatch(/^funding +\S+ +372$/m);
    expect(r.stdout).toMatch(/^Gap, £ per weighted head, in the years all of them project/m);
    expect(r.stdout).not.toMatch(/^2019\/20/m);
  });

  it('two systems without --per exit 2: their organisations share ids (ccg, council), not books', () => {
    expect(runs.twoSystems!.code).toBe(2);
    expect(runs.twoSystems!.stderr).toMatch(/compare: models\/harrogate.yaml and test\/fixtures\/places\/from-table.yaml are different systems .* put them side by side with --per head or --per weighted-head/);
    expect(runs.twoSystems!.stdout).toBe('');
  });

  it('b − a gives the organisations\' positions with their sum (the system\'s, −Δ gap) and, in --year, each service that moved, whose costs sum to Δ cost', () => {
    const r = runs.shift!;
    expect(r.code).toBe(0);
    const c = JSON.parse(runs.shiftJson!.stdout) as Comparison;
    const lines = r.stdout.split('\n');
    const cells = (line: string) => line.trim().split(/\s{2,}/);
    // every year's row of positions ends with the sum, which is −Δ gap to the printed 0.1
    const head = lines.findIndex((l) => l.startsWith('Δ organisation positions'));
    expect(cells(lines[head + 1]!)).toEqual(['year', ...c.organisations.map((o) => o.id), 'all']);
    c.years.forEach((y, t) => {
      const row = cells(lines[head + 3 + t]!);
      expect(row[0]).toBe(y);
      expect(Number(row.at(-1))).toBeCloseTo(-c.system.gap[t]! / 1e6, 1);
    });
    // the services table in 2020/21: the shift out of hospital and into community services, summing to Δ cost
    const at = lines.findIndex((l) => l.startsWith('Δ by service, 2020/21'));
    expect(at).toBeGreaterThan(head);
    const t = c.years.indexOf('2020/21');
    const moved = c.services.filter((s) => s.cost.some((v) => v !== 0) || s.activity.some((v) => v !== 0));
    expect(moved.map((s) => s.id)).toContain('emergency-admissions');
    moved.forEach((s, k) => {
      const row = cells(lines[at + 3 + k]!);
      expect(row[0]).toBe(s.id);
      expect(Number(row[1]!.replace(/,/g, ''))).toBe(Math.round(s.activity[t]!));
      expect(Number(row[3])).toBeCloseTo(s.cost[t]! / 1e6, 1);
    });
    expect(cells(lines[at + 3 + moved.length]!)).toEqual(['all', (c.system.cost[t]! / 1e6).toFixed(1)]);
    expect(runs.shiftBadYear!.code).toBe(2);
    expect(runs.shiftBadYear!.stderr).toBe('popshift: --year: 2040/41 is not a year both project (2017/18 to 2030/31)\n');
  });

  it('three scenarios without --per exit 2 (b − a is of two), pointing to --per; they were shown per head unasked', () => {
    const r = runs.threeScenarios!;
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'popshift: compare: 3 scenarios (models/harrogate.yaml, models/harrogate-integrated-care.yaml, models/harrogate-integrated-care-uncertain.yaml) without --per: the difference b − a is of two scenarios; compare them two at a time, or put them side by side with --per head or --per weighted-head\n',
    );
    expect(r.stdout).toBe('');
  });

  it('a --per that is neither basis exits 2', () => {
    expect(runs.badPer!.code).toBe(2);
    expect(runs.badPer!.stderr).toBe("popshift: --per: 'capita' is not head or weighted-head\n");
  });

  it('run prints roll-ups by council, commissioner and area', () => {
    const r = runs.tableRun!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/By council's area, .*\(places in brackets\)/);
    expect(r.stdout).toMatch(/^council-n \(1\)/m);
    expect(r.stdout).toMatch(/^Upland \(1\)/m);
  });
});

describe('popshift on a bad scenario', () => {
  it('run: exits 2 with the one-line message on stderr, writes nothing', () => {
    const r = runs.runBad!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(BAD_LINE + '\n');
    expect(existsSync(badOut)).toBe(false);
    expect(existsSync(join(tmp, 'missing-parent'))).toBe(false);
    expect(readdirSync(tmp)).not.toContain('missing-parent');
  });

  it('run: an --out folder that cannot be made exits 2 with one line, and makes nothing', () => {
    const r = runs.outUnderFile!;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^popshift: --out: cannot write results to .*a-file[/\\]sub[/\\]out: .*a-file is a file, not a folder\n$/);
    expect(readFileSync(join(tmp, 'a-file'), 'utf8')).toBe('not a folder\n');
  });

  it('validate: exits 2 with the same message', () => {
    const r = runs.validateBad!;
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(BAD_LINE + '\n');
  });

  it('validate: exits 0 on a good file', () => {
    const r = runs.validateGood!;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/valid — 3 services, 4 organisations, 0 schemes, 2020\/21 to 2022\/23/);
  });
});

describe('popshift run models/harrogate.yaml', () => {
  it("--json prints the results as JSON, with the calibrated £40.3m local health economy gap in 2020/21", () => {
    const r = runs.json!;
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.scenario).toMatch(/Harrogate/);
    expect(j.baseYear).toBe('2017/18');
    expect(j.years).toContain('2020/21');
    const t = j.years.indexOf('2020/21');
    expect(j.system.gap).toHaveLength(j.years.length);
    const nhs = j.sectors.find((s: { id: string }) => s.id === 'nhs');
    expect(Math.abs(nhs.doNothingGap[t] - 40_300_000)).toBeLessThan(1000);
    expect(Math.abs(j.calibration.reconciliation.steps.at(-1).value - 40_300_000)).toBeLessThan(1000);
    expect(j.byYear).toHaveLength(j.years.length);
    expect(j.byYear[t].year).toBe('2020/21');
    expect(j.byYear[t].gap).toBe(j.system.gap[t]);
    expect(Object.keys(j.byYear[t].positions)).toEqual(expect.arrayContaining(['ccg', 'nycc', 'hdft']));
  });

  it('--out writes the CSV and JSON files, and the JSON has the --json figures', () => {
    const r = runs.out!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Wrote CSV and JSON results to ${goodOut}`);
    expect(readdirSync(goodOut).sort()).toEqual(['capacity.csv', 'organisations.csv', 'places.csv', 'popshift-run.json', 'results.json', 'schemes.csv', 'sectors.csv', 'services.csv', 'system.csv']);
    expect(readdirSync(join(tmp, 'new-parent'))).toEqual(['out']); // no temporary folder left behind
    const written = JSON.parse(readFileSync(join(goodOut, 'results.json'), 'utf8'));
    const printed = JSON.parse(runs.json!.stdout);
    for (const key of ['years', 'system', 'organisations', 'services', 'schemes', 'byYear', 'calibration']) {
      expect(written[key], key).toEqual(printed[key]);
    }
    const system = readFileSync(join(goodOut, 'system.csv'), 'utf8').trim().split('\n');
    expect(system[0]).toMatch(/gap_gbp/);
    expect(system).toHaveLength(printed.years.length + 1);
  });
});

describe('popshift arguments', () => {
  it('--help describes the program and every command', () => {
    const r = runs.help!;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: popshift/);
    for (const cmd of ['run', 'validate', 'compare']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
  });

  it('<command> --help describes each command and its options', () => {
    const expected: Record<string, string[]> = {
      runHelp: ['Usage: popshift run [options] <scenario>', '--out <dir>', '--json', '--year <year>'],
      validateHelp: ['Usage: popshift validate [options] <scenario>'],
      compareHelp: ['Usage: popshift compare [options] <a> [others...]', '--json', '--per <basis>'],
    };
    for (const [key, texts] of Object.entries(expected)) {
      const r = runs[key]!;
      expect(r.code, key).toBe(0);
      for (const text of texts) expect(r.stdout, key).toContain(text);
    }
  });

  it('an unknown option exits 2 and names it', () => {
    const r = runs.unknownOption!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown option '--bogus'");
  });
});

describe('popshift into a reader that stops early', () => {
  it('exits 0 without a stack when the pipe closes (popshift run … --json | head -1)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['bin/popshift.js', 'run', 'models/harrogate.yaml', '--json'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    // the reader goes before anything is printed (as `head` does once it has its line)
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, SPAWN_TIMEOUT);
});
