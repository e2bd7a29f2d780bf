/**
 * Reading a CSV data table: line ends of any kind, blank lines skipped, a
 * byte-order mark dropped, and each problem naming the line a user must look
 * at (the row's first line, or the line of a quote never closed).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readTable } from '../../src/scenario/table.js';

const dir = mkdtempSync(join(tmpdir(), 'popshift-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (text: string) => {
  const f = join(dir, `t${n++}.csv`);
  writeFileSync(f, text);
  return f;
};
const read = (text: string) => {
  const t = readTable(write(text), 'here');
  return { columns: t.columns, rows: t.rows, lines: t.lines };
};
const problem = (text: string) => {
  try {
    readTable(write(text), 'here');
  } catch (e) {
    return (e as Error).message.replace(/data table \S*?t\d+\.csv/, 'data table T');
  }
  throw new Error('read without a problem');
};

describe('a CSV data table', () => {
  it('reads LF, CRLF and CR line ends, mixed, skipping blank lines and keeping line numbers', () => {
    expect(read('a,b\r\n1,2\r\n\r\n3,4\r\n')).toEqual({ columns: ['a', 'b'], rows: [['1', '2'], ['3', '4']], lines: [2, 4] });
    expect(read('a,b\n1,2\r3,4\r\n5,6')).toEqual({ columns: ['a', 'b'], rows: [['1', '2'], ['3', '4'], ['5', '6']], lines: [2, 3, 4] });
  });

  it('drops a byte-order mark, trims header names, and reads quoted cells with commas and doubled quotes', () => {
    expect(read('\uFEFFa , b\n"1,5","say ""hi"""\n')).toEqual({ columns: ['a', 'b'], rows: [['1,5', 'say "hi"']], lines: [2] });
  });

  it('a quote inside an unquoted cell is text', () => {
    expect(read('a,b\n1,x"y\n').rows).toEqual([['1', 'x"y']]);
  });

  it('names the first line of a row of the wrong length, after a cell over several CRLF lines', () => {
    expect(problem('a,b\r\n1,"x\r\ny"\r\n3,4,5\r\n')).toBe('here: data table T:4: wrong number of cells: 3 where the header has 2 (a comma inside a cell needs the cell in double quotes)');
    expect(problem('a,b\n \n1,2\n')).toBe('here: data table T:2: wrong number of cells: 1 where the header has 2 (an empty cell is still written, between its commas)');
  });

  it('names the line of a quote never closed, past blank lines', () => {
    expect(problem('a,b\n1,2\n\n\n3,"x\n4,5\n6,7\n')).toBe('here: data table T:5: a quoted cell is never closed (a " without its closing ")');
    expect(problem('"a,b\n1,2\n')).toBe('here: data table T:1: a quoted cell is never closed (a " without its closing ")');
  });

  it('a header alone, or nothing, has no rows', () => {
    expect(problem('a,b\n')).toMatch(/^here: data table T has no rows/);
    expect(problem('')).toMatch(/^here: data table T has no rows/);
  });
});
