/**
 * Scenario files (YAML or JSON) → a validated `Scenario`, with `extends`
 * resolved field by field, and a way to find where any field was written so
 * that every later error can name the file, line and column.
 */
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import { parseDocument, stringify, visit, LineCounter, isMap, isSeq, isScalar, isAlias, isCollection, isPair, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { Scenario } from './schema.js';
import { messages, nearest, boundMessage } from './messages.js';
import { UserError, formatLocation, type Location } from '../errors.js';
import { readTextFile } from './files.js';

export type Path = readonly (string | number)[];

export interface LoadOptions {
  /** Fields that override the file's, field by field (as a child scenario would). */
  overrides?: Record<string, unknown>;
  /** How problems in the overrides name their source; defaults to 'overrides'. */
  overridesLabel?: string;
}

/** A scenario as loaded: the merged, validated data and where each field came from. */
export interface LoadedScenario {
  /** The file asked for, as given. */
  file: string;
  scenario: Scenario;
  /** Every file the scenario is read from: the scenario, its parents (child first), then the data tables it names. Request overrides are not a file and are not listed. */
  files: string[];
  /** The parent scenarios it extends, nearest first. */
  parents: string[];
  /** Where the value at `path` (a path into `scenario`) was written, if it was. */
  locate(path: Path): Location | undefined;
  /** A one-line problem at `path`: `file:line:col: path: message`. */
  problem(path: Path, message: string): string;
}

interface ParsedFile {
  file: string;
  display: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: Record<string, unknown>;
}

/** Read, merge and validate a scenario file; throws `UserError` on any problem. */
export function loadScenario(file: string, options: LoadOptions = {}): LoadedScenario {
  const chain = readChain(resolve(file));
  const files = chain.map((f) => f.file);
  if (options.overrides) {
    // Overrides act as one more child file; their problems are named by `overridesLabel`.
    const label = options.overridesLabel ?? 'overrides';
    chain.unshift(parseScenarioText(stringify(options.overrides), resolve(dirname(resolve(file)), label), label));
  }
  const merged = chain.reduceRight<Record<string, unknown>>((acc, f) => mergeFields(acc, f.data), {});
  delete merged.extends;
  const locate = (path: Path): Location | undefined => locateIn(chain, merged, path);
  const problem = (path: Path, message: string): string =>
    `${formatLocation(locate(path), chain[0]!.display)}: ${path.length ? formatPath(path) + ': ' : ''}${message}`;
  const parsed = Scenario.safeParse(merged);
  if (!parsed.success) {
    const found = parsed.error.issues.flatMap((issue) => describeIssue(issue, merged));
    // A misspelt key also leaves the key it was meant to be missing: report the misspelling only.
    const meant = new Set(found.flatMap((p) => (p.suggestion ? [formatPath([...p.path.slice(0, -1), p.suggestion])] : [])));
    const kept = found.filter((p) => !(p.missing && meant.has(formatPath(p.path))));
    // An unknown key is located at the key itself; problems are listed in file order.
    const located = kept.map((p) => {
      const loc = p.unknownKey ? locateIn(chain, merged, p.path, true) : locate(p.path);
      const text = `${formatLocation(loc, chain[0]!.display)}: ${formatPath(p.path)}: ${p.message}`;
      const fileRank = loc ? chain.findIndex((f) => f.display === loc.file) : -1;
      return { text, order: [fileRank, loc?.line ?? 0, loc?.column ?? 0] };
    });
    located.sort((a, b) => a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]! || a.order[2]! - b.order[2]!);
    throw new UserError(located.slice(0, 10).map((p) => p.text));
  }
  return { file, scenario: parsed.data, files: [...files, ...tablesNamed(merged)], parents: files.slice(1), locate, problem };
}

/** The data tables a merged scenario names (made absolute by `absolutiseTables`), each once, in the order written. */
function tablesNamed(data: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isPlainObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'table' && typeof child === 'string') out.add(child);
        else walk(child);
      }
    }
  };
  walk(data);
  if (Array.isArray(data.parameterTables)) for (const t of data.parameterTables) if (typeof t === 'string') out.add(t);
  return [...out];
}

