/**
 * Places: a two-place scenario whose places share nothing gives each place
 * exactly the figures of that place run as a scenario of its own; a scenario
 * without places is one place; shares split a place's activity between
 * providers, and a provider's cost acts on all the places it serves.
 */
import { describe, it, expect } from 'vitest';
import { loadScenario, project, waterfall, type Results } from '../../src/index.js';
import { fixture } from '../helpers.js';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

function expectArraysClose(a: number[], b: number[], what: string): void {
  expect(a.length, what).toBe(b.length);
  a.forEach((v, t) => expect(close(v, b[t]!), `${what} [${t}]: ${v} vs ${b[t]}`).toBe(true));
}

describe('places', () => {
  const both = project(loadScenario(fixture('places/two-places.yaml')));
  const alone: Record<string, Results> = {
    north: project(loadScenario(fixture('places/north.yaml'))),
    south: project(loadScenario(fixture('places/south.yaml'))),
  };

  it.each(['north', 'south'])('%s in the two-place scenario has the figures of %s run alone', (id) => {
    const place = both.places.find((p) => p.id === id)!;
    const one = alone[id]!;
    expectArraysClose(place.population.total, one.population.total, 'population');
    expectArraysClose(place.funding, one.system.funding, 'funding');
    expectArraysClose(place.cost, one.system.cost, 'cost');
    expectArraysClose(place.investment, one.system.investment, 'investment');
    expectArraysClose(place.gap, one.system.gap, 'gap');
    expectArraysClose(place.doNothingGap, one.system.doNothingGap, 'do-nothing gap');
    for (const o of one.organisations) expectArraysClose(place.organisations.find((x) => x.id === o.id)?.position ?? one.years.map(() => 0), o.position, `position ${o.id}`);
    for (const s of one.services) {
      const flow = place.services.find((x) => x.id === s.id && x.provider === s.provider)!;
      expectArraysClose(flow.activity, s.activity, `${s.id} activity`);
      expectArraysClose(flow.cost, s.cost, `${s.id} cost`);
      expectArraysClose(flow.payment, s.payment, `${s.id} payment`);
    }
    for (const y of one.years) {
      const a = waterfall(both, y, id).map((s) => s.value);
      const b = waterfall(one, y).map((s) => s.value);
      expectArraysClose(a, b, `waterfall ${y}`);
    }
  });

  it('sums the places to the system, and sums the sexes in a population table', () => {
    expectArraysClose(
      both.system.gap,
      both.system.gap.map((_, t) => both.places.reduce((acc, p) => acc + p.gap[t]!, 0)),
      'gap',
    );
    // north's table has female and male rows: 510 + 490 young, 270 + 230 old in 2020/21
    expect(both.places[0]!.population.byBand[0]).toEqual([1000, 500]);
  });

  it('treats a scenario without places as one place, the whole population', () => {
    const r = alone.north!;
    expect(r.places).toHaveLength(1);
    expect(r.places[0]!.id).toBe('all');
    expectArraysClose(r.places[0]!.gap, r.system.gap, 'gap');
  });

  it("splits a place's activity between providers by their shares, and costs a shared ward once", () => {
    const r = project(loadScenario(fixture('places/shared.yaml')));
    const north = r.places.find((p) => p.id === 'north')!;
    const adm = (provider: string) => north.services.find((s) => s.id === 'admissions' && s.provider === provider)!.doNothingActivity[0]!;
    // North 2020/21: 1000 × 0.1 + 500 × 0.4 = 300 admissions; the hospital takes 85%, South's trust 15%
    expect(adm('hospital')).toBeCloseTo(255, 9);
    expect(adm('south-acute')).toBeCloseTo(45, 9);
    // South: 800 × 0.12 + 300 × 0.35 = 201 admissions; 10% at the hospital
    const south = r.places.find((p) => p.id === 'south')!;
    expect(south.services.find((s) => s.id === 'admissions' && s.provider === 'hospital')!.doNothingActivity[0]!).toBeCloseTo(20.1, 9);
    // The hospital's bed days are one line for both places: 255 × (… los) + 20.1 × (…) — its ward steps act on the total
    const line = r.services.find((s) => s.id === 'bed-days' && s.provider === 'hospital')!;
    const flows = r.places.map((p) => p.services.find((s) => s.id === 'bed-days' && s.provider === 'hospital')!);
    expect(line.doNothingActivity[0]!).toBeCloseTo(flows[0]!.doNothingActivity[0]! + flows[1]!.doNothingActivity[0]!, 6);
    // the line's cost is shared over its flows by activity
    expect(flows[0]!.cost[0]! / flows[1]!.cost[0]!).toBeCloseTo(flows[0]!.activity[0]! / flows[1]!.activity[0]!, 9);
  });
});

