/**
 * Contribution to variance: each uncertain input's share of a metric's
 * variance over a Monte Carlo run, as @RISK and Crystal Ball estimate it: the
 * squared Spearman rank correlation of the input with the metric, normalised
 * so the shares sum to 1. Exact for a metric that is a monotone, additive
 * function of independent inputs; otherwise an approximation (correlated
 * inputs share credit, interactions are spread over the inputs involved).
 */
import { ranks, pearson } from './statistics.js';
import { valuesArgument } from '../api-arguments.js';
import { UserError } from '../errors.js';
import { messages } from '../scenario/messages.js';

export interface Contribution {
  /** The input as an analyst names it: `$parameter`, else its scenario path. */
  input: string;
  /** Its name as a person would say it (the parameter's `label`, else its name in words). */
  label: string;
  /** Where it is written in the scenario (`parameters.ndg_ae.value`). */
  path: string;
  /** Spearman rank correlation of the input with the metric. */
  rho: number;
  /** rho² ÷ Σ rho² over the inputs (0 for every input when none correlates). */
  share: number;
}

/**
 * Shares of the metric's variance, largest first, from the metric's values
 * `y` (length n) and the sampled inputs [i × nInputs + j].
 *
 * @example
 * ```ts
 * // y = x0 (x1 is noise): x0 takes (almost) all of the variance
 * contributionToVariance(y, inputs, [{ name: '$a', label: 'A', path: 'parameters.a.value' }, { name: '$b', label: 'B', path: 'parameters.b.value' }]);
 * ```
 */
export function contributionToVariance(y: Float64Array, inputs: Float64Array, names: { name: string; label: string; path: string }[]): Contribution[] {
  valuesArgument('contributionToVariance', y, "the metric's values, one an iteration", 1);
  valuesArgument('contributionToVariance', inputs, 'the sampled inputs, iteration by iteration', 2);
  const n = y.length;
  const nIn = names.length;
  if (inputs.length !== n * nIn) throw new UserError(messages.argument.sameLength('contributionToVariance', 'the second argument (the sampled inputs)', inputs.length, `one for each input named (${nIn}) in each iteration (${n}): ${n * nIn}`));
  const ry = ranks(y);
  const x = new Float64Array(n);
  const out = names.map((nm, j) => {
    for (let i = 0; i < n; i++) x[i] = inputs[i * nIn + j]!;
    return { input: nm.name, label: nm.label, path: nm.path, rho: pearson(ranks(x), ry), share: 0 };
  });
  const total = out.reduce((s, c) => s + c.rho * c.rho, 0);
  for (const c of out) c.share = total > 0 ? (c.rho * c.rho) / total : 0;
  out.sort((a, b) => b.share - a.share || (a.input < b.input ? -1 : 1));
  return out;
}
