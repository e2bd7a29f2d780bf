/**
 * `popshift serve`: the port and address come from --port and --host, else
 * PORT and HOST; a bad port is named by what set it, and exits 2.
 */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from '../helpers.js';

const BIN = resolve(repoRoot, 'bin/popshift.js');

/** Run `popshift serve …` until it prints its URL (then stop it) or exits. */
function serve(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (/popshift dashboard: /.test(stdout)) child.kill('SIGINT');
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('popshift serve', () => {
  it('listens on --port and --host, before PORT', async () => {
    const r = await serve(['--port', '0', '--host', '127.0.0.1'], { PORT: 'not-a-port' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/popshift dashboard: http:\/\/127\.0\.0\.1:\d+\//);
    expect(r.stdout).not.toMatch(/:3000\//);
  }, 60_000);

  it('names --port, or PORT, when the port is not a number, and exits 2', async () => {
    const byOption = await serve(['--port', '70000']);
    expect(byOption.code).toBe(2);
    expect(byOption.stderr).toMatch(/--port: expected a port number from 0 to 65535 \(got '70000'\)/);
    const byEnv = await serve([], { PORT: 'x' });
    expect(byEnv.code).toBe(2);
    expect(byEnv.stderr).toMatch(/PORT: expected a port number from 0 to 65535 \(got 'x'\)/);
  }, 60_000);
});
