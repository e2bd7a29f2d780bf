/**
 * The popshift HTTP server: an Express 5 app serving the scenario and run API,
 * rendered charts, and the board dashboard (static files in public/, Vega
 * builds from node_modules under /vendor/ — nothing from a CDN).
 *
 * Routes
 *   GET  /healthz
 *   GET  /api/scenarios                    scenario files in models/
 *   GET  /api/scenarios/:id
 *   POST /api/runs                         { scenario, overrides?, assumptions?, monteCarlo? } → 202 { id, status, links } (200 when known)
 *   GET  /api/runs/:id                     status queued/running/done/failed, with progress; when done, results as
 *                                          JSON (default), CSV (?format=csv or Accept: text/csv; ?table=…), XLSX
 *   GET  /api/runs/:id/scenario.yaml       the run's scenario as a file `popshift run` accepts (extends the models/ file, with the changes)
 *   GET  /api/runs/:id/charts/:chart.(vl.json|svg|png)   (?year= for a chart of one year, ?against=<run id> for the
 *                                          comparison and per-head charts: runs.ts lists what each takes)
 *   GET  /, /app.js, /style.css            the dashboard
 *   GET  /vendor/(vega|vega-lite|vega-embed).min.js
 * Everything else is a 404 problem; every error is an RFC 9457 problem body.
 * Work that costs CPU (runs, Monte Carlo, charts, workbooks, the catalogue)
 * runs on the worker pool (pool.ts): this thread only routes and answers.
 */
import express, { type Express, type Response } from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJson } from '../results/export.js';
import type { Results } from '../results/summary.js';
import { ScenarioCatalogue } from './scenarios.js';
import { RunStore, type Run, type ChartFormat, type RunStoreOptions } from './runs.js';
import { WorkerPool, type PoolOptions } from './pool.js';
import { CatalogueCache } from './catalogue-cache.js';
import { HttpProblem, errorHandler, notFoundHandler, validate, badRequest } from './problem.js';
import { RunRequestSchema, RunQuery, ChartQuery, EmptyQuery, badParam, refuseUntaken } from './validation.js';
import { CHARTS } from '../charts/index.js';
import { SCENARIO_ID } from './scenarios.js';
import { RUN_ID } from './runs.js';
import { headline } from './headline.js';
import { scenarioYaml } from './scenario-file.js';
import { tableCsv, XLSX_TYPE } from './tables.js';
import { MAX_ITERATIONS, monteCarloAvailable } from './montecarlo.js';

const here = dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = resolve(here, '../..');

export interface AppOptions {
  /** Folder of scenario files; default models/ of the project. */
  modelsDir?: string;
  /** A pino logger, or false for none (tests). Default: pino at info to stdout. */
  logger?: Logger | false;
  /** JSON body limit (default 100 kB). */
  bodyLimit?: string | number;
  /** Cache bounds, in memory and on disk. */
  cache?: RunStoreOptions;
  /** Worker pool threads and queue bounds. */
  pool?: PoolOptions;
  /** The scenario the dashboard opens on (default: harrogate). */
  defaultScenario?: string;
}

export interface PopshiftApp extends Express {
  locals: Express['locals'] & { runs: RunStore; catalogue: ScenarioCatalogue; scenarios: CatalogueCache; pool: WorkerPool };
}

/** `node_modules/<pkg>/build`, found the way Node finds packages: walking up from here. */
export function packageBuildDir(pkg: string): string {
  for (let d = here; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', pkg, 'build');
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) throw new Error(`cannot find ${pkg} in node_modules: run npm install`);
  }
}

const VENDOR: Record<string, [string, string]> = {
  'vega.min.js': ['vega', 'vega.min.js'],
  'vega-lite.min.js': ['vega-lite', 'vega-lite.min.js'],
  'vega-embed.min.js': ['vega-embed', 'vega-embed.min.js'],
};

const CHART_FILE = /^([a-z][a-z0-9-]{0,40})\.(vl\.json|svg|png)$/;

