/** The committed reference page is the one generated from the schema (run `npm run schema` after changing the zod schema). */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { scenarioReferenceText } from '../../src/scenario/reference.js';
import { scenarioJsonSchema, strictDefinitionNames } from '../../src/scenario/json-schema.js';
import { repoRoot } from '../helpers.js';

describe('docs/scenario-reference.md', () => {
  const page = scenarioReferenceText();
  it('matches the schema', () => {
    const committed = readFileSync(`${repoRoot}/docs/scenario-reference.md`, 'utf8');
    expect(committed === page, 'docs/scenario-reference.md is stale: run npm run schema').toBe(true);
  });
  it('has a section for every named definition of the strict schema (none for the overlay twins), and every link leads to one', () => {
    const names = strictDefinitionNames(scenarioJsonSchema());
    expect(names.length).toBeGreaterThan(30);
    for (const n of names) expect(page).toContain(`\n### ${n}\n`);
    expect(page).not.toMatch(/Overlay|### Scenario\n/);
    const anchors = new Set(names.map((n) => n.toLowerCase()).concat('top-level-fields'));
    const links = [...page.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });
  it('lists every top-level field with its requirement, and a field’s stated default', () => {
    const root = (scenarioJsonSchema().$defs as Record<string, { properties: object }>).Scenario!;
    for (const key of Object.keys(root.properties)) expect(page).toMatch(new RegExp(`\\n\\| \`${key.replace('$', '\\$')}\` \\|`));
    expect(page).toMatch(/\| `baseYear` \| \[FinancialYear\]\(#financialyear\) \| yes \(unless extends\) \|/);
    // Scheme.realisation: optional, defaults to 1
    expect(page).toMatch(/\| `realisation` \| \[NumberInput\]\(#numberinput\) \| no \| 1 \|/);
    // Service.name: required of a file on its own
    expect(page).toMatch(/\| `name` \| text \| yes \| +\| +\| Its name as reports should print it\. \|/);
  });
  it('says which lists a file that extends another merges by id', () => {
    expect(page).toMatch(/the lists `places`, `deflators`, `organisations`, `services`, `contracts`, `funding`, `schemes`, `pools` and `envelopes` item by item by `id`/);
  });
});
