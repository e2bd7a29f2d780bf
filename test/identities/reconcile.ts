/** Checks that every figure by place reconciles with the system's (shared by the identity and model tests). */
import { expect } from 'vitest';
import { waterfall, type Results } from '../../src/index.js';

const TOL = 1e-5; // £: a thousandth of a penny

function sumOver<T>(items: T[], f: (x: T) => number[]): number[] {
  return items.reduce<number[]>((acc, x) => f(x).map((v, t) => (acc[t] ?? 0) + v), []);
}

function expectSame(a: number[], b: number[], what: string): void {
  expect(a.length, what).toBe(b.length);
  a.forEach((v, t) => expect(Math.abs(v - b[t]!), `${what} [${t}]: ${v} vs ${b[t]}`).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(b[t]!) / 1e6)));
}

/** Every reconciliation between `r.places` and the system. */
export function expectPlacesReconcile(r: Results): void {
  const pl = r.places;
  expectSame(sumOver(pl, (p) => p.funding), r.system.funding, 'funding');
  expectSame(sumOver(pl, (p) => p.cost), r.system.cost, 'cost');
  expectSame(sumOver(pl, (p) => p.investment), r.system.investment, 'investment');
  expectSame(sumOver(pl, (p) => p.gap), r.system.gap, 'gap');
  expectSame(sumOver(pl, (p) => p.doNothingGap), r.system.doNothingGap, 'do-nothing gap');
  expectSame(sumOver(pl, (p) => p.population.total), r.population.total, 'population');
  // each kind of roll-up (council, commissioner, area) covers every place once and sums to the system
  for (const by of new Set(r.rollups.map((g) => g.by))) {
    const groups = r.rollups.filter((g) => g.by === by);
    expect(groups.flatMap((g) => g.places).sort(), `${by} roll-ups cover every place once`).toEqual(pl.map((p) => p.id).sort());
    expectSame(sumOver(groups, (g) => g.gap), r.system.gap, `${by} roll-ups: gap`);
    expectSame(sumOver(groups, (g) => g.funding), r.system.funding, `${by} roll-ups: funding`);
    expectSame(sumOver(groups, (g) => g.population), r.population.total, `${by} roll-ups: population`);
  }
  for (const o of r.organisations) {
    const zero = r.years.map(() => 0);
    expectSame(sumOver(pl, (p) => p.organisations.find((x) => x.id === o.id)?.position ?? zero), o.position, `position ${o.id}`);
    expectSame(sumOver(pl, (p) => p.organisations.find((x) => x.id === o.id)?.funding ?? zero), o.funding, `funding ${o.id}`);
  }
  for (const p of pl) {
    // within a place, positions sum to minus its gap: payments and transfers net out there too
    expectSame(sumOver(p.organisations, (o) => o.position).map((v) => -v), p.gap, `${p.id}: positions`);
    for (const y of r.years) {
      const steps = waterfall(r, y, p.id);
      const total = steps.slice(1, -1).reduce((acc, s) => acc + s.value, steps[0]!.value);
      expect(Math.abs(total - steps[steps.length - 1]!.value)).toBeLessThanOrEqual(TOL);
    }
  }
  r.schemes.forEach((k, i) => {
    expectSame(sumOver(pl, (p) => p.schemes[i]!.effect), k.effect, `scheme ${k.id} effect`);
    expectSame(sumOver(pl, (p) => p.schemes[i]!.investment), k.investment, `scheme ${k.id} investment`);
  });
  const ids = [...new Set(r.services.map((s) => s.id))];
  for (const id of ids) {
    const lines = r.services.filter((s) => s.id === id);
    const flows = pl.flatMap((p) => p.services.filter((s) => s.id === id));
    expectSame(sumOver(flows, (f) => f.activity), sumOver(lines, (l) => l.activity), `activity ${id}`);
    expectSame(sumOver(flows, (f) => f.cost), sumOver(lines, (l) => l.cost), `cost ${id}`);
    expectSame(sumOver(flows, (f) => f.payment), sumOver(lines, (l) => l.payment), `payment ${id}`);
  }
  r.pools.forEach((pool, k) => {
    expectSame(sumOver(pl, (p) => p.pools[k]!.budget), pool.budget, `pool ${pool.id} budget`);
    expectSame(sumOver(pl, (p) => p.pools[k]!.spend), pool.spend, `pool ${pool.id} spend`);
    expectSame(sumOver(pl, (p) => p.pools[k]!.variance), pool.variance, `pool ${pool.id} variance`);
    for (const partner of pool.partners) {
      expectSame(sumOver(pl, (p) => p.pools[k]!.partners.find((x) => x.id === partner.id)!.share), partner.share, `pool ${pool.id} ${partner.id} share`);
    }
    for (const p of pl) expectSame(sumOver(p.pools[k]!.partners, (x) => x.share), p.pools[k]!.variance, `pool ${pool.id} in ${p.id}: shares sum to the variance`);
  });
  r.envelopes.forEach((e, k) => {
    for (const f of ['envelope', 'cost', 'margin', 'settlement', 'payment', 'finalMargin', 'weightedPopulation'] as const) {
      expectSame(sumOver(pl, (p) => p.envelopes[k]![f]), e[f], `envelope ${e.id} ${f}`);
    }
  });
  for (const s of r.sectors) expect(s.gap.length).toBe(r.years.length);
  expectSame(sumOver(r.sectors, (s) => s.gap), r.system.gap, 'sectors');
}

