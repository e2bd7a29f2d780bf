/**
 * docs/scenario-reference.md: the reference page of the scenario file, drawn
 * from the editor JSON Schema (itself generated from the zod schema), so the
 * page, the schema and the validation cannot disagree. Written by `npm run schema`.
 */
import { stringify } from 'yaml';
import { scenarioJsonSchema, strictDefinitionNames, mergedById, ROOT } from './json-schema.js';
import { DISCRIMINATORS } from './load.js';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const REF = '#/$defs/';

/** The name of a definition a node refers to, if it is a reference. */
const refName = (n: Node): string | undefined => (typeof n.$ref === 'string' ? n.$ref.slice(REF.length) : undefined);
const link = (name: string) => `[${name}](#${name.toLowerCase()})`;

/** A value written as it would be in a scenario file, on one line. */
function inline(v: unknown): string {
  return stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}
/** A table cell: no line breaks, pipes escaped. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const code = (s: string) => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);
/** Words as a sentence lists them: `a, b and c`. */
const words = (ws: readonly string[], and = 'and') => (ws.length < 2 ? ws.join('') : `${ws.slice(0, -1).join(', ')} ${and} ${ws.at(-1)}`);
/** A bound as a person reads it: 100bn, 1,000,000, 0.5. */
const num = (x: number) => (Math.abs(x) >= 1e9 && x % 1e9 === 0 ? `${x / 1e9}bn` : Math.abs(x) >= 1e4 ? x.toLocaleString('en-GB') : String(x));

/** The variants of a union node. */
const variants = (n: Node): Node[] | undefined => (Array.isArray(n.anyOf) ? n.anyOf : Array.isArray(n.oneOf) ? n.oneOf : undefined) as Node[] | undefined;

/** An object written by its fields: `{ table, column }`. */
const keysOf = (n: Node) => code(`{ ${Object.keys(isNode(n.properties) ? n.properties : {}).join(', ')} }`);

/** How a field's value is written: its type, with links to named definitions. */
function typeOf(n: Node): string {
  const name = refName(n);
  if (name) return link(name);
  const vs = variants(n);
  if (vs) return vs.map(typeOf).join(' or ');
  if ('const' in n) return code(inline(n.const));
  if (Array.isArray(n.enum)) return 'text';
  if (n.type === 'array') {
    if (Array.isArray(n.prefixItems)) return `[${(n.prefixItems as Node[]).map(typeOf).join(', ')}]`;
    return `list of ${isNode(n.items) ? typeOf(n.items) : 'values'}`;
  }
  if (n.type === 'object') {
    if (isNode(n.additionalProperties) && !n.properties) {
      const key = isNode(n.propertyNames) ? typeOf(n.propertyNames) : 'name';
      return `map of ${key} → ${typeOf(n.additionalProperties)}`;
    }
    return keysOf(n);
  }
  if (n.type === 'integer') return 'whole number';
  if (n.type === 'string') return 'text';
  if (typeof n.type === 'string') return n.type;
  return 'any';
}

/** The values a field allows beyond its type: a list, a range, a pattern, a length. */
function allowed(n: Node): string {
  const parts: string[] = [];
  if (Array.isArray(n.enum)) parts.push(n.enum.map((v) => code(String(v))).join(', '));
  const lo = typeof n.minimum === 'number' ? n.minimum : undefined;
  const above = typeof n.exclusiveMinimum === 'number' ? n.exclusiveMinimum : undefined;
  const hi = typeof n.maximum === 'number' && n.maximum < Number.MAX_SAFE_INTEGER ? n.maximum : undefined;
  if (lo !== undefined && hi !== undefined) parts.push(lo === -hi ? `within ±${num(hi)}` : `${num(lo)} to ${num(hi)}`);
  else if (above !== undefined) parts.push(`above ${num(above)}${hi !== undefined ? `, at most ${num(hi)}` : ''}`);
  else if (lo !== undefined) parts.push(`at least ${num(lo)}`);
  else if (hi !== undefined) parts.push(`at most ${num(hi)}`);
  if (typeof n.pattern === 'string') parts.push(`matches ${code(n.pattern)}`);
  if (typeof n.minItems === 'number' && !Array.isArray(n.prefixItems)) parts.push(`at least ${n.minItems} item${n.minItems === 1 ? '' : 's'}`);
  return parts.join('; ');
}

