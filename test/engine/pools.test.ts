/**
 * Pooled budgets and risk share on the tiny system (test/fixtures/tiny), worked
 * by hand. The sums are in the comments.
 *
 * The tiny system, contacts paid by tariff (price = unit cost £50):
 *   admissions  300 / 340 / 380 a year  × £1,000 → 300,000 / 340,000 / 380,000
 *   contacts  3,000 / 3,400 / 3,800     × £50    → 150,000 / 170,000 / 190,000
 * so a pool of [admissions, contacts] spends 450,000 / 510,000 / 570,000.
 *
 * With tiny-shift (half of older admissions moved to 6 contacts each, phased
 * ½ in 2021/22 and in full in 2022/23):
 *   2021/22: 60 admissions move → admissions 280 (280,000), contacts 3,760 (188,000): spend 468,000
 *   2022/23: 140 move → admissions 240 (240,000), contacts 4,640 (232,000): spend 472,000
 *
 * Contributions (the tiny-pool fixture):
 *   ccg     amount 400,000 growing 5%: 400,000 / 420,000 / 441,000
 *   council byYear:                      50,000 /  60,000 /  60,000
 *   budget B:                           450,000 / 480,000 / 501,000
 */
import { describe, it, expect } from 'vitest';
import { loadScenario, project, type Results } from '../../src/index.js';
import { fixture, model } from '../helpers.js';

const TINY = fixture('tiny/tiny.yaml');
const SHIFT = fixture('tiny/tiny-shift.yaml');
const near = (v: number, digits = 6) => expect.closeTo(v, digits);
const nears = (vs: number[], digits = 6) => vs.map((v) => near(v, digits));

const contributions = [
  { partner: 'ccg', amount: 400000, growth: 0.05 },
  { partner: 'council', byYear: { '2020/21': 50000, '2021/22': 60000, '2022/23': 60000 } },
];

/** The tiny system (or tiny-shift) with contacts on tariff and one pool, fully specified here. */
function withPool(pool: Record<string, unknown>, file = TINY): Results {
  const full = { id: 'fund', host: 'ccg', services: ['admissions', 'contacts'], contributions, overspend: { method: 'proportional' }, ...pool };
  return project(loadScenario(file, { overrides: { services: [{ id: 'contacts', payment: { model: 'tariff' } }], pools: [full] } }));
}
const shares = (r: Results) => Object.fromEntries(r.pools[0]!.partners.map((p) => [p.id, p.share]));
const contribs = (r: Results) => Object.fromEntries(r.pools[0]!.partners.map((p) => [p.id, p.contribution]));
const position = (r: Results, id: string) => r.organisations.find((o) => o.id === id)!.position;

function expectSharesSumToVariance(r: Results): void {
  for (const pool of r.pools) {
    r.years.forEach((_, t) => {
      const sum = pool.partners.reduce((a, p) => a + p.share[t]!, 0);
      expect(sum).toBeCloseTo(pool.variance[t]!, 6);
    });
  }
}

