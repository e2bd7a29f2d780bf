/** `popshift simulate <scenario> --iterations N --seed S [--workers W] [--out DIR] [--samples] [--shard K/N] [--year Y] [--sampling random|lhs] [--until-se £ [--max-iterations N]]` */
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { loadScenario } from '../api.js';
import { simulate, simulateBlock } from '../uncertainty/simulate.js';
import { simulationFiles, formatSimulation, shardFile, shardFileName } from '../uncertainty/output.js';
import { checkOutputs, writeOutputs, type OutputTarget } from '../results/write.js';
import { wholeNumber, iterationCount, number, MAX_ITERATIONS } from './uncertainty-args.js';
import { simulateUntil, formatConvergence } from '../uncertainty/convergence.js';
import { SAMPLING_METHODS, type SamplingMethod } from '../uncertainty/sample.js';

export interface SimulateFlags {
  iterations?: string;
  seed?: string;
  workers?: string;
  out?: string;
  samples?: boolean;
  shard?: string;
  year?: string;
  sampling?: string;
  untilSe?: string;
  maxIterations?: string;
}

export async function simulateCommand(file: string, opts: SimulateFlags): Promise<void> {
  const untilSe = opts.untilSe === undefined ? undefined : number('--until-se', opts.untilSe);
  if (opts.maxIterations !== undefined && untilSe === undefined) throw new UserError('--max-iterations: goes with --until-se');
  const iterations = iterationCount(opts.iterations, untilSe === undefined ? 10_000 : 1000);
  const maxIterations = opts.maxIterations === undefined ? Math.max(iterations, 200_000) : wholeNumber('--max-iterations', opts.maxIterations);
  if (maxIterations > MAX_ITERATIONS) throw new UserError(`--max-iterations: at most ${MAX_ITERATIONS.toLocaleString('en-GB')} iterations in one run (got ${maxIterations.toLocaleString('en-GB')})`);
  const sampling = (opts.sampling ?? 'random') as SamplingMethod;
  if (!SAMPLING_METHODS.includes(sampling)) throw new UserError(`--sampling: random or lhs (got '${opts.sampling}')`);
  const seed = wholeNumber('--seed', opts.seed, 1);
  const workers: number | 'auto' = opts.workers === undefined || opts.workers === 'auto' ? 'auto' : wholeNumber('--workers', opts.workers);
  let shard: { index: number; count: number } | undefined;
  if (opts.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(opts.shard.trim());
    if (!m) throw new UserError(`--shard: write K/N, e.g. 0/4 for the first of four shards (got '${opts.shard}')`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
    if (!opts.out) throw new UserError('--shard: give --out DIR for the shard file');
    if (untilSe !== undefined) throw new UserError('--until-se: runs whole runs of growing size, not a shard of one');
  }
  const scenario = loadScenario(file);
  const shardName = shard && shardFileName(shard);
  // A shard is one file in a folder other shards write to as well; unsharded results are a folder of their own.
  const target: OutputTarget | undefined = shardName ? { kind: 'file', path: join(opts.out!, shardName), option: '--out' } : opts.out ? { kind: 'folder', path: opts.out, option: '--out' } : undefined;
  if (target) checkOutputs([target]);
  // A progress bar on a terminal only; nothing when piped (and cli-progress is then not loaded).
  const bar = process.stderr.isTTY ? await progressBar() : undefined;
  let started = 0;
  const onProgress = bar
    ? (done: number, total: number) => {
        // --until-se runs again with more iterations: the bar starts again for each run
        if (started !== total) {
          if (started) bar.stop();
          bar.start(total, 0);
          started = total;
        }
        bar.update(done);
      }
    : undefined;
  const options = { iterations, seed, workers, sampling, year: opts.year, samples: opts.samples ?? false, shard, onProgress };
  try {
    if (shard) {
      const { block, head, metrics, run } = await simulateBlock(scenario, options);
      bar?.stop();
      writeOutputs([{ kind: 'file', path: target!.path, option: '--out', content: shardFile(head, metrics, shard, block) }], process.argv.slice(2));
      process.stdout.write(`Shard ${shard.index}/${shard.count}: iterations ${run.range[0]}–${run.range[1]} of ${iterations}, seed ${seed}\nWrote ${target!.path}\n`);
      process.stderr.write(runLine(run.range[1] - run.range[0], run.ms, run.workers, run.chunksByWorkers));
      return;
    }
    const r = untilSe === undefined ? await simulate(scenario, options) : await simulateUntil(scenario, options, untilSe, maxIterations);
    bar?.stop();
    if (opts.out) writeOutputs([{ kind: 'folder', path: opts.out, option: '--out', files: simulationFiles(r, opts.samples ?? false) }], process.argv.slice(2));
    process.stdout.write(formatSimulation(r) + '\n\n' + formatConvergence(r) + '\n');
    if (opts.out) process.stdout.write(`\nWrote CSV and JSON results to ${opts.out}\n`);
    process.stderr.write(runLine(r.iterations, r.run.ms, r.run.workers, r.run.chunksByWorkers));
  } finally {
    bar?.stop();
  }
}

async function progressBar() {
  const { SingleBar, Presets } = await import('cli-progress');
  return new SingleBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true, format: 'simulating [{bar}] {percentage}% | {value}/{total} iterations | {eta}s' }, Presets.shades_classic);
}

function runLine(n: number, ms: number, workers: number, chunksByWorkers: number): string {
  const threads = workers === 1 ? 'in process (1 thread)' : `on ${workers} threads (this one and ${workers - 1} worker${workers > 2 ? 's' : ''}, which ran ${chunksByWorkers} chunk${chunksByWorkers === 1 ? '' : 's'})`;
  return `(${n.toLocaleString('en-GB')} iterations in ${(ms / 1000).toFixed(2)} s ${threads})\n`;
}
