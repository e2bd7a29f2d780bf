/**
 * The work behind a run, as the pool's workers do it (src/server/pool-worker.ts):
 * a run request → its scenario (with overrides and headline assumptions
 * layered on) → projection, tornado, and, when asked, the Monte Carlo summary.
 * Nothing here touches HTTP; request errors are thrown as HttpProblem or
 * UserError, which the worker sends back as problem bodies.
 */
import { statSync } from 'node:fs';
// The library's parts, not its index: a pool thread need not load the workbook and report writers.
import { loadScenario, project, type PreparedScenario } from '../api.js';
import { tornadoByYear, type TornadoResult } from '../uncertainty/sensitivity.js';
import type { Results } from '../results/summary.js';
import type { Fan, GapDistribution } from '../charts/index.js';
import { HttpProblem, badRequest } from './problem.js';
import { UserError } from '../errors.js';
import { parameterLabel } from '../scenario/labels.js';
import { nearest } from '../scenario/messages.js';
import { assumptionOverrides, currentAssumptions, layer, AssumptionError, type AssumptionRequest, type Assumptions } from './assumptions.js';
import type { ScenarioCatalogue } from './scenarios.js';
import { runMonteCarlo, type MonteCarloSummary } from './montecarlo.js';

export const OVERRIDES_LABEL = 'request body overrides';

export interface RunRequest {
  scenario: string;
  overrides?: Record<string, unknown> | undefined;
  assumptions?: AssumptionRequest | undefined;
  monteCarlo?: { iterations: number; seed?: number | undefined; sampling?: 'random' | 'lhs' | undefined } | undefined;
}

/** A file a run read, as it was (so a cached run can tell that its scenario changed since). */
export interface FileStamp {
  file: string;
  mtimeMs: number;
  size: number;
}

export interface Projected {
  results: Results;
  /** The scenario file the run extends, and the overrides laid on it (request overrides and headline assumptions): the run's scenario as a file. */
  scenarioFile: string;
  overrides?: Record<string, unknown>;
  assumptions: Assumptions;
  /** The tornado in every year (the dashboard's year selector; `tornadoIn` picks one). */
  tornadoes?: TornadoResult[];
  files: FileStamp[];
}

export interface MonteCarloDone {
  summary: MonteCarloSummary;
  fan?: Fan;
  distribution?: GapDistribution;
}

export function stamp(files: readonly string[]): FileStamp[] {
  return files.map((file) => {
    const st = statSync(file);
    return { file, mtimeMs: st.mtimeMs, size: st.size };
  });
}

/** Whether every file still has the modification time and size it had (false if one is gone). */
export function unchanged(stamps: readonly FileStamp[]): boolean {
  return stamps.every((s) => {
    try {
      const st = statSync(s.file);
      return st.mtimeMs === s.mtimeMs && st.size === s.size;
    } catch {
      return false;
    }
  });
}

/** Scenarios prepared by `checkRequest`, by request, for the projection that follows on the same thread. */
const checked = new Map<string, PreparedScenario>();
const CHECKED_MAX = 4;
const requestKey = (req: RunRequest) => JSON.stringify([req.scenario, req.overrides ?? null, req.assumptions ?? null]);

/**
 * Check a request's values before it is accepted: its overrides and
 * assumptions are applied by the scenario loader (the same schema and checks
 * as a file's) and a Monte Carlo needs uncertain inputs. Throws the problem
 * (400 naming `overrides.<path>`); the scenario stays prepared for the run.
 */
export function checkRequest(catalogue: ScenarioCatalogue, req: RunRequest): void {
  const scenario = prepareRequest(catalogue, req);
  checkUncertain(req, scenario);
  const key = requestKey(req);
  checked.delete(key);
  checked.set(key, scenario);
  for (const k of checked.keys()) if (checked.size > CHECKED_MAX) checked.delete(k);
}

