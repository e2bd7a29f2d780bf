/**
 * Capitated envelopes on the tiny system (test/fixtures/tiny), worked by hand,
 * and the identities of the Harrogate capitated scenario.
 *
 * The acute trust's scope is admissions and bed days; here bed days are paid by
 * tariff at their unit cost (£100), so base-year spend equals base-year cost:
 *   admissions 300 / 340 / 380 × £1,000; bed days 2,200 / 2,600 / 3,000 (cost 220,000 / 236,000 / 252,000:
 *   fixed and stepped, see worked-examples.test.ts), paid 220,000 / 260,000 / 300,000.
 *   Scope cost 520,000 / 576,000 / 632,000; tariff income 520,000 / 600,000 / 680,000.
 *
 * Derived weights, from base-year cost by age:
 *   young: 100 admissions × 1,000 + 200 bed days × 100 = 120,000 for 1,000 people = 120 a head
 *   old:   200 admissions × 1,000 + 2,000 bed days × 100 = 400,000 for 500 people = 800 a head
 *   mean 520,000 / 1,500 = 346.67 a head → w_young = 120 / 346.67 = 9/26, w_old = 800 / 346.67 = 30/13
 * Weighted population (young 1,000 every year; old 500 / 600 / 700):
 *   1,500; 1,000 × 9/26 + 600 × 30/13 = 45,000/26 = 1,730.77; 51,000/26 = 1,961.54
 * Base rate: base-year spend 520,000 / 1,500 = 346.67 a weighted head, so
 *   E = 346.67 × W × uplift: 520,000 / 600,000 / 680,000 with no uplift.
 */
import { describe, it, expect } from 'vitest';
import { loadScenario, project, type Results } from '../../src/index.js';
import { settle, acaRiskCorridor } from '../../src/engine/settlement.js';
import { fixture, model } from '../helpers.js';

const TINY = fixture('tiny/tiny.yaml');
const near = (v: number, digits = 6) => expect.closeTo(v, digits);
const nears = (vs: number[], digits = 6) => vs.map((v) => near(v, digits));
const corridor = { form: 'risk-corridor', bands: [{ threshold: 0.03, payerShare: 0.5 }, { threshold: 0.08, payerShare: 0.8 }] };

function withEnvelope(envelope: Record<string, unknown>, bedDays: object = { model: 'tariff' }): Results {
  const e = { id: 'acute-env', provider: 'acute', commissioner: 'ccg', services: ['admissions', 'bed-days'], ...envelope };
  return project(loadScenario(TINY, { overrides: { services: [{ id: 'bed-days', payment: bedDays }], envelopes: [e] } }));
}
const plain = (bedDays: object = { model: 'tariff' }) => project(loadScenario(TINY, { overrides: { services: [{ id: 'bed-days', payment: bedDays }] } }));
const position = (r: Results, id: string) => r.organisations.find((o) => o.id === id)!.position;

