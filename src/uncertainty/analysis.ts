/**
 * Analysis of one metric in one year over a Monte Carlo run, from its
 * per-iteration values (read a column at a time from the run's store):
 *   1. the metric's column and the sampled inputs;
 *   2. its S-curve, histogram and P(metric ≤ threshold) (scurve.ts);
 *   3. each input's contribution to its variance (contribution.ts);
 *   4. stress analyses, each input held in a percentile range (stress.ts).
 */
import { UserError, optionProblem } from '../errors.js';
import type { PreparedScenario } from '../api.js';
import { simulate, SIMULATE_OPTIONS, type SimulateOptions, type RunValues, type RunInfo } from './simulate.js';
import type { SimulationResult } from './montecarlo.js';
import { chooseMetric, METRIC_CHOICE, type MetricChoice } from './sensitivity.js';
import { findInput, inputNames } from './sample.js';
import { nearest } from '../scenario/messages.js';
import { metricDistribution, type MetricDistribution } from './scurve.js';
import { contributionToVariance, type Contribution } from './contribution.js';
import { stress, type StressResult } from './stress.js';
import { optionKeys, optionsArgument, pickOptions, scenarioArgument } from '../api-arguments.js';

export interface AnalysisOptions extends MetricChoice {
  /** Thresholds for P(metric ≤ threshold), in the metric's unit (£ for money). */
  thresholds?: number[];
  /** Histogram bins (default about √iterations, 10 to 40). */
  bins?: number;
  /** Inputs to stress, each in a percentile range of its samples (fractions; default its worst decile). */
  stress?: { input: string; percentiles?: [number, number] }[];
}

const ANALYSIS_OPTIONS = optionKeys<AnalysisOptions>({ ...METRIC_CHOICE, thresholds: 'optional', bins: 'optional', stress: 'optional' });
const ANALYSE_OPTIONS = optionKeys<SimulateOptions & AnalysisOptions>({ ...SIMULATE_OPTIONS, ...ANALYSIS_OPTIONS });

export interface MetricAnalysis {
  metric: string;
  metricLabel: string;
  unit: string;
  year: string;
  iterations: number;
  seed: number;
  distribution: MetricDistribution;
  /** Each input's share of the metric's variance (squared rank correlations, normalised), largest first. */
  contributions: Contribution[];
  stress: StressResult[];
}

/** The analysis of one metric from a finished run's values (`SimulateOptions.onValues`). */
export function analyseValues(scenario: PreparedScenario, values: RunValues, seed: number, o: AnalysisOptions = {}): MetricAnalysis {
  scenarioArgument('analyseValues', scenario);
  optionsArgument('analyseValues', o, ANALYSIS_OPTIONS, 4);
  const { def, t, year } = chooseMetric(scenario, o);
  const m = values.metricIds.indexOf(def.id);
  if (m < 0) throw new UserError(optionProblem('metric', `'${def.id}' was not recorded by this run`));
  const n = values.iterations;
  const y = new Float64Array(n);
  values.store.column(m, t, y);
  const names = inputNames(scenario);
  const labels = scenario.uncertain.map((u, j) => ({ name: names[j]!, label: u.title, path: u.label }));
  const nIn = names.length;
  const column = (j: number) => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = values.inputs[i * nIn + j]!;
    return x;
  };
  const stressed = (o.stress ?? []).map((s) => {
    const j = findInput(scenario, s.input);
    if (j < 0) {
      const near = nearest(s.input, names);
      throw new UserError(optionProblem('stress', `'${s.input}' is not an uncertain input${near ? ` (did you mean '${near}'?)` : ''}; uncertain inputs: ${names.join(', ') || 'there are none'}`));
    }
    if (s.percentiles && !(s.percentiles[0] >= 0 && s.percentiles[1] <= 1 && s.percentiles[0] < s.percentiles[1])) {
      throw new UserError(optionProblem('stress.percentiles', `give two percentiles from p0 to p100, low then high (got ${s.percentiles.map((p) => `p${+(p * 100).toPrecision(12)}`).join(' to ')})`));
    }
    const r = stress(y, column(j), { input: names[j]!, label: labels[j]!.label, path: labels[j]!.path, metric: def.id, percentiles: s.percentiles, thresholds: o.thresholds });
    if (r.iterations === 0) throw new UserError(optionProblem('stress.percentiles', `no iteration has ${names[j]} in that range; widen it or run more iterations`));
    return r;
  });
  return {
    metric: def.id,
    metricLabel: def.label,
    unit: def.unit,
    year,
    iterations: n,
    seed,
    distribution: metricDistribution(y, { thresholds: o.thresholds, bins: o.bins }),
    contributions: nIn ? contributionToVariance(y, values.inputs, labels) : [],
    stress: stressed,
  };
}

/**
 * Run a Monte Carlo simulation and analyse one metric in one year: its
 * S-curve, histogram, P(metric ≤ each threshold), each input's contribution
 * to its variance, and any stress analyses.
 *
 * @example
 * ```ts
 * const s = loadScenario('models/harrogate-integrated-care-uncertain.yaml');
 * const { analysis } = await analyse(s, { iterations: 2000, seed: 1, metric: 'gap', year: '2020/21', thresholds: [29e6] });
 * analysis.distribution.below[0].probability; // P(gap ≤ £29m)
 * ```
 */
export async function analyse(
  scenario: PreparedScenario,
  options: SimulateOptions & AnalysisOptions,
): Promise<{ simulation: SimulationResult & { run: RunInfo }; analysis: MetricAnalysis }> {
  scenarioArgument('analyse', scenario);
  optionsArgument('analyse', options, ANALYSE_OPTIONS, 2);
  // checked before the run, so a mistyped metric or input costs no iterations
  chooseMetric(scenario, options);
  let analysis: MetricAnalysis | undefined;
  const simulation = await simulate(scenario, {
    ...pickOptions(options, SIMULATE_OPTIONS),
    onValues: (v) => {
      options.onValues?.(v);
      analysis = analyseValues(scenario, v, options.seed ?? 1, pickOptions(options, ANALYSIS_OPTIONS));
    },
  });
  return { simulation, analysis: analysis! };
}
