/**
 * Runs: a request (scenario id, overrides, headline assumptions, Monte Carlo
 * options) → results, identified by a hash of the request so that a repeated
 * request is served from cache. Charts of a run are built from the chart
 * registry and rendered (Vega-Lite JSON, SVG, PNG) into a second cache.
 *
 * Bounds: at most `maxRuns` runs with results in memory (default 64), the
 * requests of up to `maxRequests` runs (default 2,000) so an evicted run is
 * recomputed when asked for again, and at most `maxCharts` rendered charts
 * (default 512) and `maxChartBytes` (default 64 MB).
 */
import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';
import { compare, compareSystems, project, loadScenario, tornado, UserError, type PerBasis, type PreparedScenario, type Results, type TornadoResult } from '../index.js';
import { CHARTS, toPNG, toSVG, type ChartExtras, type Fan } from '../charts/index.js';
import { LRU } from './lru.js';
import { HttpProblem, badRequest, notFound, userErrors } from './problem.js';
import { assumptionOverrides, currentAssumptions, layer, AssumptionError, type AssumptionRequest, type Assumptions } from './assumptions.js';
import type { ScenarioCatalogue } from './scenarios.js';
import { monteCarloAvailable, runMonteCarlo, type MonteCarloSummary } from './montecarlo.js';

export const OVERRIDES_LABEL = 'request body overrides';

export interface RunRequest {
  scenario: string;
  overrides?: Record<string, unknown> | undefined;
  assumptions?: AssumptionRequest | undefined;
  monteCarlo?: { iterations: number; seed?: number | undefined } | undefined;
}

export type RunStatus = 'running' | 'done' | 'failed';

export interface Run {
  id: string;
  request: RunRequest;
  status: RunStatus;
  created: string;
  ms?: number;
  results?: Results;
  assumptions?: Assumptions;
  monteCarlo?: MonteCarloSummary;
  fan?: Fan;
  tornado?: TornadoResult;
  /** Why a Monte Carlo run failed (a problem line). */
  error?: string;
  /** Resolves when a running run finishes. */
  done?: Promise<void>;
}

export interface RunStoreOptions {
  maxRuns?: number;
  maxRequests?: number;
  maxCharts?: number;
  maxChartBytes?: number;
}

export type ChartFormat = 'vl.json' | 'svg' | 'png';

export interface RenderedChart {
  body: Buffer;
  type: string;
}

