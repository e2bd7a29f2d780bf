/**
 * A Monte Carlo worker thread of a run's pool (piscina calls the default
 * export with each task). The pool's `workerData` is the prepared model
 * (loaded and calibrated once, by the parent), so the thread neither reads the
 * file nor samples: each task is a chunk of iterations with their sampled
 * inputs, answered with its values. Once the chunks are done, one thread may
 * be asked to summarise a share of the metrics (statistics.ts).
 */
import { workerData, threadId } from 'node:worker_threads';
import { defaultMetrics } from './metrics.js';
import { kernel, type Kernel } from './kernel.js';
import { modelFromMessage, type ModelMessage } from './model-message.js';
import { memoryColumns } from './columns.js';
import { summariseMetrics, type MetricSummary } from './statistics.js';

/** The pool's workerData: what every chunk runs. */
export interface WorkerSetup {
  model: ModelMessage;
  /** The parameter slot of each sampled input. */
  slots: number[];
  /** The metric ids the parent records (the worker's must match). */
  metricIds: string[];
}

/** A chunk of iterations to run. */
export interface WorkerChunk {
  start: number;
  end: number;
  /** Sampled inputs [(i − start) × nInputs + j]. */
  inputs: Float64Array;
  /** The run's values in shared memory, when they are: the chunk's are written there from `at` (nothing sent back). */
  out?: Float64Array<ArrayBufferLike>;
  at?: number;
}

/** After the chunks, a share of the run's metrics to summarise (its values shared, not copied). */
export interface WorkerSummarise {
  summarise: { values: Float64Array; n: number; nM: number; nY: number; metrics: number[]; gap: number };
}

/** A chunk's answer (the caller knows which iterations it asked for): its values (unless written to the shared block), and when this thread was ready (its own clock), to measure start-up. */
export interface ChunkDone {
  values?: Float64Array;
  thread: number;
  readyAt: number;
}

/** The kernel, built once per thread when the module loads (a mismatch is reported with the first task). */
function setUp(): Kernel | Error {
  const setup = workerData as WorkerSetup;
  const model = modelFromMessage(setup.model);
  const metrics = defaultMetrics(model);
  if (metrics.map((d) => d.id).join('\n') !== setup.metricIds.join('\n')) return new Error('the worker records different metrics from the parent: run extra metrics in process');
  return kernel(model, setup.slots, metrics);
}

const state = setUp();
const readyAt = performance.timeOrigin + performance.now();

/** Run one task: a chunk or a share of the summary. */
export default function task(msg: WorkerChunk | WorkerSummarise): ChunkDone | [number, MetricSummary][] {
  if ('summarise' in msg) {
    const { values, n, nM, nY, metrics, gap } = msg.summarise;
    return [...summariseMetrics(memoryColumns(0, n, nM, nY, values), n, nM, nY, metrics, gap)];
  }
  if (state instanceof Error) throw state;
  if (msg.out) {
    // straight into the run's shared block: no copy back, nothing for the parent to allocate, collect or place
    state.run(msg.inputs, msg.start, msg.end, undefined, msg.out, msg.at);
    return { thread: threadId, readyAt };
  }
  // copied back (piscina moves only a bare buffer)
  return { values: state.run(msg.inputs, msg.start, msg.end), thread: threadId, readyAt };
}
