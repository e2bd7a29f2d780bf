/** `npm run schema`: regenerate scenario.schema.json and docs/scenario-reference.md from the zod schema. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from './json-schema.js';
import { scenarioReferenceText } from './reference.js';

for (const [path, text] of [['../../scenario.schema.json', scenarioJsonSchemaText()], ['../../docs/scenario-reference.md', scenarioReferenceText()]] as const) {
  const target = fileURLToPath(new URL(path, import.meta.url));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
