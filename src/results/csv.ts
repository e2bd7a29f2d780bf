/**
 * The one CSV writer of the outputs (csv-stringify): a header row and rows of
 * cells, LF line ends and a final LF. Numbers print at 15 significant digits,
 * shortest form (`csvNumber`); booleans and text as `String(v)` does, null and
 * undefined as an empty cell, and a cell holding a comma, quote or line end is
 * quoted with its quotes doubled (RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A number as a CSV cell: 15 significant digits, as many as Excel reads, so a
 * figure such as 162245.99999999997 (binary noise of a sum) is written 162246
 * and 236834398.76999998 as 236834398.77. Otherwise as `String(x)`: integers
 * without a point, an exponent only below 1e-6 or from 1e21, 0 (and -0) as 0,
 * NaN and ±Infinity by name. Files read back (Monte Carlo shards) are binary,
 * at full precision, and never pass through here.
 */
export function csvNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(15))) : String(x);
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  return stringify([header, ...rows], { record_delimiter: 'unix', quoted_match: /\r/, cast: { boolean: String, number: csvNumber } });
}
