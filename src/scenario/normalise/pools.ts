/**
 * Pooled budgets: partners' contributions, in-scope services, and the
 * risk-share agreements that split overspend and underspend between partners.
 */
import type { Path } from '../load.js';
import { messages } from '../messages.js';
import type { ScenarioPool, ScenarioRule } from '../schema.js';
import type { ContributionDef, PlaceDef, PoolDef, RuleDef, ServiceDef } from '../../engine/types.js';
import { orgIndexOf, type Organisations } from './organisations.js';
import { placeRefs } from './population.js';
import { serviceIds, serviceRef, type NormalisedServices } from './services.js';
import type { Slots } from './slots.js';

/** One pool being normalised: its partners (organisations that contribute) and in-scope services. */
interface PoolScope {
  ctx: Slots;
  pool: ScenarioPool;
  orgs: Organisations;
  ids: Map<string, number>;
  /** Organisation index of each partner, in order of first contribution. */
  partners: number[];
  /** Organisation index of the host, who takes what caps leave over unless a rule names another partner. */
  host: number;
  /** Service index of each in-scope service. */
  services: number[];
  /** In-scope flows (the services' flows in the pool's places), and the service of each. */
  flows: number[];
  flowService: number[];
  /** The flows of service i in the pool's places. */
  flowsOf: (i: number) => number[];
}

/** The order of cover before partners pay: each step at most once (a second would use the same money twice). */
function coverSteps(ctx: Slots, cover: ScenarioPool['cover'], path: Path): number[] {
  const steps = cover ?? ['reserve', 'underspends'];
  steps.forEach((c, k) => {
    if (steps.indexOf(c) !== k) ctx.fail([...path, k], messages.pool.coverTwice(c));
  });
  return steps.map((c) => (c === 'reserve' ? 0 : 1));
}

/** The pools, with partners, contributions and risk-share rules resolved. */
export function normalisePools(ctx: Slots, svc: NormalisedServices, places: readonly PlaceDef[], orgs: Organisations): PoolDef[] {
  const services: ServiceDef[] = svc.services;
  const ids = serviceIds(services);
  const unique = ctx.uniqueIds('pool');
  return (ctx.sc.pools ?? []).map((pool, pi) => {
    const at = (...k: (string | number)[]) => ['pools', pi, ...k];
    unique(pool.id, at('id'));
    const partners: number[] = [];
    pool.contributions.forEach((c, ci) => {
      const o = orgIndexOf(ctx, orgs, c.partner, at('contributions', ci, 'partner'));
      if (!partners.includes(o)) partners.push(o);
    });
    const host = partners[partnerIndex({ ctx, pool, orgs, partners }, pool.host, at('host'))]!;
    const svcList = pool.services.map((id, k) => serviceRef(ctx, id, at('services', k), ids));
    const dup = svcList.find((x, k) => svcList.indexOf(x) !== k);
    if (dup !== undefined) ctx.fail(at('services'), messages.duplicateId('service', services[dup]!.id));
    const inPlaces = new Set(placeRefs(ctx, places, pool.places, at('places')));
    const flowsOf = (i: number) => Array.from(services[i]!.flows).filter((f) => inPlaces.has(svc.flows[f]!.place));
    const flows = svcList.flatMap(flowsOf);
    const flowService = svcList.flatMap((i) => flowsOf(i).map(() => i));
    const scope: PoolScope = { ctx, pool, orgs, ids, partners, host, services: svcList, flows, flowService, flowsOf };
    const contributions = pool.contributions.map((c, ci) => contribution(scope, c, at('contributions', ci)));
    const overspend = rule(scope, pool.overspend, at('overspend'));
    const perf = pool.performance;
    return {
      id: pool.id,
      name: pool.name ?? pool.id,
      partners,
      host,
      serviceIds: pool.services,
      flows: Int32Array.from(flows),
      contributions,
      reserveSlot: pool.reserve ? ctx.num(pool.reserve.amount, at('reserve', 'amount'), { min: 0, what: 'reserve' }) : -1,
      reserveShares: pool.reserve?.fundedBy ? sharesFrom(scope, pool.reserve.fundedBy, at('reserve', 'fundedBy')) : null,
      cover: coverSteps(ctx, pool.cover, at('cover')),
      overspend,
      underspend: pool.underspend ? rule(scope, pool.underspend, at('underspend')) : overspend,
      performance: perf
        ? {
            partner: partnerIndex(scope, perf.partner, at('performance', 'partner')),
            heldSlot: ctx.num(perf.held, at('performance', 'held'), { min: 0, what: 'held amount' }),
            growthSlot: ctx.series(perf.growth, at('performance', 'growth'), { min: -1 }),
            flows: Int32Array.from(flowsOf(serviceRef(ctx, perf.service, at('performance', 'service'), ids))),
            targetSlot: ctx.num(perf.targetReduction, at('performance', 'targetReduction'), { min: 0, max: 1, what: 'target reduction' }),
            start: perf.start === undefined ? 0 : ctx.yearIndex(perf.start, at('performance', 'start')),
          }
        : null,
    };
  });
}

/** The partner number (not organisation index) of organisation `id`, which must contribute to the pool. */
function partnerIndex(s: Pick<PoolScope, 'ctx' | 'pool' | 'orgs' | 'partners'>, id: string, path: Path): number {
  const j = s.partners.indexOf(orgIndexOf(s.ctx, s.orgs, id, path));
  if (j < 0) return s.ctx.fail(path, messages.pool.notPartner(id, s.pool.id));
  return j;
}

