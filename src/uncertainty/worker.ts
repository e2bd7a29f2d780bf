/**
 * A Monte Carlo worker thread: loads the scenario file itself (calibration
 * included), checks it is the scenario the parent ran (same hash), and runs
 * one range of iteration indices, posting progress and then the values.
 */
import { parentPort } from 'node:worker_threads';
import { loadScenario } from '../api.js';
import type { LoadOptions } from '../scenario/load.js';
import { defaultMetrics } from './metrics.js';
import { runIterations, scenarioHash } from './montecarlo.js';
import { planSampling } from './sample.js';

export interface WorkerTask {
  file: string;
  loadOptions?: LoadOptions;
  hash: string;
  seed: number;
  n: number;
  start: number;
  end: number;
}

/** Then chunks: `{ start, end }`, each answered with its values; `null` ends the worker. */
export interface WorkerChunk {
  start: number;
  end: number;
}

let state: { task: WorkerTask; run: (a: number, b: number) => ReturnType<typeof runIterations> } | undefined;

parentPort!.on('message', (msg: WorkerTask | WorkerChunk | null) => {
  try {
    if (msg === null) return void parentPort!.close();
    if ('file' in msg) {
      const task = msg;
      const scenario = loadScenario(task.file, task.loadOptions);
      const metrics = defaultMetrics(scenario.model);
      const hash = scenarioHash(scenario, metrics);
      if (hash !== task.hash) throw new Error(`the worker loaded a different scenario from ${task.file} (hash ${hash}, expected ${task.hash}): pass the load options used`);
      const plan = planSampling(scenario);
      state = { task, run: (a, b) => runIterations(scenario, plan, metrics, task.seed, task.n, a, b) };
      parentPort!.postMessage({ type: 'ready' });
      return;
    }
    const block = state!.run(msg.start, msg.end);
    parentPort!.postMessage({ type: 'done', start: block.start, end: block.end, values: block.values, inputs: block.inputs }, [
      block.values.buffer as ArrayBuffer,
      block.inputs.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    parentPort!.postMessage({ type: 'error', message: (e as Error).message });
  }
});
