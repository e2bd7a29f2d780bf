/**
 * The NHS England National Cost Collection 2023/24 national schedule, read once: it prices most
 * unit costs and also gives the national count of mental-health contacts.
 */
import { field, num, readCsv, sum } from './table.js';

const NCC_2023_24 = 'costs/nhse_ncc_2023_24_national_schedule_summary.csv';

/** NCC 2023/24 national schedule rows. */
export interface NccRow { dept: string; code: string; desc: string; activity: number; unitCost: number; cost: number }

/** Every row of the NCC 2023/24 national schedule summary. */
export function loadNcc2324(dir: string): NccRow[] {
  return readCsv(dir, NCC_2023_24).map((r) => ({
    dept: field(r, 'Service Code'),
    code: field(r, 'Dept or Currency Code'),
    desc: field(r, 'Dept or Currency Desc'),
    activity: num(r['Activity'], 'ncc activity'),
    unitCost: num(r['Unit cost'], 'ncc unit cost'),
    cost: num(r['Cost'], 'ncc cost'),
  }));
}

/** Activity-weighted mean unit cost (Σcost / Σactivity) over NCC rows matching `pick`. */
export function nccWeighted(ncc: readonly NccRow[], pick: (r: NccRow) => boolean, what: string): number {
  const rows = ncc.filter(pick);
  if (rows.length === 0) throw new Error(`NCC: no rows for ${what}`);
  return sum(rows.map((r) => r.cost)) / sum(rows.map((r) => r.activity));
}
