/**
 * The tiny system in test/fixtures/tiny, computed by hand (the sums are in the
 * comments), checked against the engine through the public API.
 */
import { describe, it, expect } from 'vitest';
import { loadScenario, project, waterfall } from '../../src/index.js';
import { fixture } from '../helpers.js';

describe('do-nothing projection of the tiny system', () => {
  const r = project(loadScenario(fixture('tiny/tiny.yaml')));

  it('reproduces base-year activity from rates × population', () => {
    // admissions 0.1 × 1000 + 0.4 × 500 = 300; bed days 100 × 2 + 200 × 10 = 2,200
    expect(r.services[0]!.activity[0]).toBeCloseTo(300, 9);
    expect(r.services[1]!.activity[0]).toBeCloseTo(2200, 9);
    expect(r.services[2]!.activity[0]).toBeCloseTo(3000, 9);
  });

  it('costs bed days as fixed + variable + whole wards', () => {
    // base cost 220,000: fixed 22,000; 3 wards of 1,000 hold 110,000 (36,666.67 each); variable 40 a day.
    // 2021/22: 2,600 days still need 3 wards: 22,000 + 40 × 2,600 + 110,000 = 236,000
    expect(r.services[1]!.cost[0]).toBeCloseTo(220000, 6);
    expect(r.services[1]!.cost[1]).toBeCloseTo(236000, 6);
    expect(r.services[1]!.cost[2]).toBeCloseTo(252000, 6);
  });

  it('gives the system gap and every position', () => {
    // cost 670,000 / 746,000 / 822,000; funding 601,000 / 613,000 / 625,240
    expect(r.system.gap).toEqual([69000, 133000, 196760].map((v) => expect.closeTo(v, 6)));
    const pos = Object.fromEntries(r.organisations.map((o) => [o.id, o.position]));
    // ccg: 600,000 − 300,000 tariff − 150,000 block; acute: 300,000 − 520,000; community: block 150,000 − 190,000 in 2022/23
    expect(pos.ccg![0]).toBeCloseTo(150000, 6);
    expect(pos.acute![0]).toBeCloseTo(-220000, 6);
    expect(pos.community![2]).toBeCloseTo(-40000, 6);
    expect(pos.council![2]).toBeCloseTo(1000, 6);
  });
});

describe('a shift scheme on the tiny system', () => {
  const r = project(loadScenario(fixture('tiny/tiny-shift.yaml')));
  const [adm, beds, contacts] = r.services;
  const shift = r.schemes[0]!;

  it('moves the phased fraction of remaining activity, converted', () => {
    // 2021/22: φ = 0.5 × ½ = 0.25 of 240 older admissions = 60 → 360 contacts
    expect(shift.removed[1]).toBeCloseTo(60, 9);
    expect(shift.added[1]).toBeCloseTo(360, 9);
    expect(adm!.activity[1]).toBeCloseTo(280, 9);
    expect(contacts!.activity[1]).toBeCloseTo(3760, 9);
    // bed days leave with the admissions: 2,400 × 0.25 = 600
    expect(shift.followerRemoved[1]).toBeCloseTo(600, 9);
    expect(beds!.activity[1]).toBeCloseTo(2000, 9);
  });

  it('releases a ward only when a whole ward of activity has gone, and reports the stranded cost', () => {
    // 2022/23: 1,600 bed days need 2 wards: 22,000 + 40 × 1,600 + 73,333.33 = 159,333.33
    expect(beds!.cost[2]).toBeCloseTo(159333.333, 2);
    // do-nothing 3,000 days cost 252,000 (84 a day); 1,400 fewer days "should" save 117,600 but save 92,666.67
    expect(beds!.stranded[2]).toBeCloseTo(117600 - 92666.667, 2);
    // the next ward goes when 600 more days go (1,600 → 1,000)
    expect(beds!.nextStepRelease[2]).toBeCloseTo(600, 9);
    // in 2021/22 a ward was released: more than the average saved, nothing stranded
    expect(beds!.stranded[1]).toBe(0);
  });

  it('has a waterfall whose steps sum to the residual gap', () => {
    // 2021/22: effect = 643,333.33 − 746,000; investment 10,000 one-off + 4,000 × ½
    const steps = waterfall(r, '2021/22');
    expect(steps.map((s) => s.kind)).toEqual(['start', 'scheme', 'investment', 'end']);
    expect(steps[1]!.value).toBeCloseTo(643333.333 - 746000, 2);
    expect(steps[2]!.value).toBeCloseTo(12000, 6);
    const inner = steps.slice(0, -1).reduce((a, s) => a + s.value, 0);
    expect(inner).toBeCloseTo(steps[3]!.value, 6);
  });
});

describe('payment models on the tiny system, by hand', () => {
  const admissionsPaid = (payment: object, file = 'tiny/tiny.yaml') =>
    project(loadScenario(fixture(file), { overrides: { services: [{ id: 'admissions', payment }] } })).services[0]!.payment;

  it('tariff pays price × uplift × activity', () => {
    // 2021/22: 340 admissions × £1,000 × 1.1
    expect(admissionsPaid({ model: 'tariff', uplift: 0.1 })[1]).toBeCloseTo(374000, 6);
  });

  it('block pays the base-year cost whatever the activity', () => {
    expect(admissionsPaid({ model: 'block' })).toEqual([300000, 300000, 300000].map((v) => expect.closeTo(v, 6)));
    expect(admissionsPaid({ model: 'block', value: 250000, uplift: 0.02 })[2]).toBeCloseTo(250000 * 1.02 * 1.02, 6);
  });

  it('blended pays the plan, ± a share of price for activity off plan', () => {
    // with the shift: 2022/23 activity 240 against a do-nothing plan of 380, 20% withdrawn below plan:
    // £1,000 × (380 − 0.2 × 140) = £352,000
    expect(admissionsPaid({ model: 'blended', above: 0.2, below: 0.2 }, 'tiny/tiny-shift.yaml')[2]).toBeCloseTo(352000, 6);
    // a 70% marginal rate above a base-year baseline: 2021/22 340 against 300: £1,000 × (300 + 0.7 × 40)
    expect(admissionsPaid({ model: 'blended', above: 0.7, below: 1, plan: 'base-year' })[1]).toBeCloseTo(328000, 6);
  });

  it('cost per case pays the local price × activity', () => {
    expect(admissionsPaid({ model: 'cost-per-case', price: 900 })[2]).toBeCloseTo(900 * 380, 6);
  });

  it('moves money between organisations without changing the system', () => {
    const a = project(loadScenario(fixture('tiny/tiny-shift.yaml')));
    const b = project(loadScenario(fixture('tiny/tiny-shift.yaml'), { overrides: { services: [{ id: 'admissions', payment: { model: 'block' } }] } }));
    // the acute trust keeps 300,000 instead of 240,000 in 2022/23; the CCG pays the 60,000
    const pos = (r: typeof a, id: string) => r.organisations.find((o) => o.id === id)!.position[2]!;
    expect(pos(b, 'acute') - pos(a, 'acute')).toBeCloseTo(60000, 6);
    expect(pos(b, 'ccg') - pos(a, 'ccg')).toBeCloseTo(-60000, 6);
    expect(b.system.gap[2]).toBeCloseTo(a.system.gap[2]!, 6);
  });
});
