/**
 * CSV tables (and the XLSX type) for `GET /api/runs/:id`. Those `popshift run
 * --out` writes (system, sectors, places, rollups, organisations, services,
 * schemes, capacity) come from the library's `resultFiles`; pools and envelopes are laid
 * out the same way (long: one row per item and year; money columns end _gbp).
 */
import type { Results } from '../index.js';
import { resultFiles } from '../results/export.js';
import { toCsv, type CsvCell } from '../results/csv.js';
import { HttpProblem } from './problem.js';

function csv(rows: Record<string, CsvCell>[], columns: string[]): string {
  return toCsv(columns, rows.map((r) => columns.map((c) => r[c.replace(/_gbp$/, '')])));
}

function poolsCsv(r: Results): string {
  const rows = r.pools.flatMap((p) =>
    r.years.map((year, t) => ({
      pool: p.id,
      name: p.name,
      host: p.host,
      year,
      budget: p.budget[t],
      spend: p.spend[t],
      variance: p.variance[t],
      reserveUsed: p.reserveUsed[t],
      released: p.released[t],
      overspendShared: p.overspendShared[t],
      underspendShared: p.underspendShared[t],
      ...Object.fromEntries(p.partners.flatMap((q) => [[`contribution:${q.id}`, q.contribution[t]], [`share:${q.id}`, q.share[t]]])),
    })),
  );
  const partners = [...new Set(r.pools.flatMap((p) => p.partners.map((q) => q.id)))];
  const cols = ['pool', 'name', 'host', 'year', ...['budget', 'spend', 'variance', 'reserveUsed', 'released', 'overspendShared', 'underspendShared'].map((c) => `${c}_gbp`), ...partners.flatMap((q) => [`contribution:${q}_gbp`, `share:${q}_gbp`])];
  return csv(rows, cols);
}

function envelopesCsv(r: Results): string {
  const money = ['envelope', 'cost', 'margin', 'tariffIncome', 'settlement', 'payment', 'finalMargin'] as const;
  const rows = r.envelopes.flatMap((e) =>
    r.years.map((year, t) => ({
      id: e.id,
      name: e.name,
      provider: e.provider,
      commissioner: e.commissioner,
      year,
      weightedPopulation: e.weightedPopulation[t],
      ...Object.fromEntries(money.map((m) => [m, e[m][t]])),
    })),
  );
  return csv(rows, ['id', 'name', 'provider', 'commissioner', 'year', 'weightedPopulation', ...money.map((m) => `${m}_gbp`)]);
}

/** One table of a run as CSV. */
export function tableCsv(r: Results, table: string): string {
  const files = resultFiles(r);
  const own = files[`${table}.csv`];
  if (own !== undefined) return own;
  if (table === 'pools') return poolsCsv(r);
  if (table === 'envelopes') return envelopesCsv(r);
  // written only where they apply, as run --out writes them
  if (table === 'rollups') throw new HttpProblem(404, `this run has no rollups table: its places are not grouped by council, commissioner or area (${r.places.length} place${r.places.length === 1 ? '' : 's'})`, [{ field: 'query.table', message: 'query.table: no rollups in this run' }]);
  if (table === 'capacity') throw new HttpProblem(404, 'this run has no capacity table: its scenario states no beds', [{ field: 'query.table', message: 'query.table: no capacity in this run' }]);
  throw new Error(`unknown table ${table}`);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

