/**
 * The optimiser: the mix and scale of schemes, within an investment budget,
 * that maximises the probability the system gap closes in a year (or
 * minimises its expected value).
 *
 * Each scheme varied has a scale s: its effect (φ, or the days a length-of-
 * stay scheme removes) and its investment (one-off and recurrent) are
 * multiplied by s, so a scheme at half scale costs half and delivers half;
 * s = 1 is the scheme as written, s = 0 leaves it out. An on/off scheme's s
 * is 0 or 1; a continuous one's lies within bounds (default 0 to 1).
 *
 * Every candidate is judged on the same sampled inputs (common random
 * numbers: one draw of n iterations with the seed), so differences between
 * candidates are the schemes', not sampling noise, and the search is
 * deterministic for a seed. The search:
 *   1. a grid: every on/off choice × `levels` evenly spaced scales of each
 *      continuous scheme, enumerated whole when it has at most `maxGrid`
 *      points, else searched one scheme at a time until no change helps;
 *   2. local refinement of the continuous scales from the grid's best: each
 *      scale up or down a step, and pairs traded (one up, one down, so a mix
 *      on the budget's edge can move along it), each on/off flipped; the
 *      step halves when nothing helps, down to 1/64 of the range; and each
 *      continuous scheme grown to spend what the budget leaves.
 * Candidates over budget are never chosen. Ties are broken by the other
 * objective, then by the smaller investment. A grid search with local moves
 * finds the best of what it tries: with interactions between schemes
 * (capacity steps, shared services) it may miss an optimum elsewhere.
 */
import { UserError, optionProblem } from '../errors.js';
import { messages } from '../scenario/messages.js';
import type { PreparedScenario } from '../api.js';
import type { Model, SchemeDef, InvestmentDef } from '../engine/types.js';
import { compileFormula, type Formula, type FormulaTree } from '../engine/formulas.js';
import { allocate, applyLinks, project } from '../engine/project.js';
import { kernel } from './kernel.js';
import type { MetricDef } from './metrics.js';
import { planSampling, sampleInputs } from './sample.js';
import { normaliseSeed } from './rng.js';
import { chooseMetric } from './sensitivity.js';
import { optionKeys, optionsArgument, scenarioArgument } from '../api-arguments.js';

export type Objective = 'probability' | 'expected-gap';

export interface OptimiseOptions {
  /** `probability` (default): maximise P(system gap ≤ 0) in the year; `expected-gap`: minimise the mean gap. */
  objective?: Objective;
  /** Default: the calibration year, else the horizon. */
  year?: string;
  /** Most the mix may invest: every scheme's investment over the projection at central values, £ cash, undiscounted. Default: no limit. */
  budget?: number;
  /** Scheme ids to vary (default every scheme); the others stay as written (their investment counts towards the budget). */
  schemes?: string[];
  /** Of the schemes varied, those that are all or nothing (scale 0 or 1). */
  onOff?: string[];
  /** Scale bounds of a continuous scheme by id (default [0, 1]). */
  bounds?: Record<string, [number, number]>;
  /** Iterations every candidate is judged on (default 500). */
  iterations?: number;
  /** Seed of the common random numbers (default 1). */
  seed?: number;
  /** Grid scales per continuous scheme (default 5: 0, ¼, ½, ¾, 1 of its range). */
  levels?: number;
  /** Largest grid enumerated whole (default 256 points). */
  maxGrid?: number;
}

const OPTIMISE_OPTIONS = optionKeys<OptimiseOptions>({
  objective: 'optional', year: 'optional', budget: 'optional', schemes: 'optional', onOff: 'optional', bounds: 'optional',
  iterations: 'optional', seed: 'optional', levels: 'optional', maxGrid: 'optional',
});

/** One scheme's part of a mix. */
export interface MixScheme {
  id: string;
  scale: number;
  /** The scheme's fraction at this scale (its central fraction × scale), when it has one. */
  fraction: number | null;
  /** Its investment over the projection at this scale, £. */
  investment: number;
}

export interface Mix {
  schemes: MixScheme[];
  /** Every scheme's investment (varied and fixed) over the projection, £. */
  investment: number;
  withinBudget: boolean;
  /** P(system gap ≤ 0) in the year, over the common iterations. */
  probability: number;
  /** Mean system gap in the year, £. */
  expectedGap: number;
}

