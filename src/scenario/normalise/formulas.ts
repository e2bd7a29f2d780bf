/**
 * Parameters written as formulas of other parameters (`nel_growth + residual`).
 * The language is arithmetic only: numbers, parameter names, + - * / ^,
 * parentheses and six functions, with mathjs's precedence (^ binds tighter
 * than a unary minus and is right-associative: -2^2 = -4, 2^3^2 = 512). The
 * result is the engine's FormulaTree over parameter slots (src/engine/formulas.ts
 * compiles it), so a formula can do nothing but arithmetic and costs no more.
 *
 * A parser of its own rather than mathjs's: loading mathjs (about 700 modules)
 * was two thirds of a `popshift run`'s CPU time, for a grammar of five
 * operators. test/scenario/formulas.test.ts checks it against mathjs.
 */
import { messages } from '../messages.js';
import { FUNCTIONS, type FormulaTree } from '../../engine/formulas.js';

/** The parsed tree, over names (the engine's FormulaTree is over slots). */
type Node =
  | { type: 'number'; value: number }
  | { type: 'name'; name: string }
  | { type: 'unary'; op: '-' | '+'; arg: Node }
  | { type: 'binary'; op: Operator; left: Node; right: Node }
  | { type: 'call'; fn: keyof typeof FUNCTIONS; args: Node[] };

type Operator = '+' | '-' | '*' | '/' | '^';

/** Each operator as the engine names it. */
const OPERATOR_NAMES = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '^': 'pow' } as const;

/** A parsed formula: the parameter names it reads, and its tree over slots for year t (t ignored when no input is a series). */
export interface ParsedFormula {
  names: string[];
  tree(resolve: (name: string) => { slot: number; series: boolean }, t: number): FormulaTree;
}

/** Parse `text`; throws `FormulaError` with a message for the user. */
export function parseFormula(text: string): ParsedFormula {
  const root = new Parser(text.replace(/\$/g, ''), text).parse();
  const names: string[] = [];
  const visit = (n: Node): void => {
    if (n.type === 'name') {
      if (!names.includes(n.name)) names.push(n.name);
    } else if (n.type === 'unary') visit(n.arg);
    else if (n.type === 'binary') {
      visit(n.left);
      visit(n.right);
    } else if (n.type === 'call') n.args.forEach(visit);
  };
  visit(root);
  return { names, tree: (resolve, t) => build(root, resolve, t) };
}

type Token = { kind: 'number'; value: number; at: number } | { kind: 'name'; name: string; at: number } | { kind: 'punct'; text: string; at: number } | { kind: 'end'; at: number };

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const PUNCT = new Set(['+', '-', '*', '/', '^', '(', ')', ',']);

/** Recursive descent over the tokens of one formula. */
class Parser {
  private tokens: Token[] = [];
  private i = 0;

  constructor(
    private readonly text: string,
    /** As the user wrote it, for messages. */
    private readonly written: string,
  ) {
    for (let at = 0; at < text.length; ) {
      const rest = text.slice(at);
      const space = /^\s+/.exec(rest);
      const num = NUMBER.exec(rest);
      const name = NAME.exec(rest);
      if (space) at += space[0].length;
      else if (num) {
        this.tokens.push({ kind: 'number', value: Number(num[0]), at });
        at += num[0].length;
      } else if (name) {
        this.tokens.push({ kind: 'name', name: name[0], at });
        at += name[0].length;
      } else if (PUNCT.has(rest[0]!)) {
        this.tokens.push({ kind: 'punct', text: rest[0]!, at });
        at += 1;
      } else throw new FormulaError(messages.formula.notAllowed(this.written.trim()));
    }
    this.tokens.push({ kind: 'end', at: text.length });
  }

  parse(): Node {
    const n = this.additive();
    const t = this.peek();
    if (t.kind !== 'end') this.unexpected(t);
    return n;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private expect(text: string): void {
    if (!this.isPunct(text)) this.unexpected(this.peek(), `'${text}'`);
    this.i++;
  }

  private unexpected(t: Token, wanted?: string): never {
    const what = t.kind === 'end' ? 'unexpected end of formula' : `unexpected '${t.kind === 'number' ? this.text.slice(t.at).match(NUMBER)![0] : t.kind === 'name' ? t.name : t.text}' (char ${t.at + 1})`;
    throw new FormulaError(messages.formula.syntax(wanted ? `${what}, expected ${wanted}` : what));
  }

  private additive(): Node {
    return this.leftAssociative(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): Node {
    return this.leftAssociative(['*', '/'], () => this.unary());
  }

  /** One level of left-associative operators over the next level: a - b - c is (a - b) - c. */
  private leftAssociative(ops: readonly Operator[], operand: () => Node): Node {
    let left = operand();
    for (let t = this.peek(); t.kind === 'punct' && (ops as readonly string[]).includes(t.text); t = this.peek()) {
      this.i++;
      left = { type: 'binary', op: t.text as Operator, left, right: operand() };
    }
    return left;
  }

  /** A sign applies to the whole power after it: -a^2 is -(a^2). */
  private unary(): Node {
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '-' || t.text === '+')) {
      this.i++;
      return { type: 'unary', op: t.text, arg: this.unary() };
    }
    return this.power();
  }

  /** Right-associative, and the exponent may carry a sign: 2^-1, 2^3^2 = 2^(3^2). */
  private power(): Node {
    const base = this.primary();
    if (!this.isPunct('^')) return base;
    this.i++;
    return { type: 'binary', op: '^', left: base, right: this.unary() };
  }

  private primary(): Node {
    const t = this.peek();
    if (t.kind === 'number') {
      this.i++;
      return { type: 'number', value: t.value };
    }
    if (t.kind === 'name') {
      this.i++;
      if (!this.isPunct('(')) return { type: 'name', name: t.name };
      if (!(t.name in FUNCTIONS)) throw new FormulaError(messages.formula.notAllowed(`${t.name}(…)`));
      this.i++;
      const args: Node[] = [];
      if (!this.isPunct(')')) {
        args.push(this.additive());
        while (this.isPunct(',')) {
          this.i++;
          args.push(this.additive());
        }
      }
      this.expect(')');
      return { type: 'call', fn: t.name as keyof typeof FUNCTIONS, args };
    }
    if (this.isPunct('(')) {
      this.i++;
      const inner = this.additive();
      this.expect(')');
      return inner;
    }
    this.unexpected(t);
  }
}

function build(n: Node, resolve: (name: string) => { slot: number; series: boolean }, t: number): FormulaTree {
  switch (n.type) {
    case 'number':
      return { k: 'num', v: n.value };
    case 'name': {
      const r = resolve(n.name);
      return { k: 'slot', slot: r.series ? r.slot + t : r.slot };
    }
    case 'unary': {
      const a = build(n.arg, resolve, t);
      return n.op === '-' ? { k: 'neg', a } : a;
    }
    case 'binary':
      return { k: 'op', op: OPERATOR_NAMES[n.op], a: build(n.left, resolve, t), b: build(n.right, resolve, t) };
    case 'call':
      return { k: 'fn', name: n.fn, args: n.args.map((a) => build(a, resolve, t)) };
  }
}

/** A formula the user wrote wrongly. */
export class FormulaError extends Error {}