describe('a capitated envelope, by hand', () => {
  it('derives weights from base-year cost by age and sets the base rate so E0 = base-year spend', () => {
    const env = withEnvelope({}).envelopes[0]!;
    expect(env.weightedPopulation).toEqual(nears([1500, 45000 / 26, 51000 / 26]));
    expect(env.envelope).toEqual(nears([520000, 600000, 680000]));
    expect(env.cost).toEqual(nears([520000, 576000, 632000]));
    // the stepped bed-day cost grows slower than the weighted population
    expect(env.margin).toEqual(nears([0, 24000, 48000]));
    expect(env.tariffIncome).toEqual(nears([520000, 600000, 680000]));
    expect(env.settlement).toEqual([0, 0, 0]);
    expect(env.payment).toEqual(nears(env.envelope));
  });

  it('uplifts the rate yearly', () => {
    // 2% a year: 600,000 × 1.02 = 612,000; 680,000 × 1.02² = 707,472
    const env = withEnvelope({ uplift: 0.02 }).envelopes[0]!;
    expect(env.envelope).toEqual(nears([520000, 612000, 707472]));
    expect(env.margin).toEqual(nears([0, 36000, 75472]));
  });

  it('a need index cancels when the base rate is derived, and scales a given base rate', () => {
    expect(withEnvelope({ needIndex: 0.936 }).envelopes[0]!.envelope).toEqual(nears([520000, 600000, 680000]));
    // given £300 a weighted head and a need index 0.9: 300 × 0.9 × 1,500 = 405,000; × 1,730.77 = 467,307.69
    const env = withEnvelope({ needIndex: 0.9, baseRate: 300 }).envelopes[0]!;
    expect(env.envelope[0]).toBeCloseTo(405000, 6);
    expect(env.envelope[1]).toBeCloseTo((300 * 0.9 * 45000) / 26, 6);
    expect(env.weightedPopulation[1]).toBeCloseTo((0.9 * 45000) / 26, 6);
  });

  it('weights from a table column', () => {
    // rates.csv contacts column: young 1, old 4 → W = 1,000 + 4 × 500 = 3,000; 3,400; 3,800
    // rate 520,000 / 3,000 = 173.33 → 589,333.33; 658,666.67
    const env = withEnvelope({ weights: { table: 'rates.csv', column: 'contacts' } }).envelopes[0]!;
    expect(env.weightedPopulation).toEqual(nears([3000, 3400, 3800]));
    expect(env.envelope).toEqual(nears([520000, (520000 * 3400) / 3000, (520000 * 3800) / 3000]));
  });

  it('moves money from the commissioner to the provider, never changes the system', () => {
    const a = plain();
    const b = withEnvelope({ uplift: 0.02 });
    // 2022/23: the CCG pays 707,472 instead of 680,000 of tariff
    expect(position(b, 'ccg')[2]! - position(a, 'ccg')[2]!).toBeCloseTo(-(707472 - 680000), 6);
    expect(position(b, 'acute')[2]! - position(a, 'acute')[2]!).toBeCloseTo(707472 - 680000, 6);
    // acute: income = envelope, so its position is the margin
    expect(position(b, 'acute')).toEqual(nears([0, 36000, 75472]));
    expect(b.system.gap).toEqual(nears(a.system.gap));
  });

  it('base-year spend, not cost: bed days paid within the spell tariff leave the envelope short of cost', () => {
    // with bed days unpaid (payment none), base-year spend is admissions' 300,000 only, against cost 520,000
    const env = withEnvelope({}, { model: 'none' }).envelopes[0]!;
    expect(env.envelope[0]).toBeCloseTo(300000, 6);
    expect(env.margin[0]).toBeCloseTo(-220000, 6);
    // tariff income counts only the paid line: 300,000 / 340,000 / 380,000
    expect(env.tariffIncome).toEqual(nears([300000, 340000, 380000]));
  });

  it('tariff income for a block-paid line is unit cost × activity', () => {
    // community contacts on a block of 150,000: under tariff they would earn £50 × 3,000 / 3,400 / 3,800
    const r = project(loadScenario(TINY, { overrides: { envelopes: [{ id: 'c', provider: 'community', commissioner: 'ccg', services: ['contacts'] }] } }));
    const env = r.envelopes[0]!;
    expect(env.tariffIncome).toEqual(nears([150000, 170000, 190000]));
    // derived weights 50 and 200 a head (mean 100) → 0.5, 2: W = 1,500 / 1,700 / 1,900; E0 = block 150,000 → rate 100
    expect(env.envelope).toEqual(nears([150000, 170000, 190000]));
  });
});

