/**
 * Cheshire accountable care (seed 004): the four CCGs' care communities as places, one commissioner,
 * a single capitated budget paid to an alliance whose members share its gain or loss.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenario, project } from '../../src/index.js';
import { parseCsv } from '../../data/derive/table.js';
import { model, repoRoot } from '../helpers.js';
import { expectPlacesReconcile } from '../identities/reconcile.js';

const r = project(loadScenario(model('cheshire-accountable-care.yaml')));
const csv = (rel: string) => parseCsv(readFileSync(`${repoRoot}/${rel}`, 'utf8'));
const places = csv('data/cheshire/places.csv');
const params = new Map(csv('data/cheshire/parameters.csv').map((x) => [x['name']!, Number(x['value'])]));

describe('models/cheshire-accountable-care.yaml', () => {
  it('has the 20 care communities of the four CCGs, adding up to the system', () => {
    expect(r.places).toHaveLength(20);
    expect(new Set(places.map((p) => p['ccg']))).toEqual(new Set(['01C', '01R', '02D', '02F']));
    expectPlacesReconcile(r);
  });
  it("covers the 765,448 people registered with the 89 practices (reference README: NHS Cheshire CCG 27D's footprint), and not Warrington", () => {
    expect(places.reduce((a, p) => a + Number(p['practices']), 0)).toBe(89);
    expect(r.population.total[0]).toBeCloseTo(765448.5, 0);
    expect(places.some((p) => /warrington/i.test(p['council']!))).toBe(false);
  });
  it("rolls places up into the seed's three care systems, the two councils and one commissioner", () => {
    const by = (kind: string) => r.rollups.filter((g) => g.by === kind).map((g) => g.id).sort();
    expect(by('area')).toEqual(['Eastern Cheshire', 'South Cheshire and Vale Royal', 'West Cheshire']);
    expect(by('council')).toEqual(['cheshire-east', 'cheshire-west-and-chester']);
    // one commissioner: its roll-up, where given, is the system
    expect(by('commissioner').filter((id) => id !== 'cheshire-ccgs')).toEqual([]);
  });
  it('balances in the base year (ASSUMPTION: no seed gives a Cheshire gap) and fits nothing', () => {
    expect(r.calibration).toBeUndefined();
    // within £1,000 of £1.17bn: the spell's non-bed-day cost is written to the penny and priced
    // with each trust's own stays, so the engine's bed-day costs differ from the derive's by pounds
    expect(Math.abs(r.system.doNothingGap[0]!)).toBeLessThan(1000);
  });
  describe('the single capitated budget', () => {
    const env = r.envelopes.find((e) => e.id === 'cheshire-single-budget')!;
    it("pays the alliance in 2017/18 what the committee's payments for the same services were", () => {
      expect(env.envelope[0]).toBeCloseTo(env.tariffIncome[0]!, 0);
    });
    it('shares the final margin between seven members by shares that sum to 1, in proportion to their base-year cost', () => {
      expect(env.members).toHaveLength(7);
      const shares = env.members.map((m) => params.get(`alliance_share_${m.id.replace(/-/g, '_')}`)!);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const costs = env.members.map((m) => params.get(`alliance_base_cost_2017_18_${m.id.replace(/-/g, '_')}`)!);
      const total = costs.reduce((a, b) => a + b, 0);
      shares.forEach((s, i) => expect(s).toBeCloseTo(costs[i]! / total, 8));
      r.years.forEach((_, t) => {
        const sum = env.members.reduce((a, m) => a + m.share[t]!, 0);
        expect(sum).toBeCloseTo(env.finalMargin[t]!, 2);
        env.members.forEach((m, i) => expect(m.share[t]).toBeCloseTo(shares[i]! * env.finalMargin[t]!, 2));
      });
    });
    it('settles through the corridor: nothing within 3% of the budget, part of the loss beyond', () => {
      r.years.forEach((y, t) => {
        const v = (env.cost[t]! - env.envelope[t]!) / env.envelope[t]!;
        const byHand = v <= 0.03 ? (v >= -0.03 ? 0 : NaN) : env.envelope[t]! * (0.5 * (Math.min(v, 0.08) - 0.03) + 0.8 * Math.max(0, v - 0.08));
        if (!Number.isNaN(byHand)) expect(env.settlement[t]!, y).toBeCloseTo(byHand, 0);
      });
    });
    it('keeps other acute trusts outside the alliance on tariff', () => {
      const other = r.organisations.find((o) => o.id === 'other-acute')!;
      expect(env.members.map((m) => m.id)).not.toContain('other-acute');
      expect(other.income[0]).toBeGreaterThan(0);
    });
  });
});