/** One partner's contribution: a fixed amount that grows, an amount by year, or a share of spend on some services. */
function contribution(s: PoolScope, c: ScenarioPool['contributions'][number], path: Path): ContributionDef {
  const { ctx } = s;
  const cat = (...k: (string | number)[]) => [...path, ...k];
  const kinds = [c.amount !== undefined, c.byYear !== undefined, c.shareOf !== undefined].filter(Boolean).length;
  if (kinds !== 1) ctx.fail(cat(), messages.pool.contributionKind());
  const def: ContributionDef = {
    partner: s.partners.indexOf(s.orgs.index.get(c.partner)!),
    kind: c.amount !== undefined ? 0 : c.byYear !== undefined ? 1 : 2,
    amountSlot: c.amount !== undefined ? ctx.num(c.amount, cat('amount'), { min: 0, what: 'contribution' }) : -1,
    growthSlot: ctx.series(c.growth, cat('growth'), { min: -1 }),
    yearSlots: new Int32Array(ctx.years.length).fill(-1),
    shareSlot: c.shareOf ? ctx.num(c.shareOf.share, cat('shareOf', 'share'), { min: 0, max: 1, what: 'share' }) : -1,
    flows: Int32Array.from((c.shareOf?.services ?? []).flatMap((id, k) => s.flowsOf(serviceRef(ctx, id, cat('shareOf', 'services', k), s.ids)))),
    basisDoNothing: (c.shareOf?.basis ?? 'do-nothing') === 'do-nothing',
  };
  if (c.byYear) {
    for (const [y, v] of Object.entries(c.byYear)) {
      const t = ctx.yearIndex(y, cat('byYear', y));
      def.yearSlots[t] = ctx.num(v, cat('byYear', y), { min: 0, what: 'contribution' });
    }
    ctx.years.forEach((y, t) => (def.yearSlots[t]! < 0 ? ctx.fail(cat('byYear'), messages.pool.missingYear(y)) : 0));
  }
  return def;
}

/** Shares by partner id, which must add up to 1, as one value per partner. */
function sharesFrom(s: PoolScope, rec: Record<string, number>, path: Path): Float64Array {
  const out = new Float64Array(s.partners.length);
  let sum = 0;
  for (const [id, v] of Object.entries(rec)) {
    const j = partnerIndex(s, id, [...path, id]);
    s.ctx.check(v, [...path, id], { min: 0, max: 1, what: 'share' });
    out[j] = v;
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-9) s.ctx.fail(path, messages.pool.sharesSum(sum));
  return out;
}

/** A risk-share rule: its method, shares or bands of variance, caps, exclusions and who takes the remainder (the host by default). */
function rule(s: PoolScope, r: ScenarioRule, path: Path): RuleDef {
  const { ctx, partners } = s;
  const method = r.method === 'proportional' ? 0 : r.method === 'fixed' ? 1 : 2;
  if (method === 1 && !r.shares) ctx.fail([...path, 'shares'], messages.pool.needs('fixed', 'shares'));
  if (method === 2 && !r.bands?.length) ctx.fail([...path, 'bands'], messages.pool.needs('tiered', 'bands'));
  const bands = (r.bands ?? []).map((b, bi) => ({
    from: b.from,
    to: b.to ?? Infinity,
    shares: sharesFrom(s, b.shares, [...path, 'bands', bi, 'shares']),
  }));
  bands.forEach((b, bi) => {
    const expectedFrom = bi === 0 ? 0 : bands[bi - 1]!.to;
    if (Math.abs(b.from - expectedFrom) > 1e-12) {
      ctx.fail([...path, 'bands', bi, 'from'], b.from < expectedFrom ? messages.pool.bandsOverlap(bi) : messages.pool.bandsGap(bi, expectedFrom));
    }
    if (!(b.to > b.from)) ctx.fail([...path, 'bands', bi, 'to'], messages.pool.bandEmpty(bi));
    if (b.to !== Infinity && bi === bands.length - 1) ctx.fail([...path, 'bands', bi, 'to'], messages.pool.lastBandOpen());
  });
  const capSlots = new Int32Array(partners.length).fill(-1);
  for (const [id, v] of Object.entries(r.caps ?? {})) {
    capSlots[partnerIndex(s, id, [...path, 'caps', id])] = ctx.num(v, [...path, 'caps', id], { min: 0, what: 'cap' });
  }
  const excluded = new Uint8Array(s.flows.length * partners.length);
  (r.exclusions ?? []).forEach((ex, ei) => {
    const j = partnerIndex(s, ex.partner, [...path, 'exclusions', ei, 'partner']);
    ex.services.forEach((id, k) => {
      const sIdx = serviceRef(ctx, id, [...path, 'exclusions', ei, 'services', k], s.ids);
      if (!s.services.includes(sIdx)) ctx.fail([...path, 'exclusions', ei, 'services', k], messages.pool.serviceNotInPool(id, s.pool.id));
      s.flowService.forEach((svcOfFlow, i) => (svcOfFlow === sIdx ? (excluded[i * partners.length + j] = 1) : 0));
    });
  });
  const remainder = r.remainder !== undefined ? partnerIndex(s, r.remainder, [...path, 'remainder']) : partners.indexOf(s.host);
  if (capSlots[remainder]! >= 0) ctx.fail([...path, 'remainder'], messages.pool.remainderCapped(ctx.sc.organisations[partners[remainder]!]!.id));
  return {
    method: method as RuleDef['method'],
    shares: r.shares ? sharesFrom(s, r.shares, [...path, 'shares']) : new Float64Array(partners.length),
    bands,
    capSlots,
    remainder,
    excluded,
  };
}
