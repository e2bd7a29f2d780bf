/**
 * `popshift simulate <scenario> --iterations N --seed S [--workers W] [--out DIR] [--samples] [--shard K/N] [--year Y]`
 * `[--sampling random|lhs] [--until-se £ [--max-iterations N]]`
 * `[--metric M] [--threshold T,…] [--bins B] [--stress INPUT,…] [--stress-range LO,HI] [--json] [--xlsx FILE]`
 * `[--prices cash|real:YYYY/YY[:deflator]]`
 */
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { loadScenario, project } from '../api.js';
import { simulate, simulateBlock, SHARD_IN_CASH, type RunValues } from '../uncertainty/simulate.js';
import { simulationFiles, simulationJson, formatSimulation, shardFile, shardFileName, inputText } from '../uncertainty/output.js';
import { checkOutputs, writeOutputs, type Output, type OutputTarget } from '../results/write.js';
import { wholeNumber, iterationCount, numberList, range, number, prices, MAX_ITERATIONS, requireUncertain } from './uncertainty-args.js';
import { analyseValues, type AnalysisOptions, type MetricAnalysis } from '../uncertainty/analysis.js';
import { chooseMetric } from '../uncertainty/sensitivity.js';
import { formatAnalysis, analysisFiles } from '../uncertainty/analysis-output.js';
import { simulateUntil, formatConvergence, parseSeOf, UNTIL_SE_DEFAULT } from '../uncertainty/convergence.js';
import { SAMPLING_METHODS, type SamplingMethod } from '../uncertainty/sample.js';

export interface SimulateFlags {
  iterations?: string;
  seed?: string;
  workers?: string;
  out?: string;
  samples?: boolean;
  shard?: string;
  year?: string;
  metric?: string;
  threshold?: string;
  bins?: string;
  stress?: string;
  stressRange?: string;
  json?: boolean;
  xlsx?: string;
  sampling?: string;
  untilSe?: string;
  seOf?: string;
  maxIterations?: string;
  prices?: string;
}

/** The analysis the flags ask for, or undefined (none asked for: the run's text is as before). */
function analysisWanted(opts: SimulateFlags): AnalysisOptions | undefined {
  const asked = opts.metric ?? opts.threshold ?? opts.bins ?? opts.stress ?? opts.stressRange ?? (opts.json || opts.xlsx ? true : undefined);
  if (asked === undefined) return undefined;
  if (opts.stressRange !== undefined && opts.stress === undefined) throw new UserError('--stress-range: name the input to stress with --stress');
  const pcs = range('--stress-range', opts.stressRange);
  const bins = opts.bins === undefined ? undefined : wholeNumber('--bins', opts.bins);
  if (bins !== undefined && (bins < 1 || bins > 1000)) throw new UserError(`--bins: from 1 to 1000 bins (got ${bins})`);
  return {
    metric: opts.metric,
    year: opts.year,
    thresholds: numberList('--threshold', opts.threshold),
    bins,
    stress: opts.stress?.split(',').map((input) => ({ input: input.trim(), percentiles: pcs && [pcs[0] / 100, pcs[1] / 100] })),
  };
}