export interface OptimiseResult {
  objective: Objective;
  year: string;
  /** The price base of the expected gaps and investments: the scenario's own. */
  priceBase: string;
  iterations: number;
  seed: number;
  budget: number | null;
  /** The schemes varied, how, and each at full scale. */
  varied: { id: string; name: string; kind: 'on/off' | 'continuous'; bounds: [number, number]; fullInvestment: number }[];
  best: Mix;
  /** The schemes as written (every scale 1), whether or not within budget. */
  asWritten: Mix;
  /** Every varied scheme left out (scale 0). */
  without: Mix;
  /** The grid's best, before refinement. */
  gridBest: Mix;
  /** Distinct mixes judged. */
  evaluated: number;
  method: string;
}

/**
 * Search the mix and scale of schemes that maximises P(gap closes) in a year
 * (or minimises the expected gap) within an investment budget, on common
 * random numbers.
 *
 * @example
 * ```ts
 * const s = loadScenario('models/harrogate-integrated-care-uncertain.yaml');
 * const r = optimise(s, { year: '2020/21', budget: 400_000, onOff: ['avoidable-admissions'], iterations: 200 });
 * r.best.schemes; // each scheme's scale, fraction and investment
 * r.best.probability; // P(gap closes) with that mix, against r.asWritten.probability
 * ```
 */
