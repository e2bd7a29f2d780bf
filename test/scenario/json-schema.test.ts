/** The committed editor schema is the one the code generates (run `npm run schema` after changing the zod schema). */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';
import { repoRoot } from '../helpers.js';

describe('scenario.schema.json', () => {
  it('matches the zod schema', () => {
    const committed = readFileSync(`${repoRoot}/scenario.schema.json`, 'utf8');
    expect(committed === scenarioJsonSchemaText(), 'scenario.schema.json is stale: run npm run schema').toBe(true);
  });
  it('describes the top-level fields an editor should offer', () => {
    const schema = JSON.parse(scenarioJsonSchemaText()) as { properties: Record<string, unknown>; else: { required: string[] } };
    for (const key of ['baseYear', 'horizon', 'services', 'schemes', 'pools', 'envelopes', 'extends']) expect(schema.properties).toHaveProperty(key);
    // a file that extends another need not repeat required fields
    expect(schema.else.required).toContain('services');
  });
});
