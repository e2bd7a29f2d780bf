/**
 * Pools and envelopes as properties over random scenarios: random pools (any
 * contribution kind, rule, band layout, caps, exclusions, reserve, order of
 * cover, performance release) and random envelopes over the tiny system, with
 * random schemes and payment models, must keep every identity every year:
 *   - partners' shares sum to the pool's variance (1e-6 relative);
 *   - contributions sum to the budget;
 *   - organisation positions sum to minus the system gap;
 *   - a pool or an envelope never changes the system gap.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadScenario, project, type Results } from '../../src/index.js';
import { fixture } from '../helpers.js';

const YEARS = ['2020/21', '2021/22', '2022/23'];
const SERVICES = ['admissions', 'bed-days', 'contacts'];
const close = (a: number, b: number, scale = 1) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(scale));

// mostly round-ish values spread over the range, sometimes fast-check's extremes (tiny and boundary values)
const spread = (min: number, max: number) =>
  fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1000 }).map((i) => min + ((max - min) * i) / 1000), weight: 4 }, { arbitrary: fc.double({ min, max, noNaN: true }), weight: 1 });
const money = (max: number) => spread(0, max);
const unit = spread(0, 1);
const partnersArb = fc.constantFrom<string[]>(['ccg', 'council'], ['ccg', 'council', 'acute'], ['council', 'ccg']);

/** Shares over `ids` summing to 1 (to within rounding). */
const sharesArb = (ids: string[]) =>
  fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: ids.length, maxLength: ids.length }).map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    const out: Record<string, number> = {};
    let left = 1;
    ids.forEach((id, i) => {
      const v = i === ids.length - 1 ? left : w[i]! / total;
      out[id] = v;
      left -= v;
    });
    return out;
  });

const contributionArb = (partner: string) =>
  fc.oneof(
    fc.record({ partner: fc.constant(partner), amount: money(3e5), growth: fc.double({ min: -0.1, max: 0.2, noNaN: true }) }),
    fc.tuple(money(3e5), money(3e5), money(3e5)).map(([a, b, c]) => ({ partner, byYear: { [YEARS[0]!]: a, [YEARS[1]!]: b, [YEARS[2]!]: c } })),
    fc.record({
      partner: fc.constant(partner),
      shareOf: fc.record({ services: fc.subarray(SERVICES, { minLength: 1 }), share: unit, basis: fc.constantFrom('do-nothing', 'base-year') }),
      growth: fc.double({ min: -0.1, max: 0.2, noNaN: true }),
    }),
  );

const ruleArb = (ids: string[], services: string[]) =>
  fc
    .record({
      method: fc.constantFrom('proportional', 'fixed', 'tiered'),
      shares: sharesArb(ids),
      cuts: fc.array(fc.double({ min: 0.001, max: 0.2, noNaN: true }), { maxLength: 3 }),
      bandShares: fc.array(sharesArb(ids), { minLength: 4, maxLength: 4 }),
      caps: fc.dictionary(fc.constantFrom(...ids), money(5e4), { maxKeys: ids.length }),
      remainder: fc.constantFrom(...ids),
      exclusions: fc.array(fc.record({ partner: fc.constantFrom(...ids), services: fc.subarray(services, { minLength: 1 }) }), { maxLength: 2 }),
    })
    .map(({ method, shares, cuts, bandShares, caps, remainder, exclusions }) => {
      let from = 0;
      const bands = cuts.map((c, i) => {
        const b = { from, to: from + c, shares: bandShares[i]! };
        from += c;
        return b;
      });
      bands.push({ from, shares: bandShares[cuts.length]! } as (typeof bands)[number]);
      const { [remainder]: _dropped, ...otherCaps } = caps;
      return {
        method,
        ...(method === 'fixed' ? { shares } : {}),
        ...(method === 'tiered' ? { bands } : {}),
        caps: otherCaps,
        remainder,
        exclusions,
      };
    });

