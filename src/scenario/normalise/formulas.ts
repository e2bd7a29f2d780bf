/**
 * Parameters written as formulas of other parameters (`nel_growth + residual`).
 * mathjs parses the text (loaded only when a scenario has a formula); its
 * tree becomes the engine's FormulaTree over parameter slots, allowing only
 * numbers, names, arithmetic and a few functions, so a formula can do nothing
 * but arithmetic and costs no more. The compiled package reads them with
 * mathjs's parser alone, bundled at build into dist/vendor/ (scripts/build.mjs:
 * some 30 ms to load and parse first); run from src/, with mathjs's one-file
 * build (some 230 ms: it instantiates most of mathjs on a first parse).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MathNode } from 'mathjs';
import { messages } from '../messages.js';
import { OPERATORS, FUNCTIONS, type FormulaTree } from '../../engine/formulas.js';

type Parse = (text: string) => MathNode;

let parse: Parse | undefined;

/** mathjs's expression parser, loaded on first use. */
function mathParse(): Parse {
  if (!parse) {
    const require = createRequire(import.meta.url);
    const bundled = fileURLToPath(new URL('../../vendor/mathjs-parse.cjs', import.meta.url));
    const mathjs = require(existsSync(bundled) ? bundled : 'mathjs/lib/browser/math.js') as typeof import('mathjs');
    parse = mathjs.create({ parseDependencies: mathjs.parseDependencies! }).parse as Parse;
  }
  return parse;
}

/** A parsed formula: the parameter names it reads, and its tree over slots for year t (t ignored when no input is a series). */
export interface ParsedFormula {
  names: string[];
  tree(resolve: (name: string) => { slot: number; series: boolean }, t: number): FormulaTree;
}

/** Parse `text`; throws `FormulaError` with a message for the user. */
export function parseFormula(text: string): ParsedFormula {
  if (!text.trim()) throw new FormulaError(messages.formula.syntax('the formula is empty'));
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
        const op = n as unknown as { fn: string; args: MathNode[]; implicit?: boolean };
        // mathjs reads '2 a' as 2 × a; a scenario must write the '*'
        if (op.implicit) throw new FormulaError(messages.formula.implicit(n.toString()));
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
  return { names, tree: (resolve, t) => build(root, resolve, t) };
}

function build(n: MathNode, resolve: (name: string) => { slot: number; series: boolean }, t: number): FormulaTree {
  const node = n as unknown as { type: string; value: number; name: string; content: MathNode; fn: string | { name: string }; args: MathNode[] };
  switch (node.type) {
    case 'ConstantNode':
      return { k: 'num', v: node.value };
    case 'SymbolNode': {
      const r = resolve(node.name);
      return { k: 'slot', slot: r.series ? r.slot + t : r.slot };
    }
    case 'ParenthesisNode':
      return build(node.content, resolve, t);
    case 'OperatorNode': {
      const args = node.args.map((a) => build(a, resolve, t));
      if (node.fn === 'unaryMinus') return { k: 'neg', a: args[0]! };
      if (node.fn === 'unaryPlus') return args[0]!;
      return { k: 'op', op: node.fn as keyof typeof OPERATORS, a: args[0]!, b: args[1]! };
    }
    default:
      return { k: 'fn', name: (node.fn as { name: string }).name as keyof typeof FUNCTIONS, args: node.args.map((a) => build(a, resolve, t)) };
  }
}

/** A formula the user wrote wrongly. */
export class FormulaError extends Error {}
