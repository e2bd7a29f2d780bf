/**
 * Running a Monte Carlo simulation: in process or across worker threads, whole
 * or as one shard of a larger run, and merging shards.
 */
// piscina loaded only when a run starts a pool (an in-process run, the usual CLI one, never pays for it)
import type { Piscina } from 'piscina';
import { cpus, loadavg } from 'node:os';
import { UserError, optionProblem } from '../errors.js';
import { loadScenario, realTerms, type PreparedScenario, type PricesOption } from '../api.js';
import type { LoadOptions } from '../scenario/load.js';
import type { Model } from '../engine/types.js';
import { varyingSlots } from '../engine/project.js';
import { simulationInRealTerms, metricFactors } from '../results/prices.js';
import { defaultMetrics, type MetricDef } from './metrics.js';
import { checkSimulation } from '../results/check.js';
import { runHead, summariseRun, rankCorrelations, gapIndex, type SimulationResult, type IterationBlock } from './montecarlo.js';
import { summariseMetrics, type MetricSummary } from './statistics.js';
import { kernel } from './kernel.js';
import { planSampling, sampleInputs, inputNames, SAMPLING_METHODS, type SamplingMethod } from './sample.js';
import { modelMessage } from './model-message.js';
import type { ChunkDone, WorkerChunk, WorkerSetup, WorkerSummarise } from './worker.js';
import { memoryColumns, diskColumns, scaledColumns, type ColumnStore } from './columns.js';
import { normaliseSeed } from './rng.js';
import { MIN_ITERATIONS, seedProblem } from './limits.js';
import { optionKeys, optionsArgument, scenarioArgument, scenarioOrFileArgument, yearOption } from '../api-arguments.js';

/**
 * Below this many iterations, `workers: 'auto'` runs in process without
 * measuring (no run that short could repay a thread's start-up).
 */
export const AUTO_WORKER_THRESHOLD = 500;

/** The most threads a run may ask for (each holds a copy of the model). */
export const MAX_WORKERS = 64;

/** A worker thread's start-up (spawn, load the code, receive the model) until one is measured in this process, in ms. */
const ASSUMED_WORKER_START_MS = 400;
let measuredWorkerStartMs: number | undefined;

export interface SimulateOptions {
  /** Number of iterations (of the whole run, when running a shard). */
  iterations: number;
  /** Whole-number seed; defaults to 1. */
  seed?: number;
  /** 'random' (the default: independent draws) or 'lhs' (Latin hypercube: each input's n equal-probability strata hold one iteration each). */
  sampling?: SamplingMethod;
  /**
   * Threads: a number (1 = in process), or 'auto' (the default): this thread
   * starts, times its first chunk, and starts a worker on every other core
   * only if the rest of the run would take over twice a worker's measured start-up.
   */
  workers?: number | 'auto';
  /** The year reported first (default: the calibration year, else the horizon). */
  year?: string;
  /** Extra metrics recorded per iteration (runs in process: functions cannot be sent to workers). */
  metrics?: MetricDef[];
  /** Keep per-iteration values in the result (in memory, however many). */
  samples?: boolean;
  /**
   * How to state money, as `project` takes it: cash (the default: the
   * scenario's own price base) or real terms at a year's prices by a deflator
   * (default: the scenario's), which no sampled input may move. The run is
   * simulated and summarised as in cash, then every £ restated (its samples,
   * and the values `onValues` is given, too).
   */
  prices?: PricesOption;
  /** Bytes of per-iteration values held in memory; a larger run keeps them in a temporary file (default MEMORY_BUDGET). */
  memoryBudget?: number;
  /** Run only shard `index` of `count` (iterations [index·n/count, (index+1)·n/count)). */
  shard?: { index: number; count: number };
  /** The options the scenario was loaded with (recorded with a run; workers are sent the prepared model). */
  loadOptions?: LoadOptions;
  onProgress?: (done: number, total: number) => void;
  /** With workers: whether this thread runs chunks too (default true; false leaves every chunk to the workers, for tests). */
  mainThreadWorks?: boolean;
  /**
   * Called once with the run's per-iteration values (in memory or on disk, a
   * column at a time) and sampled inputs, before they are released: for
   * analyses of the samples (S-curve, contribution to variance, stress).
   */
  onValues?: (values: RunValues) => void;
}

