/**
 * Mutations a careless or hostile user makes to scenario files (YAML) and
 * data tables (CSV), for the fuzz test (fuzz.test.ts). A mutation is plain
 * data (a kind and a few numbers, so fast-check can generate and shrink it)
 * applied deterministically to a file's bytes.
 */
import fc from 'fast-check';
import { parseDocument, isMap, isSeq, isScalar, isCollection, visit, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

/** What a user might write where a number goes (in YAML as written, raw). */
export const WEIRD_YAML = [
  '1e308', '1e306', '-1e308', '1e-320', '5e-324', '1e-300', '-1', '-0', '0', '1', '0.5', '-0.5', '0.49', '-0.49', '3', '1e11', '99999999999', '-99999999999', '1e10', '-1e10', '9.99e10',
  '1e-10', '2.5', '100', '1000000', '1.0000001', '0.9999999',
  '50%', '150%', '0x10', '0o17', '0b101', '1_000', '1,000', '+12', '012', '1e', '.5', '5.',
  'NaN', '.nan', '.inf', '-.inf', 'Infinity', '""', "''", 'null', '~', 'true', 'no', '[]', '{}', '[1, 2]', '{ a: 1 }', '"12"', '2020/21', '$nope', '$', 'x',
] as const;

/** What a user might write in a CSV cell. */
export const WEIRD_CELL = [
  '', ' ', '0', '-5', '-0', '1e400', '1e308', '1e11', '1e-320', '0x10', '0b11', '1_000', '"1,000"', '50%', 'NaN', 'Infinity', '-Infinity', '+5', '+ 5', '1e', '١٢', ' 12 ', '"12"', 'abc', '2020/21', '2020/2021', 'young', 'x,y',
] as const;

/** Bytes that are not UTF-8: a stray continuation, a truncated sequence, an encoded surrogate, an overlong form, a Latin-1 £. */
const BAD_BYTES = [[0xff], [0x80], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xa3]] as const;

export interface Mutation {
  kind: number;
  a: number;
  b: number;
  c: number;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({ kind: fc.nat(99), a: fc.nat(), b: fc.nat(), c: fc.nat() });

/** A few mutations, applied in turn: most often one (a mutant that still loads is the one that can be silently wrong). */
export const mutations = fc.oneof({ weight: 3, arbitrary: fc.tuple(mutation) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 3 }) });

const pick = <T>(xs: readonly T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);

/** Text-level mutations common to both kinds of file (bytes in, bytes out). */
function mutateBytes(bytes: Buffer, m: Mutation, op: number): Buffer | undefined {
  const at = bytes.length ? m.a % (bytes.length + 1) : 0;
  switch (op) {
    case 0: // truncate
      return bytes.subarray(0, at);
    case 1: // insert bytes that are not UTF-8
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(BAD_BYTES, m.b)!), bytes.subarray(at)]);
    case 2: // a byte-order mark, or line ends changed to CRLF or CR
      if (m.b % 3 === 0) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      return Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, m.b % 3 === 1 ? '\r\n' : '\r'), 'latin1');
    case 3: // a NUL or a tab somewhere
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.b % 2 ? '\0' : '\t'), bytes.subarray(at)]);
    default:
      return undefined;
  }
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** Line-level mutations: delete, duplicate, swap, indent or dedent a line. */
function mutateLines(text: string, m: Mutation, op: number): string {
  const ls = lines(text);
  const i = m.a % ls.length;
  const j = m.b % ls.length;
  switch (op) {
    case 0:
      ls.splice(i, 1);
      break;
    case 1:
      ls.splice(i, 0, ls[i]!);
      break;
    case 2:
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      break;
    case 3:
      ls[i] = ' '.repeat(1 + (m.c % 3)) + ls[i];
      break;
    default:
      ls[i] = ls[i]!.replace(/^ {1,2}/, '');
  }
  return ls.join('\n');
}

/** Every node of a document, in document order. */
function nodes(doc: ReturnType<typeof parseDocument>): Node[] {
  const out: Node[] = [];
  visit(doc, { Node: (_k, n) => void out.push(n as Node) });
  return out;
}

