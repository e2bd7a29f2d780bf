/**
 * The model's identities, as properties over random scenarios: random
 * overrides of the tiny system (rates, costs, cost behaviour, growth, payment
 * models, and a random list of schemes) must keep every identity, every year.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadScenario, project, waterfall, type Results } from '../../src/index.js';
import { fixture } from '../helpers.js';

const YEARS = ['2020/21', '2021/22', '2022/23'];
const close = (a: number, b: number, scale = 1) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(scale));

const payment = fc.oneof(
  fc.constant({ model: 'tariff' }),
  fc.record({ model: fc.constant('tariff'), price: fc.double({ min: 0, max: 5000, noNaN: true }) }),
  fc.constant({ model: 'block' }),
  fc.record({ model: fc.constant('blended'), above: fc.double({ min: 0, max: 1, noNaN: true }), below: fc.double({ min: 0, max: 1, noNaN: true }), plan: fc.constantFrom('do-nothing', 'base-year') }),
  fc.constant({ model: 'cost-per-case' }),
  fc.constant({ model: 'none' }),
);

const costBehaviour = fc
  .record({ fixed: fc.double({ min: 0, max: 0.5, noNaN: true }), share: fc.double({ min: 0, max: 0.5, noNaN: true }), size: fc.double({ min: 50, max: 5000, noNaN: true }) })
  .map(({ fixed, share, size }) => ({ fixed, stepped: { share, size } }));

const phasing = fc.oneof(
  fc.record({ start: fc.constantFrom(...YEARS), ramp: fc.constantFrom('linear', 's-curve', 'step'), years: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ start: fc.constant('2020/21'), fractions: fc.record({ '2021/22': fc.double({ min: 0, max: 1, noNaN: true }), '2022/23': fc.double({ min: 0, max: 1, noNaN: true }) }) }),
);
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const common = { rationale: fc.constant('test'), source: fc.constant('test'), phasing, realisation: unit, scope: unit };
const scheme = fc.oneof(
  fc.record({ type: fc.constant('shift'), service: fc.constant('admissions'), target: fc.constant('contacts'), fraction: unit, conversion: fc.double({ min: 0, max: 10, noNaN: true }), ...common }),
  fc.record({ type: fc.constant('avoid'), service: fc.constantFrom('admissions', 'contacts'), fraction: unit, ...common }),
  fc.record({ type: fc.constant('los'), service: fc.constant('bed-days'), fraction: unit, target: fc.constant('contacts'), conversion: fc.double({ min: 0, max: 3, noNaN: true }), ...common }),
  fc.record({ type: fc.constant('los'), service: fc.constant('bed-days'), days: fc.double({ min: 0, max: 15, noNaN: true }), ...common }),
  fc.record({ type: fc.constant('efficiency'), service: fc.constantFrom('admissions', 'bed-days', 'contacts'), fraction: unit, ...common }),
);
const investment = fc.record({ organisation: fc.constantFrom('ccg', 'council', 'acute'), recurrent: fc.double({ min: 0, max: 1e5, noNaN: true }) });

const overrides = fc
  .record({
    adm: fc.record({ unitCost: fc.double({ min: 0, max: 5000, noNaN: true }), growth: fc.double({ min: -0.1, max: 0.2, noNaN: true }), payment }),
    beds: fc.record({ unitCost: fc.double({ min: 0, max: 500, noNaN: true }), costBehaviour, payment }),
    contacts: fc.record({ unitCost: fc.double({ min: 0, max: 200, noNaN: true }), inflation: fc.double({ min: -0.05, max: 0.1, noNaN: true }), costBehaviour, payment }),
    schemes: fc.array(fc.tuple(scheme, fc.option(investment, { nil: undefined })), { maxLength: 5 }),
  })
  .map(({ adm, beds, contacts, schemes }) => ({
    services: [
      { id: 'admissions', ...adm },
      { id: 'bed-days', ...beds },
      { id: 'contacts', ...contacts },
    ],
    schemes: schemes.map(([k, inv], i) => ({ id: `s${i}`, ...k, ...(inv ? { investment: [inv] } : {}) })),
  }));

function run(o: Record<string, unknown>): Results {
  return project(loadScenario(fixture('tiny/tiny.yaml'), { overrides: o }));
}

describe('identities hold for random scenarios', () => {
  it('organisation positions sum to system funding − cost − investment, every year', () => {
    fc.assert(
      fc.property(overrides, (o) => {
        const r = run(o);
        r.years.forEach((_, t) => {
          const sum = r.organisations.reduce((a, org) => a + org.position[t]!, 0);
          const system = r.system.funding[t]! - r.system.cost[t]! - r.system.investment[t]!;
          expect(close(sum, system, r.system.cost[t]!)).toBe(true);
          expect(close(-r.system.gap[t]!, system, r.system.cost[t]!)).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('conserves activity: what leaves a source is avoided or arrives, converted, at the target', () => {
    fc.assert(
      fc.property(overrides, (o) => {
        const r = run(o);
        const byId = Object.fromEntries(r.services.map((s) => [s.id, s]));
        r.years.forEach((_, t) => {
          for (const s of r.services) {
            let expected = s.doNothingActivity[t]!;
            for (const k of r.schemes) {
              if (k.service === s.id) expected -= k.removed[t]!;
              if (k.target === s.id) expected += k.added[t]!;
              // bed days leave with the admissions a shift or avoidance takes
              if (s.id === 'bed-days' && k.service === 'admissions') expected -= k.followerRemoved[t]!;
            }
            expect(close(s.activity[t]!, expected, s.doNothingActivity[t]! + 1)).toBe(true);
            expect(s.activity[t]!).toBeGreaterThanOrEqual(-1e-9);
          }
          for (const k of r.schemes) {
            expect(k.removed[t]!).toBeGreaterThanOrEqual(0);
            if (k.target === null) expect(k.added[t]).toBe(0);
          }
        });
        expect(byId.admissions).toBeDefined();
      }),
      { numRuns: 150 },
    );
  });

  it('waterfall steps sum to the residual gap, and each scheme’s gains and losses to its system effect', () => {
    fc.assert(
      fc.property(overrides, (o) => {
        const r = run(o);
        for (const year of r.years) {
          const steps = waterfall(r, year);
          const inner = steps.slice(0, -1).reduce((a, s) => a + s.value, 0);
          expect(close(inner, steps[steps.length - 1]!.value, r.system.cost[0]!)).toBe(true);
        }
        r.years.forEach((_, t) => {
          for (const k of r.schemes) {
            const orgs = Object.values(k.byOrganisation).reduce((a, v) => a + v[t]!, 0);
            expect(close(orgs, -(k.effect[t]! + k.investment[t]!), r.system.cost[0]!)).toBe(true);
          }
          for (const org of r.organisations) {
            const viaSchemes = org.doNothingPosition[t]! + r.schemes.reduce((a, k) => a + k.byOrganisation[org.id]![t]!, 0);
            expect(close(viaSchemes, org.position[t]!, r.system.cost[0]!)).toBe(true);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('changing payment models moves money between organisations but never changes the system', () => {
    fc.assert(
      fc.property(overrides, payment, payment, (o, p1, p2) => {
        const withPay = (p: object) => ({ ...o, services: o.services.map((s) => ({ ...s, payment: p })) });
        const a = run(withPay(p1));
        const b = run(withPay(p2));
        a.years.forEach((_, t) => {
          expect(close(a.system.gap[t]!, b.system.gap[t]!, a.system.cost[t]!)).toBe(true);
          expect(close(a.system.cost[t]!, b.system.cost[t]!, a.system.cost[t]!)).toBe(true);
        });
      }),
      { numRuns: 100 },
    );
  });
});