export function createApp(options: AppOptions = {}): PopshiftApp {
  const log: Logger = options.logger === false ? pino({ level: 'silent' }) : (options.logger ?? pino({ name: 'popshift', level: process.env.LOG_LEVEL ?? 'info' }));
  const catalogue = new ScenarioCatalogue(options.modelsDir ?? join(PROJECT_ROOT, 'models'));
  const pool = new WorkerPool(catalogue.dir, options.pool);
  const runs = new RunStore(catalogue, pool, options.cache, (err, msg) => log.error({ err }, msg));
  const scenarios = new CatalogueCache(catalogue, pool);
  const defaultScenario = options.defaultScenario ?? 'harrogate';
  const app = express() as unknown as PopshiftApp;
  app.locals.runs = runs;
  app.locals.catalogue = catalogue;
  app.locals.scenarios = scenarios;
  app.locals.pool = pool;
  app.set('query parser', 'simple');
  app.set('etag', 'strong');
  app.disable('x-powered-by');

  // Request log: one line per request (method, path, status, ms); never bodies.
  app.use((req, res, next) => {
    const t0 = performance.now();
    res.on('finish', () => {
      log.info({ method: req.method, url: req.originalUrl.slice(0, 300), status: res.statusCode, ms: Math.round((performance.now() - t0) * 10) / 10, cache: res.getHeader('x-cache') }, 'request');
    });
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          // Page scripts live in .js files; vega-embed runs with { ast: true } (no eval).
          'script-src': ["'self'"],
          // vega-embed and vega-tooltip add <style> elements; no external styles.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'font-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'"],
          // Served over plain HTTP on loopback: do not ask browsers to upgrade.
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({
      status: 'ok',
      runsActive: runs.active.size,
      runsCached: runs.runs.size,
      runsOnDisk: runs.disk.size,
      chartsCached: runs.charts.size,
      pool: pool.stats(),
      monteCarlo: monteCarloAvailable(),
    });
  });

  // --- scenarios ------------------------------------------------------------
  app.get('/api/scenarios', async (req, res) => {
    validate(EmptyQuery, req.query, 'query', 'query');
    res.json({ default: defaultScenario, scenarios: await scenarios.scenarios() });
  });

  app.get('/api/scenarios/:id', async (req, res) => {
    validate(EmptyQuery, req.query, 'query', 'query');
    const id = req.params.id;
    if (!SCENARIO_ID.test(id)) badParam('id', id, 'a scenario id is letters, digits, - and _ (a file name in models/ without its extension)');
    if (!catalogue.file(id)) throw new HttpProblem(404, `no scenario '${id}' in models/`, [], 'unknown-scenario');
    res.json(await scenarios.detail(id));
  });

  // --- runs -----------------------------------------------------------------
  const json = express.json({ limit: options.bodyLimit ?? '100kb', strict: true, type: ['application/json', 'application/*+json'] });
  app.post('/api/runs', json, async (req, res) => {
    if (!req.is(['application/json', 'application/*+json'])) {
      throw new HttpProblem(415, 'send the run request as JSON (Content-Type: application/json)', [{ field: '(body)', message: 'not JSON' }]);
    }
    validate(EmptyQuery, req.query, 'query', 'query');
    const body = validate(RunRequestSchema, req.body, 'request body');
    const { run, cached } = await runs.create(body);
    // 202: accepted, computed on the pool; GET the Location until its status is done or failed.
    res
      .status(cached ? 200 : 202)
      .location(`/api/runs/${run.id}`)
      .set('X-Cache', cached ? 'hit' : 'miss')
      .set('Cache-Control', 'no-store')
      .json({ id: run.id, status: run.status, cached, ...(run.progress ? { progress: run.progress } : {}), links: links(run, runs) });
  });

  app.get('/api/runs/:id', async (req, res) => {
    const q = validate(RunQuery, req.query, 'query', 'query');
    const run = await findRun(runs, req.params.id as string, res);
    let format = q.format;
    if (!format) {
      // the body depends on Accept here, so caches must key on it too
      res.vary('Accept');
      const accepted = req.accepts(['application/json', 'text/csv', XLSX_TYPE]);
      if (!accepted) throw new HttpProblem(406, `runs are available as application/json, text/csv or ${XLSX_TYPE}`);
      format = accepted === 'text/csv' ? 'csv' : accepted === XLSX_TYPE ? 'xlsx' : 'json';
    }
    if (q.table && format !== 'csv') throw badRequest('query.table: only with format=csv', [{ field: 'query.table', message: 'query.table: only with format=csv' }]);
    if (format === 'json') {
      if (run.status !== 'done') res.set('Cache-Control', 'no-store');
      const doc = runDocument(run, runs);
      // its own ETag (Express would hash the whole body at every request)
      res.type('application/json; charset=utf-8').set('ETag', doc.etag).send(doc.body);
      return;
    }
    const results = runs.requireDone(run, 'tables');
    const name = run.request.scenario;
    if (format === 'csv') {
      const table = q.table ?? 'system';
      res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${name}-${table}.csv"`).send(tableCsv(results, table));
      return;
    }
    const xlsx = await runs.pool.xlsx(run, results);
    res.type(XLSX_TYPE).set('Content-Disposition', `attachment; filename="${name}.xlsx"`).send(xlsx);
  });

  app.get('/api/runs/:id/scenario.yaml', async (req, res) => {
    validate(EmptyQuery, req.query, 'query', 'query');
    const run = await findRun(runs, req.params.id as string, res);
    const results = runs.requireDone(run, 'scenario file');
    if (!run.scenarioFile) throw new HttpProblem(409, `run ${run.id} was computed before scenario files could be saved; POST it again`);
    res
      .type('application/yaml; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${run.request.scenario}-dashboard.yaml"`)
      .send(
        scenarioYaml({
          scenarioFile: run.scenarioFile,
          name: results.scenario,
          overrides: run.overrides,
          runId: run.id,
          created: run.created,
          // the seed the run used (a request may leave it to the default)
          monteCarlo: run.request.monteCarlo && run.monteCarlo?.seed !== undefined ? { iterations: run.request.monteCarlo.iterations, seed: run.monteCarlo.seed, sampling: run.request.monteCarlo.sampling } : undefined,
        }),
      );
  });

  app.get('/api/runs/:id/charts/:file', async (req, res) => {
    const q = validate(ChartQuery, req.query, 'query', 'query');
    const run = await findRun(runs, req.params.id as string, res);
    const m = CHART_FILE.exec(req.params.file as string);
    if (!m) throw new HttpProblem(404, `no chart '${String(req.params.file).slice(0, 80)}': ask for <chart>.vl.json, <chart>.svg or <chart>.png`, [], 'unknown-chart');
    if (Object.hasOwn(CHARTS, m[1]!)) refuseUntaken(m[1]!, q);
    let against: Run | undefined;
    if (q.against) {
      if (q.against === run.id) {
        const why = `query.against: run ${run.id} is the run itself, so every difference would be 0; compare it with another run (POST /api/runs with another scenario or other assumptions)`;
        throw badRequest(why, [{ field: 'query.against', message: why }]);
      }
      against = await runs.get(q.against);
      if (!against) throw new HttpProblem(404, `no run '${q.against}' (query.against)`, [{ field: 'query.against', message: 'query.against: unknown run' }]);
    }
    const chart = await runs.chart(run, m[1]!, m[2] as ChartFormat, against, q.per, { ...(q.year ? { year: q.year } : {}), ...(q.target !== undefined ? { target: q.target } : {}) });
    // revalidated every time (its strong ETag answers 304 while unchanged): a run's id stays when it is computed again because its scenario's files changed
    res.set('Cache-Control', 'private, no-cache').type(chart.type).send(chart.body);
  });

  app.use('/api', notFoundHandler);

  // --- dashboard ------------------------------------------------------------
  app.get('/vendor/:file', (req, res, next) => {
    const v = Object.hasOwn(VENDOR, req.params.file as string) ? VENDOR[req.params.file as string] : undefined;
    if (!v) return next();
    res.sendFile(join(packageBuildDir(v[0]), v[1]), { maxAge: '1d', dotfiles: 'deny' });
  });
  app.use(express.static(join(here, 'public'), { index: 'index.html', dotfiles: 'ignore', redirect: false }));

  app.use(notFoundHandler);
  app.use(errorHandler((err, msg) => log.error({ err }, msg)));
  return app;
}

async function findRun(runs: RunStore, id: string, res: Response): Promise<Run> {
  if (!RUN_ID.test(id)) throw new HttpProblem(404, `no run '${id.slice(0, 80)}'`, [], 'unknown-run');
  const found = await runs.find(id);
  if (!found) throw new HttpProblem(404, `no run '${id}' (POST /api/runs to start one)`, [], 'unknown-run');
  res.set('X-Cache', found.source === 'memory' ? 'hit' : 'disk');
  return found.run;
}

function links(run: Run, runs: RunStore) {
  const self = `/api/runs/${run.id}`;
  return {
    self,
    csv: `${self}?format=csv`,
    xlsx: `${self}?format=xlsx`,
    scenario: `${self}/scenario.yaml`,
    charts: runs.chartList(run).map((c) => ({
      name: c.name,
      title: c.title,
      'vl.json': `${self}/charts/${c.name}.vl.json`,
      svg: `${self}/charts/${c.name}.svg`,
      png: `${self}/charts/${c.name}.png`,
    })),
  };
}

/** A run's document as JSON: its state, and (once projected) the part made from its results; with its strong ETag. */
function runDocument(run: Run, runs: RunStore): { body: Buffer; etag: string } {
  const state = JSON.stringify({
    id: run.id,
    status: run.status,
    created: run.created,
    ms: run.ms === undefined ? undefined : Math.round(run.ms * 10) / 10,
    request: run.request,
    scenario: { id: run.request.scenario, name: run.results?.scenario },
    links: links(run, runs),
    assumptions: run.assumptions,
    ...(run.progress ? { progress: run.progress } : {}),
    ...(run.error ? { error: run.error, problem: run.problem } : {}),
    ...(run.monteCarlo ? { monteCarlo: run.monteCarlo } : {}),
    ...(run.gapDistribution ? { gapDistribution: run.gapDistribution } : {}),
    limits: { monteCarloIterations: MAX_ITERATIONS },
    ...(run.results ? {} : { headline: [], placeHeadlines: {} }),
  });
  if (!run.results) return { body: Buffer.from(state), etag: `"${createHash('sha1').update(state).digest('base64url')}"` };
  const part = resultsPart(run.results);
  // the bytes are the state's (less its closing brace), a comma, the results' members and a brace: the tag hashes the state and the results' own hash
  return {
    body: Buffer.concat([Buffer.from(`${state.slice(0, -1)},`), part.json, CLOSE]),
    etag: `"${createHash('sha1').update(state).update(part.hash).digest('base64url')}"`,
  };
}

const CLOSE = Buffer.from('}');

/**
 * The members of a run's document made from its results (its headline, each
 * place's, and the results), as JSON without braces, and their hash: made
 * once for a run's results, not at every GET. A dashboard polls a run twice
 * a second while its Monte Carlo runs (the projection's results already
 * attached), and Devon's are 5 MB: building, encoding and hashing them at
 * each poll held the request thread some 70 ms, and /healthz waited behind it.
 */
const resultsParts = new WeakMap<Results, { json: Buffer; hash: string }>();

function resultsPart(r: Results): { json: Buffer; hash: string } {
  let part = resultsParts.get(r);
  if (part === undefined) {
    const text = JSON.stringify({
      headline: headline(r),
      // the same figures for each place (the dashboard's place selector), where there are several
      placeHeadlines: r.places.length > 1 ? Object.fromEntries(r.places.map((p) => [p.id, headline(r, p.id)])) : {},
      results: toJson(r),
    });
    const json = Buffer.from(text.slice(1, -1));
    part = { json, hash: createHash('sha1').update(json).digest('base64url') };
    resultsParts.set(r, part);
  }
  return part;
}
