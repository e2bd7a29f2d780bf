/**
 * Capitated envelopes: a provider's budget for a scope of services, paid per
 * weighted head, and the gain/loss-share settlement around it.
 */
import { messages } from '../messages.js';
import type { ScenarioEnvelope } from '../schema.js';
import { validateSchedule, type SettlementSchedule } from '../../engine/settlement.js';
import type { EnvelopeDef, ServiceDef } from '../../engine/types.js';
import { commissionerRef, providerRef, type Organisations } from './organisations.js';
import { serviceIds, serviceRef } from './services.js';
import type { Slots } from './slots.js';

/** The envelopes; each service is in at most one, with the envelope's provider and commissioner. */
export function normaliseEnvelopes(ctx: Slots, services: ServiceDef[], orgs: Organisations): EnvelopeDef[] {
  const ids = serviceIds(services);
  const unique = ctx.uniqueIds('envelope');
  const claimed = new Map<number, string>();
  return (ctx.sc.envelopes ?? []).map((e, ei) => {
    const at = (...k: (string | number)[]) => ['envelopes', ei, ...k];
    unique(e.id, at('id'));
    const provider = providerRef(ctx, orgs, e.provider, at('provider'));
    const commissioner = commissionerRef(ctx, orgs, e.commissioner, at('commissioner'));
    const svc = e.services.map((id, k) => {
      const i = serviceRef(ctx, id, at('services', k), ids);
      if (services[i]!.provider !== provider) ctx.fail(at('services', k), messages.envelope.otherProvider(id, e.provider));
      // the envelope replaces the scope's own payments, which its commissioner must be the one making
      if (services[i]!.commissioner !== commissioner) ctx.fail(at('services', k), messages.envelope.otherCommissioner(id, orgs.list[services[i]!.commissioner]!.id, e.commissioner));
      if (claimed.has(i)) ctx.fail(at('services', k), messages.envelope.twice(id, claimed.get(i)!));
      claimed.set(i, e.id);
      return i;
    });
    const weights = e.weights && e.weights !== 'derived' ? ctx.bandColumn(e.weights, at('weights')) : null;
    const { settlement, qualityScore } = settlementOf(ctx, e, at);
    return {
      id: e.id,
      name: e.name ?? e.id,
      provider,
      commissioner,
      services: Int32Array.from(svc),
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
