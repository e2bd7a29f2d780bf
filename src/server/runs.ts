/**
 * Runs: a request (scenario id, overrides, headline assumptions, Monte Carlo
 * options) → results, identified by a hash of the request so that a repeated
 * request is served from cache. A run is accepted at once (`queued`), computed
 * on the worker pool (`running`: the projection, then any Monte Carlo, with
 * iterations done/total), and ends `done` or `failed` (with the problem).
 *
 * Where runs live:
 * - in flight: in memory until they finish (bounded by the pool's queues);
 * - finished: the most recent `maxRuns` in memory (default 64), and every
 *   done run on disk (src/server/disk-cache.ts, bounded by count and size).
 *   A run evicted from memory is read back from disk, never recomputed; one
 *   gone from disk too answers 410 with its request, to POST again (the
 *   requests of the last `maxRequests` runs are remembered for that, default
 *   2,000). A repeated POST recomputes only when the scenario's files changed.
 * - charts: rendered on the pool, at most `maxCharts` (default 512) and
 *   `maxChartBytes` (default 64 MB) in memory.
 */
import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';
import { compare, compareSystems, type PerBasis, type Results, type TornadoResult } from '../index.js';
import { CHARTS, type ChartExtras, type Fan, type GapDistribution } from '../charts/index.js';
import { LRUCache } from 'lru-cache';
import { HttpProblem, badRequest, problemBody, type Problem } from './problem.js';
import type { Assumptions } from './assumptions.js';
import type { ScenarioCatalogue } from './scenarios.js';
import type { MonteCarloSummary } from './montecarlo.js';
import { tornadoIn, unchanged, type FileStamp, type RunRequest } from './compute.js';
import { DiskCache, type DiskCacheOptions } from './disk-cache.js';
import type { WorkerPool } from './pool.js';
import type { ChartParameter } from './validation.js';


export type RunStatus = 'queued' | 'running' | 'done' | 'failed';

export interface RunProgress {
  stage: 'projection' | 'monte-carlo';
  /** Monte Carlo iterations done of the run's total. */
  iterations?: { done: number; total: number };
}

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
  /** Monte Carlo quantiles of the system gap by year (the S-curve and P(gap ≤ target)). */
  gapDistribution?: GapDistribution;
  /** The tornado in every year (`?year=` of the tornado chart; `tornadoIn` picks one). */
  tornadoes?: TornadoResult[];
  /** The scenario file the run extends and the overrides laid on it (GET …/scenario.yaml). */
  scenarioFile?: string;
  overrides?: Record<string, unknown>;
  /** The files the run read, as they were. */
  files?: FileStamp[];
  progress?: RunProgress;
  /** Why the run failed (one line), and the problem body saying so. */
  error?: string;
  problem?: Problem;
  /** Settles when a queued or running run finishes. */
  done?: Promise<void>;
}

export interface RunStoreOptions {
  maxRuns?: number;
  maxRequests?: number;
  maxCharts?: number;
  maxChartBytes?: number;
  /** Finished runs on disk (folder and bounds). */
  disk?: DiskCacheOptions;
}

export type ChartFormat = 'vl.json' | 'svg' | 'png';

/** The S-curve's year and target gap (£), from the chart's query. */
export interface CurveChoice {
  year?: string;
  target?: number;
}

/** The query parameters each chart takes (the year of a chart of one year, the S-curve's target, the run compared); a chart not listed takes none. */
const CHART_PARAMETERS: Record<string, readonly ChartParameter[]> = {
  waterfall: ['year'],
  comparison: ['against'],
  'per-head': ['against', 'per'],
  tornado: ['year'],
  's-curve': ['year', 'target'],
  places: ['year'],
};

/** Whether a chart takes a query parameter. */
export function chartTakes(chart: string, parameter: ChartParameter): boolean {
  return Object.hasOwn(CHART_PARAMETERS, chart) && CHART_PARAMETERS[chart]!.includes(parameter);
}

