/**
 * Sensitivity: the tornado (each uncertain input from its p10 to its p90, the
 * others at their central values) and goal seek (the value of one input that
 * brings a metric to a target, or the probability the gap closes to a target).
 */
import { UserError, optionProblem } from '../errors.js';
import { messages } from '../scenario/messages.js';
import type { PreparedScenario } from '../api.js';
import { allocate, applyLinks, project } from '../engine/project.js';
import { defaultMetrics, type MetricDef } from './metrics.js';
import { planSampling, findInput, inputNames, inputQuantile, type SamplingPlan } from './sample.js';
import { runIterations } from './montecarlo.js';
import { solve, scan, bracketIn, closestIn, Unreachable, NotReached, type Scan, type Solution } from './goalseek.js';
import { normaliseSeed } from './rng.js';
import { optionKeys, optionsArgument, pickOptions, scenarioArgument, yearOption } from '../api-arguments.js';

export interface MetricChoice {
  /** Metric id: gap (default), do-nothing-gap, cost, funding, investment, position:<organisation>. */
  metric?: string;
  /** Default: the calibration year, else the horizon. */
  year?: string;
  /** Extra metrics that `metric` may name. */
  metrics?: MetricDef[];
}

export const METRIC_CHOICE = optionKeys<MetricChoice>({ metric: 'optional', year: 'optional', metrics: 'optional' });

/** The metric and year a sensitivity or analysis is of (UserError naming the option, metric or year, when unknown). */
export function chooseMetric(scenario: PreparedScenario, o: MetricChoice): { def: MetricDef; t: number; year: string } {
  const all = [...defaultMetrics(scenario.model), ...(o.metrics ?? [])];
  const id = o.metric ?? 'gap';
  const def = all.find((m) => m.id === id);
  if (!def) throw new UserError(optionProblem('metric', `unknown metric '${id}'; choose from ${all.map((m) => m.id).join(', ')}`));
  const m = scenario.model;
  const year = o.year ?? scenario.calibration?.year ?? m.years[m.nYears - 1]!;
  yearOption(year, m.years);
  return { def, t: m.years.indexOf(year), year };
}

export interface TornadoBar {
  /** The input as an analyst names it: `$parameter`, else its scenario path. */
  input: string;
  /** Its name as a person would say it (the parameter's `label`, else its name in words). */
  label: string;
  /** Where it is written in the scenario (`parameters.ndg_ae.value`). */
  path: string;
  /** The input's p10 and p90 (of its distribution as truncated); for a choice, the indices of the options giving the least and the most. */
  low: number;
  high: number;
  central: number;
  /** For a choice among named options (population tables): the names of the options at `low`, `central` and `high`. */
  options?: { low: string; central: string; high: string };
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
  /** The price base of its £ figures: the scenario's own (cash unless the scenario says otherwise). */
  priceBase: string;
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
  scenarioArgument('tornado', scenario);
  optionsArgument('tornado', options, METRIC_CHOICE, 2);
  const { t } = chooseMetric(scenario, options);
  return tornadoByYear(scenario, pickOptions(options, TORNADO_BY_YEAR))[t]!;
}

const TORNADO_BY_YEAR = optionKeys<Omit<MetricChoice, 'year'>>({ metric: 'optional', metrics: 'optional' });

/**
 * The tornado of every year at once (what a year selector shows): each
 * input's two projections give the metric in all years, so this costs what
 * one year's tornado does. Each year's bars are sorted by that year's swing.
 */
