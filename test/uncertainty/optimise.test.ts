/**
 * The optimiser, on a tiny system with three schemes whose every on/off mix
 * is also run as a scenario of its own (only those schemes) through
 * `simulate` with the same seed: the optimiser's chance of closing the gap
 * for each mix is that run's, and its choice is the best mix within budget
 * found by enumerating them all.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadScenario, simulate, optimise, UserError, type PreparedScenario } from '../../src/index.js';
import { fixture, repoRoot } from '../helpers.js';

const FILE = resolve(repoRoot, 'test/uncertainty/fixtures/optimise.yaml');
const YEAR = '2022/23';
const N = 300;
const SEED = 3;
const IDS = ['avoid-old', 'shift-young', 'contacts-efficiency'];
const INVESTMENT: Record<string, number> = { 'avoid-old': 30000, 'shift-young': 10000, 'contacts-efficiency': 15000 }; // 7,500 a year in 2021/22 and 2022/23
const BUDGET = 40000;

let dir: string;
let scenario: PreparedScenario;
/** Each subset of schemes (by bit mask) run as its own scenario. */
const alone = new Map<number, { probability: number; mean: number; investment: number }>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'popshift-optimise-'));
  scenario = loadScenario(FILE);
  const doc = parse(readFileSync(FILE, 'utf8')) as { extends: string; schemes: { id: string }[] };
  for (let mask = 0; mask < 8; mask++) {
    const keep = doc.schemes.filter((_, i) => mask & (1 << i));
    const file = join(dir, `mix-${mask}.yaml`);
    writeFileSync(file, stringify({ ...doc, extends: fixture('tiny/tiny.yaml'), schemes: keep }));
    const r = await simulate(loadScenario(file), { iterations: N, seed: SEED, workers: 1, year: YEAR });
    alone.set(mask, {
      probability: r.gapCloses.find((g) => g.year === YEAR)!.probability,
      mean: r.metrics.find((m) => m.id === 'gap')!.byYear.find((y) => y.year === YEAR)!.mean,
      investment: keep.reduce((s, k) => s + INVESTMENT[k.id]!, 0),
    });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const maskOf = (scales: number[]) => scales.reduce((m, s, i) => m | (s === 1 ? 1 << i : 0), 0);

describe('optimise', () => {
  it('judges each on/off mix as the scenario with only those schemes (common random numbers), and picks the best within budget', () => {
    const r = optimise(scenario, { year: YEAR, iterations: N, seed: SEED, onOff: IDS, budget: BUDGET });
    // the enumeration, by hand: feasible mixes ordered by P(gap closes), then the lower expected gap
    const feasible = [...alone.entries()].filter(([, v]) => v.investment <= BUDGET);
    feasible.sort((a, b) => b[1].probability - a[1].probability || a[1].mean - b[1].mean);
    const [bestMask, best] = feasible[0]!;
    expect(maskOf(r.best.schemes.map((s) => s.scale))).toBe(bestMask);
    expect(r.best.probability).toBe(best.probability);
    expect(r.best.expectedGap).toBeCloseTo(best.mean, 3);
    expect(r.best.investment).toBeCloseTo(best.investment, 6);
    expect(r.best.withinBudget).toBe(true);
    // what it was compared with: the schemes as written (over budget here) and none of them
    expect(r.asWritten.probability).toBe(alone.get(7)!.probability);
    expect(r.asWritten.withinBudget).toBe(false);
    expect(r.without.probability).toBe(alone.get(0)!.probability);
    expect(r.without.expectedGap).toBeCloseTo(alone.get(0)!.mean, 3);
    // the test is only worth something if the budget binds: the unconstrained best is another mix
    const unconstrained = [...alone.entries()].sort((a, b) => b[1].probability - a[1].probability || a[1].mean - b[1].mean)[0]![0];
    expect(unconstrained).not.toBe(bestMask);
  });

  it('minimising the expected gap picks the feasible mix with the lowest mean gap', () => {
    const r = optimise(scenario, { year: YEAR, iterations: N, seed: SEED, onOff: IDS, budget: BUDGET, objective: 'expected-gap' });
    const feasible = [...alone.entries()].filter(([, v]) => v.investment <= BUDGET).sort((a, b) => a[1].mean - b[1].mean);
    expect(maskOf(r.best.schemes.map((s) => s.scale))).toBe(feasible[0]![0]);
  });

  it('scales a continuous scheme up to the budget: effect and investment in proportion', () => {
    // only avoid-old varies (0 to 1, £30,000 at full scale); the others are left out of the budget by being off
    const r = optimise(scenario, { year: YEAR, iterations: N, seed: SEED, schemes: ['avoid-old'], onOff: ['shift-young', 'contacts-efficiency'], budget: 20000, objective: 'expected-gap' });
    const s = r.best.schemes.find((x) => x.id === 'avoid-old')!;
    // the expected gap falls as the scheme grows, so the best scale is the budget's 2/3, found to within 1/64
    expect(s.scale).toBeLessThanOrEqual(2 / 3);
    expect(s.scale).toBeGreaterThan(2 / 3 - 1 / 64);
    expect(s.investment).toBeCloseTo(30000 * s.scale, 6);
    expect(s.fraction).toBeCloseTo(0.3 * s.scale, 12);
    expect(r.best.schemes.filter((x) => x.id !== 'avoid-old').every((x) => x.scale === 0)).toBe(true);
    expect(r.gridBest.schemes.find((x) => x.id === 'avoid-old')!.scale).toBe(0.5);
  });

  it('gives the same answer for the same seed', () => {
    const a = optimise(scenario, { year: YEAR, iterations: 100, seed: 9, budget: BUDGET, levels: 3 });
    const b = optimise(scenario, { year: YEAR, iterations: 100, seed: 9, budget: BUDGET, levels: 3 });
    expect(a).toEqual(b);
  });

  it('names an unknown scheme', () => {
    expect(() => optimise(scenario, { schemes: ['nope'] })).toThrow(UserError);
    expect(() => optimise(scenario, { schemes: ['nope'] })).toThrow(/^schemes: no scheme 'nope'; the scenario's schemes: avoid-old, shift-young, contacts-efficiency$/);
    // under the option that named it
    expect(() => optimise(scenario, { onOff: ['nope'] })).toThrow(/^onOff: no scheme 'nope'/);
    expect(() => optimise(scenario, { bounds: { nope: [0, 1] } })).toThrow(/^bounds: no scheme 'nope'/);
  });
});
