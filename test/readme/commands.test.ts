/**
 * Every command in the README's shell blocks runs and exits 0, and its
 * TypeScript snippets that import 'popshift' run without throwing: a reader
 * who copies one gets what the README says, not an error.
 *
 * How they are run: `npx popshift` is this checkout's `bin/popshift.js` (so
 * npx never looks for the package anywhere else), in a scratch folder holding
 * links to models/ and data/ (so outputs such as results/ and mc/ land there).
 * Monte Carlo sizes are cut to at most 200 iterations (`--iterations N`,
 * `iterations: N`) to keep CI fast: the same code runs, only fewer times.
 * Skipped, and said so below: commands that serve until stopped, run this
 * suite itself, or install system software.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers.js';

const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const MAX_ITERATIONS = 200;

/** Commands not run, each with why. */
const SKIP: [RegExp, string][] = [
  [/^npm ci && npm start\b/, 'serves the dashboard until stopped'],
  [/^npm ci && npm test\b/, 'is this test suite'],
  [/^sudo apt-get\b/, 'installs system packages'],
  [/\bdeno jupyter --install\b/, 'installs a Jupyter kernel (notebooks/run.sh runs the notebooks in CI)'],
  [/^jupyter notebook\b/, 'serves notebooks until stopped'],
  [/^docker\b/, 'needs a Docker daemon (test/deploy/sweep.test.ts runs the image\'s command lines locally)'],
  [/^kubectl\b/, 'needs a Kubernetes cluster (test/deploy/sweep.test.ts runs the manifest\'s own commands as local processes)'],
  [/deploy\/slurm\/submit\.sh\b/, 'needs Slurm (test/deploy/sweep.test.ts runs the array\'s scripts through a stand-in sbatch)'],
  [/^npm pack\b/, 'packs the package (.ci/package-check packs it and installs the tarball into a fresh project)'],
  [/^npm install \S+\.tgz\b/, "installs the tarball in another project (.ci/package-check does, with the consumer's checks)"],
];

/** The fenced blocks of one language, in order. */
function blocks(lang: string): string[] {
  return [...README.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1]!);
}

/** A shell line without its trailing comment (a # after spaces, outside quotes). */
function command(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) quote = c === quote ? '' : quote;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).trim();
  }
  return line.trim();
}

const commands = blocks('sh')
  .flatMap((b) => b.split('\n'))
  .map(command)
  .filter((c) => c !== '');
const skipped = commands.flatMap((c) => SKIP.filter(([re]) => re.test(c)).map(([, why]) => ({ c, why })));
const toRun = commands.filter((c) => !SKIP.some(([re]) => re.test(c)));

const fewer = (text: string, re: RegExp) => text.replace(re, (_m, pre: string, n: string) => `${pre}${Math.min(MAX_ITERATIONS, Number(n.replace(/_/g, '')))}`);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, cwd: string): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', cmd], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Run `jobs` two at a time (the machines that run this have few cores). */
async function inPairs<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all([lane(), lane()]);
  return out;
}

const bin = join(repoRoot, 'bin/popshift.js');
const snippets = blocks('ts').filter((b) => b.includes("from 'popshift'"));
let scratch: string;
const ran = new Map<string, Ran>();

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'popshift-readme-'));
  for (const d of ['models', 'data']) symlinkSync(join(repoRoot, d), join(scratch, d));
  const jobs = toRun.map((c) => async () => {
    const cmd = fewer(c.replace(/^npx popshift\b/, `node ${JSON.stringify(bin)}`), /(--iterations\s+)(\d+)/g);
    ran.set(c, await sh(cmd, scratch));
  });
  // Snippets run as modules inside the package, so `import ... from 'popshift'` resolves to this checkout.
  const snippetJobs = snippets.map((s, i) => async () => {
    const file = join(repoRoot, 'test/readme', `.readme-snippet-${process.pid}-${i}.mts`);
    writeFileSync(file, fewer(s, /(iterations:\s*)([\d_]+)/g));
    try {
      ran.set(`snippet ${i}`, await sh(`node --import tsx ${JSON.stringify(file)}`, repoRoot));
    } finally {
      rmSync(file, { force: true });
    }
  });
  await inPairs([...jobs, ...snippetJobs]);
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('README commands', () => {
  it('finds the commands and says which it skips', () => {
    expect(toRun.length).toBeGreaterThan(25);
    expect(skipped.map((s) => s.why)).toEqual(expect.arrayContaining(['serves the dashboard until stopped']));
    for (const s of skipped) expect(s.why.length).toBeGreaterThan(0);
  });

  it.each(toRun)('%s', (c) => {
    const r = ran.get(c)!;
    expect(r.code, `${c}\n${r.stderr.slice(0, 2000)}`).toBe(0);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it.each(snippets.map((_, i) => i))('TypeScript snippet %i runs', (i) => {
    const r = ran.get(`snippet ${i}`)!;
    expect(r.code, `${snippets[i]}\n${r.stderr.slice(0, 2000)}`).toBe(0);
  });
});
