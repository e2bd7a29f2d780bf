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

parentPort!.on('message', (task: WorkerTask) => {
  try {
    const scenario = loadScenario(task.file, task.loadOptions);
    const metrics = defaultMetrics(scenario.model);
    const hash = scenarioHash(scenario, metrics);
    if (hash !== task.hash) throw new Error(`the worker loaded a different scenario from ${task.file} (hash ${hash}, expected ${task.hash}): pass the load options used`);
    const plan = planSampling(scenario);
    const block = runIterations(scenario, plan, metrics, task.seed, task.n, task.start, task.end, (done) => parentPort!.postMessage({ type: 'progress', done }));
    parentPort!.postMessage({ type: 'done', values: block.values, inputs: block.inputs }, [block.values.buffer as ArrayBuffer, block.inputs.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ type: 'error', message: (e as Error).message });
  }
});