const poolArb = partnersArb.chain((ids) =>
  fc.oneof(fc.constant<string[]>(['admissions', 'contacts']), fc.subarray(SERVICES, { minLength: 1 })).chain((services) =>
    fc.record({
      id: fc.constant('fund'),
      host: fc.constantFrom(...ids),
      services: fc.constant(services),
      contributions: fc.oneof(
        fc.tuple(...ids.map(contributionArb)).chain((cs) => fc.tuple(fc.constant(cs), fc.option(contributionArb(ids[0]!), { nil: undefined })).map(([a, b]) => (b ? [...a, b] : a))),
        // balanced: the partners fund the pool's do-nothing spend between them, so schemes leave lines over and under
        fc.double({ min: 0.9, max: 1.1, noNaN: true }).map((k) => ids.map((partner) => ({ partner, shareOf: { services, share: Math.min(1, k / ids.length) } }))),
      ),
      overspend: ruleArb(ids, services),
      underspend: fc.option(ruleArb(ids, services), { nil: undefined }),
      reserve: fc.option(fc.record({ amount: money(3e4), fundedBy: fc.option(sharesArb(ids), { nil: undefined }) }), { nil: undefined, freq: 2 }),
      cover: fc.option(fc.constantFrom([], ['reserve'], ['underspends'], ['reserve', 'underspends'], ['underspends', 'reserve']), { nil: undefined }),
      performance: fc.option(
        fc.record({ partner: fc.constantFrom(...ids), held: money(1e5), service: fc.constantFrom(...SERVICES), targetReduction: spread(0, 0.3), start: fc.constantFrom(...YEARS), growth: fc.double({ min: 0, max: 0.1, noNaN: true }) }),
        { nil: undefined, freq: 2 },
      ),
    }),
  ),
);

const payment = fc.constantFrom({ model: 'tariff' }, { model: 'block' }, { model: 'cost-per-case', price: 40 }, { model: 'blended', above: 0.3, below: 0.5 });
const phasing = fc.record({ start: fc.constantFrom(...YEARS), ramp: fc.constantFrom('linear', 'step'), years: fc.integer({ min: 1, max: 3 }) });
const common = { rationale: fc.constant('test'), source: fc.constant('test'), phasing, realisation: unit };
const scheme = fc.oneof(
  fc.record({ type: fc.constant('shift'), service: fc.constant('admissions'), target: fc.constant('contacts'), fraction: spread(0.3, 1), conversion: spread(0, 10), ...common }),
  fc.record({ type: fc.constant('shift'), service: fc.constant('admissions'), target: fc.constant('contacts'), fraction: unit, conversion: spread(0, 10), ...common }),
  fc.record({ type: fc.constant('avoid'), service: fc.constantFrom('admissions', 'contacts'), fraction: unit, ...common }),
  fc.record({ type: fc.constant('los'), service: fc.constant('bed-days'), fraction: unit, ...common }),
);

const baseArb = fc.record({
  admissions: payment,
  beds: fc.constantFrom({ model: 'none' }, { model: 'tariff' }),
  contacts: payment,
  schemes: fc.array(scheme, { maxLength: 3 }).chain((s) => (s.length ? fc.constant(s) : fc.array(scheme, { maxLength: 3 }))),
});
type Base = { admissions: object; beds: object; contacts: object; schemes: object[] };

function scenario(b: Base, extra: Record<string, unknown> = {}): Results {
  const overrides = {
    services: [
      { id: 'admissions', payment: b.admissions },
      { id: 'bed-days', payment: b.beds },
      { id: 'contacts', payment: b.contacts },
    ],
    schemes: b.schemes.map((k, i) => ({ id: `s${i}`, ...k })),
    ...extra,
  };
  return project(loadScenario(fixture('tiny/tiny.yaml'), { overrides }));
}

function checkSystem(r: Results, plain: Results): void {
  r.years.forEach((_, t) => {
    const scale = r.system.cost[t]!;
    const sum = r.organisations.reduce((a, o) => a + o.position[t]!, 0);
    expect(close(sum, -r.system.gap[t]!, scale), `positions ${sum} vs −gap ${-r.system.gap[t]!}`).toBe(true);
    expect(close(r.system.gap[t]!, plain.system.gap[t]!, scale), 'the gap is unchanged').toBe(true);
    expect(close(r.system.doNothingGap[t]!, plain.system.doNothingGap[t]!, scale)).toBe(true);
    // and the do-nothing positions, too, sum to minus the do-nothing gap
    const dn = r.organisations.reduce((a, o) => a + o.doNothingPosition[t]!, 0);
    expect(close(dn, -r.system.doNothingGap[t]!, scale)).toBe(true);
  });
}

