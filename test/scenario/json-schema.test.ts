/** The committed editor schema is the one the code generates (run `npm run schema` after changing the zod schema), and it explains every field. */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { scenarioJsonSchema, scenarioJsonSchemaText, strictDefinitionNames } from '../../src/scenario/json-schema.js';
import { loadScenario } from '../../src/scenario/load.js';
import { UserError } from '../../src/errors.js';
import { repoRoot, model } from '../helpers.js';

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

/** A YAML file of the repository, parsed. */
const read = (f: string): Node => parse(readFileSync(`${repoRoot}/${f}`, 'utf8'), { merge: true }) as Node;

/** Whether the loader accepts a scenario file (it refuses with a UserError). */
function loads(file: string): boolean {
  try {
    loadScenario(file);
    return true;
  } catch (e) {
    if (e instanceof UserError) return false;
    throw e;
  }
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
  it('describes the top-level fields an editor should offer, to a file on its own and to one that extends another', () => {
    expect(schema.if).toEqual({ required: ['extends'] });
    expect(schema.then).toEqual({ $ref: '#/$defs/ScenarioOverlay' });
    expect(schema.else).toEqual({ $ref: '#/$defs/Scenario' });
    for (const root of [defs.Scenario!, defs.ScenarioOverlay!]) {
      for (const key of ['baseYear', 'horizon', 'services', 'schemes', 'pools', 'envelopes', 'extends']) expect(root.properties).toHaveProperty(key);
    }
    expect(defs.Scenario!.required).toContain('services');
    // a file that extends another need not repeat its parent's fields
    expect(defs.ScenarioOverlay!.required).toBeUndefined();
  });
  it('names every shared definition, and gives an overlay twin only to those a partial override changes', () => {
    const names = Object.keys(defs);
    expect(names.filter((n) => n.startsWith('__schema'))).toEqual([]);
    for (const n of ['Scheme', 'FundingItem', 'Service', 'Distribution', 'FinancialYear', 'Organisation', 'Pool', 'Envelope']) expect(names).toContain(n);
    const twins = names.filter((n) => !strictDefinitionNames(schema).includes(n) && n !== 'Scenario');
    for (const n of ['SchemeOverlay', 'ServiceOverlay', 'PoolOverlay', 'DistributionOverlay']) expect(twins).toContain(n);
    // texts are replaced whole; lists of items without ids (a scheme's investment) are too
    for (const n of ['IdOverlay', 'FinancialYearOverlay', 'InvestmentOverlay']) expect(twins).not.toContain(n);
    for (const n of twins) expect(names, n).toContain(n.replace(/Overlay$/, ''));
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
  it('accepts every model in models/ and every scenario fixture the loader accepts (an override file gives only what it changes)', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(scenarioJsonSchemaText()));
    const models = readdirSync(`${repoRoot}/models`).filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`);
    const fixtures = (readdirSync(`${repoRoot}/test/fixtures`, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).map((f) => `test/fixtures/${f}`);
    const valid = fixtures.filter((f) => loads(`${repoRoot}/${f}`));
    expect(models.length).toBeGreaterThan(10);
    expect(valid.length).toBeGreaterThan(6);
    const files = [...models, ...valid];
    const extending = files.filter((f) => read(f).extends !== undefined);
    expect(extending).toEqual(expect.arrayContaining(['models/harrogate-integrated-care-uncertain.yaml', 'models/harrogate-integrated-care-variants.yaml', 'models/plymouth-integrated-fund-acute-shared.yaml', 'test/fixtures/tiny/tiny-pool.yaml']));
    for (const f of files) expect(validate(read(f)), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
  });

  describe('agrees with the loader on what a file must give', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(scenarioJsonSchemaText()));
    const dir = mkdtempSync(join(tmpdir(), 'popshift-json-schema-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const parent = model('harrogate-integrated-care.yaml');
    /** An override of harrogate-integrated-care.yaml giving these fields. */
    const override = (fields: Node): Node => ({ name: 'An override', extends: parent, ...fields });
    /** The schema's verdict and the loader's, with the schema's problems. */
    const verdicts = (data: Node, name: string) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, stringify(data));
      const schemaOk = validate(data);
      return { schema: schemaOk, loader: loads(file), problems: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
    };

    it('accepts an override whose list items give their id and only what they change', () => {
      const data = override({
        services: [{ id: 'ae', unitCost: 200, payment: { price: 210 } }],
        schemes: [{ id: 'avoidable-admissions', fraction: 0.15, phasing: { years: 4 } }],
        funding: [{ id: 'ccg-allocation', beyond: { realGrowth: 0.01 } }],
        parameters: { cii: { thereafter: 0.025 } },
      });
      expect(verdicts(data, 'partial')).toEqual({ schema: true, loader: true, problems: [] });
    });
    it('rejects an override whose list item gives no id (the list is then replaced, not merged)', () => {
      const v = verdicts(override({ services: [{ unitCost: 200 }] }), 'no-id');
      expect(v).toMatchObject({ schema: false, loader: false });
      expect(v.problems).toContain("/services/0 must have required property 'id'");
    });
    it('still checks values, and lists of items without ids, as strictly as in a file on its own', () => {
      const badValue = verdicts(override({ services: [{ id: 'ae', setting: 'hospital' }] }), 'bad-value');
      expect(badValue).toMatchObject({ schema: false, loader: false });
      expect(badValue.problems).toContain('/services/0/setting must be equal to one of the allowed values');
      // a scheme's investment has no ids, so it replaces the parent's whole and must be complete
      const investment = verdicts(override({ schemes: [{ id: 'avoidable-admissions', investment: [{ oneOff: { '2018/19': 1 } }] }] }), 'investment');
      expect(investment).toMatchObject({ schema: false, loader: false });
      expect(investment.problems).toContain("/schemes/0/investment/0 must have required property 'organisation'");
    });
    it('rejects a file on its own whose list item lacks a required field', () => {
      const whole = read('models/harrogate.yaml');
      expect(verdicts(whole, 'whole')).toEqual({ schema: true, loader: true, problems: [] });
      const services = (whole.services as Node[]).map((s, i) => (i === 0 ? { ...s, name: undefined } : s));
      const v = verdicts(JSON.parse(JSON.stringify({ ...whole, services })) as Node, 'no-name');
      expect(v).toMatchObject({ schema: false, loader: false });
      expect(v.problems).toContain("/services/0 must have required property 'name'");
    });
  });
});
