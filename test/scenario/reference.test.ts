/** The committed reference page is the one generated from the schema (run `npm run schema` after changing the zod schema). */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { scenarioReferenceText } from '../../src/scenario/reference.js';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { repoRoot } from '../helpers.js';

describe('docs/scenario-reference.md', () => {
  const page = scenarioReferenceText();
  it('matches the schema', () => {
    const committed = readFileSync(`${repoRoot}/docs/scenario-reference.md`, 'utf8');
    expect(committed === page, 'docs/scenario-reference.md is stale: run npm run schema').toBe(true);
  });
  it('has a section for every named definition, and every link leads to one', () => {
    const names = Object.keys(scenarioJsonSchema().$defs as object);
    for (const n of names) expect(page).toContain(`\n### ${n}\n`);
    const anchors = new Set(names.map((n) => n.toLowerCase()).concat('top-level-fields'));
    const links = [...page.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });
  it('lists every top-level field with its requirement, and a field’s stated default', () => {
    const schema = scenarioJsonSchema() as { properties: object };
    for (const key of Object.keys(schema.properties)) expect(page).toMatch(new RegExp(`\\n\\| \`${key.replace('$', '\\$')}\` \\|`));
    expect(page).toMatch(/\| `baseYear` \| \[FinancialYear\]\(#financialyear\) \| yes \(unless extends\) \|/);
    // Scheme.realisation: optional, defaults to 1
    expect(page).toMatch(/\| `realisation` \| \[NumberInput\]\(#numberinput\) \| no \| 1 \|/);
  });
});