export const SIMULATE_OPTIONS = optionKeys<SimulateOptions>({
  iterations: 'required', seed: 'optional', sampling: 'optional', workers: 'optional', year: 'optional', metrics: 'optional', samples: 'optional',
  prices: 'optional', memoryBudget: 'optional', shard: 'optional', loadOptions: 'optional', onProgress: 'optional', mainThreadWorks: 'optional', onValues: 'optional',
});

/** A finished run's per-iteration values, as `SimulateOptions.onValues` is given them. */
export interface RunValues {
  iterations: number;
  years: string[];
  metricIds: string[];
  /** Metric m in year t of every iteration: `store.column(m, t, out)` (in the run's price base: real terms when asked). */
  store: ColumnStore;
  /** The sampled inputs [i × nInputs + j], in the order of `SimulationResult.inputs`. */
  inputs: Float64Array;
}

/** What a run actually did (for the CLI to print). */
export interface RunInfo {
  /** Threads used (this one included). */
  workers: number;
  /** Chunks of iterations the worker threads ran (they join once loaded). */
  chunksByWorkers: number;
  range: [number, number];
  ms: number;
  /** The slowest worker's start-up, spawn to ready, in ms (when workers ran). */
  workerStartMs?: number;
}

/** Iterations [start, end) of shard k of N. */
export function shardRange(index: number, count: number, n: number): [number, number] {
  return [Math.floor((index * n) / count), Math.floor(((index + 1) * n) / count)];
}

function checkOptions(scenario: PreparedScenario, o: SimulateOptions): { seed: number; focusYear: string } {
  if (!Number.isInteger(o.iterations) || o.iterations < MIN_ITERATIONS) throw new UserError(optionProblem('iterations', `the number of iterations must be a whole number of at least ${MIN_ITERATIONS}: a spread and rank correlations need two (got ${o.iterations})`));
  const seed = o.seed ?? 1;
  const badSeed = seedProblem(seed);
  if (badSeed) throw new UserError(optionProblem('seed', badSeed));
  if (o.workers !== undefined && o.workers !== 'auto' && (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > MAX_WORKERS)) {
    throw new UserError(optionProblem('workers', `must be a whole number from 1 to ${MAX_WORKERS}, or 'auto' (got ${o.workers})`));
  }
  if (o.shard && (!Number.isInteger(o.shard.index) || !Number.isInteger(o.shard.count) || o.shard.count < 1 || o.shard.index < 0 || o.shard.index >= o.shard.count)) {
    throw new UserError(optionProblem('shard', `shard K of N, with whole numbers 0 ≤ K < N (got ${o.shard.index} of ${o.shard.count})`));
  }
  if (o.sampling !== undefined && !SAMPLING_METHODS.includes(o.sampling)) throw new UserError(optionProblem('sampling', `random or lhs (got '${String(o.sampling)}')`));
  const m = scenario.model;
  const focusYear = o.year ?? scenario.calibration?.year ?? m.years[m.nYears - 1]!;
  yearOption(focusYear, m.years);
  return { seed: normaliseSeed(seed), focusYear };
}

function prepare(scenario: PreparedScenario | string, o: SimulateOptions): PreparedScenario {
  return typeof scenario === 'string' ? loadScenario(scenario, o.loadOptions) : scenario;
}

/**
 * Run a Monte Carlo simulation: every uncertain input sampled once per
 * iteration, all years projected; percentiles of each metric by year, the
 * probability the system gap closes, and rank correlations with the gap.
 *
 * @example
 * ```ts
 * import { loadScenario, simulate } from 'popshift';
 * const s = loadScenario('models/harrogate-integrated-care-uncertain.yaml');
 * const r = await simulate(s, { iterations: 10_000, seed: 1 });
 * r.gapCloses.find((g) => g.year === '2020/21')?.probability; // e.g. 0.31
 * ```
 */