/** Parse the scenario text of one file (used for overrides too, which name themselves by `display`). */
export function parseScenarioText(text: string, file: string, display = displayPath(file)): ParsedFile {
  const lines = new LineCounter();
  const at = (offset: number | undefined) => {
    if (offset === undefined) return `${display}:1:1`;
    const pos = lines.linePos(offset);
    return `${display}:${pos.line}:${pos.col}`;
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`${display}:1:1: ${messages.yaml.tooDeep(MAX_DEPTH)}`);
    throw e;
  }
  const err = doc.errors[0];
  if (err) {
    // The parser recurses: nesting too deep for it is reported as its stack overflowing.
    if (/call stack/i.test(err.message)) throw new UserError(`${at(err.pos?.[0])}: ${messages.yaml.tooDeep(MAX_DEPTH)}`);
    // linePos is only filled in with prettyErrors (which makes the message multi-line): use the offset.
    const pos = err.linePos?.[0] ?? (err.pos?.[0] !== undefined ? lines.linePos(err.pos[0]) : undefined);
    const where = pos ? `${display}:${pos.line}:${pos.col}` : display;
    throw new UserError(`${where}: ${messages.yamlSyntax(err.message.split('\n')[0]!)}`);
  }
  const data = documentData(doc, at);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${display}:1:1: ${messages.notAnObject()}`);
  }
  absolutiseTables(data as Record<string, unknown>, dirname(file));
  const parsed = { file, display, doc, lines, data: data as Record<string, unknown> };
  checkDuplicateIds(parsed);
  return parsed;
}

/** Values nested deeper than this are refused (the deepest model nests 9). */
const MAX_DEPTH = 64;
/** A file whose aliases expand it beyond this many values is refused (the largest model has about 5,000). */
const MAX_VALUES = 250_000;

/**
 * The document as plain data, with aliases resolved; or a UserError at the
 * offending node for an undefined alias, nesting deeper than MAX_DEPTH, or
 * aliases that expand the file beyond MAX_VALUES (a "billion laughs").
 */
function documentData(doc: Document.Parsed, at: (offset: number | undefined) => string): unknown {
  let deep: Node | undefined;
  let firstAlias: Node | undefined;
  /** A value or key YAML reads other than as written: a number in another base, or a list or mapping as a key. */
  let nonDecimal: { node: Node; message: string } | undefined;
  visit(doc, {
    Node(key, node, path) {
      if (isAlias(node)) firstAlias ??= node;
      if (!nonDecimal && key === 'key' && isCollection(node)) nonDecimal = { node, message: messages.yaml.collectionKey() };
      if (!nonDecimal && key !== 'key' && isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string') {
        const message = nonDecimalNumber(node.source);
        if (message) nonDecimal = { node, message: `${formatPath(fieldPath(path, node))}: ${message}` };
      }
      // The path holds the document, then each collection and pair on the way down.
      if (!deep && isCollection(node) && path.filter(isCollection).length >= MAX_DEPTH) {
        deep = node;
        return visit.BREAK;
      }
    },
  });
  if (deep) throw new UserError(`${at(deep.range?.[0])}: ${messages.yaml.tooDeep(MAX_DEPTH)}`);
  if (nonDecimal) throw new UserError(`${at(nonDecimal.node.range?.[0])}: ${nonDecimal.message}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_VALUES });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    const unresolved = /^Unresolved alias.*: (.*)$/.exec(e.message);
    if (unresolved) {
      let node: Node | undefined;
      visit(doc, { Alias: (_k, a) => (a.source === unresolved[1] ? ((node = a), visit.BREAK) : undefined) });
      throw new UserError(`${at(node?.range?.[0])}: ${messages.yaml.undefinedAlias(unresolved[1]!)}`);
    }
    throw new UserError(`${at(firstAlias?.range?.[0])}: ${messages.yaml.tooManyAliases(MAX_VALUES)}`);
  }
  // Aliases share one value wherever they appear: count it (and its depth) each time, as later steps will.
  if (firstAlias) {
    let count = 0;
    const walk = (v: unknown, depth: number): void => {
      if (++count > MAX_VALUES) throw new UserError(`${at(firstAlias!.range?.[0])}: ${messages.yaml.tooManyAliases(MAX_VALUES)}`);
      if (depth > MAX_DEPTH) throw new UserError(`${at(firstAlias!.range?.[0])}: ${messages.yaml.tooDeep(MAX_DEPTH)}`);
      if (v && typeof v === 'object') for (const child of Object.values(v)) walk(child, depth + 1);
    };
    walk(data, 0);
  }
  return data;
}

