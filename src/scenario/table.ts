/**
 * Small CSV data tables (population, rates, parameters): read once, checked,
 * and indexed by a key column. Errors name the file and line.
 */
import { UserError } from '../errors.js';
import { messages } from './messages.js';
import { displayPath } from './load.js';
import { MAX_MAGNITUDE } from './schema.js';
import { readTextFile } from './files.js';
import { parse, CsvError } from 'csv-parse/sync';

export interface Table {
  file: string;
  columns: string[];
  /** Cells as text, one array per data row. */
  rows: string[][];
  /** 1-based line number in the file of each data row. */
  lines: number[];
}

const cache = new Map<string, { mtimeText: string; table: Table }>();

/** Read a CSV table (header row, comma-separated, optional double quotes). */
export function readTable(file: string, where: string): Table {
  const display = displayPath(file);
  const text = readTextFile(file, 'table', { display, where, missing: messages.table.missing(display) });
  const hit = cache.get(file);
  if (hit && hit.mtimeText === text) return hit.table;
  const { records, unclosed } = parseCsv(text);
  if (unclosed !== undefined) throw new UserError(`${where}: ${messages.table.unclosedQuote(display, unclosed)}`);
  const header = records.shift();
  if (!header || records.length === 0) throw new UserError(`${where}: ${messages.table.empty(display)}`);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (const r of records) {
    if (r.cells.length === 1 && r.cells[0] === '') continue;
    if (r.cells.length !== header.cells.length) throw new UserError(`${where}: ${messages.table.raggedRow(display, r.line, r.cells.length, header.cells.length)}`);
    rows.push(r.cells);
    lines.push(r.line);
  }
  const table = { file: display, columns: header.cells.map((c) => c.trim()), rows, lines };
  cache.set(file, { mtimeText: text, table });
  return table;
}

const CSV_OPTIONS = {
  bom: true,
  info: true,
  // a quote inside an unquoted cell is text; the row-length check is ours (it names the line)
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
  record_delimiter: '\n',
} as const;
type Parsed = { record: string[]; info: { lines: number } }[];

/**
 * The records of a CSV text (csv-parse), each with the line it starts on, and
 * the line of a quote that is never closed (which would swallow the rest of
 * the file). Line ends are made `\n` first: csv-parse counts a CRLF inside a
 * quoted cell as two lines, and a file may mix CRLF, LF and CR.
 */
function parseCsv(text: string): { records: { cells: string[]; line: number }[]; unclosed?: number } {
  const lf = text.replace(/\r\n?/g, '\n');
  const out: { cells: string[]; line: number }[] = [];
  try {
    const parsed = parse(lf, CSV_OPTIONS) as unknown as Parsed;
    // info.lines is the line a record ends on; it starts as many lines earlier as its cells hold line ends
    for (const { record, info } of parsed) out.push({ cells: record, line: info.lines - record.reduce((n, c) => n + c.split('\n').length - 1, 0) });
  } catch (e) {
    if (!(e instanceof CsvError) || e.code !== 'CSV_QUOTE_NOT_CLOSED') throw e;
    // the unclosed record starts on the first non-empty line after the last whole one
    const done = e.records as number;
    let line = done === 0 ? 1 : (parse(lf, { ...CSV_OPTIONS, to: done }) as unknown as Parsed).at(-1)!.info.lines + 1;
    const lines = lf.split('\n');
    while (lines[line - 1] === '') line++;
    return { records: out, unclosed: line };
  }
  return { records: out };
}

/** The column index of `name`, or a UserError naming the file. */
export function columnIndex(t: Table, name: string, where: string): number {
  const i = t.columns.indexOf(name);
  if (i < 0) throw new UserError(`${where}: ${messages.table.missingColumn(t.file, name, t.columns)}`);
  return i;
}

/** A decimal number, optionally signed and with an exponent: not hexadecimal, binary, `1e` or `+ 5`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A numeric cell, checked decimal, finite and (by default) non-negative. */
export function numberCell(t: Table, row: number, col: number, where: string, allowNegative = false): number {
  const text = t.rows[row]![col]!.trim();
  const v = DECIMAL.test(text) || /^[+-]?Infinity$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(v)) throw new UserError(`${where}: ${messages.table.notNumeric(t.file, t.lines[row]!, t.columns[col]!, text)}`);
  if (!Number.isFinite(v) || Math.abs(v) > MAX_MAGNITUDE) throw new UserError(`${where}: ${messages.table.notFinite(t.file, t.lines[row]!, t.columns[col]!, text)}`);
  if (!allowNegative && v < 0) throw new UserError(`${where}: ${messages.table.negative(t.file, t.lines[row]!, t.columns[col]!, v)}`);
  return v;
}

const checkedKeys = new WeakMap<Table, Set<string>>();

/**
 * Fails at the second of two rows with the same key: the same values in
 * `keyColumns` (those of them the table has). Otherwise the first row would
 * win silently. Checked once per table and key.
 */
export function uniqueRows(t: Table, keyColumns: readonly string[], where: string): void {
  const cols = keyColumns.map((c) => t.columns.indexOf(c)).filter((c) => c >= 0);
  const signature = cols.join(',');
  const done = checkedKeys.get(t) ?? new Set<string>();
  if (cols.length === 0 || done.has(signature)) return;
  const first = new Map<string, number>();
  t.rows.forEach((r, i) => {
    const key = JSON.stringify(cols.map((c) => r[c]!.trim()));
    const seen = first.get(key);
    if (seen !== undefined) {
      const named = cols.map((c) => `${t.columns[c]} ${r[c]!.trim()}`).join(', ');
      throw new UserError(`${where}: ${messages.table.duplicateRow(t.file, t.lines[i]!, named, seen)}`);
    }
    first.set(key, t.lines[i]!);
  });
  done.add(signature);
  checkedKeys.set(t, done);
}

/** One value per key (e.g. per age band) from a column, in the order of `keys`. */
export function columnByKey(t: Table, keyColumn: string, keys: readonly string[], column: string, where: string): Float64Array {
  const k = t.columns.indexOf(keyColumn);
  if (k < 0) throw new UserError(`${where}: ${messages.table.missingKeyColumn(t.file, keyColumn)}`);
  uniqueRows(t, [keyColumn], where);
  const c = columnIndex(t, column, where);
  const out = new Float64Array(keys.length);
  keys.forEach((key, i) => {
    const row = t.rows.findIndex((r) => r[k]!.trim() === key);
    if (row < 0) throw new UserError(`${where}: ${messages.table.missingRow(t.file, keyColumn, key)}`);
    out[i] = numberCell(t, row, c, where);
  });
  return out;
}