/** JSON with object keys sorted, so equal requests hash equal. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function runId(req: RunRequest): string {
  const key = canonical({ scenario: req.scenario, overrides: req.overrides ?? {}, assumptions: req.assumptions ?? {}, monteCarlo: req.monteCarlo ? { iterations: req.monteCarlo.iterations, seed: req.monteCarlo.seed ?? 1 } : null });
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

export const RUN_ID = /^[0-9a-f]{20}$/;

export class RunStore {
  readonly runs: LRU<Run>;
  readonly requests: LRU<RunRequest>;
  readonly charts: LRU<Promise<RenderedChart>>;

  constructor(
    readonly catalogue: ScenarioCatalogue,
    opts: RunStoreOptions = {},
  ) {
    this.runs = new LRU(opts.maxRuns ?? 64);
    this.requests = new LRU(opts.maxRequests ?? 2000);
    this.charts = new LRU(opts.maxCharts ?? 512, opts.maxChartBytes ?? 64 * 1024 * 1024);
  }

  /** Start (or find) the run for a request. `cached` says whether it was already there. */
  async create(req: RunRequest): Promise<{ run: Run; cached: boolean }> {
    const id = runId(req);
    const existing = this.runs.get(id);
    if (existing) return { run: existing, cached: true };
    const run = await this.compute(id, req);
    return { run, cached: false };
  }

  /** A run by id: from cache, or recomputed from its remembered request; undefined if unknown. */
  async get(id: string): Promise<Run | undefined> {
    if (!RUN_ID.test(id)) return undefined;
    const run = this.runs.get(id);
    if (run) return run;
    const req = this.requests.get(id);
    if (!req) return undefined;
    return this.compute(id, req);
  }

  private prepare(req: RunRequest): PreparedScenario {
    const file = this.catalogue.file(req.scenario);
    if (!file) throw new HttpProblem(404, `no scenario '${req.scenario}' in models/`, [{ field: 'scenario', message: `scenario: unknown scenario '${req.scenario}'` }], 'unknown-scenario');
    let overrides = req.overrides;
    if (req.assumptions && Object.values(req.assumptions).some((v) => v !== undefined)) {
      const base = this.catalogue.load(req.scenario);
      try {
        overrides = layer(overrides ?? {}, assumptionOverrides(base, req.assumptions)) as Record<string, unknown>;
      } catch (e) {
        if (e instanceof AssumptionError) throw badRequest(`${e.field}: ${e.message}`, [{ field: e.field, message: `${e.field}: ${e.message}` }]);
        throw e;
      }
    }
    if (!overrides || Object.keys(overrides).length === 0) return this.catalogue.load(req.scenario);
    return loadScenario(file, { overrides, overridesLabel: OVERRIDES_LABEL });
  }

  private async compute(id: string, req: RunRequest): Promise<Run> {
    const t0 = performance.now();
    const scenario = this.prepare(req); // UserError → 400 through the error handler
    const results = project(scenario);
    const run: Run = { id, request: req, status: 'done', created: new Date().toISOString(), results, assumptions: currentAssumptions(scenario) };
    // A scenario with uncertain inputs gets its tornado (two projections an input).
    if (scenario.uncertain.length > 0) run.tornado = tornado(scenario);
    if (req.monteCarlo) {
      if (!monteCarloAvailable()) throw new HttpProblem(501, 'Monte Carlo runs are not available in this build yet (simulate is not exported by the library)', [{ field: 'monteCarlo', message: 'monteCarlo: not available yet' }]);
      if (scenario.uncertain.length === 0) {
        const detail = `scenario '${req.scenario}' has no inputs written as distributions; try harrogate-integrated-care-uncertain`;
        throw badRequest(`monteCarlo: ${detail}`, [{ field: 'monteCarlo', message: `monteCarlo: ${detail}` }]);
      }
      run.status = 'running';
      const mc = req.monteCarlo;
      run.done = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => runMonteCarlo(scenario, { iterations: mc.iterations, seed: mc.seed ?? 1, overrides: req.overrides ? { overrides: req.overrides, overridesLabel: OVERRIDES_LABEL } : undefined }))
        .then(({ summary, fan }) => {
          run.monteCarlo = summary;
          run.fan = fan;
          run.status = 'done';
        })
        .catch((e: unknown) => {
          run.status = 'failed';
          run.error = e instanceof UserError ? userErrors(e, OVERRIDES_LABEL).map((x) => x.message).join('; ') : 'the Monte Carlo run failed';
        })
        .finally(() => {
          run.ms = performance.now() - t0;
          delete run.done;
        });
    } else run.ms = performance.now() - t0;
    this.runs.set(id, run);
    this.requests.set(id, req);
    return run;
  }

  /** The charts that apply to a run (names and titles), in registry order. */
  chartList(run: Run, against?: Run, per?: PerBasis): { name: string; title: string }[] {
    if (!run.results) return [];
    const extras = this.extras(run, against, per);
    return Object.entries(CHARTS)
      .filter(([, c]) => c.applies(run.results!, extras))
      .map(([name, c]) => ({ name, title: c.title }));
  }

  private extras(run: Run, against?: Run, per: PerBasis = 'head'): ChartExtras {
    return {
      ...(run.fan ? { fan: run.fan } : {}),
      ...(run.tornado ? { tornado: run.tornado } : {}),
      ...(against?.results && run.results ? { comparison: compare(against.results, run.results), systems: compareSystems([against.results, run.results], per) } : {}),
    };
  }

  /** One chart of a run, rendered (and cached); 404 for a chart the run has not got. */
  chart(run: Run, name: string, format: ChartFormat, against?: Run, per: PerBasis = 'head'): Promise<RenderedChart> {
    if (run.status === 'running') throw new HttpProblem(409, `run ${run.id} is still running; its charts are drawn when it is done`);
    if (!run.results) throw notFound(`run ${run.id} has no results`);
    const def = Object.hasOwn(CHARTS, name) ? CHARTS[name] : undefined;
    const extras = this.extras(run, against, per);
    if (!def || !def.applies(run.results, extras)) {
      const known = this.chartList(run, against).map((c) => c.name);
      throw new HttpProblem(404, `no chart '${name}' for run ${run.id}; its charts are: ${known.join(', ')}${(name === 'comparison' || name === 'per-head') && !against ? ` (the ${name} chart needs ?against=<run id>)` : ''}`, [], 'unknown-chart');
    }
    const key = `${run.id}|${against?.id ?? ''}|${per}|${name}|${format}|${run.fan ? 'fan' : ''}`;
    const hit = this.charts.get(key);
    if (hit) return hit;
    const results = run.results;
    const pending = (async (): Promise<RenderedChart> => {
      const spec = specFor(name, results, extras);
      if (format === 'vl.json') return { body: Buffer.from(JSON.stringify(spec)), type: 'application/json' };
      const warnings: string[] = [];
      if (format === 'svg') return { body: Buffer.from(await toSVG(spec, { warnings })), type: 'image/svg+xml' };
      return { body: await toPNG(spec, 2, { warnings }), type: 'image/png' };
    })();
    this.charts.set(key, pending);
    pending.then(
      (c) => this.charts.resize(key, c.body.length),
      () => this.charts.delete(key),
    );
    return pending;
  }
}

function specFor(name: string, r: Results, extras: ChartExtras): TopLevelSpec {
  return CHARTS[name]!.build(r, extras);
}