/** The field a node is at, from the visitor's path of its ancestors (document, collections and pairs). */
function fieldPath(ancestors: readonly unknown[], node: Node): (string | number)[] {
  const out: (string | number)[] = [];
  ancestors.forEach((a, i) => {
    const next = ancestors[i + 1] ?? node;
    if (isPair(a)) out.push(isScalar(a.key) ? String(a.key.value) : String(a.key));
    else if (isSeq(a)) out.push(a.items.indexOf(next as never));
  });
  return out;
}

/**
 * The problem with a number written in another base or with digit separators
 * (YAML reads 0x10 as 16 and 0o17 as 15; 1_000 and 0b101 as text), or
 * undefined for anything else. Scenario numbers are decimal, as CSV tables'
 * are: such a value is refused, with its decimal form, rather than silently
 * read as another number or as text.
 */
function nonDecimalNumber(source: string): string | undefined {
  const based = /^([-+]?)0([xob])([0-9a-fA-F_]+)$/.exec(source);
  if (based) {
    const [, sign, base, digits] = based as unknown as [string, string, 'x' | 'o' | 'b', string];
    const radix = { x: 16, o: 8, b: 2 }[base];
    const clean = digits.replace(/_/g, '');
    const ok = { x: /^[0-9a-fA-F]+$/, o: /^[0-7]+$/, b: /^[01]+$/ }[base].test(clean);
    const value = ok ? (sign === '-' ? -1 : 1) * parseInt(clean, radix) : undefined;
    return messages.nonDecimal(source, { x: 'hexadecimal', o: 'octal', b: 'binary' }[base], value === undefined || !Number.isSafeInteger(value) ? undefined : String(value));
  }
  if (/^[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?$/.test(source)) return messages.digitSeparators(source, source.replace(/_/g, ''));
  return undefined;
}

/** What one item of each list of objects is called, for duplicate-id messages. */
const LIST_ITEM: Record<string, string> = {
  organisations: 'organisation',
  services: 'service',
  contracts: 'contract',
  funding: 'funding stream',
  schemes: 'scheme',
};

/**
 * Two items with the same id in one list of one file. (Merging by id would
 * otherwise fold them together silently when the file extends another.)
 */
function checkDuplicateIds(f: ParsedFile): void {
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        walk(pair.value, [...path, String(key)]);
      }
    } else if (isSeq(node)) {
      const seen = new Set<unknown>();
      node.items.forEach((item, i) => {
        if (isMap(item)) {
          const idNode = item.get('id', true);
          const id = isScalar(idNode) ? idNode.value : undefined;
          if (typeof id === 'string') {
            if (seen.has(id)) {
              const last = path[path.length - 1];
              const kind = (typeof last === 'string' && LIST_ITEM[last]) || 'item';
              const p = [...path, i, 'id'];
              throw new UserError(`${formatLocation(nodeLocation(f, idNode as Node), f.display)}: ${formatPath(p)}: ${messages.duplicateId(kind, id)}`);
            }
            seen.add(id);
          }
        }
        walk(item, [...path, i]);
      });
    }
  };
  walk(f.doc.contents, []);
}

