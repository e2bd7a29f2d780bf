/**
 * Derived slots: a parameter written as a formula of other parameters
 * (`nel_growth + residual`). Normalising parses the formula into a small
 * tree over parameter slots (plain data, so a model can be sent to a worker
 * thread) and compiles it to a plain function over the parameter vector, so
 * evaluating one is as cheap as the arithmetic it does.
 */

/** A formula as data: numbers, slots, arithmetic and a few functions. */
export type FormulaTree =
  | { k: 'num'; v: number }
  | { k: 'slot'; slot: number }
  | { k: 'neg'; a: FormulaTree }
  | { k: 'op'; op: keyof typeof OPERATORS; a: FormulaTree; b: FormulaTree }
  | { k: 'fn'; name: keyof typeof FUNCTIONS; args: FormulaTree[] };

/** One derived slot: `p[slot] = fn(p)`, `fn` compiled from `tree`. */
export interface Formula {
  slot: number;
  tree: FormulaTree;
  fn: (p: ArrayLike<number>) => number;
}

export const OPERATORS = {
  add: (a: number, b: number) => a + b,
  subtract: (a: number, b: number) => a - b,
  multiply: (a: number, b: number) => a * b,
  divide: (a: number, b: number) => a / b,
  pow: (a: number, b: number) => a ** b,
};
export const FUNCTIONS: Record<'min' | 'max' | 'exp' | 'log' | 'sqrt' | 'abs', (...x: number[]) => number> = {
  min: Math.min,
  max: Math.max,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
};

type Fn = (p: ArrayLike<number>) => number;

/** A plain function evaluating `tree` over a parameter vector. */
export function compileFormula(tree: FormulaTree): Fn {
  switch (tree.k) {
    case 'num': {
      const v = tree.v;
      return () => v;
    }
    case 'slot': {
      const slot = tree.slot;
      return (p) => p[slot]!;
    }
    case 'neg': {
      const a = compileFormula(tree.a);
      return (p) => -a(p);
    }
    case 'op': {
      const op = OPERATORS[tree.op];
      const a = compileFormula(tree.a);
      const b = compileFormula(tree.b);
      return (p) => op(a(p), b(p));
    }
    case 'fn': {
      const f = FUNCTIONS[tree.name];
      const args = tree.args.map(compileFormula);
      return (p) => f(...args.map((g) => g(p)));
    }
  }
}

/** Evaluate every derived slot, in order (each may read those before it). */
export function applyFormulas(formulas: readonly Formula[], p: Float64Array): void {
  for (let i = 0; i < formulas.length; i++) {
    const f = formulas[i]!;
    p[f.slot] = f.fn(p);
  }
}