/** Structural mutations on the YAML document: delete/duplicate/reorder keys and items, rename a key, change a type or a value. */
function mutateYamlDoc(text: string, m: Mutation, op: number): string | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) return undefined;
  const all = nodes(doc);
  const collections = all.filter((n): n is YAMLMap | YAMLSeq => isCollection(n) && n.items.length > 0);
  const scalars = all.filter((n): n is Scalar => isScalar(n));
  const numbers = scalars.filter((s) => typeof s.value === 'number');
  if (op <= 2) {
    // a number (most often) or any scalar's text replaced by what a user might write, at its place in the text
    const pool = op <= 1 && numbers.length ? numbers : scalars;
    const s = pick(pool, m.a);
    if (!s?.range) return undefined;
    const raw = pick(WEIRD_YAML, m.b)!;
    return text.slice(0, s.range[0]) + raw + text.slice(s.range[1]);
  }
  const coll = pick(collections, m.a);
  if (!coll) return undefined;
  const i = m.b % coll.items.length;
  const items = coll.items as unknown[];
  switch (op) {
    case 3: // delete a key or an item
      items.splice(i, 1);
      break;
    case 4: // duplicate a key (the same key twice) or an item (the same id twice)
      items.splice(i, 0, cloneItem(items[i]));
      break;
    case 5: // reorder: move an item to the front, or reverse them all
      if (m.c % 2) items.reverse();
      else items.unshift(...items.splice(i, 1));
      break;
    case 6: {
      // rename a key: a typo, another case, or another key of the same mapping
      if (!isMap(coll)) return undefined;
      const pair = coll.items[i]!;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) return undefined;
      const other = pick(coll.items, m.c)!;
      const renamed = [key.slice(0, -1), key.toUpperCase(), key + 's', isScalar(other.key) ? String(other.key.value) : key][m.c % 4]!;
      pair.key = doc.createNode(renamed) as Node;
      break;
    }
    case 7: {
      // change a value's type: a scalar becomes a list or mapping, a collection becomes a scalar or the other kind
      const target = isMap(coll) ? coll.items[i]!.value : coll.items[i];
      const replacement = isScalar(target)
        ? [doc.createNode([target.value]), doc.createNode({ value: target.value }), doc.createNode(null), doc.createNode(String(target.value))][m.c % 4]
        : isMap(target)
          ? [doc.createNode(1), doc.createNode([]), doc.createNode('x'), doc.createNode(Object.values(target.toJSON() as object))][m.c % 4]
          : isSeq(target)
            ? [doc.createNode(1), doc.createNode({}), doc.createNode(''), doc.createNode({ id: 'x' })][m.c % 4]
            : doc.createNode(m.c % 2 ? 0 : 'x');
      if (isMap(coll)) coll.items[i]!.value = replacement as Node;
      else items[i] = replacement;
      break;
    }
    default:
      return undefined;
  }
  try {
    return doc.toString();
  } catch {
    return undefined; // e.g. an alias whose anchor was deleted: not expressible as text
  }
}

function cloneItem(item: unknown): unknown {
  return item && typeof item === 'object' && 'clone' in item && typeof item.clone === 'function' ? item.clone() : item;
}

/** A YAML scenario (or parent) file mutated once. */
export function mutateYaml(bytes: Buffer, m: Mutation): Buffer {
  const kind = m.kind;
  if (kind < 12) return mutateBytes(bytes, m, kind % 4) ?? bytes;
  const text = bytes.toString('utf8');
  if (kind < 25) return Buffer.from(mutateLines(text, m, kind % 5));
  return Buffer.from(mutateYamlDoc(text, m, kind % 8) ?? text);
}

/** CSV rows as cells (the tables popshift ships have no quoted commas or newlines). */
function parseRows(text: string): string[][] {
  return text.split('\n').map((l) => l.split(','));
}

/** A CSV data table mutated once: duplicate/delete/reorder rows, blank or odd cells, extra or missing columns, renamed headers. */
export function mutateCsv(bytes: Buffer, m: Mutation): Buffer {
  const kind = m.kind;
  if (kind < 10) return mutateBytes(bytes, m, kind % 4) ?? bytes;
  const text = bytes.toString('utf8');
  const trailing = text.endsWith('\n');
  const rows = parseRows(trailing ? text.slice(0, -1) : text);
  if (rows.length === 0) return bytes;
  const data = rows.length - 1;
  const r = data > 0 ? 1 + (m.a % data) : 0;
  const width = rows[0]!.length;
  const col = m.b % width;
  switch (kind % 10) {
    case 0: // duplicate a row (the same year or band twice)
      rows.splice(r, 0, [...rows[r]!]);
      break;
    case 1: // delete a row
      if (data > 0) rows.splice(r, 1);
      break;
    case 2: // reverse the rows
      rows.splice(1, data, ...rows.slice(1).reverse());
      break;
    case 3: // a blank cell
      rows[r]![col] = '';
      break;
    case 4:
    case 5: // an odd value in a cell
      rows[r]![col] = pick(WEIRD_CELL, m.c)!;
      break;
    case 6: // an extra column: in the header only, in one row only, or everywhere
      if (m.c % 3 === 0) rows[0]!.push('extra');
      else if (m.c % 3 === 1) rows[r]!.push('1');
      else rows.forEach((row, k) => row.push(k ? '1' : 'extra'));
      break;
    case 7: // a column dropped everywhere
      rows.forEach((row) => row.splice(col, 1));
      break;
    case 8: // a header renamed (or duplicated)
      rows[0]![col] = m.c % 2 ? rows[0]![(col + 1) % width]! : rows[0]![col]!.toUpperCase() + ' ';
      break;
    default: // two columns swapped everywhere (header too: harmless) or in the data only
      rows.forEach((row, k) => {
        if (k === 0 && m.c % 2) return;
        const o = (col + 1) % width;
        [row[col], row[o]] = [row[o]!, row[col]!];
      });
  }
  return Buffer.from(rows.map((row) => row.join(',')).join('\n') + (trailing ? '\n' : ''));
}
