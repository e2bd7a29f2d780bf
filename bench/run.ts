/**
 * `npm run bench`: speed goals printed as figures and ratios (never timed
 * tests). Timings swing from run to run on a shared machine: compare ratios
 * within one run.
 */
import { benchProjection, benchPlaces } from './projection.js';

const GOAL_MS = 5;

console.log('popshift bench');
console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);
console.log('One deterministic projection (goal: under 5 ms)');
for (const t of benchProjection()) {
  console.log(
    `  ${t.label.padEnd(62)} median ${t.medianMs.toFixed(3)} ms  p95 ${t.p95Ms.toFixed(3)} ms  ` +
      `(${(GOAL_MS / t.medianMs).toFixed(0)}× under goal) ${t.medianMs < GOAL_MS ? 'OK' : 'OVER GOAL'}`,
  );
}

const PLACES_GOAL_MS = 20;
const many = benchPlaces();
console.log(`\nA Devon-sized system: ${many.places} places, ${many.flows} flows on ${many.lines} provider lines (goal: under ${PLACES_GOAL_MS} ms)`);
console.log(
  `  ${many.timing.label.padEnd(62)} median ${many.timing.medianMs.toFixed(3)} ms  p95 ${many.timing.p95Ms.toFixed(3)} ms  ` +
    `(${(PLACES_GOAL_MS / many.timing.medianMs).toFixed(1)}× under goal; ${(many.perPlaceMs * 1000).toFixed(0)} µs a place) ${many.timing.medianMs < PLACES_GOAL_MS ? 'OK' : 'OVER GOAL'}`,
);

const { benchMonteCarlo } = await import('./montecarlo.js');
await benchMonteCarlo();

const { benchKernel } = await import('./kernel.js');
await benchKernel();

const { benchMemory } = await import('./memory.js');
benchMemory();

console.log('');
const { benchLoad, formatLoad } = await import('./load.js');
console.log(formatLoad(await benchLoad()));

const { benchCli } = await import('./cli.js');
benchCli();
