/**
 * A worker of the server's pool (src/server/pool.ts, through pool-entry.mjs):
 * one task at a time — a request's check, a run's projection, its Monte Carlo, a chart render, an
 * XLSX workbook, the scenario catalogue or one scenario's detail. Request
 * errors come back as `{ problem }` (plain data crosses threads; classes do
 * not); anything else is thrown and the pool rejects with it. A task may carry
 * a MessagePort on which the worker says when it starts and how far it is.
 */
import type { MessagePort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../results/summary.js';
import { ScenarioCatalogue } from './scenarios.js';
import { checkRequest, prepareRequest, projectRequest, simulateRequest, stamp, type RunRequest } from './compute.js';
import { HttpProblem, problemOf, type Problem } from './problem.js';
import type { MonteCarloSummary } from './montecarlo.js';
import type { TornadoResult } from '../uncertainty/sensitivity.js';

export type Task =
  | { kind: 'ping' }
  | { kind: 'check'; dir: string; request: RunRequest }
  | { kind: 'project'; dir: string; request: RunRequest; port?: MessagePort }
  | { kind: 'simulate'; dir: string; request: RunRequest; port?: MessagePort }
  | { kind: 'render'; spec: TopLevelSpec; format: 'svg' | 'png' }
  | { kind: 'xlsx'; dir: string; request: RunRequest; results: Results; monteCarlo?: MonteCarloSummary; tornado?: TornadoResult }
  | { kind: 'catalogue'; dir: string }
  | { kind: 'detail'; dir: string; id: string };

/** What the port carries. */
export type TaskEvent = { type: 'started' } | { type: 'progress'; done: number; total: number };

export type Outcome<T> = { value: T } | { problem: Problem };

/** One catalogue per models folder, kept for the worker's life (it caches prepared scenarios, re-read when a file changes). */
const catalogues = new Map<string, ScenarioCatalogue>();
function catalogueFor(dir: string): ScenarioCatalogue {
  let c = catalogues.get(dir);
  if (!c) catalogues.set(dir, (c = new ScenarioCatalogue(dir)));
  return c;
}

/** Progress at most every 1% (and at the end), so the port is not flooded. */
function progressTo(port: MessagePort | undefined): ((done: number, total: number) => void) | undefined {
  if (!port) return undefined;
  let last = -1;
  return (done, total) => {
    const step = Math.floor((done / total) * 100);
    if (step === last && done !== total) return;
    last = step;
    port.postMessage({ type: 'progress', done, total } satisfies TaskEvent);
  };
}

async function work(task: Task): Promise<unknown> {
  switch (task.kind) {
    case 'ping':
      return 'pong';
    case 'check':
      checkRequest(catalogueFor(task.dir), task.request);
      return true;
    case 'project':
      return projectRequest(catalogueFor(task.dir), task.request);
    case 'simulate':
      return simulateRequest(catalogueFor(task.dir), task.request, progressTo(task.port));
    case 'render': {
      // vega and resvg load in the threads that draw, not in every Monte Carlo thread
      const { toPNG, toSVG } = await import('../charts/index.js');
      return task.format === 'svg' ? Buffer.from(await toSVG(task.spec, { warnings: [] })) : toPNG(task.spec, 2, { warnings: [] });
    }
    case 'xlsx': {
      // the run's workbook as the CLI writes it: its scenario (assumptions and sources), Monte Carlo and tornado included
      const { resultsWorkbook } = await import('../results/xlsx.js');
      const scenario = prepareRequest(catalogueFor(task.dir), task.request);
      return resultsWorkbook(task.results, { scenario, ...(task.monteCarlo ? { monteCarlo: task.monteCarlo } : {}), ...(task.tornado ? { tornado: task.tornado } : {}) });
    }
    case 'catalogue': {
      const c = catalogueFor(task.dir);
      const scenarios = c.list();
      return { scenarios, files: stamp(c.dependencies([...c.files().keys()])) };
    }
    case 'detail': {
      const c = catalogueFor(task.dir);
      if (!c.file(task.id)) throw new HttpProblem(404, `no scenario '${task.id}' in models/`, [], 'unknown-scenario');
      return { detail: c.detail(task.id), files: stamp(c.dependencies([task.id])) };
    }
  }
}

export default async function handle(task: Task): Promise<Outcome<unknown>> {
  const port = 'port' in task ? task.port : undefined;
  try {
    port?.postMessage({ type: 'started' } satisfies TaskEvent);
    return { value: await work(task) };
  } catch (e) {
    const problem = problemOf(e);
    if (problem) return { problem };
    throw e;
  } finally {
    port?.close();
  }
}
