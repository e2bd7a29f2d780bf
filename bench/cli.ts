/**
 * CLI start-up (issue 12): the whole `popshift` process as a user runs it, the
 * compiled CLI (bin/popshift.js → dist/), median of 5 runs each, beside an
 * empty `node` process on the same machine at the same moment (timings swing
 * with the machine's load: compare with that baseline). On Linux the CPU time
 * the processes used (user + system, from /proc) is printed too: it swings
 * less with the load than wall-clock time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 5;

const COMMANDS: { args: string[]; goalMs?: number }[] = [
  { args: ['--help'], goalMs: 300 },
  { args: ['run', 'models/harrogate.yaml'], goalMs: 600 },
  { args: ['simulate', 'models/harrogate-integrated-care-uncertain.yaml', '--iterations', '10000'], goalMs: 1000 },
  // the Devon scale test (issue 11): 138 places, 4,014 flows
  { args: ['simulate', 'models/devon.yaml', '--iterations', '10000'], goalMs: 10_000 },
];

/** CPU seconds used by this process's reaped children (Linux /proc, at USER_HZ = 100), or undefined elsewhere. */
function childrenCpuS(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime (fields 16 and 17)
}

/** Median wall-clock and CPU milliseconds of `node ...args` from the repo root; throws if it fails. */
function median(args: string[]): { wallMs: number; cpuMs: number | undefined } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = childrenCpuS();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    wall.push(performance.now() - t0);
    const c1 = childrenCpuS();
    if (c0 !== undefined && c1 !== undefined) cpu.push((c1 - c0) * 1000);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return { wallMs: mid(wall), cpuMs: cpu.length ? mid(cpu) : undefined };
}

const show = (t: { wallMs: number; cpuMs: number | undefined }) => `${t.wallMs.toFixed(0).padStart(5)} ms${t.cpuMs === undefined ? '' : ` (CPU ${t.cpuMs.toFixed(0).padStart(5)} ms)`}`;

export function benchCli(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  console.log(`\nCLI, whole process (compiled, median of ${RUNS})`);
  const empty = median(['-e', '0']);
  console.log(`  ${'node -e 0 (an empty Node process, for scale)'.padEnd(86)} ${show(empty)}`);
  for (const c of COMMANDS) {
    const t = median(['bin/popshift.js', ...c.args]);
    const goal = c.goalMs === undefined ? '' : `  ${t.wallMs < c.goalMs ? 'OK' : 'OVER GOAL'} (goal < ${(c.goalMs / 1000).toFixed(1)} s)`;
    console.log(`  ${`popshift ${c.args.join(' ')}`.padEnd(86)} ${show(t)}${goal}`);
  }
}
