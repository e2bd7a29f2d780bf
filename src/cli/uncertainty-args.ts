/** Argument parsing shared by the uncertainty commands: strict numbers, clear messages. */
import { UserError } from '../errors.js';
import { MIN_ITERATIONS } from '../uncertainty/limits.js';

/** A whole number, or a UserError naming the option. */
export function wholeNumber(option: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UserError(`${option}: required`);
    return fallback;
  }
  if (!/^-?\d+$/.test(value.trim())) throw new UserError(`${option}: expected a whole number (got '${value}')`);
  return Number(value);
}

/**
 * The most Monte Carlo iterations one command runs: percentiles are steady
 * long before this many (the bench holds a run this size under 500 MB); a
 * larger sweep is sharded (--shard, popshift merge).
 */
export const MAX_ITERATIONS = 1_000_000;

/** `--iterations N`: a whole number from MIN_ITERATIONS to MAX_ITERATIONS. */
export function iterationCount(value: string | undefined, fallback?: number): number {
  const n = wholeNumber('--iterations', value, fallback);
  if (n < MIN_ITERATIONS) throw new UserError(`--iterations: the number of iterations must be at least ${MIN_ITERATIONS}: a spread and rank correlations need two (got ${n})`);
  if (n > MAX_ITERATIONS) {
    throw new UserError(`--iterations: at most ${MAX_ITERATIONS.toLocaleString('en-GB')} iterations in one run (got ${n.toLocaleString('en-GB')})`);
  }
  return n;
}

/** A number, or a UserError naming the option. */
export function number(option: string, value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x)) throw new UserError(`${option}: expected a number (got '${value}')`);
  return x;
}

/** `lo,hi` */
export function range(option: string, value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',');
  if (parts.length !== 2) throw new UserError(`${option}: write the range as low,high (got '${value}')`);
  return [number(option, parts[0]!), number(option, parts[1]!)];
}

/** `--prices cash`, `real:2017/18` or `real:2017/18:gdp` (year, then optionally the deflator's id). */
export function prices(value: string | undefined): 'cash' | { real: string; deflator?: string } {
  if (value === undefined || value === 'cash') return 'cash';
  const m = /^real:(\d{4}\/\d{2})(?::([a-z0-9][a-z0-9-]*))?$/.exec(value.trim());
  if (!m) throw new UserError(`--prices: write cash, real:YYYY/YY or real:YYYY/YY:<deflator> (got '${value}')`);
  return m[2] ? { real: m[1]!, deflator: m[2] } : { real: m[1]! };
}

/** `--discount-rate`: a fraction (0.035) or a percentage (3.5%), from −99% to 99%; default the Green Book's 3.5%. */
export function discountRate(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  const x = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(x > -1 && x < 1)) throw new UserError(`--discount-rate: write a fraction such as 0.035 or a percentage such as 3.5% (got '${value}')`);
  return x;
}

/** `--threshold a,b,…`: one or more numbers (£ for money metrics). */
export function numberList(option: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((v) => number(option, v));
}

/** A command that samples the uncertain inputs refuses a scenario with none: its output would be one projection repeated (a spread of 0, and a 0% or 100% chance). */
export function requireUncertain(scenario: { file: string; uncertain: readonly unknown[] }, command: string): void {
  if (scenario.uncertain.length > 0) return;
  throw new UserError(`${command}: ${scenario.file} has no inputs written as distributions, so there is nothing to ${command === 'tornado' ? 'swing' : 'sample'}; write one as, e.g., value: { dist: pert, min: 0.1, mode: 0.2, max: 0.3 } (models/harrogate-integrated-care-uncertain.yaml does so for Harrogate)`);
}