export function tornadoByYear(scenario: PreparedScenario, options: Omit<MetricChoice, 'year'> = {}): TornadoResult[] {
  scenarioArgument('tornadoByYear', scenario);
  optionsArgument('tornadoByYear', options, TORNADO_BY_YEAR, 2);
  const { def } = chooseMetric(scenario, { ...options, year: undefined });
  const plan = planSampling(scenario);
  const model = scenario.model;
  const names = inputNames(scenario);
  const { at, central } = oneAtATimeByYear(scenario, def);
  // each input's values tried, with the metric by year at each: a number's p10 and p90; a choice's every option (it has no order: its bar spans the options giving the least and the most, year by year)
  const ends = plan.inputs.map((u, j) => {
    const xs = u.options ? u.options.map((_, k) => k) : [inputQuantile(plan, j, 0.1), inputQuantile(plan, j, 0.9)];
    return { u, j, xs, values: xs.map((x) => at(u.slot, x)) };
  });
  const endsIn = (e: (typeof ends)[number], t: number) => {
    let lo = 0;
    let hi = e.xs.length - 1;
    if (e.u.options) {
      hi = 0;
      e.values.forEach((v, k) => {
        if (v[t]! < e.values[lo]![t]!) lo = k;
        if (v[t]! > e.values[hi]![t]!) hi = k;
      });
    }
    return { low: e.xs[lo]!, high: e.xs[hi]!, atLow: e.values[lo]![t]!, atHigh: e.values[hi]![t]! };
  };
  return model.years.map((year, t) => {
    const bars = ends.map((e) => {
      const { u, j } = e;
      const { low, high, atLow, atHigh } = endsIn(e, t);
      const central = model.p0[u.slot]!;
      const options = u.options ? { options: { low: u.options[low]!, central: u.options[central]!, high: u.options[high]! } } : {};
      return { input: names[j]!, label: u.title, path: u.label, low, high, central, ...options, atLow, atHigh, swing: Math.abs(atHigh - atLow) };
    });
    bars.sort((a, b) => b.swing - a.swing || (a.input < b.input ? -1 : 1));
    return { metric: def.id, metricLabel: def.label, unit: def.unit, priceBase: model.priceBase, year, central: central[t]!, bars };
  });
}

/**
 * The metric in year t with every input central (`central`), and with the
 * value in one slot changed, the others central (`at(slot, x)`).
 */
export function oneAtATime(scenario: PreparedScenario, def: MetricDef, t: number): { central: number; at: (slot: number, x: number) => number } {
  const { at, central } = oneAtATimeByYear(scenario, def, [t]);
  return { central: central[0]!, at: (slot, x) => at(slot, x)[0]! };
}

/** As oneAtATime, the metric in each of `years` (by default every year of the projection), one projection for all of them. */
export function oneAtATimeByYear(scenario: PreparedScenario, def: MetricDef, years?: number[]): { central: number[]; at: (slot: number, x: number) => number[] } {
  const model = scenario.model;
  const ts = years ?? model.years.map((_, t) => t);
  const ws = allocate(model);
  const p = Float64Array.from(model.p0);
  const values = (q: Float64Array) => {
    const proj = project(model, q, ws, { attribution: false, detail: !def.lean });
    return ts.map((t) => def.value(proj, t, model));
  };
  const at = (slot: number, x: number) => {
    p.set(model.p0);
    p[slot] = x;
    applyLinks(model, p);
    return values(p);
  };
  return { at, central: values(model.p0) };
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
  /** The price base of its £ figures: the scenario's own (cash unless the scenario says otherwise). */
  priceBase: string;
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
  /** Whether the metric (or probability) only rises or only falls over the range, judged from `scan`: if not, other values may reach the target too. */
  monotonic: boolean;
  /** The metric (or probability) at evenly spaced points of the range, looked at before solving. */
  scan: { x: number; value: number }[];
}

const GOAL_SEEK = optionKeys<GoalSeekOptions>({
  ...METRIC_CHOICE, input: 'required', target: 'optional', probability: 'optional', range: 'optional', iterations: 'optional', seed: 'optional', tolerance: 'optional',
});

/** Points scanned before solving: for a value target, and (each a Monte Carlo run) for a probability. */
const SCAN_POINTS = { value: 9, probability: 5 };