/** The default a field's description states ("defaults to …"). */
function defaultOf(description: string): string {
  return /defaults? to (.+?)(?:[;.](?:\s|$)|$)/.exec(description)?.[1]?.trim() ?? '';
}

interface Row {
  path: string;
  node: Node;
  required: boolean;
}

/** The rows of an object's fields, depth first, with nested anonymous objects (and lists of them) under their parent's path. */
function rows(obj: Node, prefix = '', parentRequired: readonly string[] = (obj.required as string[]) ?? []): Row[] {
  if (!isNode(obj.properties)) return [];
  const out: Row[] = [];
  for (const [key, p] of Object.entries(obj.properties)) {
    if (!isNode(p)) continue;
    const path = prefix + key;
    out.push({ path, node: p, required: parentRequired.includes(key) });
    out.push(...nested(p, path));
  }
  return out;
}
function nested(p: Node, path: string): Row[] {
  if (refName(p)) return [];
  if (isNode(p.properties)) return rows(p, `${path}.`);
  if (p.type === 'array' && isNode(p.items) && !refName(p.items)) return nested(p.items, `${path}[]`);
  const vs = variants(p);
  if (vs) return vs.flatMap((v) => nested(v, path));
  return [];
}

/** A field's help: its own, else that of the definition it refers to. */
function help(node: Node, defs: Record<string, Node>): { description: string; example?: unknown } {
  const def = defs[refName(node) ?? ''] ?? {};
  const description = node.description ?? def.description;
  const examples = node.examples ?? def.examples;
  return { description: typeof description === 'string' ? description : '', ...(Array.isArray(examples) && examples.length > 0 ? { example: examples[0] } : {}) };
}

