/** Names for the ids results carry, for what a board reads (charts, the report): never an id where a name exists. */
import type { Results } from './summary.js';

/** An organisation's name in the results (its id if it has none). */
export function orgName(r: Pick<Results, 'organisations'>, id: string): string {
  return r.organisations.find((o) => o.id === id)?.name ?? id;
}

/** A service's name in the results (its id if it has none). */
export function serviceName(r: Pick<Results, 'services'>, id: string): string {
  return r.services.find((v) => v.id === id)?.name ?? id;
}
