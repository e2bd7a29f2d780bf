/**
 * Sensitivity: the tornado (each uncertain input from its p10 to its p90, the
 * others at their central values) and goal seek (the value of one input that
 * brings a metric to a target, or the probability the gap closes to a target).
 */
import { UserError } from '../errors.js';
import type { PreparedScenario } from '../api.js';
import { allocate, applyLinks, project } from '../engine/project.js';
import { defaultMetrics, type MetricDef } from './metrics.js';
import { planSampling, findInput, inputNames, inputQuantile, type SamplingPlan } from './sample.js';
import { runIterations } from './montecarlo.js';
import { solve, Unreachable } from './goalseek.js';
import { normaliseSeed } from './rng.js';

export interface MetricChoice {
  /** Metric id: gap (default), do-nothing-gap, cost, funding, investment, position:<organisation>. */
  metric?: string;
  /** Default: the calibration year, else the horizon. */
  year?: string;
  /** Extra metrics that `metric` may name. */
  metrics?: MetricDef[];
}

function chooseMetric(scenario: PreparedScenario, o: MetricChoice): { def: MetricDef; t: number; year: string } {
  const all = [...defaultMetrics(scenario.model), ...(o.metrics ?? [])];
  const id = o.metric ?? 'gap';
  const def = all.find((m) => m.id === id);
  if (!def) throw new UserError(`--metric: unknown metric '${id}'; choose from ${all.map((m) => m.id).join(', ')}`);
  const m = scenario.model;
  const year = o.year ?? scenario.calibration?.year ?? m.years[m.nYears - 1]!;
  const t = m.years.indexOf(year);
  if (t < 0) throw new UserError(`--year: ${year} is not in the projection (${m.years[0]} to ${m.years[m.nYears - 1]})`);
  return { def, t, year };
}

export interface TornadoBar {
  input: string;
  label: string;
  /** The input's p10 and p90 (of its distribution as truncated). */
  low: number;
  high: number;
  central: number;
  /** The metric with the input at its p10, and at its p90. */
  atLow: number;
  atHigh: number;
  /** |atHigh − atLow| */
  swing: number;
}

export interface TornadoResult {
  metric: string;
  metricLabel: string;
  unit: string;
  year: string;
  /** The metric with every input at its central value. */
  central: number;
  /** Largest swing first. */
  bars: TornadoBar[];
}

/**
 * Tornado: for each uncertain input, the metric with that input at its p10 and
 * at its p90, every other input at its central value; sorted by swing.
 *
 * @example
 * ```ts
 * const t = tornado(loadScenario('models/harrogate-integrated-care-uncertain.yaml'), { year: '2020/21' });
 * t.bars[0]; // { input: '$unit_cost_community_contact', atLow: …, atHigh: …, swing: … }
 * ```
 */
export function tornado(scenario: PreparedScenario, options: MetricChoice = {}): TornadoResult {
  const { def, t, year } = chooseMetric(scenario, options);
  const plan = planSampling(scenario);
  const model = scenario.model;
  const names = inputNames(scenario);
  const ws = allocate(model);
  const p = Float64Array.from(model.p0);
  const at = (slot: number, x: number) => {
    p.set(model.p0);
    p[slot] = x;
    applyLinks(model, p);
    return def.value(project(model, p, ws, { attribution: false, detail: !def.lean }), t, model);
  };
  const central = def.value(project(model, model.p0, ws, { attribution: false, detail: !def.lean }), t, model);
  const bars = plan.inputs.map((u, j) => {
    const low = inputQuantile(plan, j, 0.1);
    const high = inputQuantile(plan, j, 0.9);
    const atLow = at(u.slot, low);
    const atHigh = at(u.slot, high);
    return { input: names[j]!, label: u.label, low, high, central: model.p0[u.slot]!, atLow, atHigh, swing: Math.abs(atHigh - atLow) };
  });
  bars.sort((a, b) => b.swing - a.swing || (a.input < b.input ? -1 : 1));
  return { metric: def.id, metricLabel: def.label, unit: def.unit, year, central, bars };
}

export interface GoalSeekOptions extends MetricChoice {
  /** The input to vary: a `$parameter` name (uncertain or not) or an uncertain input's scenario path. */
  input: string;
  /** Target value of the metric (deterministic goal seek). */
  target?: number;
  /** Target probability that the system gap closes (gap ≤ 0) in the year: solved over a Monte Carlo run. */
  probability?: number;
  /** Search range for the input; default: the input's distribution's bounds (or its 0.1% and 99.9% quantiles where unbounded), else 0 to twice its value (or 0 to 1 for a share). */
  range?: [number, number];
  /** For a probability target: iterations (default 1,000) and seed (default 1); every evaluation uses the same seed (common random numbers). */
  iterations?: number;
  seed?: number;
  /** Deterministic: tolerance on the metric (default £1,000 for £ metrics, 1e-9 of the target otherwise). */
  tolerance?: number;
}

export interface GoalSeekResult {
  input: string;
  metric: string;
  year: string;
  /** The value found. */
  value: number;
  /** The input's central value, for comparison. */
  central: number;
  range: [number, number];
  /** The target and what the value achieves (the metric, or the probability). */
  target: number;
  achieved: number;
  kind: 'value' | 'probability';
  evaluations: number;
}

/**
 * Goal seek: the value of one input that brings a metric to a target, or that
 * makes the system gap close with a target probability (over a Monte Carlo
 * run with the same seed for every evaluation, so the probability is a
 * deterministic step function of the input; the smallest change from the
 * range's start reaching the target is found by bisection).
 *
 * @example
 * ```ts
 * // The share of avoidable admissions that closes the 2020/21 gap:
 * goalSeek(s, { input: '$avoidable_admission_share', target: 0, year: '2020/21', range: [0, 1] });
 * // … that closes it with 80% certainty:
 * goalSeek(s, { input: '$avoidable_admission_share', probability: 0.8, year: '2020/21', range: [0, 1], iterations: 1000 });
 * ```
 */