/** A table of fields; top-level ones are required only of a file that extends no other. */
function table(list: Row[], defs: Record<string, Node>, topLevel = false): string[] {
  const out = ['| Field | Type | Required | Default | Allowed | Description | Example |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const { path, node, required } of list) {
    const { description, example } = help(node, defs);
    const note = topLevel && !/[.[]/.test(path) ? ' (unless extends)' : '';
    out.push(`| ${[code(path), typeOf(node), required ? `yes${note}` : 'no', defaultOf(description), allowed(node), description, example === undefined ? '' : code(inline(example))].map(cell).join(' | ')} |`);
  }
  return out;
}

function exampleBlock(n: Node): string[] {
  if (!Array.isArray(n.examples) || n.examples.length === 0) return [];
  const e = n.examples[0];
  if (!isNode(e) && !Array.isArray(e)) return [`Example: ${code(inline(e))}`, ''];
  return ['Example:', '', '```yaml', stringify(e, { lineWidth: 0 }).trimEnd(), '```', ''];
}

/** The fields every variant of a union has, the same in each. */
function commonFields(vs: Node[]): Set<string> {
  const [first, ...rest] = vs.map((v) => (isNode(v.properties) ? v.properties : {}));
  return new Set(Object.keys(first ?? {}).filter((k) => rest.every((r) => k in r && JSON.stringify(r[k]) === JSON.stringify(first![k]))));
}

/** A definition's section. */
function definition(name: string, n: Node, defs: Record<string, Node>): string[] {
  const out = [`### ${name}`, '', typeof n.description === 'string' ? n.description : '', ''];
  const vs = variants(n);
  if (isNode(n.properties)) out.push(...table(rows(n), defs), '');
  else if (vs) {
    const objects = vs.filter((v) => isNode(v.properties));
    const discriminator = objects.length === vs.length && objects.length > 1 ? Object.keys(objects[0]!.properties as Node).find((k) => objects.every((o) => 'const' in ((o.properties as Node)[k] as Node))) : undefined;
    if (discriminator) {
      const common = commonFields(objects);
      out.push(`One of the kinds below, chosen by ${code(discriminator)}.`, '');
      if (common.size > 0) {
        const first = objects[0]!;
        out.push('Fields of every kind:', '', ...table(rows(first).filter((r) => common.has(r.path.split(/[.[]/)[0]!)), defs), '');
      }
      for (const o of objects) {
        const kind = (o.properties as Record<string, Node>)[discriminator]!;
        out.push(`#### ${name}: ${code(`${discriminator}: ${String(kind.const)}`)}`, '', typeof kind.description === 'string' ? kind.description : '', '');
        out.push(...table(rows(o).filter((r) => r.path === discriminator || !common.has(r.path.split(/[.[]/)[0]!)), defs), '');
      }
    } else {
      out.push('One of:', '');
      for (const v of vs) out.push(`- ${isNode(v.properties) ? `${keysOf(v)}, with the fields below` : typeOf(v)}${allowed(v) ? ` (${allowed(v)})` : ''}`);
      out.push('');
      for (const v of objects) out.push(`Fields of ${keysOf(v)}:`, '', ...table(rows(v), defs), '');
    }
  } else {
    const a = allowed(n);
    out.push(`Written as ${typeOf(n)}${a ? ` (${a})` : ''}.`, '');
  }
  out.push(...exampleBlock(n));
  return out;
}

/** The page's text, as committed at docs/scenario-reference.md. */
export function scenarioReferenceText(): string {
  const schema = scenarioJsonSchema();
  const defs = schema.$defs as Record<string, Node>;
  // The page documents the strict schema, of a file on its own; the overlay for a file that extends another is told in a sentence.
  const root = defs[ROOT]!;
  const top = rows(root);
  const names = strictDefinitionNames(schema).sort((a, b) => a.localeCompare(b));
  const byId = Object.entries(root.properties as Record<string, Node>)
    .filter(([, p]) => [p, ...(variants(p) ?? [])].some((v) => v.type === 'array' && mergedById(v.items, defs)))
    .map(([key]) => code(key));
  const out = [
    '# Scenario file reference',
    '',
    '<!-- Generated by `npm run schema` from src/scenario/schema.ts (with scenario.schema.json): do not edit by hand. -->',
    '',
    'A scenario file is YAML (or JSON). Start one with `popshift new DIR --place NAME`, which writes a commented starter file',
    'and its CSV tables; check it with `popshift validate FILE`. Editors that read JSON Schema (VS Code with the YAML',
    'extension, JetBrains IDEs) explain each field as it is typed when the file begins',
    '`# yaml-language-server: $schema=../scenario.schema.json` (the path to scenario.schema.json at the root of popshift).',
    '',
    'Every figure needs a source: give each number its `source` (or put it in `parameters` with one and refer to it as',
    '`$name`), and write ASSUMPTION with the reasoning where no publication gives it.',
    '',
    'Money is in pounds (£); rates and shares are fractions (0.02 = 2%); years are financial years written like 2017/18.',
    'Paths to CSV tables are relative to the scenario file. "Required" marks what a file on its own must give; a field\'s',
    'default is the one its description states. A file that `extends` another gives only what it changes, and is merged',
    `into its parent before it is checked: mappings merge field by field, and the lists ${words(byId)} item by item by \`id\``,
    '(an item the parent has needs only its `id` and the fields it changes; one with a new id is added, so it is given whole);',
    `anything else, or an object whose ${words(DISCRIMINATORS.map(code), 'or')} changes, replaces the parent's.`,
    '',
    '## Contents',
    '',
    '- [Top-level fields](#top-level-fields)',
    `- Definitions: ${names.map(link).join(', ')}`,
    '',
    '## Top-level fields',
    '',
    ...table(top, defs, true),
    '',
    '## Definitions',
    '',
    ...names.flatMap((n) => definition(n, defs[n]!, defs)),
  ];
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