function readChain(first: string): ParsedFile[] {
  const chain: ParsedFile[] = [];
  let file = first;
  for (;;) {
    const child = chain[chain.length - 1];
    const where = child ? formatLocation(nodeLocation(child, child.doc.get('extends', true) as Node | undefined), child.display) : undefined;
    if (child && chain.some((f) => f.file === file)) {
      const names = [...chain.map((f) => f.display), displayPath(file)];
      throw new UserError(`${where}: ${messages.extendsCycle(names)}`);
    }
    const display = displayPath(file);
    const text = child
      ? readTextFile(file, 'parent', { display, where: `${where}: extends`, missing: messages.extendsMissing(display).replace(/^extends: /, '') })
      : readTextFile(file, 'scenario', { display, missing: messages.fileMissing(display) });
    const parsed = parseScenarioText(text, file);
    chain.push(parsed);
    const parent = parsed.data.extends;
    if (parent === undefined) return chain;
    if (typeof parent !== 'string' || parent.trim() === '') {
      const loc = nodeLocation(parsed, parsed.doc.get('extends', true) as Node | undefined);
      const problem = typeof parent === 'string' ? messages.emptyExtends() : `extends: ${messages.wrongType('a file name', typeof parent)}`;
      throw new UserError(`${formatLocation(loc, parsed.display)}: ${problem}`);
    }
    file = resolve(dirname(file), parent);
  }
}

/** Table paths are written relative to the file that names them; make them absolute before merging. */
function absolutiseTables(data: Record<string, unknown>, dir: string): void {
  const fix = (p: unknown): unknown => (typeof p === 'string' && !isAbsolute(p) ? resolve(dir, p) : p);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // a table is a file, or a choice among files (walked below)
      if ('table' in o) {
        if (typeof o.table === 'string') o.table = fix(o.table);
        else walk(o.table);
      }
      for (const [k, child] of Object.entries(o)) if (k !== 'table') walk(child);
    }
  };
  walk(data);
  if (Array.isArray(data.parameterTables)) data.parameterTables = data.parameterTables.map(fix);
}

/** Keys whose change means a different kind of object: the child replaces the parent's object whole. */
export const DISCRIMINATORS = ['model', 'type', 'dist', 'form'];

/**
 * Override `base` with `over` field by field: objects merge recursively; lists of
 * objects with an `id` merge by id (new ids are appended in order); anything else
 * is replaced. An object whose kind (model, type, dist, form) changes is replaced.
 */
export function mergeFields(base: unknown, over: unknown): Record<string, unknown> {
  // a parameter written in another form than its parent's (a value made a series) drops the parent's form before the merge
  if (isPlainObject(base) && isPlainObject(over) && isPlainObject(base.parameters) && isPlainObject(over.parameters)) {
    const parents = base.parameters;
    const children = over.parameters;
    base = { ...base, parameters: Object.fromEntries(Object.entries(parents).map(([name, b]) => [name, isPlainObject(b) && isPlainObject(children[name]) ? withoutOtherForms(b, children[name]) : b])) };
  }
  return mergeValue(base, over) as Record<string, unknown>;
}

/**
 * A parameter's fields that belong to its form, by the form that sets them: a
 * value or a formula stands alone; a table (column, thereafter, byYear for
 * years it replaces) or byYear (with thereafter) is a series.
 */
const PARAMETER_FORMS: Record<string, string[]> = {
  value: ['value'],
  formula: ['formula'],
  table: ['table', 'column', 'thereafter', 'byYear'],
  byYear: ['byYear', 'thereafter'],
};

/**
 * The parent's parameter `b` without the fields of its form when the child's
 * `o` is written in another: { value } made { byYear, thereafter } drops the
 * value; byYear laid on a table keeps the table (it replaces those years).
 */
function withoutOtherForms(b: Record<string, unknown>, o: Record<string, unknown>): Record<string, unknown> {
  const formOf = (x: Record<string, unknown>) => Object.keys(PARAMETER_FORMS).find((k) => k in x);
  const was = formOf(b);
  const now = formOf(o);
  if (!was || !now || was === now || (was === 'table' && now === 'byYear')) return b;
  const out = { ...b };
  for (const k of PARAMETER_FORMS[was]!) delete out[k];
  return out;
}

function mergeValue(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    if (DISCRIMINATORS.some((k) => k in over && k in base && over[k] !== base[k])) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeValue(base[k], v);
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over) && [...base, ...over].every((x) => isPlainObject(x) && typeof x.id === 'string')) {
    const out = base.map((x) => ({ ...(x as object) })) as Record<string, unknown>[];
    for (const item of over as Record<string, unknown>[]) {
      const i = out.findIndex((x) => x.id === item.id);
      if (i >= 0) out[i] = mergeValue(out[i], item) as Record<string, unknown>;
      else out.push(item);
    }
    return out;
  }
  return over;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Find the node for `path` in the first file (child first) that wrote it; else the nearest enclosing node.
 * With `atKey`, the location of the last step's key rather than its value.
 */
