/**
 * Where each step of a gap bridge comes from, in words, from what the scenario
 * itself says: the population tables' sources (demography), the sources of the
 * parameters services grow with (non-demographic growth) and inflate with
 * (cost inflation), the funding streams' sources (funding growth), and the
 * calibration's (the residual). A step the scenario says nothing about says so.
 */
import type { PreparedScenario } from '../api.js';
import type { Bridge, BridgeStepId } from '../engine/reconcile.js';

/**
 * A source's first clause (before ': ' or ' — '), with the file it cites in
 * brackets at its end, if any. A separator inside brackets ends the clause
 * where the brackets open, so no bracket is left unclosed: "Base-year GP cost
 * (ASSUMPTION — primary care balanced)" is "Base-year GP cost".
 */
export function brief(text: string): string {
  const t = text.trim();
  let cut = t.length;
  let depth = 0;
  let opened = -1;
  for (let i = 1; i < t.length; i++) {
    const c = t[i];
    if (c === '(') {
      if (depth++ === 0) opened = i;
    } else if (c === ')' && depth > 0) depth--;
    else if (t.startsWith(': ', i) || t.startsWith(' — ', i)) {
      cut = depth > 0 ? opened : i;
      break;
    }
  }
  const head = t.slice(0, cut).trimEnd();
  const file = /\(([^()]*\.(?:csv|md))\)$/.exec(t)?.[1];
  return file && !head.includes(file) ? `${head} (${file})` : head;
}

/** Distinct non-empty texts, shortened and joined. */
function join(texts: (string | undefined)[]): string {
  return [...new Set(texts.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map(brief))].join('; ');
}

/** The sources of the $parameters `inputs` name, leaving out formulas of the calibrated parameter (its step is the residual). */
function parameterSources(scenario: PreparedScenario, inputs: unknown[]): string[] {
  const params = scenario.model.parameters;
  const written = scenario.loaded.scenario.parameters ?? {};
  const fitted = scenario.loaded.scenario.calibration?.parameter;
  const out: string[] = [];
  for (const v of inputs) {
    if (typeof v !== 'string' || !v.startsWith('$')) continue;
    const name = v.slice(1);
    const def = written[name] as { formula?: string } | undefined;
    if (fitted && typeof def === 'object' && def && typeof def.formula === 'string' && new RegExp(`\\b${fitted}\\b`).test(def.formula)) continue;
    const p = params.get(name);
    if (p?.source) out.push(p.source);
  }
  return out;
}

/** A source for each step of a bridge. */
export function bridgeSources(scenario: PreparedScenario): Partial<Record<BridgeStepId, string>> {
  const sc = scenario.loaded.scenario;
  const services = sc.services;
  const places = sc.places === undefined ? [] : Array.isArray(sc.places) ? sc.places : [sc.places];
  const demography = join([sc.population?.source, ...places.map((p) => p.population.source)]);
  const growth = join(parameterSources(scenario, services.map((s) => s.growth)));
  const inflation = join(parameterSources(scenario, services.map((s) => s.inflation)));
  const funding = join(sc.funding.map((f) => f.source));
  const c = sc.calibration;
  const residual = c ? join([scenario.model.parameters.get(c.parameter)?.source, c.source]) : '';
  return {
    base: "the base year's activity × unit costs against its funding, as the other steps' sources give them",
    demography: demography || 'the population tables (no source written)',
    growth: growth || 'none written',
    inflation: inflation || 'none written',
    funding: funding || 'none written',
    ...(residual ? { residual } : {}),
  };
}

/** A copy of `b` with each step's source. */
export function withSources(b: Bridge, sources: Partial<Record<BridgeStepId, string>>): Bridge {
  return { ...b, steps: b.steps.map((s) => (sources[s.id] ? { ...s, source: sources[s.id] } : s)) };
}
