/**
 * NPV and payback, worked by hand: Green Book discounting at 3.5% a year to
 * the base year (year 0), payback the first year the cumulative net benefit
 * since the first investment is 0 or more.
 */
import { describe, it, expect } from 'vitest';
import { appraise, GREEN_BOOK_RATE, loadScenario, project, type Results } from '../../src/index.js';
import { fixture } from '../helpers.js';

/** Three years; one scheme invests £100 in year 1 (paid by the ccg) and saves £60 in years 1 and 2. */
function hand(): Pick<Results, 'years' | 'priceBase' | 'schemes' | 'organisations'> {
  const scheme = { id: 'k', name: 'K', investment: [0, 100, 0], effect: [0, -60, -60], byOrganisation: { ccg: [0, -70, 40], acute: [0, 30, 20] } };
  const org = (id: string, investment: number[]) => ({ id, name: id.toUpperCase(), investment });
  return {
    years: ['2020/21', '2021/22', '2022/23'],
    priceBase: 'cash',
    schemes: [scheme] as unknown as Results['schemes'],
    organisations: [org('ccg', [0, 100, 0]), org('acute', [0, 0, 0]), org('council', [0, 0, 0])] as unknown as Results['organisations'],
  };
}

describe('appraise', () => {
  it('a scheme: NPV = (60 − 100)/1.035 + 60/1.035² = £17.37, paid back in the second year', () => {
    const a = appraise(hand());
    expect(a.rate).toBe(GREEN_BOOK_RATE);
    expect(GREEN_BOOK_RATE).toBe(0.035);
    const k = a.schemes[0]!;
    expect(k.investment).toBe(100);
    expect(k.pvInvestment).toBeCloseTo(100 / 1.035, 10); // 96.6184
    expect(k.pvBenefit).toBeCloseTo(60 / 1.035 + 60 / 1.035 ** 2, 10); // 57.9710 + 56.0107
    expect(k.npv).toBeCloseTo(17.3633, 4);
    // cumulative net: −40 in 2021/22, +20 in 2022/23; discounted −38.65, then +17.36
    expect(k.payback).toBe('2022/23');
    expect(k.paybackYears).toBe(1);
    expect(k.discountedPayback).toBe('2022/23');
    expect(a.baseYear).toBe('2020/21');
    expect(a.method).toMatch(/3\.5% a year \(HM Treasury Green Book\) to present values in 2020\/21 \(year 0\)/);
  });

  it('by organisation: the change in its position plus its investment is its benefit; organisations the schemes leave alone are left out', () => {
    const a = appraise(hand());
    expect(a.organisations.map((o) => o.id)).toEqual(['ccg', 'acute']);
    const ccg = a.organisations[0]!;
    // benefit = position change + investment = [0, 30, 40]; net = [0, −70, 40]
    expect(ccg.pvBenefit).toBeCloseTo(30 / 1.035 + 40 / 1.035 ** 2, 10);
    expect(ccg.npv).toBeCloseTo(-70 / 1.035 + 40 / 1.035 ** 2, 10);
    expect(ccg.payback).toBeNull();
    const acute = a.organisations[1]!;
    expect(acute.npv).toBeCloseTo(30 / 1.035 + 20 / 1.035 ** 2, 10);
    expect(acute.payback).toBeNull(); // no investment: nothing to pay back
  });

  it('another rate: at 0% the NPV is the plain sum (£20); at 10% it is (−40)/1.1 + 60/1.21', () => {
    expect(appraise(hand(), 0).schemes[0]!.npv).toBeCloseTo(20, 12);
    const ten = appraise(hand(), 0.1);
    expect(ten.schemes[0]!.npv).toBeCloseTo(-40 / 1.1 + 60 / 1.21, 12);
    expect(ten.method).toMatch(/^Discounted at 10% a year to/);
  });

  it('on a projection: each scheme\'s flows are its results\' (tiny with a shift)', () => {
    const r = project(loadScenario(fixture('tiny/tiny-shift.yaml')));
    const a = appraise(r);
    const k = r.schemes[0]!;
    const df = r.years.map((_, t) => 1.035 ** -t);
    const npv = r.years.reduce((s, _, t) => s + (-k.effect[t]! - k.investment[t]!) * df[t]!, 0);
    expect(a.schemes[0]!.npv).toBeCloseTo(npv, 6);
    // 10,000 one-off in 2021/22 plus 4,000 a year × phasing (½ then 1)
    expect(a.schemes[0]!.investment).toBeCloseTo(10000 + 2000 + 4000, 6);
  });
});
