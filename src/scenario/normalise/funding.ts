/** Funding (MODEL.md step 6): each commissioner's allocation and each council's budget, and how it grows. */
import type { FundingDef } from '../../engine/types.js';
import { orgRef, type Organisations } from './organisations.js';
import type { Slots } from './slots.js';

/** The funding streams, each paid to a commissioner or council. */
export function normaliseFunding(ctx: Slots, orgs: Organisations): FundingDef[] {
  const unique = ctx.uniqueIds('funding stream');
  return ctx.sc.funding.map((f, i) => {
    unique(f.id, ['funding', i, 'id']);
    return {
      id: f.id,
      name: f.name ?? f.id,
      org: orgRef(ctx, orgs, f.organisation, ['funding', i, 'organisation'], ['commissioner', 'council'], 'funded commissioner or council'),
      baseSlot: ctx.num(f.base, ['funding', i, 'base'], { min: 0, what: 'funding' }),
      growthSlot: ctx.series(f.growth, ['funding', i, 'growth'], { min: -1 }),
    };
  });
}
