/** Goal seek: the value of one input that brings a metric to a target, or a clear reason why none does. */

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
 * Why a goal seek failed inside the range: the metric jumps over the target
 * (a step in cost — a ward or team added — makes it discontinuous), so no
 * value comes within the tolerance. Carries the closest value reached and the
 * narrowest bracket, on either side of which the metric lies.
 */
export class NotReached extends Error {
  constructor(
    readonly target: number,
    readonly tolerance: number,
    readonly closest: { x: number; value: number },
    readonly bracket: [number, number],
    readonly values: [number, number],
  ) {
    super(`target ${target} is not reached to within ${tolerance}: the closest is ${closest.value} at ${closest.x}; the metric jumps from ${values[0]} to ${values[1]} between ${bracket[0]} and ${bracket[1]}`);
  }
}

/**
 * Find x in [lo, hi] with f(x) = target, to within `tolerance` of the target,
 * by Illinois-modified regula falsi (bracketing, so it cannot wander out of
 * range; superlinear on smooth metrics). The target must lie between f(lo) and
 * f(hi) (else `Unreachable`); where f jumps over it, the bracket closes on the
 * jump and `NotReached` says so: a value is returned only if it is within tolerance.
 */
export function solve(f: (x: number) => number, range: [number, number], target: number, tolerance: number, maxIterations = 200): Solution {
  let [a, b] = range;
  let fa = f(a) - target;
  let fb = f(b) - target;
  if (Math.abs(fa) <= tolerance) return { x: a, value: fa + target, iterations: 0 };
  if (Math.abs(fb) <= tolerance) return { x: b, value: fb + target, iterations: 0 };
  if (fa * fb > 0) throw new Unreachable(target, [fa + target, fb + target], range);
  let best = Math.abs(fa) < Math.abs(fb) ? { x: a, value: fa + target } : { x: b, value: fb + target };
  let side = 0;
  for (let i = 1; i <= maxIterations; i++) {
    // regula falsi, falling back to bisection when the secant stalls at an end
    let x = (a * fb - b * fa) / (fb - fa);
    if (!(x > Math.min(a, b) && x < Math.max(a, b))) x = (a + b) / 2;
    const fx = f(x) - target;
    if (Math.abs(fx) < Math.abs(best.value - target)) best = { x, value: fx + target };
    if (Math.abs(fx) <= tolerance) return { x, value: fx + target, iterations: i };
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
    if (Math.abs(b - a) <= 1e-13 * Math.max(1, Math.abs(a), Math.abs(b))) break;
  }
  // the bracket has closed on a jump (or the budget ran out): report both sides
  throw new NotReached(target, tolerance, best, [Math.min(a, b), Math.max(a, b)], a < b ? [f(a), f(b)] : [f(b), f(a)]);
}

/** The metric at evenly spaced points of a range (both ends included), to see its shape before solving. */
export interface Scan {
  xs: number[];
  values: number[];
  /** Whether the values only rise or only fall (within `flat`, a change too small to count). */
  monotonic: boolean;
}

/** Evaluate `f` at `points` evenly spaced values from range[0] to range[1]. */
export function scan(f: (x: number) => number, range: [number, number], points: number, flat = 0): Scan {
  const xs = Array.from({ length: points }, (_, i) => (i === points - 1 ? range[1] : range[0] + ((range[1] - range[0]) * i) / (points - 1)));
  const values = xs.map(f);
  let up = false;
  let down = false;
  for (let i = 1; i < values.length; i++) {
    const d = values[i]! - values[i - 1]!;
    if (d > flat) up = true;
    if (d < -flat) down = true;
  }
  return { xs, values, monotonic: !(up && down) };
}

/** The first sub-range of a scan whose ends lie either side of `target` (or on it); undefined if none does. */
export function bracketIn(s: Scan, target: number): [number, number] | undefined {
  for (let i = 1; i < s.xs.length; i++) {
    const [a, b] = [s.values[i - 1]! - target, s.values[i]! - target];
    if (a * b <= 0) return [s.xs[i - 1]!, s.xs[i]!];
  }
  return undefined;
}

/** The scanned point whose value is nearest `target`. */
export function closestIn(s: Scan, target: number): { x: number; value: number } {
  let k = 0;
  s.values.forEach((v, i) => {
    if (Math.abs(v - target) < Math.abs(s.values[k]! - target)) k = i;
  });
  return { x: s.xs[k]!, value: s.values[k]! };
}