export async function simulate(scenario: PreparedScenario | string, options: SimulateOptions): Promise<SimulationResult & { run: RunInfo }> {
  scenarioOrFileArgument('simulate', scenario);
  optionsArgument('simulate', options, SIMULATE_OPTIONS, 2);
  const s = prepare(scenario, options);
  if (options.shard) throw new UserError('a shard is not a whole run: use simulateBlock and merge');
  // checked before the run, so a bad price base costs no iterations
  const real = runPrices(s, options.prices);
  const { store, inputs, head, metrics, run, helper } = await runInto(
    s,
    options,
    (start, count, nM, nY, nIn, shared) =>
      // held in memory up to the budget (and whenever samples are kept), shared with the workers that may summarise it; beyond it, on disk a column at a time, inputs too
      options.samples || count * nM * nY * 8 <= (options.memoryBudget ?? MEMORY_BUDGET)
        ? { values: memoryColumns(start, count, nM, nY, shared ? new Float64Array(new SharedArrayBuffer(count * nM * nY * 8)) : undefined), inputs: memoryColumns(start, count, nIn, 1) }
        : { values: diskColumns(start, count, nM, nY), inputs: diskColumns(start, count, nIn, 1) },
    true,
  );
  try {
    const summary = helper ? await summariseWithWorker(helper, head, metrics, store, inputs, options.samples ?? false) : summariseRun(head, metrics, store, inputs, options.samples ?? false);
    const cash = { ...checkSimulation(s.file, summary), run };
    // real terms after summarising: the kernel and the summary are those of a run in cash
    const result = real ? simulationInRealTerms(cash, real.deflator, real.year) : cash;
    const values = real ? scaledColumns(store, metricFactors(metrics, head.years, real.deflator, real.year)) : store;
    options.onValues?.({ iterations: head.iterations, years: head.years, metricIds: metrics.map((m) => m.id), store: values, inputs: inputs.values ?? wholeBlock(inputs, head.iterations, head.inputs.length) });
    return result;
  } finally {
    if (helper) void helper.destroy();
    store.close();
    inputs.close();
  }
}

/**
 * The real terms a run is to be stated in (undefined for the scenario's own
 * prices), checked before it runs. A run's £ are restated after it is
 * summarised, by one factor a year, so the deflator must be the same in every
 * iteration: one that a sampled input moves (an index over an uncertain
 * inflation rate) would need each iteration deflated by its own, and is
 * refused, naming the inputs that move it and the deflators that would do.
 */
export function runPrices(scenario: PreparedScenario, prices: PricesOption | undefined): ReturnType<typeof realTerms> {
  const real = realTerms(scenario, scenario.model.p0, prices);
  if (!real) return undefined;
  const m = scenario.model;
  const moved = (varying: Uint8Array, slot: number) => Array.from({ length: m.nYears - 1 }, (_, t) => varying[slot + 1 + t]).some(Boolean);
  const varying = varyingSlots(m, scenario.uncertain.map((u) => u.slot));
  const d = m.deflators.find((x) => x.id === real.deflator.id)!;
  if (!moved(varying, d.slot)) return real;
  const names = inputNames(scenario);
  const by = scenario.uncertain.flatMap((u, j) => (moved(varyingSlots(m, [u.slot]), d.slot) ? [names[j]!] : []));
  const fixed = m.deflators.filter((x) => !moved(varying, x.slot)).map((x) => `real:${real.year}:${x.id}`);
  throw new UserError(
    optionProblem('prices', (name) => `the ${d.name} ('${d.id}') moves with the sampled input${by.length === 1 ? '' : 's'} ${by.join(', ')}, so each iteration would have its own deflator; a Monte Carlo run is stated in real terms by one index, the same in every iteration: ${fixed.length ? `give ${fixed.join(' or ')}` : 'the scenario has no deflator that no sampled input moves'}, or drop ${name('prices')} for the run in the scenario's own prices`),
  );
}

/** Every column of a store on disk as one iteration-major block [i × nColumns + j] (one value a year: the sampled inputs). */
function wholeBlock(store: ColumnStore, n: number, nColumns: number): Float64Array {
  const out = new Float64Array(n * nColumns);
  const col = new Float64Array(n);
  for (let j = 0; j < nColumns; j++) {
    store.column(j, 0, col);
    for (let i = 0; i < n; i++) out[i * nColumns + j] = col[i]!;
  }
  return out;
}