describe('contributions', () => {
  it('an amount with growth, fixed sums by year: budget, spend and variance', () => {
    const r = project(loadScenario(fixture('tiny/tiny-pool.yaml')));
    const pool = r.pools[0]!;
    expect(contribs(r).ccg).toEqual(nears([400000, 420000, 441000])); // 400,000 × 1.05^t
    expect(contribs(r).council).toEqual(nears([50000, 60000, 60000]));
    expect(pool.budget).toEqual(nears([450000, 480000, 501000]));
    expect(pool.spend).toEqual(nears([450000, 510000, 570000]));
    expect(pool.variance).toEqual(nears([0, 30000, 69000])); // S − B
    expect(pool.overspendShared).toEqual(nears([0, 30000, 69000]));
    expect(pool.host).toBe('ccg');
    expectSharesSumToVariance(r);
  });

  it('a share of named services’ do-nothing spend', () => {
    // council: 10% of do-nothing admissions spend 300,000 / 340,000 / 380,000
    const r = withPool({ contributions: [contributions[0], { partner: 'council', shareOf: { services: ['admissions'], share: 0.1 } }] });
    expect(contribs(r).council).toEqual(nears([30000, 34000, 38000]));
    expect(r.pools[0]!.budget).toEqual(nears([430000, 454000, 479000]));
  });

  it('the do-nothing basis ignores schemes: the planned spend is what would have happened', () => {
    const r = withPool({ contributions: [contributions[0], { partner: 'council', shareOf: { services: ['admissions'], share: 0.1 } }] }, SHIFT);
    expect(contribs(r).council).toEqual(nears([30000, 34000, 38000]));
  });

  it('a share of base-year spend grown by growth', () => {
    // 10% of base-year spend on admissions and contacts (300,000 + 150,000) × 1.1^t = 45,000 / 49,500 / 54,450
    const r = withPool({
      contributions: [contributions[0], { partner: 'council', shareOf: { services: ['admissions', 'contacts'], share: 0.1, basis: 'base-year' }, growth: 0.1 }],
    });
    expect(contribs(r).council).toEqual(nears([45000, 49500, 54450]));
  });

  it('a partner’s several contributions add up', () => {
    const r = withPool({ contributions: [...contributions, { partner: 'council', amount: 1000 }] });
    expect(contribs(r).council).toEqual(nears([51000, 61000, 61000]));
    expect(r.pools[0]!.budget).toEqual(nears([451000, 481000, 502000]));
  });
});

describe('risk-share rules on an overspend', () => {
  it('proportional to contributions', () => {
    // 2021/22: 30,000 × 420/480 = 26,250 and × 60/480 = 3,750
    // 2022/23: 69,000 × 441/501 = 60,736.53 and × 60/501 = 8,263.47
    const s = shares(withPool({}));
    expect(s.ccg).toEqual(nears([0, 26250, 69000 * (441000 / 501000)]));
    expect(s.council).toEqual(nears([0, 3750, 69000 * (60000 / 501000)]));
    expect(s.ccg![2]).toBeCloseTo(60736.53, 2);
  });

  it('fixed shares', () => {
    const s = shares(withPool({ overspend: { method: 'fixed', shares: { ccg: 0.7, council: 0.3 } } }));
    expect(s.ccg).toEqual(nears([0, 21000, 48300]));
    expect(s.council).toEqual(nears([0, 9000, 20700]));
  });

  it('tiered bands of variance / budget, each with its own shares, across band boundaries', () => {
    // bands: 0–5% of B 50:50; 5–10% 70:30; beyond 10% the CCG alone.
    // 2021/22: V/B = 30,000 / 480,000 = 6.25%: first 5% = 24,000 → 12,000 : 12,000;
    //          the next 6,000 → 4,200 : 1,800.  ccg 16,200, council 13,800.
    // 2022/23: V/B = 69,000 / 501,000 = 13.77%: 5% = 25,050 → 12,525 : 12,525;
    //          5–10% = 25,050 → 17,535 : 7,515; beyond 10% 18,900 → 18,900 : 0.
    //          ccg 48,960, council 20,040 (sum 69,000).
    const r = withPool({
      overspend: {
        method: 'tiered',
        bands: [
          { from: 0, to: 0.05, shares: { ccg: 0.5, council: 0.5 } },
          { from: 0.05, to: 0.1, shares: { ccg: 0.7, council: 0.3 } },
          { from: 0.1, shares: { ccg: 1 } },
        ],
      },
    });
    expect(shares(r).ccg).toEqual(nears([0, 16200, 48960]));
    expect(shares(r).council).toEqual(nears([0, 13800, 20040]));
    expectSharesSumToVariance(r);
  });

  it('a cap, with the remainder partner taking the excess', () => {
    // fixed 70:30, the council capped at 15,000 a year.
    // 2021/22: council 9,000 (under the cap), ccg 21,000.
    // 2022/23: council 20,700 → 15,000; the 5,700 over the cap goes to the remainder: ccg 48,300 + 5,700 = 54,000.
    const r = withPool({ host: 'council', overspend: { method: 'fixed', shares: { ccg: 0.7, council: 0.3 }, caps: { council: 15000 }, remainder: 'ccg' } });
    expect(shares(r).council).toEqual(nears([0, 9000, 15000]));
    expect(shares(r).ccg).toEqual(nears([0, 21000, 54000]));
    expect(r.pools[0]!.host).toBe('council');
  });

  it('the remainder defaults to the host', () => {
    const r = withPool({ overspend: { method: 'fixed', shares: { ccg: 0.7, council: 0.3 }, caps: { council: 15000 } } });
    expect(shares(r).ccg).toEqual(nears([0, 21000, 54000]));
  });

  it('an exclusion by service: the council never pays for admissions overspends', () => {
    // Line budgets split B like do-nothing spend: 2022/23 admissions 380/570 × 501,000 = 334,000,
    // contacts 167,000. Lines: admissions 380,000 − 334,000 = +46,000; contacts 190,000 − 167,000 = +23,000.
    // Fixed 70:30 with the council excluded from admissions:
    //   admissions 46,000 → ccg alone; contacts 23,000 → ccg 16,100, council 6,900.  ccg 62,100; council 6,900.
    // 2021/22: B = 480,000: admissions 340/510 × 480,000 = 320,000 → +20,000; contacts +10,000 → ccg 20,000 + 7,000; council 3,000.
    const r = withPool({ overspend: { method: 'fixed', shares: { ccg: 0.7, council: 0.3 }, exclusions: [{ partner: 'council', services: ['admissions'] }] } });
    expect(shares(r).ccg).toEqual(nears([0, 27000, 62100]));
    expect(shares(r).council).toEqual(nears([0, 3000, 6900]));
  });
});

