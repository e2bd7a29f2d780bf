/**
 * The Monte Carlo kernel (issue 12): today's against the kernel as it was
 * before (bench/reference, kept for this: its sampling, projection, metrics
 * and summary as at 7fbcc53), on the same scenario and seed;
 * how cost per iteration grows with the model's size (fitted exponent over
 * 1×, 4×, 16× and 131× the services); two threads against one; and the
 * Devon scale test (issue 11).
 */
import { execFileSync } from 'node:child_process';
import { linearRegression } from 'simple-statistics';
import { loadScenario, simulate, allocate, projectModel } from '../src/index.js';
import { runIterations as referenceIterations, summariseRun as referenceSummary, runHead, defaultMetrics as referenceMetrics } from './reference/montecarlo.js';
import { defaultMetrics } from '../src/uncertainty/metrics.js';
import { planSampling, sampleInputs } from '../src/uncertainty/sample.js';
import { kernel } from '../src/uncertainty/kernel.js';
import { summariseRun, runHead as headOf } from '../src/uncertainty/montecarlo.js';
import { memoryColumns } from '../src/uncertainty/columns.js';
import { referencePlan, sampleInputs as referenceSample } from './reference/sample.js';
import { writeManyPlaces } from './places.js';
import { benchBatching } from './batching.js';
import { benchWasm } from './wasm.js';

const FILE = 'models/harrogate-integrated-care-uncertain.yaml';
const ok = (good: boolean) => (good ? 'OK' : 'OVER GOAL');

/**
 * Largest relative difference between two runs' figures (0 = bit-identical).
 * Only numbers are compared: text and fields the reference (frozen before
 * them) does not have, such as inputs' labels and paths, are not figures.
 */
function maxRelDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    let m = 0;
    for (const k of Object.keys(a)) if (k !== 'run' && k !== 'scenarioHash') m = Math.max(m, maxRelDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    return m;
  }
  return typeof a === 'number' || typeof b === 'number' ? Infinity : 0;
}

async function median<T>(runs: number, fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(runs / 2)]!, result };
}

