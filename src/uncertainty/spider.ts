/**
 * The spider: the metric as each uncertain input moves across its
 * percentiles (p10, p20, …, p90 of its distribution as truncated), the others
 * at their central values. The tornado is its two outer points; the spider
 * shows the shape between them (a step, a plateau, a turn). A choice among
 * named options (population tables) has no percentiles, its options no
 * order: it is no line but each option by name, the others central.
 */
import type { PreparedScenario } from '../api.js';
import { chooseMetric, oneAtATime, METRIC_CHOICE, type MetricChoice } from './sensitivity.js';
import { planSampling, inputNames, inputQuantile } from './sample.js';
import { optionKeys, optionsArgument, scenarioArgument } from '../api-arguments.js';

/** The percentiles a spider line passes through, as fractions. */
export const SPIDER_PERCENTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

export interface SpiderLine {
  /** The input as an analyst names it: `$parameter`, else its scenario path. */
  input: string;
  /** Its name as a person would say it (the parameter's `label`, else its name in words). */
  label: string;
  /** Where it is written in the scenario (`parameters.ndg_ae.value`). */
  path: string;
  central: number;
  /** At each percentile: the input's value there and the metric with it. */
  points: { percentile: number; input: number; value: number }[];
  /** Greatest − least value of the metric along the line. */
  range: number;
}

/** A choice among named options in the spider: the metric with each option, the others central. */
export interface SpiderChoice {
  /** The input as an analyst names it: `$parameter`, else its scenario path. */
  input: string;
  /** Its name as a person would say it. */
  label: string;
  /** Where it is written in the scenario (`places[0].population.table`). */
  path: string;
  /** The central option's name. */
  central: string;
  /** Each option in the file's order: its name, its probability and the metric with it. */
  options: { option: string; probability: number; value: number }[];
  /** Greatest − least value of the metric over the options (the tornado's swing). */
  range: number;
}

export interface SpiderResult {
  metric: string;
  metricLabel: string;
  unit: string;
  /** The price base of its £ figures: the scenario's own (cash unless the scenario says otherwise). */
  priceBase: string;
  year: string;
  /** The metric with every input at its central value. */
  central: number;
  percentiles: number[];
  /** The inputs that are numbers, widest range first. */
  lines: SpiderLine[];
  /** The choices among named options, widest range first. */
  choices: SpiderChoice[];
}

const SPIDER_OPTIONS = optionKeys<MetricChoice & { percentiles?: number[] }>({ ...METRIC_CHOICE, percentiles: 'optional' });

/**
 * Spider: for each uncertain input, the metric with that input at each of
 * `percentiles` (default p10 to p90 in tenths), every other input central;
 * sorted by the range it spans. A choice among named options is in
 * `choices`, with the metric at each option.
 *
 * @example
 * ```ts
 * const s = spider(loadScenario('models/harrogate-integrated-care-uncertain.yaml'), { year: '2020/21' });
 * s.lines[0].points.map((p) => p.value); // the gap at p10 … p90 of the input that moves it most
 * ```
 */
export function spider(scenario: PreparedScenario, options: MetricChoice & { percentiles?: number[] } = {}): SpiderResult {
  scenarioArgument('spider', scenario);
  optionsArgument('spider', options, SPIDER_OPTIONS, 2);
  const { def, t, year } = chooseMetric(scenario, options);
  const percentiles = options.percentiles ?? [...SPIDER_PERCENTILES];
  const plan = planSampling(scenario);
  const names = inputNames(scenario);
  const { at, central } = oneAtATime(scenario, def, t);
  const lines: SpiderLine[] = [];
  const choices: SpiderChoice[] = [];
  const byRange = <T extends { range: number; input: string }>(a: T, b: T) => b.range - a.range || (a.input < b.input ? -1 : 1);
  const rangeOf = (vs: number[]) => Math.max(...vs) - Math.min(...vs);
  plan.inputs.forEach((u, j) => {
    const named = { input: names[j]!, label: u.title, path: u.label };
    const x0 = scenario.model.p0[u.slot]!;
    if (u.options) {
      // the option's index is its order in the file: its percentiles would say nothing
      const p = u.dist.dist === 'discrete' ? u.dist.p : [];
      const options = u.options.map((option, k) => ({ option, probability: p[k]!, value: at(u.slot, k) }));
      choices.push({ ...named, central: u.options[x0]!, options, range: rangeOf(options.map((o) => o.value)) });
      return;
    }
    const points = percentiles.map((pc) => {
      const x = inputQuantile(plan, j, pc);
      return { percentile: pc, input: x, value: at(u.slot, x) };
    });
    lines.push({ ...named, central: x0, points, range: rangeOf(points.map((pt) => pt.value)) });
  });
  lines.sort(byRange);
  choices.sort(byRange);
  return { metric: def.id, metricLabel: def.label, unit: def.unit, priceBase: scenario.model.priceBase, year, central, percentiles, lines, choices };
}
