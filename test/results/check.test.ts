/**
 * Every run checks its own results (src/results/check.ts): a figure that is
 * not finite, positions that do not sum to minus the gap, pool shares that do
 * not sum to the variance, or activity that is not conserved stop the run with
 * a UserError located at the input — rather than a wrong result, exit 0.
 */
import { describe, it, expect } from 'vitest';
import { loadScenario, project, UserError, type Results } from '../../src/index.js';
import { checkResults, checkSimulation } from '../../src/results/check.js';
import { fixture } from '../helpers.js';

const pool = loadScenario(fixture('tiny/tiny-pool.yaml'));
const shift = loadScenario(fixture('tiny/tiny-shift.yaml'));

/** The problem `checkResults` finds in `r` after `spoil` changed it (a deep copy). */
function problem(s: typeof pool, spoil: (r: Results) => void): string {
  const r = structuredClone(project(s));
  spoil(r);
  try {
    checkResults(s.model, s.loaded, r);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).message;
  }
  throw new Error('no problem found');
}

describe('run self-checks', () => {
  it('pass for every projection of the fixtures (project runs them)', () => {
    for (const s of [pool, shift]) expect(() => checkResults(s.model, s.loaded, project(s))).not.toThrow();
  });

  it('a non-finite figure names the item and year, at its place in the scenario file', () => {
    const m = problem(pool, (r) => (r.services.find((s) => s.id === 'contacts')!.cost[1] = Infinity));
    expect(m).toMatch(/^test\/fixtures\/tiny\/tiny-pool\.yaml:\d+:\d+: services\[2\]: the projection gives Infinity for service 'contacts' cost in 2021\/22/);
    expect(problem(pool, (r) => (r.system.funding[2] = NaN))).toMatch(/gives NaN for system funding in 2022\/23/);
  });

  it('positions that do not sum to minus the gap', () => {
    expect(problem(pool, (r) => (r.organisations[0]!.position[1]! += 1000))).toMatch(/the system: organisations' positions in 2021\/22 add up to .*, not minus the gap/);
  });

  it("pool shares that do not sum to the variance (as a repeated cover step did)", () => {
    const m = problem(pool, (r) => (r.pools[0]!.partners[0]!.share[2]! -= 500));
    expect(m).toMatch(/tiny-pool\.yaml:\d+:\d+: pools\[0\]: pool 'fund': partners' shares in 2022\/23 add up to/);
  });

  it('activity that is not conserved', () => {
    const m = problem(shift, (r) => (r.schemes[0]!.removed[2]! += 10));
    expect(m).toMatch(/service '.*': activity in 2022\/23 is .*, but its do-nothing activity less what schemes moved is/);
  });

  it('Monte Carlo: a non-finite statistic names the metric and year', () => {
    const s = { metrics: [{ id: 'gap', label: 'System gap', byYear: [{ year: '2020/21', mean: 1, p50: Infinity }] }] };
    expect(() => checkSimulation('m.yaml', s)).toThrow(/m\.yaml: Monte Carlo gives Infinity for the p50 of System gap \(gap\) in 2020\/21/);
    const ok = { metrics: [{ id: 'gap', label: 'System gap', byYear: [{ year: '2020/21', mean: 1 }] }] };
    expect(checkSimulation('m.yaml', ok)).toBe(ok);
  });
});
