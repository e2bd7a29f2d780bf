/** The editor JSON Schema for scenario files, generated from the zod schema. */
import { z } from 'zod';
import { Scenario } from './schema.js';

/** JSON Schema (draft 2020-12) of a scenario file as written (input side, so defaults are optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as Record<string, unknown>;
  // A file that extends another need not repeat the parent's required fields.
  const { required, ...rest } = schema;
  return {
    ...rest,
    if: { required: ['extends'] },
    then: {},
    else: { required },
    $id: 'https://popshift.dev/scenario.schema.json',
    title: 'popshift scenario',
    description: 'A popshift scenario file: population, organisations, services, funding, schemes. See README.md.',
  };
}

/** The file's text, as committed at the repository root. */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}
