/**
 * Results as CSV and JSON files, by name (written whole by results/write.ts).
 */
import type { Results } from './summary.js';
import { toTables } from './tables.js';
import { toCsv, type CsvCell } from './csv.js';

/**
 * The files a run writes, by name → content. Money columns end in `_gbp`, and
 * every table with money carries a `price_base` column saying cash or real terms.
 */
export function resultFiles(r: Results): Record<string, string> {
  const t = toTables(r);
  const csv = (table: typeof t.system, moneyCols: string[]) => {
    const cols = table.columnNames();
    const withBase = moneyCols.length > 0;
    const head = [...cols.map((c) => (moneyCols.includes(c) ? `${c}_gbp` : c)), ...(withBase ? ['price_base'] : [])];
    return toCsv(head, table.objects().map((row) => [...cols.map((c) => (row as Record<string, CsvCell>)[c]), ...(withBase ? [r.priceBase] : [])]));
  };
  return {
    'system.csv': csv(t.system, ['funding', 'cost', 'investment', 'gap', 'doNothingGap', 'position']),
    'sectors.csv': csv(t.sectors, ['funding', 'gap', 'doNothingGap']),
    'places.csv': csv(t.places, ['funding', 'cost', 'investment', 'gap', 'doNothingGap']),
    ...(r.rollups.length ? { 'rollups.csv': csv(t.rollups, ['funding', 'cost', 'investment', 'gap', 'doNothingGap']) } : {}),
    'organisations.csv': csv(t.organisations, ['funding', 'income', 'payments', 'cost', 'investment', 'position']),
    'services.csv': csv(t.services, ['cost', 'doNothingCost', 'payment', 'stranded']),
    'schemes.csv': csv(t.schemes, ['effect', 'investment']),
    ...(r.capacity.length ? { 'capacity.csv': csv(t.capacity, []) } : {}),
    'results.json': JSON.stringify(toJson(r), null, 2) + '\n',
  };
}

/** The JSON document: the results plus a per-year view (system £ and each organisation's position). */
export function toJson(r: Results): Results & { byYear: unknown[] } {
  return {
    ...r,
    byYear: r.years.map((year, t) => ({
      year,
      funding: r.system.funding[t],
      cost: r.system.cost[t],
      investment: r.system.investment[t],
      gap: r.system.gap[t],
      doNothingGap: r.system.doNothingGap[t],
      positions: Object.fromEntries(r.organisations.map((o) => [o.id, o.position[t]])),
    })),
  };
}