describe('settlements around the envelope', () => {
  it('a risk corridor: 3% dead band, 50% of 3–8%, 80% beyond', () => {
    // uplift 2%:
    // 2021/22: E 612,000, cost 576,000: gain 36,000 = 5.88%; dead band 3% = 18,360;
    //          50% × (36,000 − 18,360) = 8,820 paid back → payment 603,180, final margin 27,180
    // 2022/23: E 707,472, cost 632,000: gain 75,472 = 10.67%;
    //          50% × 5% × 707,472 = 17,686.80 + 80% × (75,472 − 8% × 707,472 = 18,874.24) = 15,099.39
    //          → 32,786.19 paid back; payment 674,685.81; final margin 42,685.81
    const env = withEnvelope({ uplift: 0.02, settlement: corridor }).envelopes[0]!;
    expect(env.settlement).toEqual(nears([0, -8820, -(17686.8 + 0.8 * 18874.24)]));
    expect(env.settlement[2]).toBeCloseTo(-32786.19, 2);
    expect(env.payment).toEqual(nears([520000, 603180, 707472 - 32786.192]));
    expect(env.finalMargin).toEqual(nears([0, 27180, 75472 - 32786.192]));
    // the same as the library's settle with the ACA schedule
    expect(env.settlement[2]).toBeCloseTo(settle(acaRiskCorridor(), { benchmark: 707472, actual: 632000 }).earned, 6);
  });

  it('a risk corridor on losses pays the provider', () => {
    // uplift −8%: 2021/22 E 552,000, cost 576,000: loss 24,000 = 4.35%: 50% × (24,000 − 16,560) = 3,720 to the provider
    // 2022/23 E 680,000 × 0.92² = 575,552, cost 632,000: loss 56,448 = 9.81%:
    //   50% × 5% × 575,552 = 14,388.80 + 80% × (56,448 − 46,044.16) = 8,323.07 → 22,711.87 to the provider
    const env = withEnvelope({ uplift: -0.08, settlement: corridor }).envelopes[0]!;
    expect(env.envelope[2]).toBeCloseTo(575552, 6);
    expect(env.settlement[1]).toBeCloseTo(3720, 6);
    expect(env.settlement[2]).toBeCloseTo(14388.8 + 0.8 * 10403.84, 6);
    expect(env.payment[2]).toBeCloseTo(575552 + 22711.872, 6);
  });

  it('shared savings: paid cost, plus a share of savings after the haircut and the cap', () => {
    // share 50% above a 2% minimum savings rate, 2% haircut, savings capped at 5% of the benchmark; uplift 2%:
    // 2021/22: saving 36,000 (5.88%): 36,000 × 0.5 × 0.98 = 17,640 (cap 30,600) → payment 576,000 + 17,640
    // 2022/23: 75,472 × 0.5 × 0.98 = 36,981.28, capped at 5% × 707,472 = 35,373.60 → payment 632,000 + 35,373.60
    const settlement = { form: 'shared-savings', shareRate: 0.5, minSavingsRate: 0.02, savingsHaircut: 0.02, savingsCap: 0.05, twoSided: true, lossShareRate: 0.3, lossCap: 0.005 };
    const env = withEnvelope({ uplift: 0.02, settlement }).envelopes[0]!;
    expect(env.settlement).toEqual(nears([0, 17640, 35373.6]));
    expect(env.payment).toEqual(nears([520000, 593640, 667373.6]));
    expect(env.finalMargin).toEqual(nears([0, 17640, 35373.6]));
    // losses: uplift −5%: 2021/22 E 570,000, cost 576,000: 1.05% < 2%, nothing shared — paid cost;
    // 2022/23 E 613,700, cost 632,000: 2.98%: 30% × 18,300 = 5,490, capped at 0.5% × 613,700 = 3,068.50
    const loss = withEnvelope({ uplift: -0.05, settlement }).envelopes[0]!;
    expect(loss.settlement).toEqual(nears([0, 0, -3068.5]));
    expect(loss.payment).toEqual(nears([520000, 576000, 632000 - 3068.5]));
  });

  it('a quality-scaled share rate uses the quality score', () => {
    // 50% × quality 0.8 = 40% of 36,000 = 14,400
    const env = withEnvelope({ uplift: 0.02, settlement: { form: 'shared-savings', shareRate: 0.5, qualityScaled: true, qualityScore: 0.8 } }).envelopes[0]!;
    expect(env.settlement[1]).toBeCloseTo(14400, 6);
  });
});

describe('Harrogate capitated scenario', () => {
  const r = project(loadScenario(model('harrogate-capitated.yaml')));
  const base = project(loadScenario(model('harrogate-integrated-care.yaml')));
  const env = r.envelopes[0]!;

  it('the base-year envelope equals base-year spend on the scope', () => {
    const spend = env.services.reduce((a, id) => a + base.services.find((s) => s.id === id)!.payment[0]!, 0);
    expect(env.envelope[0]).toBeCloseTo(spend, 3);
    expect(env.envelope[0]!).toBeGreaterThan(0);
  });

  it('envelope − cost = margin; envelope + settlement = payment; payment − cost = final margin', () => {
    r.years.forEach((_, t) => {
      expect(env.envelope[t]! - env.cost[t]!).toBeCloseTo(env.margin[t]!, 3);
      expect(env.envelope[t]! + env.settlement[t]!).toBeCloseTo(env.payment[t]!, 3);
      expect(env.payment[t]! - env.cost[t]!).toBeCloseTo(env.finalMargin[t]!, 3);
      // the corridor never takes more than the margin, nor turns a gain into a loss
      expect(Math.sign(env.finalMargin[t]!) * Math.sign(env.margin[t]!)).toBeGreaterThanOrEqual(0);
      expect(Math.abs(env.finalMargin[t]!)).toBeLessThanOrEqual(Math.abs(env.margin[t]!) + 1e-6);
    });
  });

  it('the scope’s cost is the provider’s cost of those services', () => {
    r.years.forEach((_, t) => {
      const cost = env.services.reduce((a, id) => a + r.services.find((s) => s.id === id)!.cost[t]!, 0);
      expect(env.cost[t]).toBeCloseTo(cost, 3);
    });
  });

  it('positions sum to minus the gap, which is the same as without the envelope', () => {
    r.years.forEach((_, t) => {
      const sum = r.organisations.reduce((a, o) => a + o.position[t]!, 0);
      expect(sum).toBeCloseTo(-r.system.gap[t]!, 3);
      expect(r.system.gap[t]).toBeCloseTo(base.system.gap[t]!, 3);
    });
  });

  it('the commissioner pays the settled envelope instead of the scope’s own payments', () => {
    const ccg = (x: Results) => x.organisations.find((o) => o.id === env.commissioner)!.position;
    const own = (t: number) => env.services.reduce((a, id) => a + base.services.find((s) => s.id === id)!.payment[t]!, 0);
    r.years.forEach((_, t) => expect(ccg(r)[t]! - ccg(base)[t]!).toBeCloseTo(own(t) - env.payment[t]!, 3));
  });
});