/** The charts that take a query parameter, in the registry's order. */
export function chartsTaking(parameter: ChartParameter): string[] {
  return Object.keys(CHARTS).filter((c) => chartTakes(c, parameter));
}

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
  const key = canonical({ scenario: req.scenario, overrides: req.overrides ?? {}, assumptions: req.assumptions ?? {}, monteCarlo: req.monteCarlo ? { iterations: req.monteCarlo.iterations, seed: req.monteCarlo.seed ?? 1, ...(req.monteCarlo.sampling === 'lhs' ? { sampling: 'lhs' } : {}) } : null });
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

export const RUN_ID = /^[0-9a-f]{20}$/;

/** What is written to disk for a done run. */
type StoredRun = Omit<Run, 'done' | 'progress' | 'error' | 'problem'>;

/** Where a found run came from (the X-Cache header). */
export type RunSource = 'memory' | 'disk';

export class RunStore {
  /** Finished runs (done or failed), most recent last. */
  readonly runs: LRUCache<string, Run>;
  /** Queued and running runs. */
  readonly active = new Map<string, Run>();
  readonly requests: LRUCache<string, RunRequest>;
  /** Sized by the rendered body's bytes (1 while it renders). */
  readonly charts: LRUCache<string, Promise<RenderedChart>>;
  readonly disk: DiskCache<StoredRun>;
  private readonly reading = new Map<string, Promise<Run | undefined>>();

  constructor(
    readonly catalogue: ScenarioCatalogue,
    readonly pool: WorkerPool,
    opts: RunStoreOptions = {},
    private readonly logError: (err: unknown, msg: string) => void = () => undefined,
  ) {
    this.runs = new LRUCache({ max: opts.maxRuns ?? 64 });
    this.requests = new LRUCache({ max: opts.maxRequests ?? 2000 });
    this.charts = new LRUCache({ max: opts.maxCharts ?? 512, maxSize: opts.maxChartBytes ?? 64 * 1024 * 1024, sizeCalculation: () => 1 });
    this.disk = new DiskCache(opts.disk);
  }

  /** Accept (or find) the run for a request. `cached` says whether it was already there. */
  async create(req: RunRequest): Promise<{ run: Run; cached: boolean }> {
    const id = runId(req);
    let existing = this.active.get(id) ?? this.runs.get(id) ?? (await this.fromDisk(id));
    existing = this.active.get(id) ?? existing; // the same request may have been accepted while the disk was read
    if (existing && existing.status !== 'failed' && (existing.status !== 'done' || !existing.files || unchanged(existing.files))) return { run: existing, cached: true };
    if (!this.catalogue.file(req.scenario)) {
      throw new HttpProblem(404, `no scenario '${req.scenario}' in models/`, [{ field: 'scenario', message: `scenario: unknown scenario '${req.scenario}'` }], 'unknown-scenario');
    }
    // Values only the scenario loader can check are checked before the run is accepted: a bad one is a 400, not a failed run.
    const hasOverrides = (req.overrides && Object.keys(req.overrides).length > 0) || (req.assumptions && Object.values(req.assumptions).some((v) => v !== undefined));
    if (hasOverrides || req.monteCarlo) await this.pool.check(req);
    const raced = this.active.get(id);
    if (raced) return { run: raced, cached: true };
    // A run holds its places in the pool's queues from now until it ends.
    if (req.monteCarlo && !this.pool.fits('monteCarlo')) throw this.pool.full('monteCarlo');
    const releaseWork = this.pool.reserve('work');
    const releaseMc = req.monteCarlo ? this.pool.reserve('monteCarlo') : () => undefined;
    const run: Run = { id, request: req, status: 'queued', created: new Date().toISOString(), progress: { stage: 'projection' } };
    this.runs.delete(id);
    this.active.set(id, run);
    this.requests.set(id, req);
    run.done = this.execute(run, releaseWork, releaseMc);
    return { run, cached: false };
  }