describe('order of cover (with the shift: lines over- and underspend)', () => {
  // 2022/23, B = 501,000 split like do-nothing spend (380,000 : 190,000):
  //   admissions budget 334,000, spend 240,000 → −94,000 (underspend)
  //   contacts   budget 167,000, spend 232,000 → +65,000 (overspend)
  //   V = 472,000 − 501,000 = −29,000
  // 2021/22, B = 480,000 split 340,000 : 170,000 → 320,000 : 160,000:
  //   admissions 280,000 − 320,000 = −40,000; contacts 188,000 − 160,000 = +28,000; V = −12,000
  const reserve = { amount: 10000, fundedBy: { ccg: 0.5, council: 0.5 } };
  const rules = { overspend: { method: 'fixed', shares: { ccg: 0.7, council: 0.3 } }, underspend: { method: 'proportional' } };

  it('reserve first, then underspends elsewhere, then partners', () => {
    // 2022/23: reserve covers 10,000 of the 65,000; underspends cover the other 55,000;
    // 94,000 − 55,000 = 39,000 of underspend is left, shared in proportion to contributions:
    //   ccg 39,000 × 441/501 = 34,329.34; council 39,000 × 60/501 = 4,670.66.
    // The reserve's use is charged to its funders 50:50: +5,000 each.
    //   ccg 5,000 − 34,329.34 = −29,329.34; council 5,000 − 4,670.66 = +329.34; sum −29,000 = V.
    const r = withPool({ reserve, ...rules }, SHIFT);
    const pool = r.pools[0]!;
    expect(pool.variance).toEqual(nears([0, -12000, -29000]));
    expect(pool.reserveUsed).toEqual(nears([0, 10000, 10000]));
    expect(pool.underspendsUsed).toEqual(nears([0, 18000, 55000]));
    expect(pool.overspendShared).toEqual(nears([0, 0, 0]));
    expect(pool.underspendShared).toEqual(nears([0, 22000, 39000]));
    expect(shares(r).ccg![2]).toBeCloseTo(5000 - (39000 * 441) / 501, 6);
    expect(shares(r).council![2]).toBeCloseTo(5000 - (39000 * 60) / 501, 6);
    // 2021/22: reserve 10,000, underspends 18,000; 22,000 underspend left: ccg 22,000 × 420/480 = 19,250, council 2,750
    expect(shares(r).ccg![1]).toBeCloseTo(5000 - 19250, 6);
    expect(shares(r).council![1]).toBeCloseTo(5000 - 2750, 6);
    expectSharesSumToVariance(r);
  });

  it('without a reserve, underspends net off the overspends first', () => {
    // 2022/23: 65,000 covered by underspends; 29,000 left: ccg 29,000 × 441/501, council 29,000 × 60/501
    const r = withPool(rules, SHIFT);
    expect(r.pools[0]!.underspendsUsed[2]).toBeCloseTo(65000, 6);
    expect(shares(r).ccg![2]).toBeCloseTo((-29000 * 441) / 501, 6);
    expect(shares(r).council![2]).toBeCloseTo((-29000 * 60) / 501, 6);
  });

  it("without 'underspends', the gross over- and underspends are shared separately", () => {
    // cover [reserve]: reserve 10,000; the other 55,000 overspend by the overspend rule (70:30):
    //   ccg 38,500, council 16,500; the whole 94,000 underspend in proportion to contributions:
    //   ccg 94,000 × 441/501 = 82,742.51, council 94,000 × 60/501 = 11,257.49.
    //   ccg 38,500 + 5,000 − 82,742.51 = −39,242.51; council 16,500 + 5,000 − 11,257.49 = 10,242.51; sum −29,000.
    const r = withPool({ reserve, cover: ['reserve'], ...rules }, SHIFT);
    const pool = r.pools[0]!;
    expect(pool.underspendsUsed).toEqual(nears([0, 0, 0]));
    expect(pool.overspendShared[2]).toBeCloseTo(55000, 6);
    expect(pool.underspendShared[2]).toBeCloseTo(94000, 6);
    expect(shares(r).ccg![2]).toBeCloseTo(38500 + 5000 - (94000 * 441) / 501, 6);
    expect(shares(r).council![2]).toBeCloseTo(16500 + 5000 - (94000 * 60) / 501, 6);
    expect(shares(r).council![2]).toBeCloseTo(10242.51, 2);
    expectSharesSumToVariance(r);
  });

  it('a reserve bigger than the overspend covers all of it and no more', () => {
    // 2021/22 no shift: V = 30,000 all overspend; a reserve of 50,000 covers it all, charged pro rata to contributions
    const r = withPool({ reserve: { amount: 50000 } });
    expect(r.pools[0]!.reserveUsed).toEqual(nears([0, 30000, 50000]));
    expect(r.pools[0]!.overspendShared).toEqual(nears([0, 0, 19000]));
    expect(shares(r).council![1]).toBeCloseTo(30000 * (60000 / 480000), 6);
    expectSharesSumToVariance(r);
  });
});