describe('pools: identities over random pools', () => {
  it('shares sum to the variance, contributions to the budget, positions to −gap; the gap is unchanged', () => {
    fc.assert(
      fc.property(baseArb, poolArb, (b, pool) => {
        const r = scenario(b, { pools: [pool] });
        const plain = scenario(b);
        const pl = r.pools[0]!;
        r.years.forEach((_, t) => {
          const scale = Math.max(Math.abs(pl.budget[t]!), Math.abs(pl.spend[t]!), Math.abs(pl.variance[t]!));
          const shares = pl.partners.reduce((a, p) => a + p.share[t]!, 0);
          expect(close(shares, pl.variance[t]!, scale), `shares ${shares} vs variance ${pl.variance[t]}`).toBe(true);
          const contributions = pl.partners.reduce((a, p) => a + p.contribution[t]!, 0);
          expect(close(contributions, pl.budget[t]!, scale)).toBe(true);
          expect(close(pl.spend[t]! - pl.budget[t]!, pl.variance[t]!, scale)).toBe(true);
          // what is shared, covered and used accounts for the variance
          expect(close(pl.overspendShared[t]! - pl.underspendShared[t]! + pl.reserveUsed[t]!, pl.variance[t]!, scale)).toBe(true);
          for (const p of pl.partners) expect(Number.isFinite(p.share[t]!)).toBe(true);
          expect(pl.reserveUsed[t]!).toBeGreaterThanOrEqual(0);
          expect(pl.released[t]!).toBeGreaterThanOrEqual(0);
        });
        checkSystem(r, plain);
      }),
      { numRuns: 200 },
    );
  });

  it('capped partners never pay (or receive) more than their cap beyond their share of the reserve', () => {
    fc.assert(
      fc.property(baseArb, poolArb, (b, pool) => {
        // a single rule for both sides, no reserve: the cap then bounds the whole share
        const p = { ...pool, underspend: undefined, reserve: undefined };
        const r = scenario(b, { pools: [p] });
        const caps = (p.overspend as { caps: Record<string, number> }).caps;
        for (const partner of r.pools[0]!.partners) {
          const cap = caps[partner.id];
          if (cap === undefined) continue;
          for (const s of partner.share) expect(Math.abs(s)).toBeLessThanOrEqual(cap * (1 + 1e-9) + 1e-6);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('envelopes: identities over random envelopes', () => {
  const envArb = fc.record({
    provider: fc.constantFrom('acute', 'community'),
    weights: fc.constantFrom<unknown>('derived', { table: 'rates.csv', column: 'contacts' }, { table: 'rates.csv', column: 'los' }),
    needIndex: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
    baseRate: fc.option(money(2000), { nil: undefined }),
    uplift: fc.double({ min: -0.05, max: 0.1, noNaN: true }),
    settlement: fc.option(
      fc.oneof(
        fc.record({ form: fc.constant('risk-corridor'), bands: fc.constant([{ threshold: 0.03, payerShare: 0.5 }, { threshold: 0.08, payerShare: 0.8 }]) }),
        fc.record({ form: fc.constant('shared-savings'), shareRate: unit, minSavingsRate: fc.double({ min: 0, max: 0.05, noNaN: true }), twoSided: fc.boolean(), savingsCap: fc.double({ min: 0, max: 0.2, noNaN: true }), lossCap: fc.double({ min: 0, max: 0.2, noNaN: true }) }),
      ),
      { nil: undefined },
    ),
  });

  it('envelope − cost = margin; payment − cost = final margin; the envelope never changes the gap', () => {
    fc.assert(
      fc.property(baseArb, envArb, (b, e) => {
        const services = e.provider === 'acute' ? ['admissions', 'bed-days'] : ['contacts'];
        const r = scenario(b, { envelopes: [{ id: 'env', commissioner: 'ccg', services, ...e }] });
        const plain = scenario(b);
        const env = r.envelopes[0]!;
        // the base year: with the default rate, the envelope equals the scope's base-year spend (its do-nothing payments)
        if (e.baseRate === undefined) {
          const dnSpend = services.reduce((a, id) => a + plain.services.find((s) => s.id === id)!.payment[0]!, 0);
          if (b.schemes.length === 0) expect(close(env.envelope[0]!, dnSpend, dnSpend)).toBe(true);
        }
        r.years.forEach((_, t) => {
          const scale = Math.max(Math.abs(env.envelope[t]!), Math.abs(env.cost[t]!));
          expect(close(env.envelope[t]! - env.cost[t]!, env.margin[t]!, scale)).toBe(true);
          expect(close(env.payment[t]! - env.cost[t]!, env.finalMargin[t]!, scale)).toBe(true);
          if (e.settlement?.form === 'risk-corridor') expect(close(env.payment[t]!, env.envelope[t]! + env.settlement[t]!, scale)).toBe(true);
          if (e.settlement?.form === 'shared-savings' && env.envelope[t]! > 0) expect(close(env.payment[t]!, env.cost[t]! + env.settlement[t]!, scale)).toBe(true);
          if (!e.settlement) expect(env.settlement[t]).toBe(0);
          const cost = services.reduce((a, id) => a + r.services.find((s) => s.id === id)!.cost[t]!, 0);
          expect(close(env.cost[t]!, cost, scale)).toBe(true);
        });
        checkSystem(r, plain);
      }),
      { numRuns: 150 },
    );
  });

  it('a partner whose contribution is subnormal still takes its whole share (a counterexample CI found)', () => {
    // council pays 5e-324 of contacts, alone eligible for the contacts overspend: part × 5e-324 lost its precision
    const b = { admissions: { model: 'tariff' }, beds: { model: 'none' }, contacts: { model: 'tariff' }, schemes: [{ type: 'shift', service: 'admissions', target: 'contacts', fraction: 0.3, conversion: 0, rationale: 'test', source: 'test', phasing: { start: '2020/21', ramp: 'linear', years: 1 }, realisation: 0.001 }] };
    const pool = {
      id: 'fund', host: 'ccg', services: ['admissions', 'contacts'],
      contributions: [
        { partner: 'ccg', byYear: { '2020/21': 0, '2021/22': 0, '2022/23': 0 } },
        { partner: 'council', shareOf: { services: ['contacts'], share: 5e-324, basis: 'do-nothing' }, growth: 0 },
        { partner: 'ccg', shareOf: { services: ['admissions'], share: 0.013, basis: 'do-nothing' }, growth: 0 },
      ],
      overspend: { method: 'proportional', caps: {}, remainder: 'ccg', exclusions: [{ partner: 'ccg', services: ['contacts'] }] },
      performance: { partner: 'ccg', held: 300, service: 'admissions', targetReduction: 0.0009, start: '2020/21', growth: 0.0922 },
    };
    const env = { id: 'env', provider: 'community', commissioner: 'ccg', services: ['contacts'], uplift: 0.01, settlement: { form: 'risk-corridor', bands: [{ threshold: 0.02, payerShare: 0.5 }] } };
    const r = scenario(b, { pools: [pool], envelopes: [env] });
    checkSystem(r, scenario(b));
    const pl = r.pools[0]!;
    r.years.forEach((_, t) => expect(Math.abs(pl.partners.reduce((a, p) => a + p.share[t]!, 0) - pl.variance[t]!)).toBeLessThan(1e-6));
  });

  it('a pool and an envelope together still keep every identity', () => {
    fc.assert(
      fc.property(baseArb, poolArb, (b, pool) => {
        const env = { id: 'env', provider: 'community', commissioner: 'ccg', services: ['contacts'], uplift: 0.01, settlement: { form: 'risk-corridor', bands: [{ threshold: 0.02, payerShare: 0.5 }] } };
        const r = scenario(b, { pools: [pool], envelopes: [env] });
        checkSystem(r, scenario(b));
      }),
      { numRuns: 60 },
    );
  });
});
