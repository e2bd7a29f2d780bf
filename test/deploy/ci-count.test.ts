/**
 * The closing line of `.ci/run` ("N passed, N failed, N skipped"), counted by
 * .ci/count-results.mjs from vitest's JSON report: a test file that fails in a
 * hook fails no test, and once printed "289 passed, 0 failed" beside exit 1.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { repoRoot } from '../helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'popshift-ci-count-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function count(report: unknown, status: number): { line: string; stderr: string } {
  const file = join(dir, 'vitest.json');
  writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
  const r = spawnSync(process.execPath, [resolve(repoRoot, '.ci/count-results.mjs'), file, String(status)], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return { line: r.stdout.trim(), stderr: r.stderr };
}

const passedFile = { name: 'a.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed' }, { status: 'passed' }] };

describe('.ci/run counts failures', () => {
  it('passed, failed and skipped tests as vitest reports them', () => {
    const report = { numPassedTests: 2, numFailedTests: 1, numPendingTests: 1, numTodoTests: 1, testResults: [passedFile, { name: 'b.test.ts', status: 'failed', message: '', assertionResults: [{ status: 'failed' }] }] };
    expect(count(report, 1).line).toBe('2 1 2');
  });

  it('a file that fails in a hook counts as a failure, and is named', () => {
    const hook = { name: '/repo/test/c.test.ts', status: 'failed', message: 'Hook timed out in 60000ms\nat beforeAll', assertionResults: [{ status: 'skipped' }] };
    const r = count({ numPassedTests: 2, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0, testResults: [passedFile, hook] }, 1);
    expect(r.line).toBe('2 1 1');
    expect(r.stderr).toContain('FAILED outside a test: /repo/test/c.test.ts: Hook timed out in 60000ms');
  });

  it('a non-zero exit with nothing failed, or no readable report, is a failure', () => {
    expect(count({ numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [passedFile] }, 1).line).toBe('3 1 0');
    expect(count('{"truncated', 1).line).toBe('0 1 0');
    expect(count({ numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [passedFile] }, 0).line).toBe('3 0 0');
  });
});
