/**
 * Bounded memory (issue 12): 1,000,000 iterations with peak RSS under 500 MB
 * (per-iteration values beyond the memory budget are kept on disk a column
 * at a time), with percentiles identical to a run held in memory (checked
 * at 200,000 iterations, where both fit). Run on the compiled package, as the CLI runs.
 */
import { execFileSync } from 'node:child_process';

const run = (n: number, mode: 'budget' | 'memory') =>
  JSON.parse(execFileSync(process.execPath, ['bench/memory-child.mjs', String(n), mode], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop()!) as {
    ms: number;
    rssMb: number;
    threads: number;
    gap: Record<string, number>;
  };

export function benchMemory(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  console.log('\nBounded memory: models/harrogate-integrated-care-uncertain.yaml (child processes, peak RSS)');
  const mem = run(200_000, 'memory');
  const disk = run(200_000, 'budget');
  const same = JSON.stringify(mem.gap) === JSON.stringify(disk.gap);
  console.log(`  200,000 iterations: held in memory ${mem.rssMb.toFixed(0)} MB, within the budget ${disk.rssMb.toFixed(0)} MB; 2020/21 gap statistics identical: ${same ? 'yes' : 'NO'}`);
  const big = run(1_000_000, 'budget');
  console.log(`  1,000,000 iterations: peak RSS ${big.rssMb.toFixed(0)} MB (goal < 500 MB) ${big.rssMb < 500 ? 'OK' : 'OVER GOAL'}, ${(big.ms / 1000).toFixed(1)} s on ${big.threads} thread(s)`);
}
