/** The README's risk-share worked example, run through the engine (the README must not drift from the code). */
import { describe, it, expect } from 'vitest';
import { loadScenario, project } from '../../src/index.js';
import { fixture } from '../helpers.js';

describe('README worked example: a £10m pool overspent by £0.5m', () => {
  // Tiny's 300 base-year admissions at £35,000 on tariff: £10.5m of spend against £10m of contributions.
  const r = project(
    loadScenario(fixture('tiny/tiny.yaml'), {
      overrides: {
        services: [{ id: 'admissions', unitCost: 35000 }],
        pools: [
          {
            id: 'fund',
            host: 'ccg',
            services: ['admissions'],
            contributions: [
              { partner: 'ccg', amount: 7.7e6 },
              { partner: 'council', amount: 2.3e6 },
            ],
            reserve: { amount: 1e5, fundedBy: { ccg: 0.77, council: 0.23 } },
            overspend: {
              method: 'tiered',
              bands: [
                { from: 0, to: 0.02, shares: { ccg: 0.6, council: 0.4 } },
                { from: 0.02, shares: { ccg: 0.77, council: 0.23 } },
              ],
              caps: { council: 1e5 },
              remainder: 'ccg',
            },
          },
        ],
      },
    }),
  );
  const pool = r.pools[0]!;
  const share = (id: string) => pool.partners.find((p) => p.id === id)!.share[0]!;

  it('splits the overspend as the README says: CCG £0.377m, council £0.123m', () => {
    expect(pool.variance[0]).toBeCloseTo(5e5, 4);
    expect(pool.reserveUsed[0]).toBeCloseTo(1e5, 4);
    expect(share('ccg')).toBeCloseTo(377000, 4);
    expect(share('council')).toBeCloseTo(123000, 4);
  });
});
