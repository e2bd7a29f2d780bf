/**
 * Results in real terms: every £ of year t × D(price year) / D(t), the
 * deflator named on the results; activity and beds unchanged; the bridges
 * still sum to their gap. And the note when funding and cost share an index.
 */
import { describe, it, expect } from 'vitest';
import { loadScenario, project, UserError } from '../../src/index.js';
import { resultFiles } from '../../src/results/export.js';
import { formatRun } from '../../src/results/format.js';
import { fixture } from '../helpers.js';

describe('real terms', () => {
  const s = loadScenario(fixture('places/shared.yaml'));
  const cash = project(s);
  // the fixture's GDP deflator is 2% a year: at 2020/21 prices, year t is divided by 1.02^t
  const real = project(s, undefined, { prices: { real: '2020/21' } });

  it('divides each year by the deflator since the price year', () => {
    cash.years.forEach((_, t) => {
      const f = 1 / 1.02 ** t;
      expect(real.system.gap[t]).toBeCloseTo(cash.system.gap[t]! * f, 6);
      expect(real.system.funding[t]).toBeCloseTo(cash.system.funding[t]! * f, 6);
      expect(real.places[1]!.cost[t]).toBeCloseTo(cash.places[1]!.cost[t]! * f, 6);
      expect(real.organisations[0]!.position[t]).toBeCloseTo(cash.organisations[0]!.position[t]! * f, 6);
      expect(real.pools[0]!.partners[0]!.share[t]).toBeCloseTo(cash.pools[0]!.partners[0]!.share[t]! * f, 6);
      // activity and beds are not money
      expect(real.services[0]!.activity[t]).toBe(cash.services[0]!.activity[t]);
      expect(real.capacity[0]!.bedsNeeded[t]).toBe(cash.capacity[0]!.bedsNeeded[t]);
    });
  });

  it('at a later price year, multiplies earlier years up', () => {
    const later = project(s, undefined, { prices: { real: '2022/23' } });
    expect(later.system.gap[0]).toBeCloseTo(cash.system.gap[0]! * 1.02 ** 2, 6);
    expect(later.system.gap[2]).toBeCloseTo(cash.system.gap[2]!, 6);
  });

  it('names the price base and deflator on the results, the tables and the report', () => {
    expect(real.priceBase).toBe('real terms at 2020/21 prices (deflated by the GDP deflator)');
    expect(real.prices).toEqual({ basis: 'real', year: '2020/21', deflator: { id: 'gdp', name: 'GDP deflator', source: 'test fixture' } });
    const csv = resultFiles(real)['system.csv']!;
    expect(csv.split('\n')[0]).toMatch(/,price_base$/);
    expect(csv.split('\n')[1]).toContain('real terms at 2020/21 prices (deflated by the GDP deflator)');
    expect(formatRun(real)).toContain('Money in £m, real terms at 2020/21 prices (deflated by the GDP deflator)');
  });

  it('keeps the bridge summing to its gap', () => {
    const b = real.drivers[0]!;
    const sum = b.steps.slice(0, -1).reduce((a, x) => a + x.value, 0);
    expect(Math.abs(sum - b.steps[b.steps.length - 1]!.value)).toBeLessThan(1e-6);
    expect(b.steps[b.steps.length - 1]!.value).toBeCloseTo(real.system.doNothingGap[real.years.length - 1]!, 6);
  });

  it('refuses a price year outside the projection, and a scenario with no deflator', () => {
    expect(() => project(s, undefined, { prices: { real: '2019/20' } })).toThrow(UserError);
    expect(() => project(s, undefined, { prices: { real: '2019/20' } })).toThrow(/^prices: 2019\/20 is not in the projection \(2020\/21 to 2024\/25\)/);
    const tiny = loadScenario(fixture('tiny/tiny.yaml'));
    expect(() => project(tiny, undefined, { prices: { real: '2020/21' } })).toThrow(/names no deflator, so its results can only be stated in cash/);
    expect(() => project(s, undefined, { prices: { real: '2020/21', deflator: 'cpi' } })).toThrow(/unknown deflator 'cpi'/);
  });

  it("says what it takes when called from JavaScript with something else ('real' was read as a year, undefined)", () => {
    for (const prices of ['real', { year: '2020/21' }, 2020]) {
      expect(() => project(s, undefined, { prices: prices as never })).toThrow(UserError);
      expect(() => project(s, undefined, { prices: prices as never })).toThrow(/^prices: 'cash' or \{ real: '<year>' \} \(and a deflator's id, optionally\) such as \{ real: '2020\/21' \} \(got /);
    }
  });
});

describe('an index funding and cost share', () => {
  it('is said, not hidden', () => {
    const o = { parameters: { prices: 0.03 }, services: [{ id: 'contacts', inflation: '$prices' }], funding: [{ id: 'ccg-allocation', growth: '$prices' }] };
    const r = project(loadScenario(fixture('tiny/tiny.yaml'), { overrides: o }));
    expect(r.notes).toEqual(["funding 'ccg-allocation' and the cost of contacts both move with 'prices': that index cancels between funding and cost, so the gap moves only with activity and real growth"]);
    expect(formatRun(r)).toContain("Note: funding 'ccg-allocation' and the cost of contacts both move with 'prices'");
  });

  it('says nothing when they move with different indices', () => {
    expect(project(loadScenario(fixture('places/shared.yaml'))).notes).toEqual([]);
  });
});