/** One input's rank correlation with the gap costs about as much as this many years' statistics of one metric (a stable order and a correlation against a selection: 4.2 measured at 10,000 iterations, 4.8 at 100,000). */
const RANK_COST = 5;

/**
 * Summarise a run on two threads: `helper` (the pool that ran chunks) takes
 * the last metrics, this thread the first ones and the rank correlations, in
 * about equal shares. Each metric is summarised by the same code on the same
 * (shared) values, so the result is the one summariseRun gives alone.
 */
async function summariseWithWorker(helper: Piscina, head: RunHeadOf, metrics: MetricIds, store: ColumnStore, inputs: ColumnStore, keep: boolean): Promise<SimulationResult> {
  const n = head.iterations;
  const nM = metrics.length;
  const nY = head.years.length;
  const g = gapIndex(metrics);
  // this thread: the rank correlations and metrics from the first, until half the work; the worker: the rest
  const total = nM * nY + head.inputs.length * RANK_COST;
  let mine = head.inputs.length * RANK_COST;
  let split = 0;
  while (split < nM && mine + nY <= total / 2) {
    mine += nY;
    split++;
  }
  const theirs = Array.from({ length: nM - split }, (_, i) => split + i);
  const reply = helper.run({ summarise: { values: store.values as Float64Array, n, nM, nY, metrics: theirs, gap: g } } satisfies WorkerSummarise) as Promise<[number, MetricSummary][]>;
  const given = summariseMetrics(store, n, nM, nY, Array.from({ length: split }, (_, k) => k), g);
  const ranked = rankCorrelations(head, store, inputs, g);
  for (const [k, m] of await reply) given.set(k, m);
  return summariseRun(head, metrics, store, inputs, keep, given, ranked);
}

type RunHeadOf = Parameters<typeof summariseRun>[0];
type MetricIds = Parameters<typeof summariseRun>[1];

/** Why a shard is not stated in real terms: its values are merged with the other shards' as they are. */
export const SHARD_IN_CASH = optionProblem('prices', "a shard file holds its iterations in the scenario's own prices, to be merged with the other shards' as they are: state the merged run in real terms instead (popshift merge --prices)");

/** Bytes of per-iteration values a run holds in memory before it keeps them on disk instead. */
export const MEMORY_BUDGET = 256 * 1024 * 1024;

/** Run the iterations of a run (or of one shard of it): the raw per-iteration block and the run's header. */
export async function simulateBlock(scenario: PreparedScenario, options: SimulateOptions) {
  scenarioArgument('simulateBlock', scenario);
  optionsArgument('simulateBlock', options, SIMULATE_OPTIONS, 2);
  if (options.prices !== undefined && options.prices !== 'cash') throw new UserError(SHARD_IN_CASH);
  const { store, inputs, head, metrics, run } = await runInto(scenario, options, (start, count, nM, nY, nIn) => ({ values: memoryColumns(start, count, nM, nY), inputs: memoryColumns(start, count, nIn, 1) }));
  const [start, end] = run.range;
  const block: IterationBlock = { start, end, values: store.values as Float64Array, inputs: inputs.values as Float64Array };
  return { block, head, metrics, run };
}

/**
 * Run the iterations into stores made by `storeFor(start, count, nMetrics,
 * nYears, nInputs, shared)`: the values, and the sampled inputs as a store
 * of one column an input (`shared`: workers may run, so values they
 * summarise should be in shared memory). Inputs are sampled a chunk at a
 * time, as chunks are run, so a long run never holds them all unless its
 * store does. With `keepHelper`, the pool whose threads ran chunks is kept
 * (not destroyed) and returned as `helper`, for the summary.
 */
