/**
 * Places reconcile with the system, exactly (to a thousandth of a penny): for
 * random provider shares, scheme sizes, pool and envelope terms in a
 * two-place system that shares a hospital and a community trust, every
 * figure by place sums over places to the system's — funding, cost,
 * investment, gap, do-nothing gap, each organisation's position, each
 * scheme's effect, each pool's budget, spend, variance and partner shares
 * (which also sum over partners to the place's variance), each envelope —
 * and activity by place sums to each service's.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadScenario, project } from '../../src/index.js';
import { fixture } from '../helpers.js';
import { expectPlacesReconcile } from './reconcile.js';

const share = fc.double({ min: 0, max: 1, noNaN: true });
const overrides = fc
  .record({
    northHospital: share,
    // South's trust keeps some of South's activity: its envelope needs a scope
    southHospital: fc.double({ min: 0, max: 0.95, noNaN: true }),
    shift: share,
    discharge: share,
    split: share,
    poolShare: share,
    threshold: fc.double({ min: 0, max: 0.1, noNaN: true }),
    payerShare: share,
    realGrowth: fc.double({ min: -0.05, max: 0.1, noNaN: true }),
  })
  .map((o) => ({
    services: [
      {
        id: 'admissions',
        providers: [
          { provider: 'hospital', share: { north: o.northHospital, south: o.southHospital } },
          { provider: 'south-acute', share: { north: 1 - o.northHospital, south: (1 - o.southHospital) * 0.8 } },
        ],
      },
    ],
    schemes: [
      { id: 'shift', fraction: o.shift },
      {
        id: 'discharge',
        fraction: o.discharge,
        targets: [
          { service: 'contacts', share: o.split, conversion: 1 },
          { service: 'home-care', share: 1 - o.split, conversion: 3 },
        ],
      },
    ],
    pools: [{ id: 'north-fund', overspend: { method: 'fixed', shares: { 'ccg-n': o.poolShare, 'council-n': 1 - o.poolShare } } }],
    envelopes: [{ id: 'south-capitated', settlement: { form: 'risk-corridor', bands: [{ threshold: o.threshold, payerShare: o.payerShare }] } }],
    funding: [{ id: 'north-allocation', beyond: { realGrowth: o.realGrowth, deflator: 'gdp' } }],
  }));

describe('places reconcile with the system', () => {
  it('in the shared-providers fixture as written', () => {
    const r = project(loadScenario(fixture('places/shared.yaml')));
    expect(r.places.map((p) => p.id)).toEqual(['north', 'south']);
    expectPlacesReconcile(r);
  });

  it('for random shares, schemes, pool and envelope terms', () => {
    fc.assert(
      fc.property(overrides, (o) => {
        expectPlacesReconcile(project(loadScenario(fixture('places/shared.yaml'), { overrides: o })));
      }),
      { numRuns: 40 },
    );
  });

  it('with places read from a table, rolled up by council, commissioner and area', () => {
    const r = project(loadScenario(fixture('places/from-table.yaml')));
    expect(r.rollups.map((g) => [g.by, g.id, g.places])).toEqual([
      ['council', 'council-n', ['north']],
      ['council', 'council-s', ['south']],
      ['commissioner', 'ccg-n', ['north']],
      ['commissioner', 'ccg-s', ['south']],
      ['area', 'Upland', ['north']],
      ['area', 'Lowland', ['south']],
    ]);
    expectPlacesReconcile(r);
  });

  it('in real terms too', () => {
    const r = project(loadScenario(fixture('places/shared.yaml')), undefined, { prices: { real: '2020/21' } });
    expect(r.prices).toMatchObject({ basis: 'real', year: '2020/21', deflator: { id: 'gdp', name: 'GDP deflator' } });
    expectPlacesReconcile(r);
  });
});