  private async execute(run: Run, releaseWork: () => void, releaseMc: () => void): Promise<void> {
    const t0 = performance.now();
    const req = run.request;
    try {
      const p = await this.pool.project(req, { onStart: () => (run.status = 'running') });
      releaseWork();
      run.results = p.results;
      run.assumptions = p.assumptions;
      run.files = p.files;
      run.scenarioFile = p.scenarioFile;
      if (p.overrides) run.overrides = p.overrides;
      if (p.tornadoes) run.tornadoes = p.tornadoes;
      if (req.monteCarlo) {
        // queued again until a Monte Carlo thread takes it
        run.status = 'queued';
        run.progress = { stage: 'monte-carlo', iterations: { done: 0, total: req.monteCarlo.iterations } };
        const mc = await this.pool.simulate(req, {
          onStart: () => (run.status = 'running'),
          onProgress: (done, total) => (run.progress = { stage: 'monte-carlo', iterations: { done, total } }),
        });
        run.monteCarlo = mc.summary;
        if (mc.fan) run.fan = mc.fan;
        if (mc.distribution) run.gapDistribution = mc.distribution;
      }
      run.ms = performance.now() - t0;
      const { done: _d, progress: _p, ...stored } = run;
      try {
        await this.disk.put(run.id, stored);
      } catch (e) {
        this.logError(e, `run ${run.id}: could not write it to the cache folder ${this.disk.dir}`);
      }
      delete run.progress;
      run.status = 'done';
    } catch (e) {
      run.ms = performance.now() - t0;
      run.status = 'failed';
      if (e instanceof HttpProblem) {
        if (e.status === 500) this.logError(e, `run ${run.id} failed: ${e.message}`); // a fault on the server (a broken scenario file)
        run.problem = problemBody(e.status, e.message, e.errors, `/api/runs/${run.id}`, e.slug, e.extra.members);
      } else {
        this.logError(e, `run ${run.id} failed`);
        run.problem = problemBody(500, 'the run failed with an internal error; it has been logged', [], `/api/runs/${run.id}`);
      }
      run.error = run.problem.detail;
    } finally {
      releaseWork();
      releaseMc();
      this.active.delete(run.id);
      this.runs.set(run.id, run);
      delete run.done;
    }
  }

  /** A done run from the disk cache (one read at a time per id), now in memory too. */
  private fromDisk(id: string): Promise<Run | undefined> {
    let p = this.reading.get(id);
    if (!p) {
      p = this.disk.get(id).then((stored) => {
        if (!stored) return undefined;
        const run: Run = { ...stored, status: 'done' };
        this.runs.set(id, run);
        this.requests.set(id, run.request);
        return run;
      });
      p.finally(() => this.reading.delete(id)).catch(() => undefined);
      this.reading.set(id, p);
    }
    return p;
  }

  /**
   * A run by id, and where it was found: in memory or on disk (never
   * recomputed). Undefined if the id was never seen; 410 if its results were
   * evicted from both (the problem carries the request to POST again).
   */
  async find(id: string): Promise<{ run: Run; source: RunSource } | undefined> {
    if (!RUN_ID.test(id)) return undefined;
    const mem = this.active.get(id) ?? this.runs.get(id);
    if (mem) return { run: mem, source: 'memory' };
    const disk = await this.fromDisk(id);
    if (disk) return { run: disk, source: 'disk' };
    const req = this.requests.peek(id);
    if (!req) return undefined;
    throw new HttpProblem(410, `run ${id} is no longer in the server's cache (evicted from memory and disk); to compute it again, POST /api/runs with the request under "resubmit"`, [], 'run-evicted', {
      members: { resubmit: { method: 'POST', href: '/api/runs', body: req } },
    });
  }

  async get(id: string): Promise<Run | undefined> {
    return (await this.find(id))?.run;
  }

  /** The charts that apply to a run (names and titles), in registry order. */
  chartList(run: Run, against?: Run, per?: PerBasis): { name: string; title: string }[] {
    if (!run.results) return [];
    const extras = this.extras(run, against, per);
    return Object.entries(CHARTS)
      .filter(([, c]) => c.applies(run.results!, extras))
      .map(([name, c]) => ({ name, title: c.title }));
  }

