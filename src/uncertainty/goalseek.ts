/** Goal seek: the value of one input that brings a metric to a target. */

export interface Solution {
  /** The input value found. */
  x: number;
  /** The metric at x. */
  value: number;
  iterations: number;
}

/** Why a goal seek failed: the target lies outside what the range reaches. */
export class Unreachable extends Error {
  constructor(
    readonly target: number,
    readonly reached: [number, number],
    readonly range: [number, number],
  ) {
    super(`target ${target} is not reached within [${range[0]}, ${range[1]}]: the metric goes from ${reached[0]} to ${reached[1]}`);
  }
}

/**
 * Find x in [lo, hi] with f(x) = target, to within `tolerance` of the target,
 * by Illinois-modified regula falsi (bracketing, so it cannot wander out of
 * range; superlinear on smooth metrics). f must be continuous over the range;
 * it need not be monotone, but the target must lie between f(lo) and f(hi).
 */
export function solve(f: (x: number) => number, range: [number, number], target: number, tolerance: number, maxIterations = 100): Solution {
  let [a, b] = range;
  let fa = f(a) - target;
  let fb = f(b) - target;
  if (Math.abs(fa) <= tolerance) return { x: a, value: fa + target, iterations: 0 };
  if (Math.abs(fb) <= tolerance) return { x: b, value: fb + target, iterations: 0 };
  if (fa * fb > 0) throw new Unreachable(target, [fa + target, fb + target], range);
  let side = 0;
  for (let i = 1; i <= maxIterations; i++) {
    const x = (a * fb - b * fa) / (fb - fa);
    const fx = f(x) - target;
    if (Math.abs(fx) <= tolerance || Math.abs(b - a) < 1e-15 * Math.max(1, Math.abs(x))) return { x, value: fx + target, iterations: i };
    if (fx * fb > 0) {
      b = x;
      fb = fx;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = x;
      fa = fx;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  const x = (a + b) / 2;
  return { x, value: f(x), iterations: maxIterations };
}