describe('places from a table, values by place, lengths of stay by provider', () => {
  const listed = project(loadScenario(fixture('places/two-places.yaml')));
  const tabled = project(loadScenario(fixture('places/from-table.yaml')));
  const flow = (r: Results, place: string, service: string) => r.places.find((p) => p.id === place)!.services.find((s) => s.id === service)!;

  it('reads places from a table: the same figures as listing them', () => {
    expect(tabled.places.map((p) => [p.id, p.name])).toEqual([['north', 'North'], ['south', 'South']]);
    for (const id of ['north', 'south']) {
      const a = listed.places.find((p) => p.id === id)!;
      const b = tabled.places.find((p) => p.id === id)!;
      expectArraysClose(b.population.total, a.population.total, `${id} population`);
      expectArraysClose(b.gap, a.gap, `${id} gap`);
    }
    expectArraysClose(tabled.system.gap, listed.system.gap, 'system gap');
  });

  it('scales a service’s rates by place from a table column', () => {
    const r = project(loadScenario(fixture('places/from-table.yaml'), {
      overrides: { services: [{ id: 'admissions', activity: { rates: { table: 'rates.csv', column: 'admissions' }, scale: { table: 'places.csv', column: 'acute_need' } } }] },
    }));
    // north's acute_need is 2, south's 1: north's admissions double, south's are unchanged
    expectArraysClose(flow(r, 'north', 'admissions').doNothingActivity, flow(listed, 'north', 'admissions').doNothingActivity.map((v) => 2 * v), 'north');
    expectArraysClose(flow(r, 'south', 'admissions').doNothingActivity, flow(listed, 'south', 'admissions').doNothingActivity, 'south');
  });

  it("gives each place its own base-year total when a total is given by place", () => {
    const visits = (total: unknown) => project(loadScenario(fixture('places/from-table.yaml'), {
      overrides: {
        services: [{
          id: 'visits', name: 'Visits', setting: 'community', unit: 'visit', unitCost: 10, payment: { model: 'block' },
          providers: [{ provider: 'community-n', share: { north: 1, south: 0 } }, { provider: 'community-s', share: { north: 0, south: 1 } }],
          activity: { baseTotal: total, profile: 'flat' },
        }],
      },
    }));
    const own = visits({ table: 'places.csv', column: 'own_total' });
    // own_total: north 120, south 45 in the base year
    expect(flow(own, 'north', 'visits').doNothingActivity[0]).toBeCloseTo(120, 9);
    expect(flow(own, 'south', 'visits').doNothingActivity[0]).toBeCloseTo(45, 9);
    // one number is the total over the places, spread by population (north 1,500 people, south 1,100)
    const one = visits(165);
    expect(flow(one, 'north', 'visits').doNothingActivity[0]).toBeCloseTo((165 * 1500) / 2600, 9);
  });

  it("uses a provider's own lengths of stay for its bed days", () => {
    const r = project(loadScenario(fixture('places/from-table.yaml'), {
      overrides: { services: [{ id: 'bed-days', providers: [{ provider: 'acute-n', lengthOfStay: { table: 'los-by-provider.csv', column: 'acute_n' } }] }] },
    }));
    // north's admissions go to acute-n: young 1000 × 0.1 × 4 days + old 500 × 0.4 × 20 days in 2020/21
    expect(flow(r, 'north', 'bed-days').doNothingActivity[0]).toBeCloseTo(1000 * 0.1 * 4 + 500 * 0.4 * 20, 9);
    // south's go to acute-s, which states none: the service's table (young 2.5, old 9 days)
    expect(flow(r, 'south', 'bed-days').doNothingActivity[0]).toBeCloseTo(800 * 0.12 * 2.5 + 300 * 0.35 * 9, 9);
  });
});