export async function benchKernel(): Promise<void> {
  const s = loadScenario(FILE);
  const n = 10_000;
  await simulate(s, { iterations: 1000, seed: 1, workers: 1 }); // warm up
  const today = await median(5, () => simulate(s, { iterations: n, seed: 1, workers: 1 }));
  const plan = planSampling(s);
  const metrics = defaultMetrics(s.model);
  // the reference reads its metrics as 7fbcc53 did (the same metrics, in the same order)
  const beforeMetrics = referenceMetrics(s.model);
  if (beforeMetrics.map((d) => d.id).join() !== metrics.map((d) => d.id).join()) throw new Error('bench/reference records other metrics than today');
  const head = runHead(s, plan, beforeMetrics, 1, n, today.result.focusYear);
  const before = await median(3, () => {
    const block = referenceIterations(s, plan, beforeMetrics, 1, n, 0, n);
    return referenceSummary(head, beforeMetrics, block.values, block.inputs, false);
  });
  console.log(`\nThe Monte Carlo kernel: ${FILE}, ${n.toLocaleString('en-GB')} iterations in process (median of 5)`);
  console.log(`  today ${today.ms.toFixed(0)} ms (goal < 300 ms) ${ok(today.ms < 300)}; before (bench/reference) ${before.ms.toFixed(0)} ms; ${(before.ms / today.ms).toFixed(1)}× faster (goal ≥ 4×) ${ok(before.ms / today.ms >= 4)}`);
  const diff = maxRelDiff(today.result, before.result);
  // relative, but in £ for a figure under £1 (an organisation's position that is 0 but for rounding differs by £1e-10)
  console.log(`  same results: largest difference ${diff === 0 ? '0 (bit-identical)' : diff.toExponential(1)} (relative, or in £ for a figure under £1; rounding only: demand totals are now base × gain, and PERT draws start from a table, which moves them in their last bits)`);
  // where today's time goes: each part of the run alone, median of 5
  const slots = plan.inputs.map((u) => u.slot);
  const nY = s.model.nYears;
  // a new plan each time, as each run makes one (a plan keeps the correlated columns of the last run it sampled)
  const sampled = await median(5, () => sampleInputs(planSampling(s), 1, n, 0, n, 'random'));
  const k = kernel(s.model, slots, metrics);
  const projected = await median(5, () => k.run(sampled.result, 0, n));
  const ids = metrics.map(({ id, label, unit }) => ({ id, label, unit }));
  const todayHead = headOf(s, plan, metrics, 1, n, today.result.focusYear, 'random');
  const summarised = await median(5, () => summariseRun(todayHead, ids, memoryColumns(0, n, metrics.length, nY, projected.result), memoryColumns(0, n, slots.length, 1, sampled.result), false));
  const parts = sampled.ms + projected.ms + summarised.ms;
  console.log(
    `  where it goes: sampling ${sampled.ms.toFixed(0)} ms, projecting ${projected.ms.toFixed(0)} ms (${((projected.ms / n) * 1000).toFixed(1)} µs an iteration: ${s.model.flows.length} flows × ${nY} years × ${s.model.nBands} age bands, ${s.model.schemes.length} schemes), summary ${summarised.ms.toFixed(0)} ms, the rest ${Math.max(0, today.ms - parts).toFixed(0)} ms`,
  );
  // and where the reference's went: its sampling and summary alone, median of 3; projecting (and recording) is the rest of its run
  const beforeSampled = await median(3, () => referenceSample(referencePlan(plan), 1, n, 0, n));
  const block = referenceIterations(s, plan, beforeMetrics, 1, n, 0, n);
  const beforeSummarised = await median(3, () => referenceSummary(head, beforeMetrics, block.values, block.inputs, false));
  const beforeProjected = before.ms - beforeSampled.ms - beforeSummarised.ms;
  const x = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  console.log(
    `  where it went before: sampling ${beforeSampled.ms.toFixed(0)} ms, projecting ${beforeProjected.toFixed(0)} ms, summary ${beforeSummarised.ms.toFixed(0)} ms; today each is ${x(beforeSampled.ms, sampled.ms)}, ${x(beforeProjected, projected.ms)} and ${x(beforeSummarised.ms, summarised.ms)} faster`,
  );

  benchBatching();
  await benchWasm();

  // cost per iteration against size: 1×, 4×, 16×, 131× the services (as places)
  const sizes = [1, 4, 16, 131];
  // the exponent in what the copies multiply (flows: a place's services at its providers), and counting the provider lines too, which the copies share
  const points: [number, number][] = [];
  const withLines: [number, number][] = [];
  let lines = 0;
  for (const k of sizes) {
    const sk = loadScenario(writeManyPlaces(k));
    const ws = allocate(sk.model);
    const p = Float64Array.from(sk.model.p0);
    const reps = Math.max(20, Math.round(2000 / k));
    for (let i = 0; i < 5; i++) projectModel(sk.model, p, ws, { attribution: false, detail: false });
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) projectModel(sk.model, p, ws, { attribution: false, detail: false });
    const us = ((performance.now() - t0) / reps) * 1000;
    points.push([Math.log(sk.model.flows.length * sk.model.nYears), Math.log(us)]);
    lines = sk.model.lines.length;
    withLines.push([Math.log(sk.model.lines.length * sk.model.nYears + sk.model.flows.length * sk.model.nYears), Math.log(us)]);
    console.log(`  ${String(k).padStart(3)}× services (${sk.model.flows.length} flows × ${sk.model.nYears} years): ${us.toFixed(0)} µs an iteration`);
  }
  const { m } = linearRegression(points);
  console.log(`  fitted exponent of cost in services × years (flows × years, which the copies multiply): ${m.toFixed(2)} (goal ≤ 1.1: linear) ${ok(m <= 1.1)}; counting the ${lines} provider lines the copies share as well: ${linearRegression(withLines).m.toFixed(2)}`);

  // threads: 100,000 iterations on 1 and 2, median of 3 (each run with 2 starts its worker afresh: the median of those starts too).
  // From the compiled package, as the CLI and a library user run it: beside the sources a worker registers tsx and transpiles the engine as it starts (about 200 ms more)
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  const compiled = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index.js');
  const built = compiled.loadScenario(FILE);
  const big = 100_000;
  const one = await median(3, () => compiled.simulate(built, { iterations: big, seed: 1, workers: 1 }));
  const starts: number[] = [];
  const two = await median(3, async () => {
    const r = await compiled.simulate(built, { iterations: big, seed: 1, workers: 2 });
    starts.push(r.run.workerStartMs ?? Infinity);
    return r;
  });
  const start = starts.sort((x, y) => x - y)[1]!;
  console.log(
    `  ${big.toLocaleString('en-GB')} iterations (the compiled package, median of 3): 1 thread ${one.ms.toFixed(0)} ms, 2 threads ${two.ms.toFixed(0)} ms: ${(one.ms / two.ms).toFixed(2)}× (goal ≥ 1.6×) ${ok(one.ms / two.ms >= 1.6)}; a worker ready in ${start.toFixed(0)} ms (goal < 300 ms; ${starts.map((x) => x.toFixed(0)).join(', ')}) ${ok(start < 300)}`,
  );
  console.log(`  byte-identical across thread counts: ${JSON.stringify({ ...one.result, run: 0 }) === JSON.stringify({ ...two.result, run: 0 }) ? 'yes' : 'NO'}`);

  // Devon (issue 11): one projection, and 10,000 iterations
  const devon = loadScenario('models/devon.yaml');
  const ws = allocate(devon.model);
  const proj = await median(21, () => projectModel(devon.model, devon.model.p0, ws));
  console.log(`\nDevon (models/devon.yaml: ${devon.model.places.length} places, ${devon.model.flows.length} flows): one projection ${proj.ms.toFixed(1)} ms (goal < 20 ms) ${ok(proj.ms < 20)}`);
  const devonBuilt = compiled.loadScenario('models/devon.yaml');
  for (const workers of [1, 2] as const) {
    const r = await median(1, () => compiled.simulate(devonBuilt, { iterations: 10_000, seed: 1, workers }));
    console.log(`  10,000 iterations in process (the compiled package) on ${workers} thread(s): ${(r.ms / 1000).toFixed(1)} s`);
  }
  console.log('  (whole process, `popshift simulate models/devon.yaml --iterations 10000`: see the CLI timings)');
}
