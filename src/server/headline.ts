/** The headline figures of a run, as numbers and as text (the dashboard shows them as text). */
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

export function headline(r: Results): Headline[] {
  const h = r.years.length - 1;
  const focus = r.calibration?.year && r.years.includes(r.calibration.year) ? r.calibration.year : r.horizon;
  const f = r.years.indexOf(focus);
  const out: Headline[] = [];
  const add = (id: string, label: string, value: number, unit: Headline['unit'], year: string) =>
    out.push({ id, label, value, unit, year, text: unit === '£' ? money(value) : people(value) });
  if (focus !== r.horizon) add('gap-focus', `Funding gap ${focus}`, r.system.gap[f]!, '£', focus);
  add('gap-horizon', `Funding gap ${r.horizon}`, r.system.gap[h]!, '£', r.horizon);
  if (r.schemes.length) {
    add('do-nothing-gap-horizon', `Do-nothing gap ${r.horizon}`, r.system.doNothingGap[h]!, '£', r.horizon);
    add('closed-horizon', `Gap closed by schemes ${r.horizon}`, r.system.doNothingGap[h]! - r.system.gap[h]!, '£', r.horizon);
  }
  add('cost-horizon', `System cost ${r.horizon}`, r.system.cost[h]!, '£', r.horizon);
  add('population-horizon', `Population ${r.horizon}`, r.population.total[h]!, 'people', r.horizon);
  return out;
}
