/**
 * Derived slots: a parameter written as a formula of other parameters
 * (`nel_growth + residual`). Normalising parses the formula and compiles it to
 * a plain function over the parameter vector, so evaluating one is as cheap as
 * the arithmetic it does.
 */

/** One derived slot: `p[slot] = fn(p)`. */
export interface Formula {
  slot: number;
  fn: (p: Float64Array) => number;
}

/** Evaluate every derived slot, in order (each may read those before it). */
export function applyFormulas(formulas: readonly Formula[], p: Float64Array): void {
  for (let i = 0; i < formulas.length; i++) {
    const f = formulas[i]!;
    p[f.slot] = f.fn(p);
  }
}
