/** `popshift simulate <scenario> --iterations N --seed S [--workers W] [--out DIR] [--samples] [--shard K/N] [--year Y]` */
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { loadScenario } from '../api.js';
import { simulate, simulateBlock } from '../uncertainty/simulate.js';
import { simulationFiles, formatSimulation, shardFile, shardFileName } from '../uncertainty/output.js';
import { wholeNumber } from './uncertainty-args.js';

export interface SimulateFlags {
  iterations?: string;
  seed?: string;
  workers?: string;
  out?: string;
  samples?: boolean;
  shard?: string;
  year?: string;
}

export async function simulateCommand(file: string, opts: SimulateFlags): Promise<void> {
  const iterations = wholeNumber('--iterations', opts.iterations, 10_000);
  if (iterations <= 0) throw new UserError(`--iterations: the number of iterations must be at least 1 (got ${iterations})`);
  const seed = wholeNumber('--seed', opts.seed, 1);
  const workers: number | 'auto' = opts.workers === undefined || opts.workers === 'auto' ? 'auto' : wholeNumber('--workers', opts.workers);
  let shard: { index: number; count: number } | undefined;
  if (opts.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(opts.shard.trim());
    if (!m) throw new UserError(`--shard: write K/N, e.g. 0/4 for the first of four shards (got '${opts.shard}')`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
    if (!opts.out) throw new UserError('--shard: give --out DIR for the shard file');
  }
  const scenario = loadScenario(file);
  // A progress bar on a terminal only; nothing when piped (and cli-progress is then not loaded).
  const bar = process.stderr.isTTY ? await progressBar() : undefined;
  let started = false;
  const onProgress = bar
    ? (done: number, total: number) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      }
    : undefined;
  const options = { iterations, seed, workers, year: opts.year, samples: opts.samples ?? false, shard, onProgress };
  try {
    if (shard) {
      const { block, head, metrics, run } = await simulateBlock(scenario, options);
      bar?.stop();
      const name = shardFileName(shard);
      await writeFiles(opts.out!, { [name]: shardFile(head, metrics, shard, block) });
      process.stdout.write(`Shard ${shard.index}/${shard.count}: iterations ${run.range[0]}–${run.range[1]} of ${iterations}, seed ${seed}\nWrote ${join(opts.out!, name)}\n`);
      process.stderr.write(runLine(run.range[1] - run.range[0], run.ms, run.workers, run.chunksByWorkers));
      return;
    }
    const r = await simulate(scenario, options);
    bar?.stop();
    if (opts.out) await writeFiles(opts.out, simulationFiles(r, opts.samples ?? false));
    process.stdout.write(formatSimulation(r) + '\n');
    if (opts.out) process.stdout.write(`\nWrote CSV and JSON results to ${opts.out}\n`);
    process.stderr.write(runLine(iterations, r.run.ms, r.run.workers, r.run.chunksByWorkers));
  } finally {
    bar?.stop();
  }
}

async function progressBar() {
  const { SingleBar, Presets } = await import('cli-progress');
  return new SingleBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true, format: 'simulating [{bar}] {percentage}% | {value}/{total} iterations | {eta}s' }, Presets.shades_classic);
}

/** Write result files (loading the results' export module, and so arquero, only when a run writes). */
async function writeFiles(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  (await import('../results/export.js')).writeFilesAtomically(dir, files);
}

function runLine(n: number, ms: number, workers: number, chunksByWorkers: number): string {
  const threads = workers === 1 ? 'in process (1 thread)' : `on ${workers} threads (this one and ${workers - 1} worker${workers > 2 ? 's' : ''}, which ran ${chunksByWorkers} chunk${chunksByWorkers === 1 ? '' : 's'})`;
  return `(${n.toLocaleString('en-GB')} iterations in ${(ms / 1000).toFixed(2)} s ${threads})\n`;
}