export function optimise(scenario: PreparedScenario, o: OptimiseOptions = {}): OptimiseResult {
  scenarioArgument('optimise', scenario);
  optionsArgument('optimise', o, OPTIMISE_OPTIONS, 2);
  const model = scenario.model;
  const objective = o.objective ?? 'probability';
  if (objective !== 'probability' && objective !== 'expected-gap') throw new UserError(optionProblem('objective', `probability or expected-gap (got '${String(objective)}')`));
  const { t, year } = chooseMetric(scenario, { metric: 'gap', year: o.year });
  const n = o.iterations ?? 500;
  if (!Number.isInteger(n) || n < 1) throw new UserError(optionProblem('iterations', messages.argument.iterationsAbove0(n)));
  const seed = normaliseSeed(o.seed ?? 1);
  const levels = o.levels ?? 5;
  if (!Number.isInteger(levels) || levels < 2) throw new UserError(optionProblem('levels', `at least 2 grid scales per scheme (got ${levels})`));
  const budget = o.budget ?? null;
  if (budget !== null && !(budget >= 0)) throw new UserError(optionProblem('budget', `an amount in £ of 0 or more (got ${budget})`));
  const ids = model.schemes.map((k) => k.id);
  // each unknown id under the option that named it
  const unknown = (
    [
      ['schemes', o.schemes ?? []],
      ['onOff', o.onOff ?? []],
      ['bounds', Object.keys(o.bounds ?? {})],
    ] as const
  ).flatMap(([option, list]) => {
    const bad = list.filter((id) => !ids.includes(id));
    return bad.length ? [optionProblem(option, `no scheme ${bad.map((u) => `'${u}'`).join(', ')}; the scenario's schemes: ${ids.join(', ') || 'none'}`)] : [];
  });
  if (unknown.length) throw new UserError(unknown);
  const chosen = o.schemes ?? ids;
  const variedIdx = ids.flatMap((id, k) => (chosen.includes(id) || o.onOff?.includes(id) ? [k] : []));
  if (!variedIdx.length) throw new UserError('optimise: the scenario has no schemes to vary');
  const vars = variedIdx.map((k) => {
    const id = ids[k]!;
    const binary = o.onOff?.includes(id) ?? false;
    const b = o.bounds?.[id] ?? [0, 1];
    if (binary && o.bounds?.[id]) throw new UserError(optionProblem('bounds', `${id} is on/off (scale 0 or 1); bounds are for continuous schemes`));
    if (!(b[0] >= 0 && b[0] <= b[1])) throw new UserError(optionProblem('bounds', `${id}'s scale bounds must go from 0 or more, low to high (got ${b[0]} to ${b[1]})`));
    return { k, id, binary, lo: binary ? 0 : b[0], hi: binary ? 1 : b[1] };
  });

  // central investment and fraction of each scheme, at full scale
  const central = project(model, model.p0, allocate(model), { attribution: false, detail: false });
  const fullInvestment = model.schemes.map((_, k) => {
    let s = 0;
    for (let y = 0; y < model.nYears; y++) s += central.schemeInvestment[k * model.nYears + y]!;
    return s;
  });
  const fixedInvestment = fullInvestment.reduce((s, v, k) => (variedIdx.includes(k) ? s : s + v), 0);
  const { scaled, scaleSlots } = scalableModel(model, variedIdx);

  // common random numbers: every candidate is judged on these inputs
  const plan = planSampling(scenario);
  const sampled = sampleInputs(plan, seed, n, 0, n);
  // the scales go in as inputs of their own (the same in every iteration), so one kernel serves
  // every mix and knows they vary (it may merge flows that nothing varying tells apart)
  const m = plan.inputs.length;
  const w = m + scaleSlots.length;
  const slots = [...plan.inputs.map((u) => u.slot), ...scaleSlots];
  const inputs = new Float64Array(n * w);
  for (let i = 0; i < n; i++) inputs.set(sampled.subarray(i * m, (i + 1) * m), i * w);
  const gap: MetricDef[] = [{ id: 'gap', label: 'gap', unit: '£', lean: true, value: (p, tt) => p.systemGap[tt]! }];
  const k = kernel(scaled, slots, gap);
  const cache = new Map<string, Mix>();
  const judge = (scales: number[]): Mix => {
    const key = scales.map((s) => s.toPrecision(12)).join(',');
    const hit = cache.get(key);
    if (hit) return hit;
    for (let i = 0; i < n; i++) for (let j = 0; j < scales.length; j++) inputs[i * w + m + j] = scales[j]!;
    const values = k.run(inputs, 0, n);
    let closes = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const g = values[i * model.nYears + t]!;
      if (g <= 0) closes++;
      sum += g;
    }
    const schemes = vars.map((v, i) => {
      const sc = model.schemes[v.k]!;
      return { id: v.id, scale: scales[i]!, fraction: sc.fractionSlot >= 0 ? model.p0[sc.fractionSlot]! * scales[i]! : null, investment: fullInvestment[v.k]! * scales[i]! };
    });
    const investment = fixedInvestment + schemes.reduce((s, x) => s + x.investment, 0);
    const mix = { schemes, investment, withinBudget: budget === null || investment <= budget * (1 + 1e-12) + 1e-6, probability: closes / n, expectedGap: sum / n };
    cache.set(key, mix);
    return mix;
  };
  const better = (a: Mix, b: Mix): boolean => {
    if (a.withinBudget !== b.withinBudget) return a.withinBudget;
    const tol = 1e-9 * Math.max(1, Math.abs(a.expectedGap), Math.abs(b.expectedGap));
    const byP = a.probability - b.probability;
    const byGap = b.expectedGap - a.expectedGap;
    const [first, second] = objective === 'probability' ? [byP, byGap] : [byGap, byP];
    const firstTol = objective === 'probability' ? 1e-12 : tol;
    const secondTol = objective === 'probability' ? tol : 1e-12;
    if (Math.abs(first) > firstTol) return first > 0;
    if (Math.abs(second) > secondTol) return second > 0;
    return a.investment < b.investment - 1e-6;
  };

  // 1. the grid
  const gridOf = (v: (typeof vars)[number]) => (v.binary ? [0, 1] : Array.from({ length: levels }, (_, i) => v.lo + ((v.hi - v.lo) * i) / (levels - 1)));
  const grids = vars.map(gridOf);
  const size = grids.reduce((s, g) => s * g.length, 1);
  let bestScales = vars.map((v) => v.lo);
  let best = judge(bestScales);
  if (size <= (o.maxGrid ?? 256)) {
    const at = new Array<number>(vars.length).fill(0);
    for (let c = 0; c < size; c++) {
      let r = c;
      for (let i = vars.length - 1; i >= 0; i--) {
        at[i] = r % grids[i]!.length;
        r = Math.floor(r / grids[i]!.length);
      }
      const scales = at.map((a, i) => grids[i]![a]!);
      const m = judge(scales);
      if (better(m, best)) [best, bestScales] = [m, scales];
    }
  } else {
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < vars.length; i++) {
        for (const s of grids[i]!) {
          const scales = bestScales.map((x, j) => (j === i ? s : x));
          const m = judge(scales);
          if (better(m, best)) [best, bestScales, changed] = [m, scales, true];
        }
      }
    }
  }
  const gridBest = best;

  // 2. local refinement
  const cont = vars.flatMap((v, i) => (v.binary ? [] : [i]));
  const clampTo = (i: number, s: number) => Math.min(vars[i]!.hi, Math.max(vars[i]!.lo, s));
  let step = 1 / (2 * (levels - 1));
  while (cont.length && step >= 1 / 64) {
    const moves: number[][] = [];
    for (const i of cont) for (const d of [step, -step]) moves.push(bestScales.map((x, j) => (j === i ? clampTo(j, x + d * (vars[j]!.hi - vars[j]!.lo)) : x)));
    for (const i of cont)
      for (const j of cont)
        if (i !== j) moves.push(bestScales.map((x, q) => (q === i ? clampTo(q, x + step * (vars[q]!.hi - vars[q]!.lo)) : q === j ? clampTo(q, x - step * (vars[q]!.hi - vars[q]!.lo)) : x)));
    vars.forEach((v, i) => v.binary && moves.push(bestScales.map((x, j) => (j === i ? 1 - x : x))));
    // each continuous scheme grown to spend what the budget leaves (the optimum often sits on its edge)
    if (budget !== null)
      for (const i of cont) {
        const full = fullInvestment[vars[i]!.k]!;
        if (full > 0) moves.push(bestScales.map((x, j) => (j === i ? clampTo(j, x + (budget - best.investment) / full) : x)));
      }
    let improved = false;
    for (const scales of moves) {
      const m = judge(scales);
      if (better(m, best)) [best, bestScales, improved] = [m, scales, true];
    }
    if (!improved) step /= 2;
  }

  return {
    objective,
    year,
    priceBase: model.priceBase,
    iterations: n,
    seed,
    budget,
    varied: vars.map((v) => ({ id: v.id, name: model.schemes[v.k]!.name, kind: v.binary ? 'on/off' : 'continuous', bounds: [v.lo, v.hi], fullInvestment: fullInvestment[v.k]! })),
    best,
    asWritten: judge(vars.map(() => 1)),
    without: judge(vars.map(() => 0)),
    gridBest,
    evaluated: cache.size,
    method:
      `${objective === 'probability' ? `Maximises P(system gap ≤ 0) in ${year}` : `Minimises the mean system gap in ${year}`} over ${n} iterations (seed ${seed}), the same sampled inputs for every mix. ` +
      `Grid of ${size} mixes (${size <= (o.maxGrid ?? 256) ? 'every one judged' : 'searched a scheme at a time'}), then local steps down to 1/64 of each range and each scheme grown to the budget's edge. ` +
      `A scheme's scale multiplies its effect and its investment. Budget: ${budget === null ? 'none' : `£${Math.round(budget).toLocaleString('en-GB')}`} of investment over the projection at central values, cash, undiscounted.`,
  };
}