function locateIn(chain: ParsedFile[], merged: unknown, path: Path, atKey = false): Location | undefined {
  // Array positions in the merged data are translated to ids, since merging by id renumbers lists.
  const steps: ({ key: string | number } | { id: string })[] = [];
  let v: unknown = merged;
  for (const key of path) {
    if (Array.isArray(v) && typeof key === 'number') {
      const item = v[key];
      steps.push(isPlainObject(item) && typeof item.id === 'string' ? { id: item.id } : { key });
      v = item;
    } else {
      steps.push({ key });
      v = isPlainObject(v) ? v[String(key)] : undefined;
    }
  }
  let best: { file: ParsedFile; node: Node; depth: number } | undefined;
  for (const f of chain) {
    let node: unknown = f.doc.contents;
    let depth = 0;
    let lastGood = node as Node;
    for (const [i, step] of steps.entries()) {
      let next: unknown;
      if ('id' in step) {
        next = isSeq(node) ? node.items.find((it) => isMap(it) && it.get('id') === step.id) : undefined;
      } else if (isMap(node) && atKey && i === steps.length - 1) {
        next = node.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === step.key)?.key;
      } else if (isMap(node)) next = node.get(step.key, true);
      else if (isSeq(node) && typeof step.key === 'number') next = node.items[step.key];
      if (next === undefined || next === null) break;
      node = next;
      lastGood = next as Node;
      depth++;
    }
    if (depth === steps.length) return nodeLocation(f, lastGood);
    if (!best || depth > best.depth) best = { file: f, node: lastGood, depth };
  }
  return best ? nodeLocation(best.file, best.node) : undefined;
}

function nodeLocation(f: ParsedFile, node: Node | undefined): Location | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return { file: f.display, line: 1, column: 1 };
  const pos = f.lines.linePos(offset);
  return { file: f.display, line: pos.line, column: pos.col };
}

/** `services[2].unitCost` */
export function formatPath(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel || '.';
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  // eslint-disable-next-line no-control-regex
  if (typeof v === 'string') return `text '${(v.length > 30 ? v.slice(0, 30) + '…' : v).replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))}'`;
  return `${typeof v} ${String(v)}`;
}

/** A problem found by the schema, before it is given its location. */
interface SchemaProblem {
  path: Path;
  message: string;
  /** The field is absent (rather than wrong). */
  missing?: boolean;
  /** The last step of the path is a key that should not be there. */
  unknownKey?: boolean;
  /** For an unknown key: the known key it is probably a misspelling of. */
  suggestion?: string;
}