describe('performance-linked release', () => {
  // The CCG holds back 20,000 a year from 2021/22 until admissions fall 20% against the do-nothing.
  // 2020/21: before start, nothing held: contribution 400,000.
  // 2021/22: admissions 280 against 340: 60/340 = 17.65% achieved, 88.24% of the target:
  //          released 20,000 × 0.8824 = 17,647.06; contribution 420,000 − 2,352.94 = 417,647.06.
  // 2022/23: 140/380 = 36.8% > 20%: all 20,000 released; contribution 441,000.
  const perf = { partner: 'ccg', held: 20000, service: 'admissions', targetReduction: 0.2, start: '2021/22' };

  it('releases the held amount in proportion to the target reduction achieved', () => {
    const r = withPool({ performance: perf }, SHIFT);
    const pool = r.pools[0]!;
    const released = 20000 * (60 / 340 / 0.2);
    expect(pool.released).toEqual(nears([0, released, 20000]));
    expect(contribs(r).ccg).toEqual(nears([400000, 420000 - (20000 - released), 441000]));
    expect(pool.budget[1]).toBeCloseTo(417647.06 + 60000, 2); // with the council's 60,000
    expect(pool.variance[1]).toBeCloseTo(468000 - 477647.06, 2);
    expectSharesSumToVariance(r);
  });

  it('with no reduction (no schemes) nothing is released after the start', () => {
    const r = withPool({ performance: perf });
    expect(r.pools[0]!.released).toEqual(nears([0, 0, 0]));
    expect(contribs(r).ccg).toEqual(nears([400000, 400000, 421000]));
  });

  it('the held amount grows by its growth rate from the base year', () => {
    // 2021/22 held 20,000 × 1.1 = 22,000; released 22,000 × 0.8824 = 19,411.76
    const r = withPool({ performance: { ...perf, growth: 0.1 } }, SHIFT);
    expect(r.pools[0]!.released[1]).toBeCloseTo(22000 * (60 / 340 / 0.2), 6);
    expect(r.pools[0]!.released[2]).toBeCloseTo(24200, 6);
  });

  it('never holds back more than the partner contributes', () => {
    // the council puts in 50,000 / 60,000 / 60,000; 100,000 "held" can hold back at most that
    const r = withPool({ performance: { ...perf, partner: 'council', held: 100000, start: '2020/21' } });
    expect(contribs(r).council).toEqual(nears([0, 0, 0]));
    expectSharesSumToVariance(r);
  });
});

