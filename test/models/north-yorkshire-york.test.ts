/**
 * North Yorkshire and York (seed 003): Harrogate inside the system matches models/harrogate.yaml,
 * the places add up to the system, the other places balance in the base year, and York Teaching
 * Hospital's per-capita budget from Vale of York settles through its risk corridor.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenario, project } from '../../src/index.js';
import { parseCsv } from '../../data/derive/table.js';
import { model, repoRoot } from '../helpers.js';
import { expectPlacesReconcile } from '../identities/reconcile.js';

const harrogate = project(loadScenario(model('harrogate.yaml')));
const system = project(loadScenario(model('north-yorkshire-york.yaml')));
const perCapita = project(loadScenario(model('north-yorkshire-york-per-capita.yaml')));
const years = system.years;
const t2020 = years.indexOf('2020/21');
const place = (r: typeof system, id: string) => r.places.find((p) => p.id === id)!;
const csv = (rel: string) => parseCsv(readFileSync(`${repoRoot}/${rel}`, 'utf8'));

describe('models/north-yorkshire-york.yaml', () => {
  it('runs 2017/18 to 2030/31 over five places whose figures add up to the system', () => {
    expect(system.baseYear).toBe('2017/18');
    expect(years.at(-1)).toBe('2030/31');
    expect(system.places.map((p) => p.id)).toEqual(['harrogate', 'hambleton-richmondshire-whitby', 'scarborough-ryedale', 'york', 'vale-of-york-outer']);
    expectPlacesReconcile(system);
  });

  it("holds every place's registered list in 2017/18: Harrogate's 162,246 (seed 001) and the others' 2018/19-basis lists", () => {
    const lists = new Map(csv('data/north-yorkshire-york/places.csv').map((r) => [r['place']!, Number(r['registered_2018_19'])]));
    expect(place(system, 'harrogate').population.total[0]).toBeCloseTo(162246, 1);
    for (const id of ['hambleton-richmondshire-whitby', 'scarborough-ryedale', 'york', 'vale-of-york-outer']) {
      expect(place(system, id).population.total[0]).toBeCloseTo(lists.get(id)!, 0);
    }
    // the capitation file's CCG totals (reference README): North Yorkshire CCG's three 427,684, Vale of York 357,152
    const ny = ['harrogate', 'hambleton-richmondshire-whitby', 'scarborough-ryedale'].reduce((a, id) => a + lists.get(id)!, 0);
    expect(Math.round(ny)).toBe(427684);
    expect(Math.round(lists.get('york')! + lists.get('vale-of-york-outer')!)).toBe(357152);
  });

  describe('Harrogate inside the system matches models/harrogate.yaml', () => {
    const h = harrogate.places[0]!;
    const n = place(system, 'harrogate');
    it('population by year is the same', () => {
      expect(n.population).toEqual(h.population);
    });
    it('activity by service and year is the same', () => {
      expect(n.services.map((s) => s.id).sort()).toEqual(h.services.map((s) => s.id).sort());
      // other-ccg's activity is £ of spend, moved by the calibrated residual (checked with the gaps below)
      for (const s of h.services.filter((x) => x.id !== 'other-ccg')) {
        const o = n.services.find((x) => x.id === s.id)!;
        expect(o.provider === 'hdft' || o.provider === s.provider || s.provider === 'ccg', s.id).toBe(true);
        o.activity.forEach((v, t) => expect(v, `${s.id} ${years[t]}`).toBeCloseTo(s.activity[t]!, 6));
      }
    });
    it('funding is the same, stream by stream', () => {
      n.funding.forEach((v, t) => expect(v).toBeCloseTo(h.funding[t]!, 2));
    });
    it("the calibrated NHS gap is £40.3m in 2020/21 in both, to within £0.01m, and starts from the same 12% overspend", () => {
      const hNhs = harrogate.sectors.find((s) => s.id === 'nhs')!.doNothingGap[t2020]!;
      expect(system.calibration!.scope).toBe('sector:nhs:place:harrogate');
      expect(Math.abs(system.calibration!.achieved - 40.3e6)).toBeLessThan(1000);
      expect(Math.abs(system.calibration!.achieved - hNhs)).toBeLessThan(10000);
      // base year: the hospital lines cost 12% more than their funding (parameters.csv), as in Harrogate
      expect(system.calibration!.reconciliation.steps[0]!.value).toBeCloseTo(harrogate.calibration!.reconciliation.steps[0]!.value, 2);
    });
    it('other years differ only through the one line Harrogate shares, general practice, within £0.3m', () => {
      // Why this tolerance: every Harrogate line is its own except GP consultations, provided by one
      // practices organisation across the five places (fixed share 0.4, no steps). A shared line's
      // fixed cost is shared by activity, so Harrogate's part of it moves with its share s_t of the
      // system's consultations: ΔGP_t = 0.4 × (system GP base-year cost) × CII index_t × (s_t − s_0),
      // checked here exactly. The calibration moves ΔGP in 2020/21 onto Harrogate's other spend, so a
      // gap differs by at most |ΔGP_t| + |ΔGP_2020/21| × (growth of other spend since), < £0.25m.
      const gpOf = (r: typeof system, id: string) => r.places.find((p) => p.id === id)!.services.find((s) => s.id === 'gp')!;
      const sysGp = system.services.find((s) => s.id === 'gp')!;
      const hGp = gpOf(harrogate, 'harrogate');
      const nGp = gpOf(system, 'harrogate');
      const share = (t: number) => nGp.activity[t]! / sysGp.activity[t]!;
      const index = (t: number) => hGp.cost[t]! / hGp.cost[0]! / (hGp.activity[t]! / hGp.activity[0]! * 0.6 + 0.4);
      years.forEach((y, t) => {
        const expected = 0.4 * sysGp.cost[0]! * index(t) * (share(t) - share(0));
        expect(nGp.cost[t]! - hGp.cost[t]!, `GP ${y}`).toBeCloseTo(expected, 0);
        const tol = Math.abs(expected) + Math.abs(nGp.cost[t2020]! - hGp.cost[t2020]!) * 1.5 + 1;
        expect(tol).toBeLessThan(300000);
        expect(Math.abs(n.gap[t]! - h.gap[t]!), `gap ${y}`).toBeLessThan(tol);
        expect(Math.abs(n.cost[t]! - h.cost[t]!), `cost ${y}`).toBeLessThan(tol);
      });
    });
  });

  it('balances the CCGs of the other places in the base year (ASSUMPTION) and leaves their councils balanced', () => {
    for (const id of ['hrw-ccg', 'scarborough-ryedale-ccg', 'vale-of-york-ccg', 'nycc', 'york-council']) {
      const o = system.organisations.find((x) => x.id === id)!;
      // NYCC's Harrogate budget balances too (seed 001: 'not overspending')
      expect(Math.abs(o.position[0]!), id).toBeLessThan(5);
    }
    // Harrogate CCG carries the seed's 12% hospital overspend: acute cost − acute cost / 1.12
    const params = new Map(csv('data/harrogate/parameters.csv').map((r) => [r['name']!, Number(r['value'])]));
    const overspend = params.get('base_cost_acute_total')! - params.get('ccg_hospital_funding_2017_18')!;
    expect(system.organisations.find((x) => x.id === 'harrogate-ccg')!.position[0]).toBeCloseTo(-overspend, 0);
  });

  it('gives each acute trust its shares of each place, adding up to 1', () => {
    for (const r of csv('data/north-yorkshire-york/provider-shares.csv')) {
      const acute = ['acute_hdft', 'acute_york_ft', 'acute_south_tees', 'acute_leeds', 'acute_darlington'].reduce((a, c) => a + Number(r[c]), 0);
      expect(acute, r['place']).toBeCloseTo(1, 12);
    }
  });
});

describe('models/north-yorkshire-york-per-capita.yaml: York Teaching Hospital from Payment by Results to a per-capita budget', () => {
  const env = perCapita.envelopes.find((e) => e.id === 'york-ft-per-capita')!;
  it('pays in 2017/18 exactly what tariff paid, and changes no do-nothing gap', () => {
    expect(env.envelope[0]).toBeCloseTo(env.tariffIncome[0]!, 0);
    years.forEach((_, t) => expect(perCapita.system.doNothingGap[t]).toBeCloseTo(system.system.doNothingGap[t]!, 0));
    expect(perCapita.calibration!.achieved).toBeCloseTo(system.calibration!.achieved, 0);
  });
  it('settles each year by the corridor: the trust keeps 3%, the CCG bears 50% to 8% and 80% beyond', () => {
    years.forEach((y, t) => {
      expect(env.margin[t]!, y).toBeCloseTo(env.envelope[t]! - env.cost[t]!, 2);
      expect(env.finalMargin[t]!, y).toBeCloseTo(env.margin[t]! + env.settlement[t]!, 2);
      // a loss beyond 3% of the envelope: the CCG pays the trust its share back
      const v = (env.cost[t]! - env.envelope[t]!) / env.envelope[t]!;
      const byHand = v <= 0.03 ? 0 : env.envelope[t]! * (0.5 * (Math.min(v, 0.08) - 0.03) + 0.8 * Math.max(0, v - 0.08));
      expect(env.settlement[t]!, y).toBeCloseTo(byHand, 0);
    });
  });
  it("moves the envelope's difference from tariff between Vale of York CCG and the trust, and nobody else", () => {
    const pos = (r: typeof system, id: string, t: number) => r.organisations.find((o) => o.id === id)!.position[t]!;
    years.forEach((y, t) => {
      const moved = env.envelope[t]! + env.settlement[t]! - env.tariffIncome[t]!;
      expect(pos(perCapita, 'york-ft', t) - pos(system, 'york-ft', t), y).toBeCloseTo(moved, 0);
      expect(pos(perCapita, 'vale-of-york-ccg', t) - pos(system, 'vale-of-york-ccg', t), y).toBeCloseTo(-moved, 0);
      for (const id of ['harrogate-ccg', 'hrw-ccg', 'scarborough-ryedale-ccg']) expect(pos(perCapita, id, t)).toBeCloseTo(pos(system, id, t), 0);
    });
  });
});
