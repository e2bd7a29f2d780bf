/** The editor JSON Schema for scenario files, generated from the zod schema. */
import { z } from 'zod';
import { Scenario } from './schema.js';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const REF = '#/$defs/';

/** The definition of a whole scenario file; its overlay is `ScenarioOverlay`. */
export const ROOT = 'Scenario';
/** The suffix naming a definition's overlay twin (`Scheme` → `SchemeOverlay`). */
const OVERLAY = 'Overlay';

/**
 * JSON Schema (draft 2020-12) of a scenario file as written (input side, so
 * defaults are optional). A file that extends no other is checked against
 * `Scenario`, the zod schema as it is. A file that `extends` another is merged
 * into its parent before it is validated (see `mergeFields` in load.ts), so it
 * is checked against `ScenarioOverlay`: the same fields, with only what the
 * merge cannot supply required (see `overlayDefs`).
 */
export function scenarioJsonSchema(): Node {
  const { $schema, $defs, ...root } = z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as Node;
  const strict = { [ROOT]: root, ...($defs as Record<string, Node>) };
  return {
    $schema,
    $id: 'https://popshift.dev/scenario.schema.json',
    title: 'popshift scenario',
    description: 'A popshift scenario file: population, organisations, services, funding, schemes. See README.md.',
    if: { required: ['extends'] },
    then: { $ref: REF + ROOT + OVERLAY },
    else: { $ref: REF + ROOT },
    $defs: { ...strict, ...overlayDefs(strict) },
  };
}

/** The file's text, as committed at the repository root. */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}

const refName = (ref: unknown): string => String(ref).slice(REF.length);

/** The names of the strict definitions a file on its own is checked against, but for the whole file's (`Scenario`), in order. */
export function strictDefinitionNames(schema: Node): string[] {
  const defs = schema.$defs as Record<string, Node>;
  return Object.keys(defs).filter((n) => n !== ROOT && !(n.endsWith(OVERLAY) && n.slice(0, -OVERLAY.length) in defs));
}

/**
 * Whether the loader merges a list of these items by id rather than replacing
 * it: it does so when every item is a mapping with a text `id`, which the
 * schema guarantees when the items (every kind of them) require one.
 */
export function mergedById(items: unknown, defs: Record<string, Node>): boolean {
  if (!isNode(items)) return false;
  const n = typeof items.$ref === 'string' ? defs[refName(items.$ref)] : items;
  if (!n) return false;
  const kinds = n.anyOf ?? n.oneOf;
  if (Array.isArray(kinds)) return kinds.length > 0 && kinds.every((k) => mergedById(k, defs));
  const id = isNode(n.properties) ? n.properties.id : undefined;
  const idType = isNode(id) && typeof id.$ref === 'string' ? defs[refName(id.$ref)]?.type : isNode(id) ? id.type : undefined;
  return Array.isArray(n.required) && n.required.includes('id') && idType === 'string';
}

/**
 * The overlay twins of the strict definitions, in their order, for a file
 * that extends another. Its fields merge into the parent's as the loader
 * merges them: a mapping (an object or a map of names) field by field, so none
 * of its fields is required; a list whose items have ids item by item, so an
 * item needs only its `id` (to find the parent's) and an empty list leaves the
 * parent's; anything else (a value, a list of values or of items without ids)
 * replaces the parent's whole, so it is checked as strictly as in a file on
 * its own. Types, bounds, enums, descriptions and examples are kept. The kinds
 * of a union become `anyOf`, since a partial object may fit several. A
 * definition whose overlay is itself (a text, a number, an object met only in
 * lists replaced whole) gets no twin: the overlay refers to it as it is.
 */
function overlayDefs(defs: Record<string, Node>): Record<string, Node> {
  /** For each definition reached: the name the overlay refers to it by. */
  const target = new Map<string, string>();
  const twins = new Map<string, Node>();
  const refTo = (name: string): string => {
    const known = target.get(name);
    if (known) return known;
    // A definition reached again while its twin is made (none is recursive yet) refers to the twin.
    target.set(name, name + OVERLAY);
    const strict = defs[name]!;
    const twin = overlay(strict);
    const to = JSON.stringify(twin) === JSON.stringify(strict) ? name : name + OVERLAY;
    target.set(name, to);
    if (to !== name) twins.set(name, twin);
    return to;
  };
  const overlay = (n: Node): Node => {
    const byId = mergedById(n.items, defs);
    const out: Node = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === 'required' || (k === 'minItems' && byId)) continue;
      if (k === '$ref') out.$ref = REF + refTo(refName(v));
      else if (k === 'properties' && isNode(v)) out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, isNode(s) ? overlay(s) : s]));
      else if (k === 'additionalProperties' && isNode(v)) out[k] = overlay(v);
      else if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) out.anyOf = v.map((s) => (isNode(s) ? overlay(s) : s));
      else if (k === 'items' && byId) out.items = { ...overlay(v as Node), required: ['id'] };
      else out[k] = v;
    }
    return out;
  };
  refTo(ROOT);
  return Object.fromEntries(Object.keys(defs).flatMap((name) => (twins.has(name) ? [[name + OVERLAY, twins.get(name)!]] : [])));
}
