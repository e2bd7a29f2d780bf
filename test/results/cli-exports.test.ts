/**
 * `popshift run --xlsx FILE` and `popshift report --out FILE`, spawned as a
 * user runs them (three spawns, started together): both files written whole,
 * and a bad scenario writes nothing and exits 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { loadScenario, project } from '../../src/index.js';
import { repoRoot, model, popshift, SPAWN_TIMEOUT, type CliRun as Run } from '../helpers.js';

const BAD = 'test/bad-input/unit-cost-negative.yaml';
let tmp: string;
let runs: { xlsx: Run; report: Run; bad: Run };

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'popshift-exports-'));
  const [xlsx, report, bad] = await Promise.all([
    popshift('run', 'models/harrogate.yaml', '--xlsx', join(tmp, 'results.xlsx'), '--json'),
    popshift('report', 'models/harrogate.yaml', '--out', join(tmp, 'report.html')),
    popshift('report', BAD, '--out', join(tmp, 'bad.html')),
  ]);
  runs = { xlsx, report, bad };
}, SPAWN_TIMEOUT);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('CLI exports', () => {
  it('run --xlsx writes a workbook with the same figures as --json', async () => {
    expect(runs.xlsx.stderr).toBe('');
    expect(runs.xlsx.code).toBe(0);
    const json = JSON.parse(runs.xlsx.stdout) as { years: string[]; system: { gap: number[] } };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(tmp, 'results.xlsx')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Summary')!;
    let head = 0;
    ws.eachRow((row, i) => {
      if (!head && row.getCell(1).value === 'Year') head = i;
    });
    json.years.forEach((y, t) => {
      expect(ws.getCell(head + 1 + t, 1).value).toBe(y);
      expect(Math.abs((ws.getCell(head + 1 + t, 5).value as number) - json.system.gap[t]!)).toBeLessThan(0.005);
    });
    expect(wb.getWorksheet('Assumptions and sources')).toBeDefined();
  });

  it('report writes a self-contained HTML report', () => {
    expect(runs.report.stderr).toBe('');
    expect(runs.report.code).toBe(0);
    expect(runs.report.stdout).toContain('Wrote the board report to');
    const html = readFileSync(join(tmp, 'report.html'), 'utf8');
    const name = project(loadScenario(model('harrogate.yaml'))).scenario;
    expect(html).toContain(`<h1>${name}</h1>`);
    expect(html).toContain('<svg');
  });

  it('a bad scenario writes nothing and exits 2', () => {
    expect(runs.bad.code).toBe(2);
    expect(runs.bad.stderr).toMatch(/^popshift: test\/bad-input\/unit-cost-negative\.yaml:\d+:\d+: /);
    expect(existsSync(join(tmp, 'bad.html'))).toBe(false);
  });

  it('leaves no temporary files', () => {
    expect(readdirSync(tmp).sort()).toEqual(['report.html', 'results.xlsx']);
  });
});