/**
 * Goal seek: the value of one input that brings a metric to a target, or that
 * makes the system gap close with a target probability (over a Monte Carlo
 * run with the same seed for every evaluation, so the probability is a
 * deterministic step function of the input: in the first stretch of the
 * scan where it crosses the target, rising or falling, bisection finds the
 * value at the crossing that still gives at least the target).
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
  scenarioArgument('goalSeek', scenario);
  optionsArgument('goalSeek', o, GOAL_SEEK, 2);
  checkGoalSeekNumbers(o);
  const model = scenario.model;
  const plan = planSampling(scenario);
  const { slot, name, range, isUncertain } = locateInput(scenario, plan, o);
  const central = model.p0[slot]!;
  if ((o.target === undefined) === (o.probability === undefined)) throw new UserError((name) => `goal seek: give either a target value (${name('target')}) or a target probability (${name('probability')})`);
  if (o.probability !== undefined) {
    const { t, year } = chooseMetric(scenario, { ...o, metric: 'gap' });
    if (o.metric && o.metric !== 'gap') throw new UserError(optionProblem('probability', (name) => `a probability target is the probability that the system gap closes (${name('metric')} gap)`));
    if (!(o.probability > 0 && o.probability < 1)) throw new UserError(optionProblem('probability', `must be between 0 and 1 (got ${o.probability})`));
    const n = o.iterations ?? 1000;
    if (!Number.isInteger(n) || n <= 0) throw new UserError(optionProblem('iterations', messages.argument.iterationsAbove0(n)));
    const seed = normaliseSeed(o.seed ?? 1);
    const gap: MetricDef = { id: 'gap', label: 'gap', unit: '£', value: (p, tt) => p.systemGap[tt]! };
    // The input itself is held fixed; the other inputs are sampled (common random numbers).
    const sub: SamplingPlan = isUncertain ? { ...plan, cache: undefined } : plan;
    if (plan.inputs.every((u) => u.slot === slot)) {
      throw new UserError(optionProblem('probability', (option) => `${scenario.file} has no uncertain input${isUncertain ? ` but ${name}, which goal seek holds at each value it tries` : ''}: with nothing sampled the gap closes with a chance of 0 or 1; write inputs as distributions (or use ${option('target')})`));
    }
    let evaluations = 0;
    const prob = (x: number) => {
      evaluations++;
      const b = runIterations(scenario, sub, [gap], seed, n, 0, n, undefined, { slot, value: x });
      let c = 0;
      for (let i = 0; i < n; i++) if (b.values[i * model.nYears + t]! <= 0) c++;
      return c / n;
    };
    const target = o.probability;
    const shape = scan(prob, range, SCAN_POINTS.probability);
    const found = { input: name, metric: 'gap', year, priceBase: model.priceBase, central, range, target, kind: 'probability' as const, monotonic: shape.monotonic, scan: points(shape) };
    // the first stretch of the scan where the chance crosses the target, whichever way (it falls as a cost or inflation rises)
    const reached = shape.values.map((v) => v >= target);
    const k = reached.findIndex((r, i) => i > 0 && r !== reached[i - 1]);
    if (k < 0) {
      const pc = (v: number) => `${(v * 100).toFixed(1)}%`;
      const best = closestIn(shape, target);
      const where = reached[0] ? `at least ${(target * 100).toFixed(0)}% over the whole range` : `below ${(target * 100).toFixed(0)}% over the whole range`;
      throw new UserError(
        (option) =>
          `goal seek: the chance of closing the ${year} gap does not cross ${(target * 100).toFixed(0)}% with ${name} from ${fmt(range[0])} to ${fmt(range[1])}: it is ${where} (from ${pc(shape.values[0]!)} to ${pc(shape.values[shape.values.length - 1]!)}; the closest is ${pc(best.value)} at ${name} = ${fmt(best.x)}, ${n} iterations); widen ${option('range')}${shapeNote(shape, 'the chance', name, pc)}`,
      );
    }
    // bisect the stretch, keeping the end that reaches the target: the value found is the first that gives at least the target as the chance rises, the last as it falls
    let [hit, miss] = reached[k] ? [shape.xs[k]!, shape.xs[k - 1]!] : [shape.xs[k - 1]!, shape.xs[k]!];
    let fh = reached[k] ? shape.values[k]! : shape.values[k - 1]!;
    for (let i = 0; i < 60 && Math.abs(hit - miss) > 1e-9 * Math.max(1, Math.abs(hit)); i++) {
      const mid = (hit + miss) / 2;
      const fm = prob(mid);
      if (fm >= target) [hit, fh] = [mid, fm];
      else miss = mid;
    }
    return { ...found, value: hit, achieved: fh, evaluations };
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
  // Look at the metric's shape first: solve in the first stretch that crosses the target, and say so when it turns.
  const shape = scan(f, range, SCAN_POINTS.value, tolerance);
  const note = shapeNote(shape, def.id, name, fmt);
  const miss = (closest: { x: number; value: number }, why = ''): never => {
    const ends = `${def.id} goes from ${fmt(shape.values[0]!)} to ${fmt(shape.values[shape.values.length - 1]!)}`;
    const span = shape.monotonic ? ends : `${ends}, between ${fmt(Math.min(...shape.values))} and ${fmt(Math.max(...shape.values))} on the way`;
    throw new UserError(
      `goal seek: ${def.id} ${year} = ${fmt(target)} is not reached with ${name} from ${fmt(range[0])} to ${fmt(range[1])}: ${span}; the closest is ${fmt(closest.value)} at ${name} = ${fmt(closest.x)}${why}${note}`,
    );
  };
  const bracket = bracketIn(shape, target);
  if (!bracket) return miss(closestIn(shape, target));
  let s: Solution;
  try {
    s = solve(f, bracket, target, tolerance);
  } catch (e) {
    if (e instanceof Unreachable) return miss(closestIn(shape, target));
    if (e instanceof NotReached) return miss(e.closest, ` (it jumps from ${fmt(e.values[0])} to ${fmt(e.values[1])} between ${fmt(e.bracket[0])} and ${fmt(e.bracket[1])}: a capacity step)`);
    throw e;
  }
  if (!(Math.abs(s.value - target) <= tolerance)) return miss({ x: s.x, value: s.value });
  return { input: name, metric: def.id, year, priceBase: model.priceBase, value: s.x, central, range, target, achieved: s.value, kind: 'value', evaluations, monotonic: shape.monotonic, scan: points(shape) };
}

/** A target, range end or tolerance that is not a finite number would only show later as a target 'not reached'. */
function checkGoalSeekNumbers(o: GoalSeekOptions): void {
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (o.target !== undefined && !finite(o.target)) throw new UserError(optionProblem('target', messages.goalSeek.notFinite(o.target)));
  o.range?.forEach((v) => {
    if (!finite(v)) throw new UserError(optionProblem('range', messages.goalSeek.notFinite(v)));
  });
  if (o.tolerance !== undefined && !(finite(o.tolerance) && o.tolerance > 0)) throw new UserError(optionProblem('tolerance', messages.goalSeek.tolerance(o.tolerance)));
}

function points(s: Scan): { x: number; value: number }[] {
  return s.xs.map((x, i) => ({ x, value: s.values[i]! }));
}

/** For a metric that turns over the range: a note with the points scanned (other values may reach the target too). */
function shapeNote(s: Scan, what: string, name: string, show: (v: number) => string): string {
  if (s.monotonic) return '';
  return `; ${what} is not monotonic in ${name} over this range (${s.xs.map((x, i) => `${fmt(x)} → ${show(s.values[i]!)}`).join(', ')})`;
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
      throw new UserError(optionProblem('input', `'${o.input}' is neither a parameter nor an uncertain input; parameters: ${names.join(', ')}`));
    }
    if (par.series) throw new UserError(optionProblem('input', `$${bare} is a series (a rate by year); goal seek varies one number`));
    slot = par.slot;
    name = `$${bare}`;
    const v = model.p0[slot]!;
    range ??= v >= 0 && v <= 1 ? [0, 1] : [Math.min(0, 2 * v), Math.max(0, 2 * v)];
  }
  if (!(range[0] < range[1])) throw new UserError(optionProblem('range', `the range must go from low to high (got ${range[0]} to ${range[1]})`));
  return { slot, name, range, isUncertain: j >= 0 };
}
