/**
 * Monte Carlo in real terms from the command line: `simulate --prices`,
 * `run --prices real:… --iterations N --xlsx` and `report` with both (once
 * refused), each stating the real-terms price base as the deterministic
 * figures beside them do; a shard stays in the scenario's own prices and
 * `merge --prices` restates the merged run exactly as one whole run; a bad
 * --prices, or a deflator a sampled input moves, exits 2 and writes nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { popshift, SPAWN_TIMEOUT, type CliRun } from '../helpers.js';

const UNCERTAIN = 'models/harrogate-integrated-care-uncertain.yaml';
const BASE = 'real terms at 2017/18 prices (deflated by the GDP deflator)';
const N = ['--iterations', '60', '--seed', '4'];
let tmp: string;
const runs: Record<string, CliRun> = {};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'popshift-real-mc-'));
  const at = (f: string) => join(tmp, f);
  const spawns: Record<string, string[]> = {
    run: ['run', UNCERTAIN, '--prices', 'real:2017/18', ...N, '--xlsx', at('real.xlsx')],
    report: ['report', UNCERTAIN, '--prices', 'real:2017/18', ...N, '--out', at('real.html')],
    simulate: ['simulate', UNCERTAIN, '--prices', 'real:2017/18', ...N, '--out', at('whole'), '--samples'],
    simulateJson: ['simulate', UNCERTAIN, '--prices', 'real:2017/18', ...N, '--json'],
    cashJson: ['simulate', UNCERTAIN, ...N, '--json'],
    detReal: ['run', UNCERTAIN, '--prices', 'real:2017/18', '--json'],
    detCash: ['run', UNCERTAIN, '--json'],
    badSimulate: ['simulate', UNCERTAIN, '--prices', 'real-2017', ...N, '--out', at('bad')],
    badRun: ['run', UNCERTAIN, '--prices', 'real-2017'],
    moving: ['simulate', UNCERTAIN, '--prices', 'real:2017/18:nhs-cost', ...N, '--out', at('moving')],
    shardReal: ['simulate', UNCERTAIN, '--prices', 'real:2017/18', ...N, '--shard', '0/2', '--out', at('shard-real')],
    shard0: ['simulate', UNCERTAIN, ...N, '--shard', '0/2', '--out', at('shards')],
  };
  const done = await Promise.all(Object.entries(spawns).map(async ([k, a]) => [k, await popshift(...a)] as const));
  for (const [k, r] of done) runs[k] = r;
  runs.shard1 = await popshift('simulate', UNCERTAIN, ...N, '--shard', '1/2', '--out', at('shards'));
  const shards = [0, 1].map((k) => at(`shards/shard-${k}-of-2.bin`));
  [runs.merge, runs.mergeMoving] = await Promise.all([
    popshift('merge', ...shards, '--out', at('merged'), '--samples', '--prices', 'real:2017/18'),
    popshift('merge', ...shards, '--out', at('merged-moving'), '--prices', 'real:2017/18:nhs-cost'),
  ]);
}, SPAWN_TIMEOUT);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Monte Carlo in real terms from the CLI', () => {
  it('simulate --prices real prints the real-terms price base in its headings and writes it beside every £ figure', () => {
    const r = runs.simulate!;
    expect(r.stderr).not.toMatch(/popshift:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`System gap by year, £m, ${BASE} (cost + investment − funding`);
    expect(r.stdout).toContain(`Standard error of each percentile of the system gap, £m, ${BASE}`);
    const pct = readFileSync(join(tmp, 'whole', 'percentiles.csv'), 'utf8').trim().split('\n');
    expect(pct.slice(1).every((l) => l.endsWith(`,${BASE}`))).toBe(true);
    const samples = readFileSync(join(tmp, 'whole', 'samples.csv'), 'utf8').trim().split('\n');
    expect(samples.slice(1).every((l) => l.endsWith(`,${BASE}`))).toBe(true);
    expect(JSON.parse(readFileSync(join(tmp, 'whole', 'simulation.json'), 'utf8')).priceBase).toBe(BASE);
  });

  it('gives the cash percentiles × the factor of the deterministic run in real terms, the probabilities unchanged', () => {
    const real = JSON.parse(runs.simulateJson!.stdout);
    const cash = JSON.parse(runs.cashJson!.stdout);
    const detReal = JSON.parse(runs.detReal!.stdout);
    const detCash = JSON.parse(runs.detCash!.stdout);
    const years: string[] = detCash.years;
    const t = years.indexOf('2030/31');
    const f = detReal.system.funding[t] / detCash.system.funding[t];
    expect(f).toBeLessThan(0.8);
    const gap = (r: { metrics: { id: string; byYear: { year: string; p10: number; p50: number; p90: number }[] }[] }) => r.metrics.find((m) => m.id === 'gap')!.byYear[t]!;
    for (const k of ['p10', 'p50', 'p90'] as const) expect(gap(real)[k] / (gap(cash)[k] * f)).toBeCloseTo(1, 12);
    expect(real.gapCloses).toEqual(cash.gapCloses);
    expect(real.rankCorrelation).toEqual(cash.rankCorrelation);
  });

  it('run --prices real --iterations --xlsx writes the workbook, its Monte Carlo sheet in real terms beside the rest', async () => {
    const r = runs.run!;
    expect(r.stderr).not.toMatch(/popshift:/);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(tmp, 'real.xlsx')) as unknown as ArrayBuffer);
    const notes: string[] = [];
    wb.getWorksheet('Monte Carlo percentiles')!.eachRow((row) => {
      const v = row.getCell(1).value;
      if (typeof v === 'string' && v.startsWith('Money in £')) notes.push(v);
    });
    expect(notes).toEqual([`Money in £, ${BASE}.`]);
    const json = JSON.parse(runs.simulateJson!.stdout);
    const sheet = wb.getWorksheet('Monte Carlo percentiles')!;
    const row = sheet.getRow(sheet.actualRowCount - 2).values as unknown[];
    const m = json.metrics.find((x: { id: string }) => x.id === row[1])!.byYear.find((y: { year: string }) => y.year === row[4]);
    expect(row[9]).toBe(m.p50);
  });

  it('report --prices real --iterations writes the report with the real-terms Monte Carlo table', () => {
    const r = runs.report!;
    expect(r.stderr).not.toMatch(/popshift:/);
    expect(r.code).toBe(0);
    const html = readFileSync(join(tmp, 'real.html'), 'utf8');
    expect(html).toContain(`Money in £m; ${BASE}.`);
    expect(html).toContain('Monte Carlo percentiles (60 iterations, seed 4)');
  });

  it('a bad --prices on simulate exits 2 with the message run gives, and writes nothing', () => {
    expect(runs.badRun!.code).toBe(2);
    expect(runs.badSimulate!.code).toBe(2);
    expect(runs.badSimulate!.stderr).toBe(runs.badRun!.stderr);
    expect(runs.badSimulate!.stderr).toBe("popshift: --prices: write cash, real:YYYY/YY or real:YYYY/YY:<deflator> (got 'real-2017')\n");
    expect(existsSync(join(tmp, 'bad'))).toBe(false);
  });

  it('refuses a deflator that a sampled input moves (exit 2), naming the input and a deflator that would do', () => {
    for (const r of [runs.moving!, runs.mergeMoving!]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^popshift: --prices: the NHS Cost Inflation Index \('nhs-cost'\) moves with the sampled input \$ciiThereafter, .*give real:2017\/18:gdp/);
    }
    expect(existsSync(join(tmp, 'moving'))).toBe(false);
    expect(existsSync(join(tmp, 'merged-moving'))).toBe(false);
  });

  it('keeps a shard in the scenario’s own prices, and merge --prices gives exactly the whole run in real terms', () => {
    expect(runs.shardReal!.code).toBe(2);
    expect(runs.shardReal!.stderr).toMatch(/^popshift: --prices: a shard file holds its iterations in the scenario's own prices.*state the merged run in real terms instead \(popshift merge --prices\)/);
    expect(runs.shard0!.code).toBe(0);
    expect(runs.shard1!.code).toBe(0);
    expect(runs.merge!.stderr).toBe('');
    expect(runs.merge!.code).toBe(0);
    expect(runs.merge!.stdout).toContain(`System gap by year, £m, ${BASE}`);
    const files = readdirSync(join(tmp, 'whole')).filter((f) => f !== 'popshift-run.json').sort();
    expect(readdirSync(join(tmp, 'merged')).filter((f) => f !== 'popshift-run.json').sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(tmp, 'merged', f), 'utf8')).toBe(readFileSync(join(tmp, 'whole', f), 'utf8'));
  });
});