export async function simulateCommand(file: string, opts: SimulateFlags): Promise<void> {
  const untilSe = opts.untilSe === undefined ? undefined : number('--until-se', opts.untilSe);
  if (opts.maxIterations !== undefined && untilSe === undefined) throw new UserError('--max-iterations: goes with --until-se');
  if (opts.seOf !== undefined && untilSe === undefined) throw new UserError('--se-of: goes with --until-se');
  const seOf = opts.seOf === undefined ? UNTIL_SE_DEFAULT : parseSeOf(opts.seOf);
  const iterations = iterationCount(opts.iterations, untilSe === undefined ? 10_000 : 1000);
  const maxIterations = opts.maxIterations === undefined ? Math.max(iterations, 200_000) : wholeNumber('--max-iterations', opts.maxIterations);
  if (maxIterations > MAX_ITERATIONS) throw new UserError(`--max-iterations: at most ${MAX_ITERATIONS.toLocaleString('en-GB')} iterations in one run (got ${maxIterations.toLocaleString('en-GB')})`);
  const sampling = (opts.sampling ?? 'random') as SamplingMethod;
  if (!SAMPLING_METHODS.includes(sampling)) throw new UserError(`--sampling: random or lhs (got '${opts.sampling}')`);
  const seed = wholeNumber('--seed', opts.seed, 1);
  const basis = prices(opts.prices);
  const workers: number | 'auto' = opts.workers === undefined || opts.workers === 'auto' ? 'auto' : wholeNumber('--workers', opts.workers);
  let shard: { index: number; count: number } | undefined;
  if (opts.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(opts.shard.trim());
    if (!m) throw new UserError(`--shard: write K/N, e.g. 0/4 for the first of four shards (got '${opts.shard}')`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
    if (!opts.out) throw new UserError('--shard: give --out DIR for the shard file');
    if (untilSe !== undefined) throw new UserError('--until-se: runs whole runs of growing size, not a shard of one');
    if (basis !== 'cash') throw new UserError(SHARD_IN_CASH);
  }
  const wanted = analysisWanted(opts);
  if (shard && wanted && (opts.metric ?? opts.threshold ?? opts.stress ?? opts.json ?? opts.xlsx)) throw new UserError('--shard: a shard is part of a run; analyse the merged run (popshift merge) instead');
  const scenario = loadScenario(file);
  requireUncertain(scenario, 'simulate');
  // a mistyped metric or year costs no iterations
  if (wanted) chooseMetric(scenario, wanted);
  const shardName = shard && shardFileName(shard);
  // A shard is one file in a folder other shards write to as well; unsharded results are a folder of their own.
  const target: OutputTarget | undefined = shardName ? { kind: 'file', path: join(opts.out!, shardName), option: '--out' } : opts.out ? { kind: 'folder', path: opts.out, option: '--out' } : undefined;
  const xlsxTarget: OutputTarget | undefined = opts.xlsx ? { kind: 'file', path: opts.xlsx, option: '--xlsx' } : undefined;
  checkOutputs([...(target ? [target] : []), ...(xlsxTarget ? [xlsxTarget] : [])]);
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
  const options = { iterations, seed, workers, sampling, year: opts.year, samples: opts.samples ?? false, shard, onProgress, prices: basis };
  try {
    if (shard) {
      const { block, head, metrics, run } = await simulateBlock(scenario, options);
      bar?.stop();
      writeOutputs([{ kind: 'file', path: target!.path, option: '--out', content: shardFile(head, metrics, shard, block) }], process.argv.slice(2));
      process.stdout.write(`Shard ${shard.index}/${shard.count}: iterations ${run.range[0]}–${run.range[1]} of ${iterations}, seed ${seed}\nWrote ${target!.path}\n`);
      process.stderr.write(runLine(run.range[1] - run.range[0], run.ms, run.workers, run.chunksByWorkers));
      return;
    }
    let analysis: MetricAnalysis | undefined;
    // with --until-se each run of growing size is analysed; the last one's analysis is kept
    const withValues = { ...options, onValues: wanted && ((v: RunValues) => (analysis = analyseValues(scenario, v, seed, wanted))) };
    const r = untilSe === undefined ? await simulate(scenario, withValues) : await simulateUntil(scenario, withValues, untilSe, maxIterations, seOf);
    bar?.stop();
    // everything is built before anything is written
    const outputs: Output[] = [];
    if (opts.out) outputs.push({ kind: 'folder', path: opts.out, option: '--out', files: { ...simulationFiles(r, opts.samples ?? false), ...(analysis ? analysisFiles(r, analysis) : {}) } });
    if (opts.xlsx) {
      const { resultsWorkbook } = await import('../results/xlsx.js');
      outputs.push({ kind: 'file', path: opts.xlsx, option: '--xlsx', content: await resultsWorkbook(project(scenario, undefined, { prices: basis }), { scenario, year: r.focusYear, monteCarlo: r, analysis }) });
    }
    writeOutputs(outputs, process.argv.slice(2));
    if (opts.json) process.stdout.write(JSON.stringify({ ...JSON.parse(simulationJson(r)), analysis }, null, 2) + '\n');
    else {
      process.stdout.write(formatSimulation(r) + '\n\n' + formatConvergence(r) + '\n');
      if (analysis && (opts.metric ?? opts.threshold ?? opts.bins ?? opts.stress) !== undefined) process.stdout.write('\n' + formatAnalysis(analysis, inputText(scenario)) + '\n');
      if (opts.out) process.stdout.write(`\nWrote CSV and JSON results to ${opts.out}\n`);
      if (opts.xlsx) process.stdout.write(`${opts.out ? '' : '\n'}Wrote the workbook to ${opts.xlsx}\n`);
    }
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