/** The overrides a request comes to: its own, with its headline assumptions laid on (400 naming the field if one is bad). */
export function effectiveOverrides(catalogue: ScenarioCatalogue, req: RunRequest): Record<string, unknown> | undefined {
  let overrides = req.overrides;
  if (req.assumptions && Object.values(req.assumptions).some((v) => v !== undefined)) {
    const base = catalogue.load(req.scenario);
    try {
      overrides = layer(overrides ?? {}, assumptionOverrides(base, req.assumptions)) as Record<string, unknown>;
    } catch (e) {
      if (e instanceof AssumptionError) throw badRequest(`${e.field}: ${e.message}`, [{ field: e.field, message: `${e.field}: ${e.message}` }]);
      throw e;
    }
  }
  if (overrides) {
    const base = catalogue.load(req.scenario);
    unknownParameters(base, req.overrides);
    overrides = withSources(base, withoutFixedCorrelations(base, overrides));
  }
  return overrides && Object.keys(overrides).length ? overrides : undefined;
}

/**
 * A request changes the scenario's parameters; it does not add any. In a file
 * a new parameter is allowed (one may be defined before it is used), but a
 * request's is a misspelling of one it meant to change, which would run
 * unchanged and say it had been set (400 naming it, with the nearest name).
 */
function unknownParameters(base: PreparedScenario, overrides: Record<string, unknown> | undefined): void {
  const params = overrides?.parameters;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return;
  const known = base.model.parameters;
  const errors = Object.keys(params)
    .filter((name) => !known.has(name))
    .map((name) => {
      const near = nearest(name, known.keys());
      const field = `overrides.parameters.${name}`;
      return { field, message: `${field}: ${base.name} has no parameter '${name}'${near ? ` (did you mean '${near}'?)` : ''}; a request changes the scenario's parameters and adds none` };
    });
  if (errors.length) throw badRequest(errors.map((e) => e.message).join('; '), errors);
}

/**
 * Every parameter a request changes says so in its source (unless the request
 * gives one): the file's source with what was set on the dashboard after it,
 * so the run's assumptions, workbook and downloaded scenario name where each figure came from.
 */
function withSources(base: PreparedScenario, overrides: Record<string, unknown>): Record<string, unknown> {
  return withInvestmentSources(base, withParameterSources(base, overrides));
}

/** A scheme's investment sent back whole with changed sums: each changed entry's source (as the file's) says what was set on the dashboard. */
function withInvestmentSources(base: PreparedScenario, overrides: Record<string, unknown>): Record<string, unknown> {
  const schemes = overrides.schemes;
  if (!Array.isArray(schemes)) return overrides;
  const written = new Map((base.loaded.scenario.schemes ?? []).map((k) => [k.id, k.investment ?? []]));
  const money = (v: unknown) => (typeof v === 'number' ? `£${v.toLocaleString('en-GB')}` : String(v));
  const out = schemes.map((k: unknown) => {
    if (!isRecord(k) || !Array.isArray(k.investment) || typeof k.id !== 'string' || !written.has(k.id)) return k;
    const was = written.get(k.id)!;
    const investment = k.investment.map((v: unknown, i: number) => {
      const w = was[i];
      if (!isRecord(v) || !w || v.source !== w.source) return v;
      const oneOff = isRecord(v.oneOff) ? v.oneOff : {};
      const changes = [
        ...Object.entries(oneOff).flatMap(([year, x]) => (x !== w.oneOff?.[year] ? [`one-off ${year} set to ${money(x)}`] : [])),
        ...(v.recurrent !== w.recurrent ? [`recurrent set to ${money(v.recurrent)} a year`] : []),
      ];
      return changes.length ? { ...v, source: `${w.source ? `${w.source}; ` : ''}${changes.join(', ')} on the dashboard` } : v;
    });
    return { ...k, investment };
  });
  return { ...overrides, schemes: out };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Each parameter a request changes: its source says so (see withSources). */
function withParameterSources(base: PreparedScenario, overrides: Record<string, unknown>): Record<string, unknown> {
  const params = overrides.parameters;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return overrides;
  const defs = (base.loaded.scenario.parameters ?? {}) as Record<string, { source?: string } | undefined>;
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(params as Record<string, unknown>)) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || 'source' in v) {
      out[name] = v;
      continue;
    }
    const o = v as Record<string, unknown>;
    const what = 'value' in o ? `set to ${String(o.value)}` : 'thereafter' in o ? `thereafter set to ${String(o.thereafter)}` : 'byYear' in o ? yearsChanged(base, name, o.byYear) : 'changed';
    // the file's source, or for a parameter its parameter tables give, the table's
    const was = defs[name]?.source ?? base.model.parameters.get(name)?.source;
    out[name] = { ...o, source: `${was ? `${was}; ` : ''}${what} on the dashboard` };
  }
  return { ...overrides, parameters: out };
}