/**
 * A copy of the model in which each scheme of `ks` has a scale slot (appended
 * to the parameter vector) multiplying its realisation and its investment:
 * the scheme's own slots are left as they are (they may be parameters other
 * schemes share), and new derived slots hold the products.
 */
export function scalableModel(model: Model, ks: number[]): { scaled: Model; scaleSlots: number[] } {
  const extra: number[] = [];
  const formulas: Formula[] = [...model.formulas];
  let next = model.p0.length;
  const slot = (v: number) => {
    extra.push(v);
    return next++;
  };
  const scaleSlots = ks.map(() => slot(1));
  const times = (from: number, s: number) => {
    const to = slot(model.p0[from]!);
    const tree: FormulaTree = { k: 'op', op: 'multiply', a: { k: 'slot', slot: from }, b: { k: 'slot', slot: s } };
    formulas.push({ slot: to, tree, fn: compileFormula(tree) });
    return to;
  };
  const schemes: SchemeDef[] = model.schemes.map((sc, k) => {
    const i = ks.indexOf(k);
    if (i < 0) return sc;
    const s = scaleSlots[i]!;
    const investments: InvestmentDef[] = sc.investments.map((v) => ({
      ...v,
      oneOffSlots: Int32Array.from(v.oneOffSlots, (o) => (o >= 0 ? times(o, s) : -1)),
      recurrentSlot: v.recurrentSlot >= 0 ? times(v.recurrentSlot, s) : -1,
    }));
    return { ...sc, realisationSlot: times(sc.realisationSlot, s), investments };
  });
  const p0 = new Float64Array(next);
  p0.set(model.p0);
  p0.set(extra, model.p0.length);
  const slots = [...model.slots, ...extra.map((_, j) => ({ label: `optimiser scale slot ${j}` }))];
  const scaled: Model = { ...model, p0, schemes, formulas, slots };
  applyLinks(scaled, p0);
  return { scaled, scaleSlots };
}
