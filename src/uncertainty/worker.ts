/**
 * A Monte Carlo worker thread. It is sent the prepared model (loaded and
 * calibrated once, by the parent) and, with each chunk of iterations, their
 * sampled inputs, so it neither reads the file nor samples: it projects and
 * records the metrics, which it checks are the parent's. Once the chunks are
 * done, one worker may summarise a share of the metrics (statistics.ts).
 */
import { parentPort } from 'node:worker_threads';
import { defaultMetrics } from './metrics.js';
import { kernel, type Kernel } from './kernel.js';
import { modelFromMessage, type ModelMessage } from './model-message.js';
import { memoryColumns } from './columns.js';
import { summariseMetrics } from './statistics.js';

/** First message: what every chunk runs. */
export interface WorkerTask {
  model: ModelMessage;
  /** The parameter slot of each sampled input. */
  slots: number[];
  /** The metric ids the parent records (the worker's must match). */
  metricIds: string[];
}

/** Then chunks, each answered with its values; `null` ends the worker. */
export interface WorkerChunk {
  start: number;
  end: number;
  /** Sampled inputs [(i − start) × nInputs + j]. */
  inputs: Float64Array;
}

/** After its chunks, a worker may be asked to summarise some of the run's metrics (its values shared, not copied). */
export interface WorkerSummarise {
  summarise: { values: Float64Array; n: number; nM: number; nY: number; metrics: number[]; gap: number };
}

let state: Kernel | undefined;

parentPort!.on('message', (msg: WorkerTask | WorkerChunk | WorkerSummarise | null) => {
  try {
    if (msg === null) return void parentPort!.close();
    if ('summarise' in msg) {
      const { values, n, nM, nY, metrics, gap } = msg.summarise;
      const done = summariseMetrics(memoryColumns(0, n, nM, nY, values), n, nM, nY, metrics, gap);
      parentPort!.postMessage({ type: 'summary', metrics: [...done] });
      return;
    }
    if ('model' in msg) {
      const model = modelFromMessage(msg.model);
      const metrics = defaultMetrics(model);
      const ids = metrics.map((d) => d.id).join('\n');
      if (ids !== msg.metricIds.join('\n')) throw new Error('the worker records different metrics from the parent: run extra metrics in process');
      state = kernel(model, msg.slots, metrics);
      parentPort!.postMessage({ type: 'ready', at: performance.timeOrigin + performance.now() });
      return;
    }
    const values = state!.run(msg.inputs, msg.start, msg.end);
    parentPort!.postMessage({ type: 'done', start: msg.start, end: msg.end, values }, [values.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ type: 'error', message: (e as Error).message });
  }
});