  private extras(run: Run, against?: Run, per: PerBasis = 'head', curve: CurveChoice = {}): ChartExtras {
    return {
      ...(curve.year !== undefined ? { year: curve.year } : {}),
      ...(run.fan ? { fan: run.fan } : {}),
      ...(run.gapDistribution ? { gapDistribution: run.gapDistribution, ...(curve.target !== undefined ? { target: curve.target } : {}) } : {}),
      ...(run.tornadoes ? { tornado: tornadoIn(run, curve.year)! } : {}),
      ...(against?.results && run.results ? { comparison: compare(against.results, run.results), systems: compareSystems([against.results, run.results], per) } : {}),
    };
  }

  /** 409 unless the run is done. */
  requireDone(run: Run, what: string): Results {
    if (run.status === 'failed') throw new HttpProblem(409, `run ${run.id} failed (${run.error}); it has no ${what}`);
    if (run.status !== 'done' || !run.results) throw new HttpProblem(409, `run ${run.id} is ${run.status}; its ${what} ${what.endsWith('s') ? 'are' : 'is'} ready when it is done (GET /api/runs/${run.id} until its status is done)`);
    return run.results;
  }

  /** One chart of a run, rendered on the pool (and cached); 404 for a chart the run has not got. */
  chart(run: Run, name: string, format: ChartFormat, against?: Run, per: PerBasis = 'head', curve: CurveChoice = {}): Promise<RenderedChart> {
    const results = this.requireDone(run, 'charts');
    if (against) this.requireDone(against, 'charts');
    const def = Object.hasOwn(CHARTS, name) ? CHARTS[name] : undefined;
    // only what the chart takes (a chart of one year its year, the S-curve its target), so the cache key holds nothing it ignores
    curve = {
      ...(curve.year !== undefined && chartTakes(name, 'year') ? { year: curve.year } : {}),
      ...(curve.target !== undefined && chartTakes(name, 'target') ? { target: curve.target } : {}),
    };
    if (curve.year !== undefined && !results.years.includes(curve.year)) {
      const why = `query.year: ${curve.year} is not in the projection (${results.years[0]} to ${results.years.at(-1)})`;
      throw badRequest(why, [{ field: 'query.year', message: why }]);
    }
    const extras = this.extras(run, against, per, curve);
    if (!def || !def.applies(results, extras)) {
      const known = this.chartList(run, against).map((c) => c.name);
      throw new HttpProblem(404, `no chart '${name}' for run ${run.id}; its charts are: ${known.join(', ')}${(name === 'comparison' || name === 'per-head') && !against ? ` (the ${name} chart needs ?against=<run id>)` : ''}`, [], 'unknown-chart');
    }
    // the runs' creation times too: a run computed again under its id (its scenario's files changed) is drawn again, not served its old charts
    const key = `${run.id}@${run.created}|${against ? `${against.id}@${against.created}` : ''}|${per}|${name}|${format}|${run.fan ? 'fan' : ''}|${curve.year ?? ''}|${curve.target ?? ''}`;
    const hit = this.charts.get(key);
    if (hit) return hit;
    const pending = (async (): Promise<RenderedChart> => {
      const spec = specFor(name, results, extras);
      if (format === 'vl.json') return { body: Buffer.from(JSON.stringify(spec)), type: 'application/json' };
      return { body: await this.pool.render(spec, format), type: format === 'svg' ? 'image/svg+xml' : 'image/png' };
    })();
    this.charts.set(key, pending);
    pending.then(
      // re-set with its real size (a chart larger than maxChartBytes is then not kept)
      (c) => this.charts.peek(key) === pending && this.charts.set(key, pending, { size: Math.max(1, c.body.length) }),
      () => this.charts.peek(key) === pending && this.charts.delete(key),
    );
    return pending;
  }

  /** Stop the pool and remove a cache folder this store made. */
  async close(): Promise<void> {
    await this.pool.close();
    this.disk.close();
  }
}

function specFor(name: string, r: Results, extras: ChartExtras): TopLevelSpec {
  return CHARTS[name]!.build(r, extras);
}