/** One zod issue → one problem (one per unknown key) naming the field. */
function describeIssue(issue: z.core.$ZodIssue, root: unknown): SchemaProblem[] {
  const path = issue.path as (string | number)[];
  const value = valueAt(root, path);
  const got = describeValue(value);
  if (value === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_union') {
    return [{ path, message: messages.required(), missing: true }];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(Scenario, path, root);
      return issue.keys.map((key) => {
        const suggestion = nearest(key, known);
        return { path: [...path, key], message: messages.unknownKey(key, suggestion), unknownKey: true, suggestion };
      });
    }
    case 'invalid_type':
      if (typeof value === 'number' && !Number.isFinite(value) && (issue.expected === 'number' || issue.expected === 'int')) {
        return [{ path, message: messages.notFinite(String(path[path.length - 1] ?? 'value')) }];
      }
      return [{ path, message: messages.wrongType(expectedName(issue.expected), got) }];
    case 'invalid_value':
      return [{ path, message: messages.oneOf(issue.values.map(String), got) }];
    case 'invalid_format':
      // Text that is not a $parameter where a number goes: the number is what was meant.
      if (issue.format === 'regex' && typeof value === 'string' && !value.startsWith('$') && 'pattern' in issue && String(issue.pattern).includes('\\$')) {
        return [{ path, message: messages.notNumberInput(got, value) }];
      }
      return [{ path, message: messages.badFormat(issue.message, got) }];
    case 'too_small':
    case 'too_big':
      return [{ path, message: boundMessage(issue, value) }];
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        if (value === undefined) return [{ path, message: messages.required(), missing: true }];
        return [{ path, message: messages.oneOf((issue as unknown as { options: unknown[] }).options ?? [], got) }];
      }
      // Report the branch that got furthest: the one whose issues go deepest; of
      // those, the one the user's fields fit best, so that `value: 75%` is told
      // about its value, not that the table form lacks `table` and `column`.
      const branches = issue.errors.filter((b) => b.length > 0);
      const deepest = branches
        .map((b) => ({ b, depth: Math.max(...b.map((i) => i.path.length)), misfit: misfits(b, path, root) }))
        .sort((a, b) => b.depth - a.depth || a.misfit - b.misfit)[0];
      if (deepest && deepest.depth > 0) {
        return deepest.b.flatMap((inner) => describeIssue({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, root));
      }
      if (value === undefined) return [{ path, message: messages.required(), missing: true }];
      if (typeof value === 'number' && !Number.isFinite(value)) {
        return [{ path, message: messages.notFinite(String(path[path.length - 1] ?? 'value')) }];
      }
      return [{ path, message: messages.notNumberInput(got, value) }];
    }
    default:
      return [{ path, message: issue.message.split('\n')[0]! }];
  }
}

/** How badly a union branch fits what was written: the fields it lacks plus the fields it does not know. */
function misfits(branch: readonly z.core.$ZodIssue[], at: Path, root: unknown): number {
  return branch.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : valueAt(root, [...at, ...(i.path as (string | number)[])]) === undefined ? 1 : 0), 0);
}

function expectedName(expected: string): string {
  return { number: 'a number', int: 'a whole number', string: 'text', object: 'a mapping', array: 'a list', boolean: 'true or false' }[expected] ?? expected;
}

/** The field names allowed at `path`, for "did you mean" suggestions. */
function knownKeys(schema: unknown, path: Path, root: unknown): string[] {
  let s = schema as { def?: Record<string, unknown>; shape?: Record<string, unknown> };
  let v: unknown = root;
  const unwrap = () => {
    for (;;) {
      const def = s.def as { type?: string; innerType?: unknown; options?: unknown[]; discriminator?: string } | undefined;
      if (!def) return;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') s = def.innerType as typeof s;
      else if (def.type === 'union' && def.options) {
        // Unions of unions (a number or a distribution) are flattened to their object branches.
        const flat = (opts: unknown[]): (typeof s)[] =>
          opts.flatMap((o) => {
            const d = (o as typeof s).def as { type?: string; options?: unknown[] } | undefined;
            return (o as typeof s).shape ? [o as typeof s] : d?.type === 'union' && d.options ? flat(d.options) : [];
          });
        const objs = flat(def.options);
        if (objs.length === 0) return;
        const keys = isPlainObject(v) ? Object.keys(v) : [];
        const disc = def.discriminator;
        const cur = v;
        const byDisc = disc && isPlainObject(cur) ? objs.find((o) => matchesLiteral(o.shape?.[disc], cur[disc])) : undefined;
        s = byDisc ?? objs.sort((a, b) => score(b) - score(a))[0]!;
        function score(o: typeof s) {
          return keys.filter((k) => o.shape && k in o.shape).length;
        }
      } else return;
    }
  };
  unwrap();
  for (const key of path) {
    const def = s.def as { type?: string; element?: unknown; valueType?: unknown } | undefined;
    if (s.shape && typeof key === 'string') s = s.shape[key] as typeof s;
    else if (def?.type === 'array') s = def.element as typeof s;
    else if (def?.type === 'record') s = def.valueType as typeof s;
    else return [];
    v = isPlainObject(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[key] : undefined;
    if (!s) return [];
    unwrap();
  }
  return s.shape ? Object.keys(s.shape) : [];
}

function matchesLiteral(schema: unknown, value: unknown): boolean {
  const def = (schema as { def?: { values?: unknown[] } } | undefined)?.def;
  return !!def?.values?.includes(value);
}
