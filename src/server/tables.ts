/**
 * CSV and XLSX for `GET /api/runs/:id`. System, organisations, services and
 * schemes come from the library's `resultFiles`; pools and envelopes are laid
 * out the same way (long: one row per item and year; money columns end _gbp).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Results } from '../index.js';
import { resultFiles } from '../results/export.js';
import { toCsv, type CsvCell } from '../results/csv.js';

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
  throw new Error(`unknown table ${table}`);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type WorkbookFn = (r: Results) => unknown;

let xlsxFn: WorkbookFn | null | undefined;

/**
 * The library's workbook builder (src/results/xlsx.ts, being written
 * alongside this server), or null while it does not exist (as xlsx.ts beside
 * the sources, or xlsx.js in dist/).
 */
export async function workbookBuilder(): Promise<WorkbookFn | null> {
  if (xlsxFn !== undefined) return xlsxFn;
  const exists = (ext: string) => existsSync(fileURLToPath(new URL(`../results/xlsx${ext}`, import.meta.url)));
  if (!exists('.ts') && !exists('.js')) return null; // not cached: it may appear later
  const specifier = '../results/xlsx.js';
  const mod = (await import(specifier)) as Record<string, unknown>;
  const name = ['resultsWorkbook', 'toXlsx', 'xlsxBuffer', 'workbookBuffer', 'toWorkbook', 'workbook'].find((n) => typeof mod[n] === 'function');
  xlsxFn = name ? (mod[name] as WorkbookFn) : null;
  return xlsxFn;
}

/** Results as an XLSX file, or null if the library cannot write one yet. */
export async function xlsxBuffer(r: Results): Promise<Buffer | null> {
  const fn = await workbookBuilder();
  if (!fn) return null;
  let out = await fn(r);
  const wb = out as { xlsx?: { writeBuffer(): Promise<ArrayBuffer> } };
  if (wb && typeof wb === 'object' && wb.xlsx && typeof wb.xlsx.writeBuffer === 'function') out = await wb.xlsx.writeBuffer();
  if (Buffer.isBuffer(out)) return out;
  if (out instanceof Uint8Array || out instanceof ArrayBuffer) return Buffer.from(out as ArrayBuffer);
  return null;
}