async function runInto(
  scenario: PreparedScenario,
  options: SimulateOptions,
  storeFor: (start: number, count: number, nM: number, nY: number, nInputs: number, shared: boolean) => { values: ColumnStore; inputs: ColumnStore },
  keepHelper = false,
) {
  const started = performance.now();
  const { seed, focusYear } = checkOptions(scenario, options);
  const n = options.iterations;
  const plan = planSampling(scenario);
  const metrics = [...defaultMetrics(scenario.model), ...(options.metrics ?? [])];
  const sampling = options.sampling ?? 'random';
  const head = runHead(scenario, plan, metrics, seed, n, focusYear, sampling);
  const [start, end] = options.shard ? shardRange(options.shard.index, options.shard.count, n) : [0, n];
  const count = end - start;
  const auto = options.workers === undefined || options.workers === 'auto';
  let workers = auto ? (count >= AUTO_WORKER_THRESHOLD ? idleThreads(cpus().length, loadavg()[0]!) : 1) : (options.workers as number);
  if (options.metrics?.length) workers = 1;
  workers = Math.max(1, Math.min(workers, count));
  const slots = plan.inputs.map((u) => u.slot);
  const { values: store, inputs } = storeFor(start, count, metrics.length, scenario.model.nYears, slots.length, workers > 1);
  // every input sampled in this thread, a chunk at a time (an iteration's values do not depend on the chunk): workers are sent their chunks' inputs
  const sample = (a: number, b: number) => {
    const x = sampleInputs(plan, seed, n, a, b, sampling);
    inputs.put(a, b, x);
    return x;
  };
  let chunksByWorkers = 0;
  let workerStartMs: number | undefined;
  let helper: Piscina | undefined;
  try {
    if (workers === 1) {
      // in chunks, so a store on disk holds only one chunk in memory
      const k = kernel(scenario.model, slots, metrics);
      for (let a = start; a < end; a += IN_PROCESS_CHUNK) {
        const b = Math.min(end, a + IN_PROCESS_CHUNK);
        const progress = options.onProgress && ((d: number) => options.onProgress!(a - start + d, count));
        // a block in memory is written in place; a store on disk is given each chunk
        if (store.values) k.run(sample(a, b), a, b, progress, store.values, (a - start) * metrics.length * scenario.model.nYears);
        else store.put(a, b, k.run(sample(a, b), a, b, progress));
      }
    } else {
      const b = await inWorkers(scenario.model, slots, metrics, sample, start, end, workers, auto, store, options.onProgress, options.mainThreadWorks ?? true, keepHelper && store.values?.buffer instanceof SharedArrayBuffer);
      helper = b.kept;
      chunksByWorkers = b.chunksByWorkers;
      workers = b.threads;
      workerStartMs = b.startMs;
    }
  } catch (e) {
    store.close();
    inputs.close();
    throw e;
  }
  const run: RunInfo = { workers, chunksByWorkers, range: [start, end], ms: performance.now() - started, ...(workerStartMs !== undefined ? { workerStartMs } : {}) };
  return { store, inputs, head, metrics: metrics.map(({ id, label, unit }) => ({ id, label, unit })), run, helper };
}

/**
 * The threads `auto` may use: the cores not already kept busy by other work
 * (the 1-minute load average), at least this one. A worker on a core another
 * process is using only takes turns with it, and costs its start-up for nothing.
 */
export function idleThreads(cores: number, load: number): number {
  return Math.max(1, Math.min(cores, Math.round(cores - load)));
}

/** Iterations run in process between handing values to the store. */
const IN_PROCESS_CHUNK = 4096;

/**
 * Iterations in chunks shared between this thread and a pool (piscina) of
 * `workers − 1` threads, whose workerData is the model, sent once; each
 * chunk's task carries its sampled inputs. With `auto`, the pool starts only
 * if this thread's first chunk shows the run is long enough to repay it.
 * Each chunk's values go to their iteration indices, so the split does not
 * change them. With `keepPool`, the pool is returned running, for the summary.
 */
