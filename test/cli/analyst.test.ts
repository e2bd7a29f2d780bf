/**
 * The analyst's commands as a user runs them: simulate's S-curve, threshold,
 * stress and contribution to variance (text, JSON, files, workbook); the
 * spider; the optimiser; NPV and payback in `run`; and their bad input.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { popshift, SPAWN_TIMEOUT, type CliRun } from '../helpers.js';

const TINY = 'test/uncertainty/fixtures/tiny-uncertain.yaml';
const OPT = 'test/uncertainty/fixtures/optimise.yaml';
let dir: string;
let r: Record<string, CliRun>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'popshift-analyst-'));
  const runs: Record<string, string[]> = {
    text: ['simulate', TINY, '--iterations', '300', '--year', '2022/23', '--threshold', '0,20000', '--stress', '$admissionCost', '--workers', '1'],
    json: ['simulate', TINY, '--iterations', '300', '--year', '2022/23', '--threshold', '0', '--stress', '$shiftFraction', '--stress-range', '0,20', '--json', '--workers', '1'],
    files: ['simulate', TINY, '--iterations', '200', '--metric', 'position:ccg', '--out', join(dir, 'mc'), '--xlsx', join(dir, 'mc.xlsx'), '--workers', '1'],
    spider: ['tornado', TINY, '--spider', '--json'],
    spiderText: ['tornado', TINY, '--spider', '--out', join(dir, 'spider')],
    tornadoXlsx: ['tornado', TINY, '--xlsx', join(dir, 'tornado.xlsx')],
    spiderChoice: ['tornado', 'test/fixtures/tiny/tiny-variants.yaml', '--spider', '--xlsx', join(dir, 'choice.xlsx')],
    optimise: ['optimise', OPT, '--year', '2022/23', '--budget', '40000', '--on-off', 'avoid-old,shift-young,contacts-efficiency', '--iterations', '200', '--json'],
    optimiseText: ['optimise', OPT, '--year', '2022/23', '--budget', '40000', '--iterations', '100', '--levels', '3'],
    run: ['run', 'test/fixtures/tiny/tiny-shift.yaml'],
    runJson: ['run', 'test/fixtures/tiny/tiny-shift.yaml', '--json', '--discount-rate', '5%'],
    badRate: ['run', 'test/fixtures/tiny/tiny-shift.yaml', '--discount-rate', '3.5'],
    badRange: ['simulate', TINY, '--iterations', '10', '--stress-range', '90,100'],
    badMetric: ['simulate', TINY, '--iterations', '10', '--metric', 'gapp'],
    badScheme: ['optimise', OPT, '--on-off', 'avoid-olds'],
    badBounds: ['optimise', OPT, '--bounds', 'avoid-old=1'],
    nothingToSample: ['simulate', 'test/fixtures/tiny/tiny-shift.yaml', '--iterations', '10'],
    nothingToSwing: ['tornado', 'test/fixtures/tiny/tiny-shift.yaml'],
  };
  const names = Object.keys(runs);
  const done = await Promise.all(names.map((n) => popshift(...runs[n]!)));
  r = Object.fromEntries(names.map((n, i) => [n, done[i]!]));
}, SPAWN_TIMEOUT);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulate: S-curve, histogram, threshold, contribution to variance, stress', () => {
  it('prints them as text', () => {
    expect(r.text!.code).toBe(0);
    const out = r.text!.stdout;
    expect(out).toMatch(/S-curve \(value at or below which each share of iterations falls\)/);
    expect(out).toMatch(/P\(gap ≤ threshold\)/);
    expect(out).toMatch(/Histogram \(\d+ bins\)/);
    expect(out).toMatch(/Contribution to variance/);
    expect(out).toMatch(/Stress: Emergency admission unit cost \(\$admissionCost\) held in its worst decile \(p90–p100\)/);
  });

  it('prints them as JSON, the threshold 0 giving the chance the gap closes', () => {
    expect(r.json!.code).toBe(0);
    const j = JSON.parse(r.json!.stdout);
    expect(j.analysis.distribution.below[0].probability).toBe(j.gapCloses.find((g: { year: string }) => g.year === '2022/23').probability);
    expect(j.analysis.stress[0].percentiles).toEqual([0, 0.2]);
    expect(j.analysis.stress[0].worst).toBe(false);
    expect(j.analysis.contributions).toHaveLength(3);
  });

  it('writes CSV, JSON and chart specs with --out, and the sheets with --xlsx', async () => {
    expect(r.files!.code).toBe(0);
    const files = readdirSync(join(dir, 'mc'));
    for (const f of ['analysis.json', 'scurve.csv', 'histogram.csv', 'contribution.csv', 'scurve.vl.json', 'histogram.vl.json', 'contribution.vl.json', 'percentiles.csv']) expect(files).toContain(f);
    expect(JSON.parse(readFileSync(join(dir, 'mc', 'analysis.json'), 'utf8')).metric).toBe('position:ccg');
    // money tables say their price base (the scenario's), as run's do
    const scurve = readFileSync(join(dir, 'mc', 'scurve.csv'), 'utf8').split('\n');
    expect(scurve[0]).toBe('probability,value_gbp,price_base');
    expect(scurve[1]).toMatch(/,"cash, base-year prices \d{4}\/\d{2} uplifted by each line.s inflation"$/);
    expect(readFileSync(join(dir, 'mc', 'percentiles.csv'), 'utf8').split('\n')[0]).toBe('metric,unit,year,mean,sd,p5,p10,p50,p90,p95,price_base');
    expect(readFileSync(join(dir, 'mc', 'histogram.csv'), 'utf8').split('\n')[0]).toBe('from_gbp,to_gbp,count,share,price_base');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'mc.xlsx'));
    const names = wb.worksheets.map((w) => w.name);
    for (const s of ['S-curve', 'Histogram', 'Contribution to variance', 'Monte Carlo percentiles', 'Investment appraisal']) expect(names).toContain(s);
    expect(wb.getWorksheet('S-curve')!.getRow(102).getCell(1).value).toBe(1);
  });
});

describe('tornado --spider', () => {
  it('adds the spider to the JSON, and writes chart specs with --out', () => {
    expect(r.spider!.code).toBe(0);
    const j = JSON.parse(r.spider!.stdout);
    expect(j.spider.lines[0].points).toHaveLength(9);
    expect(r.spiderText!.code).toBe(0);
    expect(r.spiderText!.stdout).toMatch(/Spider: .*\n\ninput\s+p10\s+p20/);
    // inputs by their labels (a parameter's `label`, else its name in words), the $name to type beside them
    expect(r.spiderText!.stdout).toMatch(/^input\s+p10\s+p90\s+at p10\s+at p90\s+swing\s+name$/m);
    expect(r.spiderText!.stdout).toMatch(/^Emergency admission unit cost\s.*\s\$admissionCost$/m);
    expect(r.spiderText!.stdout).toMatch(/^Shift fraction\s.*\s\$shiftFraction$/m);
    const sp = JSON.parse(r.spider!.stdout);
    expect(sp.bars.find((b: { input: string }) => b.input === '$admissionCost')).toMatchObject({ label: 'Emergency admission unit cost', path: 'parameters.admissionCost.value' });
    expect(readdirSync(join(dir, 'spider')).filter((f) => f !== 'popshift-run.json').sort()).toEqual(['spider.json', 'spider.vl.json', 'tornado.json', 'tornado.vl.json']);
  });
  it('writes the tornado and the spider as sheets of the workbook, the tornado as its JSON gives it', async () => {
    expect(r.tornadoXlsx!.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'tornado.xlsx'));
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain('Tornado');
    expect(names).toContain('Spider');
    const ws = wb.getWorksheet('Tornado')!;
    const bars = JSON.parse(r.spider!.stdout).bars as { label: string; input: string; atLow: number; atHigh: number; swing: number }[];
    expect(ws.getRow(1).getCell(1).value).toBe('Input');
    bars.forEach((b, i) => {
      const row = ws.getRow(i + 2);
      expect([row.getCell(1).value, row.getCell(2).value]).toEqual([b.label, b.input]);
      expect(row.getCell(7).value as number).toBeCloseTo(b.atLow, 6);
      expect(row.getCell(8).value as number).toBeCloseTo(b.atHigh, 6);
      expect(row.getCell(9).value as number).toBeCloseTo(b.swing, 6);
    });
  });
});

describe('tornado --spider of a choice among named options', () => {
  it('prints each option by name with its chance, not percentiles of its place in the file', () => {
    expect(r.spiderChoice!.code).toBe(0);
    const out = r.spiderChoice!.stdout;
    expect(out).toMatch(/A choice has no percentiles \(its options have no order\): each option instead, the others central\n\noption\s+chance\s+gap\s+name\n/);
    expect(out).toMatch(/^Population projection: principal \(central\)\s+50%\s+\S+\s+population\.table$/m);
    expect(out).toMatch(/^Population projection: high\s+30%\s+\S+\s+population\.table$/m);
    expect(out).toMatch(/^Population projection: low\s+20%\s+\S+\s+population\.table$/m);
    // no line of it through p10 … p90
    expect(out).not.toMatch(/^Population projection(\s+-?\d+\.\d\d){10}/m);
  });

  it("gives the options in the workbook's Spider sheet", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'choice.xlsx'));
    const rows: unknown[][] = [];
    wb.getWorksheet('Spider')!.eachRow((row) => void rows.push((row.values as unknown[]).slice(1, 6)));
    expect(rows).toContainEqual(['Population projection', 'population.table', 'population.table', 0.3, 'high']);
    expect(rows.some((x) => typeof x[0] === 'string' && x[0].startsWith('A choice among named options has no percentiles'))).toBe(true);
  });

  it("names a choice's options in the workbook's Tornado sheet, not their places in the file", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'choice.xlsx'));
    const ws = wb.getWorksheet('Tornado')!;
    expect([4, 5, 6].map((c) => ws.getRow(1).getCell(c).value)).toEqual(['Input p10 (a choice: the option giving the least)', 'Input central', 'Input p90 (a choice: the option giving the most)']);
    const rows: unknown[][] = [];
    ws.eachRow((row) => void rows.push((row.values as unknown[]).slice(1, 7)));
    const choice = rows.find((x) => x[1] === 'population.table')!;
    // the central is the principal projection; the ends are two of the file's three options, by name
    expect(choice[4]).toBe('principal');
    expect(['low', 'principal', 'high']).toContain(choice[3]);
    expect(['low', 'principal', 'high']).toContain(choice[5]);
    expect(choice[3]).not.toBe(choice[5]);
  });
});

describe('optimise', () => {
  it('reports the best mix within budget, its P and expected gap, and what it was compared with', () => {
    expect(r.optimise!.code).toBe(0);
    const j = JSON.parse(r.optimise!.stdout);
    expect(j.best.withinBudget).toBe(true);
    expect(j.best.investment).toBeLessThanOrEqual(40000);
    expect(j.asWritten.investment).toBe(55000);
    expect(j.best.probability).toBeGreaterThanOrEqual(j.without.probability);
    expect(r.optimiseText!.code).toBe(0);
    expect(r.optimiseText!.stdout).toMatch(/mix\s+avoid-old\s+shift-young\s+contacts-efficiency\s+investment £m\s+within budget\s+P\(gap closes\)\s+expected gap £m/);
    expect(r.optimiseText!.stdout).toMatch(/^as written .* no /m);
    // the best mix in the table's terms (its scale), then each scheme's fraction and investment
    expect(r.optimiseText!.stdout).toMatch(/^Best mix: (\S+ (as written|left out|× [\d.]+)(, fraction [\d.]+( \([\d.]+ as written\))?)?, £[\d.]+m(; |$))+$/m);
  });
});

describe('run: NPV and payback', () => {
  it('prints the appraisal at the Green Book rate, and puts it in the JSON at another rate', () => {
    expect(r.run!.code).toBe(0);
    expect(r.run!.stdout).toMatch(/Investment appraisal, £m: NPV at 3\.5% a year \(HM Treasury Green Book\), discounted to 2020\/21/);
    expect(r.run!.stdout).toMatch(/shift-old\s+0\.02\s/);
    const j = JSON.parse(r.runJson!.stdout);
    expect(j.appraisal.rate).toBe(0.05);
    expect(j.appraisal.schemes[0].id).toBe('shift-old');
  });
});

describe('bad input exits 2 with one clear line', () => {
  const cases: Record<string, RegExp> = {
    badRate: /--discount-rate: write a fraction such as 0\.035 or a percentage such as 3\.5% \(got '3\.5'\)/,
    badRange: /--stress-range: name the input to stress with --stress/,
    badMetric: /--metric: unknown metric 'gapp'/,
    badScheme: /no scheme 'avoid-olds'/,
    badBounds: /--bounds: write scheme=low:high/,
    // with nothing uncertain a run would print one projection repeated (a 0 or 100% chance), a tornado no bars
    nothingToSample: /simulate: test\/fixtures\/tiny\/tiny-shift.yaml has no inputs written as distributions, so there is nothing to sample/,
    nothingToSwing: /tornado: .* has no inputs written as distributions, so there is nothing to swing/,
  };
  for (const [name, re] of Object.entries(cases))
    it(name, () => {
      expect(r[name]!.code).toBe(2);
      expect(r[name]!.stderr).toMatch(re);
      expect(r[name]!.stderr).not.toMatch(/internal error/);
    });
});
