/**
 * Capitated envelopes: a provider's budget for a scope of services, paid per
 * weighted head, and the gain/loss-share settlement around it.
 */
import { messages } from '../messages.js';
import type { ScenarioEnvelope } from '../schema.js';
import { validateSchedule, type SettlementSchedule } from '../../engine/settlement.js';
import type { EnvelopeDef, PlaceDef } from '../../engine/types.js';
import { placesServedBy } from '../../engine/funding.js';
import { commissionerRef, orgIndexOf, providerRef, type Organisations } from './organisations.js';
import { placeRefs } from './population.js';
import { serviceIds, serviceRef, type NormalisedServices } from './services.js';
import type { Slots } from './slots.js';

/**
 * The envelopes. The scope is the services' flows in the envelope's places
 * (by default the commissioner's) provided by its provider (or, for an
 * alliance, by its members) and paid for by its commissioner; a flow is in at
 * most one envelope.
 */
export function normaliseEnvelopes(ctx: Slots, svc: NormalisedServices, places: readonly PlaceDef[], orgs: Organisations): EnvelopeDef[] {
  const { services, flows } = svc;
  const ids = serviceIds(services);
  const unique = ctx.uniqueIds('envelope');
  const claimed = new Map<number, string>();
  return (ctx.sc.envelopes ?? []).map((e, ei) => {
    const at = (...k: (string | number)[]) => ['envelopes', ei, ...k];
    unique(e.id, at('id'));
    const provider = providerRef(ctx, orgs, e.provider, at('provider'));
    const commissioner = commissionerRef(ctx, orgs, e.commissioner, at('commissioner'));
    const qs = e.places ? placeRefs(ctx, places, e.places, at('places')) : placesServedBy(places, commissioner);
    const members = (e.members ?? []).map((m, mi) => ({
      org: orgIndexOf(ctx, orgs, m.organisation, at('members', mi, 'organisation')),
      shareSlot: ctx.num(m.share, at('members', mi, 'share'), { min: 0, max: 1, what: 'share' }),
    }));
    const memberSum = members.reduce((acc, m) => acc + ctx.p[m.shareSlot]!, 0);
    if (members.length && Math.abs(memberSum - 1) > 1e-9) ctx.fail(at('members'), messages.alliance.sharesSum(memberSum));
    const paidTo = members.length ? members.map((m) => m.org) : [provider];
    const scope: number[] = [];
    e.services.forEach((id, k) => {
      const i = serviceRef(ctx, id, at('services', k), ids);
      const here = Array.from(services[i]!.flows).filter((f) => qs.includes(flows[f]!.place));
      const mine = here.filter((f) => paidTo.includes(flows[f]!.provider));
      if (mine.length === 0) {
        const other = here[0] === undefined ? e.provider : orgs.list[flows[here[0]]!.provider]!.id;
        ctx.fail(at('services', k), members.length ? messages.alliance.notMember(id, other) : messages.envelope.otherProvider(id, e.provider));
      }
      for (const f of mine) {
        // the envelope replaces the scope's own payments, which its commissioner must be the one making
        if (flows[f]!.commissioner !== commissioner) ctx.fail(at('services', k), messages.envelope.otherCommissioner(id, orgs.list[flows[f]!.commissioner]!.id, e.commissioner));
        if (claimed.has(f)) ctx.fail(at('services', k), messages.envelope.twice(id, claimed.get(f)!));
        claimed.set(f, e.id);
        scope.push(f);
      }
    });
    const weights = e.weights && e.weights !== 'derived' ? ctx.bandColumn(e.weights, at('weights')) : null;
    const { settlement, qualityScore } = settlementOf(ctx, e, at);
    return {
      id: e.id,
      name: e.name ?? e.id,
      provider,
      commissioner,
      serviceIds: e.services,
      flows: Int32Array.from(scope),
      places: Int32Array.from(qs),
      members,
      weights,
      needIndexSlot: ctx.num(e.needIndex ?? 1, at('needIndex'), { min: 0, what: 'need index' }),
      baseRateSlot: e.baseRate === undefined ? -1 : ctx.num(e.baseRate, at('baseRate'), { min: 0, what: 'base rate' }),
      upliftSlot: ctx.series(e.uplift, at('uplift'), { min: -1 }),
      settlement,
      qualityScore,
    };
  });
}

/** The envelope's settlement schedule, checked by the engine's own rules, and its quality score. */
function settlementOf(ctx: Slots, e: ScenarioEnvelope, at: (...k: (string | number)[]) => (string | number)[]) {
  if (!e.settlement) return { settlement: null, qualityScore: undefined };
  const { qualityScore: q, ...schedule } = e.settlement as Record<string, unknown>;
  const settlement = schedule as unknown as SettlementSchedule;
  const qualityScore = q as number | undefined;
  const problems = validateSchedule(settlement);
  if (problems.length) {
    // point at the field the problem names: 'bands[1].payerShare must …', 'bands: thresholds …', 'shareRate must …'
    const problem = problems[0]!;
    const m = /^(\w+)(?:\[(\d+)\]\.(\w+))?(: )?/.exec(problem)!;
    const field = m[2] !== undefined ? [m[1]!, Number(m[2]), m[3]!] : [m[1]!];
    const text = m[4] ? problem.slice(m[0].length) : m[2] !== undefined ? problem.slice(m[1]!.length + m[2].length + 3) : problem;
    ctx.fail(at('settlement', ...field), text);
  }
  if (settlement.form === 'shared-savings') {
    if (qualityScore !== undefined) ctx.check(qualityScore, at('settlement', 'qualityScore'), { min: 0, max: 1, what: 'quality score' });
    else if (settlement.qualityScaled) ctx.fail(at('settlement', 'qualityScaled'), messages.envelope.needsQuality());
  }
  return { settlement, qualityScore };
}