describe('a pool moves money between partners, never changes the system', () => {
  it('each partner pays its contribution and share; the commissioner no longer pays the in-scope services', () => {
    const a = project(loadScenario(TINY, { overrides: { services: [{ id: 'contacts', payment: { model: 'tariff' } }] } }));
    const b = project(loadScenario(fixture('tiny/tiny-pool.yaml')));
    // council: −(contribution + share): 2022/23 −(60,000 + 8,263.47)
    expect(position(b, 'council')[2]! - position(a, 'council')[2]!).toBeCloseTo(-(60000 + (69000 * 60000) / 501000), 6);
    // ccg: + in-scope payments 570,000 − (441,000 + 60,736.53)
    expect(position(b, 'ccg')[2]! - position(a, 'ccg')[2]!).toBeCloseTo(570000 - 441000 - (69000 * 441000) / 501000, 6);
    // providers are paid as before
    expect(position(b, 'acute')).toEqual(nears(position(a, 'acute')));
    expect(b.system.gap).toEqual(nears(a.system.gap));
  });
});

describe('Harrogate pooled budget', () => {
  const r = project(loadScenario(model('harrogate-pooled-budget.yaml')));
  const pool = r.pools[0]!;

  it('shares sum to the variance and contributions to the budget, every year', () => {
    expectSharesSumToVariance(r);
    r.years.forEach((_, t) => {
      const c = pool.partners.reduce((a, p) => a + p.contribution[t]!, 0);
      expect(c).toBeCloseTo(pool.budget[t]!, 4);
    });
  });

  it('positions sum to minus the system gap, which the pool does not change', () => {
    const plain = project(loadScenario(model('harrogate-integrated-care.yaml')));
    r.years.forEach((_, t) => {
      const sum = r.organisations.reduce((a, o) => a + o.position[t]!, 0);
      expect(sum).toBeCloseTo(-r.system.gap[t]!, 3);
      expect(r.system.gap[t]!).toBeCloseTo(plain.system.gap[t]!, 3);
    });
  });

  it('the council never pays more than its cap on overspends (beyond its share of the reserve)', () => {
    const council = pool.partners.find((p) => p.id === 'nycc')!;
    r.years.forEach((_, t) => expect(council.share[t]!).toBeLessThanOrEqual(1000000 + 0.23 * 500000 + 1e-6));
  });
});