/** What a series edit changed from the scenario's own values: "2025/26 set to 0.03 and 2026/27 to 0.03". */
function yearsChanged(base: PreparedScenario, name: string, byYear: unknown): string {
  const info = base.model.parameters.get(name);
  if (!info?.series || byYear === null || typeof byYear !== 'object') return 'set year by year';
  const changed = Object.entries(byYear as Record<string, unknown>).filter(([year, v]) => {
    const t = base.model.years.indexOf(year);
    return t < 0 || v !== base.model.p0[info.slot + t];
  });
  if (!changed.length) return 'set year by year (as the file)';
  return changed.map(([year, v], i) => `${year} ${i === 0 ? 'set ' : ''}to ${String(v)}`).join(', ');
}

/**
 * A dashboard edit that fixes an uncertain parameter at a number leaves it out
 * of Monte Carlo, so the scenario's correlations that name it are dropped with
 * it (a file that correlated a fixed input would be refused).
 */
function withoutFixedCorrelations(base: PreparedScenario, overrides: Record<string, unknown>): Record<string, unknown> {
  const params = overrides.parameters;
  const correlations = base.loaded.scenario.correlations;
  if (!params || typeof params !== 'object' || !correlations?.length || 'correlations' in overrides) return overrides;
  const fixed = new Set(
    Object.entries(params as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'number' || (v !== null && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number'))
      .map(([name]) => `$${name}`),
  );
  const kept = correlations.filter((c) => !c.between.some((x) => fixed.has(x)));
  return kept.length === correlations.length ? overrides : { ...overrides, correlations: kept };
}

/** The scenario a request asks for, overrides and assumptions applied (400 naming the field if one is bad). */
export function prepareRequest(catalogue: ScenarioCatalogue, req: RunRequest): PreparedScenario {
  const key = requestKey(req);
  const ready = checked.get(key);
  if (ready) {
    checked.delete(key);
    return ready;
  }
  const file = catalogue.file(req.scenario);
  if (!file) throw new HttpProblem(404, `no scenario '${req.scenario}' in models/`, [{ field: 'scenario', message: `scenario: unknown scenario '${req.scenario}'` }], 'unknown-scenario');
  const overrides = effectiveOverrides(catalogue, req);
  if (!overrides) return catalogue.load(req.scenario);
  try {
    return loadScenario(file, { overrides, overridesLabel: OVERRIDES_LABEL });
  } catch (e) {
    if (e instanceof UserError) throw blameParameters(catalogue.load(req.scenario), file, overrides, e) ?? e;
    throw e;
  }
}

/** The most changed parameters a refused request is searched through, one load each, for the one refused (blameParameters). */
const BLAME_MAX = 20;

/**
 * A changed parameter the scenario refuses where it uses it, not where it is
 * set (a unit cost that a formula scales, refused at the service that reads
 * the formula): the problem names the parameter, as the dashboard set it, so
 * the input that caused it is marked. Each changed parameter is tried alone;
 * undefined when the problem is the request's own or no one parameter causes it.
 */
function blameParameters(base: PreparedScenario, file: string, overrides: Record<string, unknown>, e: UserError): HttpProblem | undefined {
  const params = overrides.parameters;
  if (!isRecord(params) || e.problems.every((line) => line.startsWith(OVERRIDES_LABEL))) return undefined;
  // each is a load of the scenario: a request that changes many parameters keeps the loader's own message
  if (Object.keys(params).length > BLAME_MAX) return undefined;
  const errors: { field: string; message: string }[] = [];
  for (const [name, v] of Object.entries(params)) {
    try {
      loadScenario(file, { overrides: { parameters: { [name]: v } }, overridesLabel: OVERRIDES_LABEL });
    } catch (alone) {
      if (!(alone instanceof UserError)) throw alone;
      // a value refused where it is set is named there already (under overrides)
      if (alone.problems.every((line) => line.startsWith(OVERRIDES_LABEL))) continue;
      const value = isRecord(v) && 'value' in v ? v.value : v;
      const field = `overrides.parameters.${name}`;
      const where = alone.problems.map((line) => line.replace(/^(.*?):\d+:\d+: /, '$1: ')).join('; ');
      // a value the formulas made of it: said, so the number in the message is not taken for a mistyped one
      const got = /\(got (-?[\d.e+-]+)\)/.exec(where);
      const through = got && Number(got[1]) !== value ? ' (the value there is what the scenario\'s formulas make of it)' : '';
      // a value given in another form ({ byYear: … }) is shown as written, not as [object Object]
      const shown = typeof value === 'object' && value !== null ? JSON.stringify(value).slice(0, 80) : String(value);
      errors.push({ field, message: `${field}: ${parameterLabel(base.loaded.scenario, name)} set to ${shown} is refused where the scenario uses it: ${where}${through}` });
    }
  }
  return errors.length ? badRequest(errors.map((x) => x.message).join('; '), errors) : undefined;
}

/** Refuse Monte Carlo on a scenario with nothing uncertain. */
function checkUncertain(req: RunRequest, scenario: PreparedScenario): void {
  if (!req.monteCarlo || scenario.uncertain.length > 0) return;
  const detail = `scenario '${req.scenario}' has no inputs written as distributions; try harrogate-integrated-care-uncertain`;
  throw badRequest(`monteCarlo: ${detail}`, [{ field: 'monteCarlo', message: `monteCarlo: ${detail}` }]);
}

/** A run's tornado in `year`, else in the scenario's own year (the calibration year, else the horizon, as `tornado()` chooses). */
export function tornadoIn(run: { results?: Results | undefined; tornadoes?: TornadoResult[] | undefined }, year?: string): TornadoResult | undefined {
  const r = run.results;
  const want = year ?? r?.calibration?.year ?? r?.horizon;
  return run.tornadoes?.find((t) => t.year === want);
}

/** The deterministic part of a run: projection, assumptions as applied, and the tornado of a scenario with uncertain inputs. */
export function projectRequest(catalogue: ScenarioCatalogue, req: RunRequest): Projected {
  const scenario = prepareRequest(catalogue, req);
  checkUncertain(req, scenario);
  const results = project(scenario);
  const overrides = effectiveOverrides(catalogue, req);
  // every year's tornado from the same two projections an input
  const tornadoes = scenario.uncertain.length > 0 ? tornadoByYear(scenario) : undefined;
  return {
    results,
    scenarioFile: scenario.file,
    ...(overrides ? { overrides } : {}),
    assumptions: currentAssumptions(scenario),
    // A scenario with uncertain inputs gets its tornado (two projections an input).
    ...(tornadoes ? { tornadoes } : {}),
    // the scenario, its parents and its data tables: a change to any of them means computing the run again
    files: stamp(scenario.loaded.files),
  };
}

/** The Monte Carlo part of a run (the request must carry `monteCarlo`). */
export async function simulateRequest(catalogue: ScenarioCatalogue, req: RunRequest, onProgress?: (done: number, total: number) => void): Promise<MonteCarloDone> {
  const mc = req.monteCarlo;
  if (!mc) throw new Error('simulateRequest: the request has no monteCarlo');
  const scenario = prepareRequest(catalogue, req);
  checkUncertain(req, scenario);
  return runMonteCarlo(scenario, {
    iterations: mc.iterations,
    seed: mc.seed ?? 1,
    ...(mc.sampling ? { sampling: mc.sampling } : {}),
    overrides: req.overrides ? { overrides: req.overrides, overridesLabel: OVERRIDES_LABEL } : undefined,
    ...(onProgress ? { onProgress } : {}),
  });
}
