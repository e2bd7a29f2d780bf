/**
 * Monte Carlo speed (issue 6): 10,000 iterations of the uncertain integrated-care
 * scenario (goal: under 1 s wall-clock on 2 cores, under 500 MB); linearity in
 * iterations and in years; iterations per second per core; peak RSS.
 */
import { cpus } from 'node:os';
import { loadScenario, simulate, projectModel, allocate } from '../src/index.js';
import { naiveGap } from './naive.js';

const FILE = 'models/harrogate-integrated-care-uncertain.yaml';

function rssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export async function benchMonteCarlo(): Promise<void> {
  const cores = cpus().length;
  const s = loadScenario(FILE);
  console.log(`\nMonte Carlo: ${FILE} (${s.uncertain.length} uncertain inputs, ${s.model.nYears} years)`);
  await simulate(s, { iterations: 1000, seed: 99, workers: 1 }); // warm up
  const runs: { label: string; n: number; workers: number | 'auto'; file?: string; horizon?: string }[] = [
    { label: '10,000 iterations, in process', n: 10_000, workers: 1 },
    { label: '10,000 iterations, 2 threads (1 worker, started cold)', n: 10_000, workers: 2 },
    { label: '10,000 iterations, auto', n: 10_000, workers: 'auto' },
  ];
  for (const r of runs) {
    const t0 = performance.now();
    const res = await simulate(s, { iterations: r.n, seed: 1, workers: r.workers });
    const ms = performance.now() - t0;
    const threads = res.run.workers;
    console.log(
      `  ${r.label.padEnd(56)} ${ms.toFixed(0).padStart(5)} ms  ${(r.n / (ms / 1000) / threads).toFixed(0).padStart(6)} it/s/core on ${threads} thread(s)` +
        `${threads > 1 ? ` (workers ran ${res.run.chunksByWorkers} chunks)` : ''}  ${ms < 1000 ? 'OK (goal < 1 s)' : 'OVER GOAL'}`,
    );
  }
  console.log('  Linearity in iterations (in process):');
  const base: number[] = [];
  for (const n of [2500, 5000, 10_000, 20_000]) {
    const t0 = performance.now();
    await simulate(s, { iterations: n, seed: 1, workers: 1 });
    const ms = performance.now() - t0;
    base.push(ms / n);
    console.log(`    ${String(n).padStart(6)} iterations ${ms.toFixed(0).padStart(5)} ms  ${((ms / n) * 1000).toFixed(1)} µs/iteration  (×${(ms / n / base[0]!).toFixed(2)} of the 2,500 rate)`);
  }
  console.log('  Linearity in years (5,000 iterations, in process; horizon moved by overrides):');
  let perYear0 = 0;
  for (const horizon of ['2022/23', '2026/27', '2030/31', '2036/37']) {
    let sh;
    try {
      sh = loadScenario(FILE, { overrides: { horizon } });
    } catch (e) {
      console.log(`    horizon ${horizon}: cannot load (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    const t0 = performance.now();
    await simulate(sh, { iterations: 5000, seed: 1, workers: 1 });
    const ms = performance.now() - t0;
    const per = ms / 5000 / sh.model.nYears;
    perYear0 ||= per;
    console.log(`    ${String(sh.model.nYears).padStart(2)} years ${ms.toFixed(0).padStart(5)} ms  ${(per * 1000).toFixed(2)} µs per iteration-year (×${(per / perYear0).toFixed(2)})`);
  }
  console.log(`  Peak RSS: ${rssMb().toFixed(0)} MB (goal < 500 MB); ${cores} cores`);

  // The engine's design against a straightforward implementation of one iteration.
  const ws = allocate(s.model);
  const p = Float64Array.from(s.model.p0);
  const engineGap = projectModel(s.model, p, ws).systemGap;
  const naive = naiveGap(s.model, p);
  const maxDiff = Math.max(...naive.map((g, t) => Math.abs(g - engineGap[t]!)));
  const reps = 300;
  let t0 = performance.now();
  for (let i = 0; i < reps; i++) projectModel(s.model, p, ws);
  const engineUs = ((performance.now() - t0) / reps) * 1000;
  t0 = performance.now();
  for (let i = 0; i < reps; i++) naiveGap(s.model, p);
  const naiveUs = ((performance.now() - t0) / reps) * 1000;
  console.log('  One iteration, engine (typed arrays, reused workspace) vs a straightforward implementation (plain objects):');
  console.log(`    engine ${engineUs.toFixed(1)} µs (full projection: positions, payments, waterfall too); plain objects ${naiveUs.toFixed(1)} µs (system gap only)`);
  console.log(`    ratio ${(naiveUs / engineUs).toFixed(1)}× — same system gap to £${maxDiff.toExponential(1)}`);
}
