/**
 * Monte Carlo percentiles are simulated in the scenario's own prices. A
 * workbook or report in real terms with them would show cash percentiles under
 * a real-terms label (funding £472m beside £324m for the same year), so `run`
 * and `report` refuse --prices real:… with --iterations, exit 2, and write nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { popshift, SPAWN_TIMEOUT, type CliRun } from '../helpers.js';

const UNCERTAIN = 'models/harrogate-integrated-care-uncertain.yaml';
let tmp: string;
let run: CliRun;
let report: CliRun;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'popshift-real-mc-'));
  [run, report] = await Promise.all([
    popshift('run', UNCERTAIN, '--prices', 'real:2017/18', '--iterations', '50', '--xlsx', join(tmp, 'real.xlsx')),
    popshift('report', UNCERTAIN, '--prices', 'real:2017/18', '--iterations', '50', '--out', join(tmp, 'real.html')),
  ]);
}, SPAWN_TIMEOUT);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('--prices real with --iterations', () => {
  it('run refuses it with exit 2, naming both options, and writes no workbook', () => {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^popshift: --iterations: Monte Carlo percentiles are in the scenario's own price base, not in real terms \(--prices real:2017\/18\): drop --prices/);
    expect(existsSync(join(tmp, 'real.xlsx'))).toBe(false);
  });

  it('report refuses it the same way and writes no report', () => {
    expect(report.code).toBe(2);
    expect(report.stderr).toBe(run.stderr);
    expect(existsSync(join(tmp, 'real.html'))).toBe(false);
  });
});