export function goalSeek(scenario: PreparedScenario, o: GoalSeekOptions): GoalSeekResult {
  const model = scenario.model;
  const plan = planSampling(scenario);
  const { slot, name, range, isUncertain } = locateInput(scenario, plan, o);
  const central = model.p0[slot]!;
  if ((o.target === undefined) === (o.probability === undefined)) throw new UserError('goal seek: give either a target value (--target) or a target probability (--probability)');
  if (o.probability !== undefined) {
    const { t, year } = chooseMetric(scenario, { ...o, metric: 'gap' });
    if (o.metric && o.metric !== 'gap') throw new UserError('--probability: a probability target is the probability that the system gap closes (--metric gap)');
    if (!(o.probability > 0 && o.probability < 1)) throw new UserError(`--probability: must be between 0 and 1 (got ${o.probability})`);
    const n = o.iterations ?? 1000;
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`--iterations: the number of iterations must be a whole number above 0 (got ${n})`);
    const seed = normaliseSeed(o.seed ?? 1);
    const gap: MetricDef = { id: 'gap', label: 'gap', unit: '£', value: (p, tt) => p.systemGap[tt]! };
    // The input itself is held fixed; the other inputs are sampled (common random numbers).
    const sub: SamplingPlan = isUncertain ? { ...plan, cache: undefined } : plan;
    let evaluations = 0;
    const prob = (x: number) => {
      evaluations++;
      const b = runIterations(scenario, sub, [gap], seed, n, 0, n, undefined, { slot, value: x });
      let c = 0;
      for (let i = 0; i < n; i++) if (b.values[i * model.nYears + t]! <= 0) c++;
      return c / n;
    };
    let [a, bnd] = range;
    let fa = prob(a);
    let fb = prob(bnd);
    if (fa >= o.probability) return { input: name, metric: 'gap', year, value: a, central, range, target: o.probability, achieved: fa, kind: 'probability', evaluations };
    if (fb < o.probability) {
      throw new UserError(
        `goal seek: a ${(o.probability * 100).toFixed(0)}% chance of closing the ${year} gap is not reached with ${name} from ${fmt(range[0])} to ${fmt(range[1])}: the chance goes from ${(fa * 100).toFixed(1)}% to ${(fb * 100).toFixed(1)}% (${n} iterations)`,
      );
    }
    for (let i = 0; i < 60 && Math.abs(bnd - a) > 1e-9 * Math.max(1, Math.abs(bnd)); i++) {
      const mid = (a + bnd) / 2;
      const fm = prob(mid);
      if (fm >= o.probability) [bnd, fb] = [mid, fm];
      else [a, fa] = [mid, fm];
    }
    return { input: name, metric: 'gap', year, value: bnd, central, range, target: o.probability, achieved: fb, kind: 'probability', evaluations };
  }
  const { def, t, year } = chooseMetric(scenario, o);
  const target = o.target!;
  const ws = allocate(model);
  const p = Float64Array.from(model.p0);
  let evaluations = 0;
  const f = (x: number) => {
    evaluations++;
    p.set(model.p0);
    p[slot] = x;
    applyLinks(model, p);
    return def.value(project(model, p, ws, { attribution: false, detail: !def.lean }), t, model);
  };
  const tolerance = o.tolerance ?? (def.unit === '£' ? 1000 : Math.max(1e-12, Math.abs(target) * 1e-9));
  try {
    const s = solve(f, range, target, tolerance);
    return { input: name, metric: def.id, year, value: s.x, central, range, target, achieved: s.value, kind: 'value', evaluations };
  } catch (e) {
    if (e instanceof Unreachable) {
      throw new UserError(
        `goal seek: ${def.id} ${year} = ${fmt(target)} is not reached with ${name} from ${fmt(range[0])} to ${fmt(range[1])}: ${def.id} goes from ${fmt(e.reached[0])} to ${fmt(e.reached[1])}`,
      );
    }
    throw e;
  }
}

function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-GB') : String(Number(x.toPrecision(6)));
}

function locateInput(scenario: PreparedScenario, plan: SamplingPlan, o: GoalSeekOptions): { slot: number; name: string; range: [number, number]; isUncertain: boolean } {
  const model = scenario.model;
  const j = findInput(scenario, o.input);
  let slot: number;
  let range = o.range;
  let name: string;
  if (j >= 0) {
    slot = plan.inputs[j]!.slot;
    name = inputNames(scenario)[j]!;
    const c = plan.compiled[j]!;
    range ??= [Number.isFinite(c.lo) ? c.lo : inputQuantile(plan, j, 0.001), Number.isFinite(c.hi) ? c.hi : inputQuantile(plan, j, 0.999)];
  } else {
    const bare = o.input.replace(/^\$/, '');
    const par = model.parameters.get(bare);
    if (!par) {
      const names = [...model.parameters.keys()].map((k) => `$${k}`);
      throw new UserError(`--input: '${o.input}' is neither a parameter nor an uncertain input; parameters: ${names.join(', ')}`);
    }
    if (par.series) throw new UserError(`--input: $${bare} is a series (a rate by year); goal seek varies one number`);
    slot = par.slot;
    name = `$${bare}`;
    const v = model.p0[slot]!;
    range ??= v >= 0 && v <= 1 ? [0, 1] : [Math.min(0, 2 * v), Math.max(0, 2 * v)];
  }
  if (!(range[0] < range[1])) throw new UserError(`--range: the range must go from low to high (got ${range[0]} to ${range[1]})`);
  return { slot, name, range, isUncertain: j >= 0 };
}
