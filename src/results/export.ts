/**
 * Write results to a folder as CSV and JSON. Files are written to a temporary
 * folder first and moved into place only when all are written, so a failed
 * run leaves nothing half-written.
 */
import { mkdirSync, writeFileSync, renameSync, rmSync, mkdtempSync } from 'node:fs';
import { join, dirname, basename, resolve } from 'node:path';
import type { Results } from './summary.js';
import { toTables } from './tables.js';

/**
 * The files a run writes, by name → content. Money columns end in `_gbp`, and
 * every table with money carries a `price_base` column saying cash or real terms.
 */
export function resultFiles(r: Results): Record<string, string> {
  const t = toTables(r);
  const csv = (table: typeof t.system, moneyCols: string[]) => {
    const cols = table.columnNames();
    const withBase = moneyCols.length > 0;
    const head = [...cols.map((c) => (moneyCols.includes(c) ? `${c}_gbp` : c)), ...(withBase ? ['price_base'] : [])].join(',');
    const lines = table.objects().map((row) => [...cols.map((c) => csvCell((row as Record<string, unknown>)[c])), ...(withBase ? [csvCell(r.priceBase)] : [])].join(','));
    return [head, ...lines].join('\n') + '\n';
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

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Write `files` into `dir` whole or not at all. */
export function writeFilesAtomically(dir: string, files: Record<string, string | Uint8Array>): void {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = mkdtempSync(join(dirname(target), `.${basename(target)}-`));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    mkdirSync(target, { recursive: true });
    for (const name of Object.keys(files)) renameSync(join(tmp, name), join(target, name));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
