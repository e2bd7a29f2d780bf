/**
 * Parameters written as formulas of other parameters (`nel_growth + residual`).
 * mathjs parses the text (loaded only when a scenario has a formula: it is a
 * large module); the tree is then compiled into a plain function over the
 * parameter vector, allowing only numbers, names, arithmetic and a few
 * functions, so a formula can do nothing but arithmetic and costs no more.
 */
import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';
import { messages } from '../messages.js';

type Fn = (p: ArrayLike<number>) => number;
type Parse = (text: string) => MathNode;

let parse: Parse | undefined;

/** mathjs's expression parser (its number-only build), loaded on first use. */
function mathParse(): Parse {
  if (!parse) {
    const require = createRequire(import.meta.url);
    const mathjs = require('mathjs/number') as typeof import('mathjs');
    parse = mathjs.create({ parseDependencies: mathjs.parseDependencies! }).parse as Parse;
  }
  return parse;
}

const OPERATORS: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => a ** b,
};
const FUNCTIONS: Record<string, (...x: number[]) => number> = { min: Math.min, max: Math.max, exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs };

/** A parsed formula: the parameter names it reads, and its function for year t (t ignored when no input is a series). */
export interface ParsedFormula {
  names: string[];
  compile(resolve: (name: string) => { slot: number; series: boolean }, t: number): Fn;
}

/** Parse `text`; throws `FormulaError` with a message for the user. */
export function parseFormula(text: string): ParsedFormula {
  let root: MathNode;
  try {
    root = mathParse()(text.replace(/\$/g, ''));
  } catch (e) {
    throw new FormulaError(messages.formula.syntax((e as Error).message));
  }
  const names: string[] = [];
  const visit = (n: MathNode): void => {
    switch (n.type) {
      case 'ConstantNode':
        if (typeof (n as unknown as { value: unknown }).value !== 'number') throw new FormulaError(messages.formula.notAllowed(n.toString()));
        return;
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        if (!names.includes(name)) names.push(name);
        return;
      }
      case 'ParenthesisNode':
        return visit((n as unknown as { content: MathNode }).content);
      case 'OperatorNode': {
        const op = n as unknown as { fn: string; args: MathNode[] };
        if (!(op.fn in OPERATORS) && op.fn !== 'unaryMinus' && op.fn !== 'unaryPlus') throw new FormulaError(messages.formula.notAllowed(n.toString()));
        return op.args.forEach(visit);
      }
      case 'FunctionNode': {
        const fn = n as unknown as { fn: { name?: string }; args: MathNode[] };
        if (!fn.fn.name || !(fn.fn.name in FUNCTIONS)) throw new FormulaError(messages.formula.notAllowed(n.toString()));
        return fn.args.forEach(visit);
      }
      default:
        throw new FormulaError(messages.formula.notAllowed(n.toString()));
    }
  };
  visit(root);
  return { names, compile: (resolve, t) => build(root, resolve, t) };
}

function build(n: MathNode, resolve: (name: string) => { slot: number; series: boolean }, t: number): Fn {
  const node = n as unknown as { type: string; value: number; name: string; content: MathNode; fn: string | { name: string }; args: MathNode[] };
  switch (node.type) {
    case 'ConstantNode': {
      const v = node.value;
      return () => v;
    }
    case 'SymbolNode': {
      const r = resolve(node.name);
      const slot = r.series ? r.slot + t : r.slot;
      return (p) => p[slot]!;
    }
    case 'ParenthesisNode':
      return build(node.content, resolve, t);
    case 'OperatorNode': {
      const args = node.args.map((a) => build(a, resolve, t));
      if (node.fn === 'unaryMinus') return (p) => -args[0]!(p);
      if (node.fn === 'unaryPlus') return args[0]!;
      const op = OPERATORS[node.fn as string]!;
      const [a, b] = args as [Fn, Fn];
      return (p) => op(a(p), b(p));
    }
    default: {
      const f = FUNCTIONS[(node.fn as { name: string }).name]!;
      const args = node.args.map((a) => build(a, resolve, t));
      return (p) => f(...args.map((g) => g(p)));
    }
  }
}

/** A formula the user wrote wrongly. */
export class FormulaError extends Error {}
