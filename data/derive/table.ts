/**
 * Table plumbing shared by every derivation step: where the reference data is, strict CSV reading,
 * and CSV writing with fixed number formats, so that the same inputs always give the same bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repo root = two folders above this file (data/derive/table.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `$POPSHIFT_REFERENCE_DATA`, else `<repo>/../shared/reference-data`. */
export function referenceDataDir(): string {
  const env = process.env['POPSHIFT_REFERENCE_DATA'];
  return env && env.trim() !== '' ? path.resolve(env) : path.resolve(REPO_ROOT, '..', 'shared', 'reference-data');
}

/** Throw, naming the fix, unless `dir` looks like the reference-data folder. */
export function assertReferenceDir(dir: string): void {
  if (!existsSync(path.join(dir, 'README.md')) || !existsSync(path.join(dir, 'population'))) {
    throw new Error(
      `Reference data not found at ${dir}.\n` +
        'The derivation needs the raw public data folder (see data/README.md). Put it at ' +
        '../shared/reference-data relative to the repo root, or set POPSHIFT_REFERENCE_DATA to its path.',
    );
  }
}

/** Parse RFC 4180 CSV (quoted fields, doubled quotes, CRLF, leading BOM) into records keyed by header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (s[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const header = (rows.shift() ?? []).map((h) => h.trim());
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
    .map((r) => Object.fromEntries(header.map((h, j) => [h, (r[j] ?? '').trim()])));
}

/** Read a reference CSV by its path under `dir`; a missing file is an error, never an empty table. */
export function readCsv(dir: string, rel: string): Record<string, string>[] {
  const file = path.join(dir, rel);
  if (!existsSync(file)) throw new Error(`reference file missing: ${file}`);
  return parseCsv(readFileSync(file, 'utf8'));
}

/** Strict number parse: throws on blanks, '*', 'NA' etc. so bad input never becomes NaN silently. */
export function num(value: string | undefined, what: string): number {
  const v = (value ?? '').trim();
  const n = Number(v);
  if (v === '' || !Number.isFinite(n)) throw new Error(`not a number (${what}): '${value}'`);
  return n;
}

/** A record's value for `key`; throws if the column is absent, so a renamed header fails loudly. */
export function field(rec: Record<string, string>, key: string): string {
  const v = rec[key];
  if (v === undefined) throw new Error(`missing column '${key}'`);
  return v;
}

/** Plain decimal string without exponent, trailing zeros removed. */
export function plain(x: number): string {
  if (x === 0 || Object.is(x, -0)) return '0';
  let s = String(x);
  if (/e/i.test(s)) s = x.toFixed(15);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** Persons: 1 decimal place. */
export const fmtPersons = (x: number): string => x.toFixed(1);
/** Rates and other ratios: 6 significant digits. */
export const fmtRate = (x: number): string => plain(Number(x.toPrecision(6)));
/** Money: 2 decimal places. */
export const fmtMoney = (x: number): string => x.toFixed(2);

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text of a header and rows: LF line ends, a final newline, cells quoted only when needed. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** Sum of the values, left to right (fixed order, so the same floating-point result every run). */
export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Round a row to 1 dp so that the rounded cells add up to the rounded total (largest remainder).
 * Why: the 2017/18 population row must sum to exactly 162,246 as the seed states, not 162,245.9.
 */
export function roundPreservingTotal(row: readonly number[]): number[] {
  const tenths = row.map((v) => v * 10);
  const floors = tenths.map(Math.floor);
  let remaining = Math.round(sum(tenths)) - sum(floors);
  const order = tenths
    .map((t, i) => ({ i, frac: t - floors[i]! }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  const out = [...floors];
  for (const { i } of order) {
    if (remaining <= 0) break;
    out[i]! += 1;
    remaining--;
  }
  return out.map((t) => t / 10);
}
