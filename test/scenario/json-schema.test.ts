/** The committed editor schema is the one the code generates (run `npm run schema` after changing the zod schema), and it explains every field. */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';
import { repoRoot } from '../helpers.js';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every schema node of the JSON Schema with its JSON pointer (not descending into examples, enums or consts, which are data). */
function nodes(node: unknown, pointer = ''): Array<[string, Node]> {
  if (Array.isArray(node)) return node.flatMap((n, i) => nodes(n, `${pointer}/${i}`));
  if (!isNode(node)) return [];
  const out: Array<[string, Node]> = [[pointer, node]];
  for (const [k, v] of Object.entries(node)) {
    if (k === 'examples' || k === 'enum' || k === 'const' || k === 'required') continue;
    out.push(...nodes(v, `${pointer}/${escape(k)}`));
  }
  return out;
}

describe('scenario.schema.json', () => {
  const schema = scenarioJsonSchema();
  const defs = schema.$defs as Record<string, Node>;
  /** A property's own help, else its definition's. */
  const help = (p: Node, key: 'description' | 'examples') => p[key] ?? (typeof p.$ref === 'string' ? defs[p.$ref.replace('#/$defs/', '')]?.[key] : undefined);

  it('matches the zod schema', () => {
    const committed = readFileSync(`${repoRoot}/scenario.schema.json`, 'utf8');
    expect(committed === scenarioJsonSchemaText(), 'scenario.schema.json is stale: run npm run schema').toBe(true);
  });
  it('describes the top-level fields an editor should offer', () => {
    const s = JSON.parse(scenarioJsonSchemaText()) as { properties: Record<string, unknown>; else: { required: string[] } };
    for (const key of ['baseYear', 'horizon', 'services', 'schemes', 'pools', 'envelopes', 'extends']) expect(s.properties).toHaveProperty(key);
    // a file that extends another need not repeat required fields
    expect(s.else.required).toContain('services');
  });
  it('names every shared definition', () => {
    const names = Object.keys(defs);
    expect(names.filter((n) => n.startsWith('__schema'))).toEqual([]);
    for (const n of ['Scheme', 'FundingItem', 'Service', 'Distribution', 'FinancialYear', 'Organisation', 'Pool', 'Envelope']) expect(names).toContain(n);
  });
  it('gives every field, at every depth, a description and an example', () => {
    const lacking: string[] = [];
    let fields = 0;
    for (const [pointer, node] of nodes(schema)) {
      if (!isNode(node.properties)) continue;
      for (const [key, p] of Object.entries(node.properties)) {
        fields++;
        if (!isNode(p)) continue;
        const description = help(p, 'description');
        const examples = help(p, 'examples');
        if (typeof description !== 'string' || description.length < 10) lacking.push(`${pointer}/properties/${key}: description`);
        if (!Array.isArray(examples) || examples.length === 0) lacking.push(`${pointer}/properties/${key}: example`);
      }
    }
    expect(lacking).toEqual([]);
    expect(fields).toBeGreaterThan(300);
  });
  it('gives examples that the schema accepts', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    ajv.addSchema(schema);
    const id = schema.$id as string;
    const rejected: string[] = [];
    let checked = 0;
    for (const [pointer, node] of nodes(schema)) {
      if (!Array.isArray(node.examples)) continue;
      const validate = ajv.getSchema(`${id}#${pointer}`);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      for (const e of node.examples) if ((checked++, !validate(e))) rejected.push(`${pointer}: ${JSON.stringify(e)} — ${ajv.errorsText(validate.errors)}`);
    }
    expect(rejected).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });
  it('accepts every model in models/ that extends no other (an override file gives only what it changes)', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(scenarioJsonSchemaText()));
    const models = readdirSync(`${repoRoot}/models`).filter((f) => f.endsWith('.yaml'));
    const whole = models.map((f) => [f, parse(readFileSync(`${repoRoot}/models/${f}`, 'utf8'), { merge: true }) as Node] as const).filter(([, m]) => m.extends === undefined);
    expect(whole.length).toBeGreaterThan(4);
    for (const [f, m] of whole) expect(validate(m), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
  });
});