async function inWorkers(
  model: Model,
  slots: number[],
  metrics: MetricDef[],
  sample: (a: number, b: number) => Float64Array,
  start: number,
  end: number,
  workers: number,
  auto: boolean,
  store: ColumnStore,
  onProgress?: (done: number, total: number) => void,
  mainThreadWorks = true,
  keepPool = false,
): Promise<{ chunksByWorkers: number; threads: number; startMs?: number; kept?: Piscina }> {
  const count = end - start;
  const chunk = Math.max(50, Math.min(500, Math.ceil(count / (workers * 8))));
  let next = start;
  let done = 0;
  let byWorkers = 0;
  const take = (): [number, number] | null => {
    if (next >= end) return null;
    const a = next;
    next = Math.min(end, next + chunk);
    return [a, next];
  };
  const place = (a: number, v: Float64Array | undefined, b: number) => {
    if (v) store.put(a, b, v);
    done += b - a;
    onProgress?.(done, count);
  };
  // values in shared memory: threads write their chunks into it themselves
  const shared = store.values?.buffer instanceof SharedArrayBuffer ? store.values : undefined;
  const rowLen = metrics.length * model.nYears;
  const here = kernel(model, slots, metrics);
  // this thread writes straight into a block in memory, as in process
  const block = store.values;
  const runHere = (c: [number, number]) =>
    block ? (here.run(sample(c[0], c[1]), c[0], c[1], undefined, block, (c[0] - start) * rowLen), place(c[0], undefined, c[1])) : place(c[0], here.run(sample(c[0], c[1]), c[0], c[1]), c[1]);
  let failure: Error | undefined;
  let startMs: number | undefined;
  let pool: Piscina | undefined;
  let drained: Promise<void> = Promise.resolve();
  const startPool = async () => {
    const spawned = performance.timeOrigin + performance.now();
    const { Piscina } = await import('piscina');
    const setup: WorkerSetup = { model: modelMessage(model), slots, metricIds: metrics.map((d) => d.id) };
    const threads = workers - 1;
    // execArgv []: a thread need not inherit this process's flags (under tsx, its loader hooks cost each thread ~50 ms); worker-entry.mjs registers tsx itself when only the sources exist
    const p = new Piscina({ filename: new URL('./worker-entry.mjs', import.meta.url).href, workerData: setup, minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: 2, idleTimeout: 60_000, execArgv: [] });
    pool = p;
    const ready = new Set<number>();
    // two chunks in flight a thread, both sent to it (concurrentTasksPerWorker), so a thread never waits for this one to finish its own chunk before it is given the next
    let inFlight = 0;
    drained = new Promise<void>((resolve) => {
      const give = () => {
        while (inFlight < 2 * threads) {
          const c = failure ? null : take();
          if (!c) break;
          inFlight++;
          // the inputs are copied, not transferred: the inputs' store keeps the chunk it was given
          const task: WorkerChunk = { start: c[0], end: c[1], inputs: sample(c[0], c[1]), ...(shared ? { out: shared, at: (c[0] - start) * rowLen } : {}) };
          (p.run(task) as Promise<ChunkDone>).then(
            (r) => {
              inFlight--;
              if (!ready.has(r.thread)) {
                // the thread's own clock: when it was ready, not when this thread got round to its answer
                ready.add(r.thread);
                measuredWorkerStartMs = r.readyAt - spawned;
                startMs = Math.max(startMs ?? 0, measuredWorkerStartMs);
              }
              place(c[0], r.values, c[1]);
              byWorkers++;
              give();
            },
            (e: Error) => {
              inFlight--;
              failure ??= e;
              give();
            },
          );
        }
        if (inFlight === 0) resolve();
      };
      give();
    });
  };
  if (auto) {
    // time one chunk here, then start the pool only if it would pay
    const t0 = performance.now();
    const c = take();
    if (c) runHere(c);
    const perIteration = c ? (performance.now() - t0) / (c[1] - c[0]) : 0;
    if ((end - next) * perIteration > 2 * (measuredWorkerStartMs ?? ASSUMED_WORKER_START_MS)) await startPool();
    else workers = 1;
  } else await startPool();
  // This thread works too, yielding between chunks so the pool's answers are handled.
  for (let c = mainThreadWorks || !pool ? take() : null; c && !failure; c = take()) {
    runHere(c);
    await new Promise((r) => setImmediate(r));
  }
  await drained;
  const kept = keepPool && !failure ? pool : undefined;
  if (pool && !kept) void pool.destroy();
  if (failure) throw failure;
  return { chunksByWorkers: byWorkers, threads: workers, ...(startMs !== undefined ? { startMs } : {}), ...(kept ? { kept } : {}) };
}
