/** Organisations: commissioners, councils and providers, referred to by id everywhere else. */
import type { Path } from '../load.js';
import { messages, nearest } from '../messages.js';
import type { Model, OrgKind } from '../../engine/types.js';
import type { Slots } from './slots.js';

/** The organisations in scenario order, and each id's index. */
export interface Organisations {
  list: Model['orgs'];
  index: Map<string, number>;
}

/** The scenario's organisations; ids must be unique. */
export function normaliseOrganisations(ctx: Slots): Organisations {
  const unique = ctx.uniqueIds('organisation');
  const list = ctx.sc.organisations.map((o, i) => {
    unique(o.id, ['organisations', i, 'id']);
    // Commissioners and providers default to the NHS (the local health economy); councils to council.
    return { id: o.id, name: o.name, kind: o.kind, sector: o.sector ?? (o.kind === 'council' ? 'council' : 'nhs') };
  });
  return { list, index: new Map(list.map((o, i) => [o.id, i])) };
}

/** The index of organisation `id`, of any kind. */
export function orgIndexOf(ctx: Slots, orgs: Organisations, id: string, path: Path): number {
  const i = orgs.index.get(id);
  if (i === undefined) return ctx.fail(path, messages.unknownReference('organisation', id, nearest(id, orgs.index.keys())));
  return i;
}

/** The index of organisation `id`, which must be one of the `kinds` that can act as `role`. */
export function orgRef(ctx: Slots, orgs: Organisations, id: string, path: Path, kinds: OrgKind[], role: string): number {
  const i = orgIndexOf(ctx, orgs, id, path);
  if (!kinds.includes(orgs.list[i]!.kind)) ctx.fail(path, messages.wrongOrgKind(id, orgs.list[i]!.kind, role));
  return i;
}

/** The index of the provider `id` (a provider or a council). */
export function providerRef(ctx: Slots, orgs: Organisations, id: string, path: Path): number {
  return orgRef(ctx, orgs, id, path, ['provider', 'council'], 'provider');
}

/** The index of the commissioner `id` (a commissioner or a council). */
export function commissionerRef(ctx: Slots, orgs: Organisations, id: string, path: Path): number {
  return orgRef(ctx, orgs, id, path, ['commissioner', 'council'], 'commissioner');
}
