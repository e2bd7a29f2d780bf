/**
 * Parameter formulas: the tree popshift builds from mathjs's parse, compiled
 * over parameter slots, gives what mathjs's own evaluation gives for every
 * formula of the allowed language, and anything else is refused with a message.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { parseFormula, FormulaError } from '../../src/scenario/normalise/formulas.js';
import { compileFormula } from '../../src/engine/formulas.js';

const mathjs = createRequire(import.meta.url)('mathjs/number') as typeof import('mathjs');

const NAMES = ['a', 'b_2', 'growthRate'];
const VALUES = [0.7, -1.5, 3];

function evaluate(text: string): number {
  const f = parseFormula(text);
  const p = new Float64Array(VALUES);
  return compileFormula(f.tree((name) => ({ slot: NAMES.indexOf(name), series: false }), 0))(p);
}

const scope = () => new Map(NAMES.map((n, i) => [n, VALUES[i]!]));

/** Formulas of the allowed language, written with and without spaces and redundant parentheses. */
const formula: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('0', '1', '2.5', '.5', '1e-2', '3E2', '10'),
    fc.constantFrom(...NAMES),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', ' + ', ' - ', ' * ', ' ^ '), tie('e')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(fc.constantFrom('-', '+', '- '), tie('e')).map(([s, a]) => `${s}${a}`),
    tie('e').map((a) => `(${a})`),
    fc.tuple(fc.constantFrom('min', 'max'), tie('e'), tie('e')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(fc.constantFrom('exp', 'log', 'sqrt', 'abs'), tie('e')).map(([f, a]) => `${f}(${a})`),
  ),
})).e;

/** mathjs reads `a - - b` and `a + + b` too; both sides must agree whatever the spelling. */
function same(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('parameter formulas', () => {
  it('evaluate as mathjs evaluates them (precedence, associativity, signs, functions)', () => {
    fc.assert(
      fc.property(formula, (text) => {
        const ours = evaluate(text);
        const theirs = mathjs.evaluate(text, scope()) as number;
        expect(same(ours, theirs), `${text}: ${ours} vs mathjs ${theirs}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('parse alike with the compiled package’s bundled parser (dist/vendor) and mathjs itself', () => {
    // the global setup builds dist/; the bundle is what an installed popshift parses with
    const bundled = createRequire(import.meta.url)('../../dist/vendor/mathjs-parse.cjs') as typeof import('mathjs');
    const parse = bundled.create({ parseDependencies: bundled.parseDependencies! }).parse;
    fc.assert(
      fc.property(formula, (text) => {
        expect(parse(text).toString()).toBe(mathjs.parse(text).toString());
      }),
      { numRuns: 300 },
    );
    expect(() => parse('2 a')).not.toThrow(); // implicit multiplication is mathjs's: popshift refuses it after parsing
  });

  it('bind ^ tighter than a sign and to the right', () => {
    expect(evaluate('-2^2')).toBe(-4);
    expect(evaluate('2^3^2')).toBe(512);
    expect(evaluate('2^-1')).toBe(0.5);
    expect(evaluate('1 - 2 - 3')).toBe(-4);
    expect(evaluate('8 / 4 / 2')).toBe(1);
  });

  it('list the names they read once each, $ prefixes dropped', () => {
    expect(parseFormula('$a * a + max($b_2, growthRate)').names).toEqual(['a', 'b_2', 'growthRate']);
  });

  it.each([
    ['base = 2', /'base = 2' is not allowed/],
    ['a > 1 ? 2 : 3', /is not allowed/],
    ['"text"', /is not allowed/],
    ['a.b', /is not allowed/],
    ['sin(a)', /'sin\(a\)' is not allowed/],
    ['a +', /Unexpected end of expression/],
    ['(a + 1', /Parenthesis \) expected/],
    ['a b', /'a b' multiplies without '\*'/],
    ['2 a', /multiplies without '\*'/],
    ['2 3', /Unexpected part "3" \(char 3\)/],
    ['max(a,)', /Value expected \(char 7\)/],
    ['', /the formula is empty/],
    // what a locked-down instance must never reach: mathjs's own import, units, evaluation, parsing and function definitions
    ['import({ x: 1 })', /is not allowed/],
    ['createUnit("gbp")', /is not allowed/],
    ['evaluate("1 + 1")', /is not allowed/],
    ['parse("a")', /is not allowed/],
    ['f(x) = x ^ 2', /is not allowed/],
    ['compile("a")', /is not allowed/],
    ['simplify("a")', /is not allowed/],
    ['5 gbp', /multiplies without '\*'|is not allowed/],
  ])('refuse %j with a message', (text, message) => {
    expect(() => parseFormula(text)).toThrow(FormulaError);
    expect(() => parseFormula(text)).toThrow(message);
  });
});
