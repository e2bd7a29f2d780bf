/**
 * The one CSV writer of the outputs (csv-stringify): a header row and rows of
 * cells, LF line ends and a final LF. Numbers, booleans and text print as
 * `String(v)` does, null and undefined as an empty cell, and a cell holding a
 * comma, quote or line end is quoted with its quotes doubled (RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  return stringify([header, ...rows], { record_delimiter: 'unix', quoted_match: /\r/, cast: { boolean: String, number: String } });
}
