/** The headline figures of a run, as numbers and as text (the dashboard shows them as text): for the system, or for one place. */
import type { Results } from '../index.js';
import { fixed } from '../results/format.js';
import { fmtM } from '../charts/common.js';

export interface Headline {
  id: string;
  label: string;
  value: number;
  unit: '£' | 'people';
  year: string;
  text: string;
}

const money = (v: number) => fmtM(v / 1e6, 1);
const people = (v: number) => fixed(v, 0);

/** The provider paid most in the horizon year (the one a payment model moves most). */
function leadProvider(r: Results) {
  const h = r.years.length - 1;
  let best: Results['organisations'][number] | undefined;
  for (const o of r.organisations) if (o.kind === 'provider' && (!best || o.income[h]! > best.income[h]!)) best = o;
  return best;
}

/** Headline figures of the system, or (with `placeId`) of that place. */
export function headline(r: Results, placeId?: string): Headline[] {
  const h = r.years.length - 1;
  const focus = r.calibration?.year && r.years.includes(r.calibration.year) ? r.calibration.year : r.horizon;
  const f = r.years.indexOf(focus);
  const place = placeId === undefined ? undefined : r.places.find((p) => p.id === placeId);
  if (placeId !== undefined && !place) throw new Error(`no place '${placeId}' in the results`);
  const g = place ?? { gap: r.system.gap, doNothingGap: r.system.doNothingGap, cost: r.system.cost, population: r.population, organisations: r.organisations };
  const where = place ? ` — ${place.name}` : '';
  const out: Headline[] = [];
  const add = (id: string, label: string, value: number, unit: Headline['unit'], year: string) =>
    out.push({ id, label: `${label}${where}`, value, unit, year, text: unit === '£' ? money(value) : people(value) });
  if (focus !== r.horizon) add('gap-focus', `Funding gap ${focus}`, g.gap[f]!, '£', focus);
  add('gap-horizon', `Funding gap ${r.horizon}`, g.gap[h]!, '£', r.horizon);
  if (r.schemes.length) {
    add('do-nothing-gap-horizon', `Do-nothing gap ${r.horizon}`, g.doNothingGap[h]!, '£', r.horizon);
    add('closed-horizon', `Gap closed by schemes ${r.horizon}`, g.doNothingGap[h]! - g.gap[h]!, '£', r.horizon);
  }
  add('cost-horizon', `${place ? 'Cost' : 'System cost'} ${r.horizon}`, g.cost[h]!, '£', r.horizon);
  add('population-horizon', `Population ${r.horizon}`, g.population.total[h]!, 'people', r.horizon);
  // Who gains and who loses: moved by the payment model even where the gap is not.
  const lead = leadProvider(r);
  const position = lead && g.organisations.find((o) => o.id === lead.id);
  if (lead && position) add('lead-provider-position-horizon', `${lead.name}: position ${r.horizon} (+ surplus, − deficit)`, position.position[h]!, '£', r.horizon);
  return out;
}
