/**
 * Request validation: every body and query field is checked with zod; unknown
 * fields are refused by name. Overrides are scenario fields (checked by the
 * scenario loader), limited here to fields that cannot read files.
 */
import { z } from 'zod';
import { badRequest, type FieldError } from './problem.js';
import { SCENARIO_ID } from './scenarios.js';
import { MAX_ITERATIONS } from './montecarlo.js';
import { MIN_ITERATIONS, seedProblem } from '../uncertainty/limits.js';
import { RUN_ID, chartTakes, chartsTaking } from './runs.js';

/** Scenario fields a request may override (none of them names a file). */
export const OVERRIDABLE = ['name', 'description', 'parameters', 'organisations', 'services', 'contracts', 'funding', 'schemes', 'pools', 'envelopes', 'correlations'] as const;
/** Keys refused at any depth: ones that read files, and ones that could reach an object's prototype. */
const FORBIDDEN_KEYS = new Set(['table', 'parameterTables', 'extends', '__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 12;

// Not z.record: its output is a new object, into which a top-level `__proto__` key would vanish unchecked.
const Overrides = z
  .custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'expected an object of scenario fields')
  .superRefine((o, ctx) => {
    for (const k of Object.keys(o)) {
      if (!FORBIDDEN_KEYS.has(k) && !(OVERRIDABLE as readonly string[]).includes(k)) {
        ctx.addIssue({ code: 'custom', path: [k], message: `'${k}' cannot be overridden in a request (allowed: ${OVERRIDABLE.join(', ')})` });
      }
    }
    const walk = (v: unknown, path: (string | number)[]): void => {
      if (path.length > MAX_DEPTH) {
        ctx.addIssue({ code: 'custom', path, message: `nested more than ${MAX_DEPTH} levels deep` });
        return;
      }
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (FORBIDDEN_KEYS.has(k)) ctx.addIssue({ code: 'custom', path: [...path, k], message: `'${k}' cannot be set in a request (tables and parent files are read only from models/)` });
          else walk(x, [...path, k]);
        }
      } else if (typeof v === 'string' && v.length > 2000) ctx.addIssue({ code: 'custom', path, message: 'text longer than 2,000 characters' });
    };
    walk(o, []);
  });

export const RunRequestSchema = z.strictObject({
  scenario: z.string().regex(SCENARIO_ID, 'a scenario id: letters, digits, - and _ (a file name in models/ without its extension)'),
  overrides: Overrides.optional(),
  assumptions: z
    .strictObject({
      shiftFraction: z.number().min(0).max(1).optional(),
      costInflationThereafter: z.number().min(-0.1).max(0.5).optional(),
      acutePayment: z.enum(['tariff', 'block', 'blended']).optional(),
    })
    .optional(),
  monteCarlo: z
    .strictObject({
      iterations: z.number().int().min(MIN_ITERATIONS).max(MAX_ITERATIONS),
      // one check saying the range, the library's (int, min and max said 1e20 twice, a bound each)
      seed: z
        .number()
        .superRefine((seed, ctx) => {
          const why = seedProblem(seed);
          if (why) ctx.addIssue({ code: 'custom', message: why });
        })
        .optional(),
      sampling: z.enum(['random', 'lhs']).optional().describe('random (default) or lhs (Latin hypercube).'),
    })
    .optional(),
});

// every table `popshift run --out` writes, and the pools' and envelopes'
export const TABLES = ['system', 'sectors', 'places', 'rollups', 'organisations', 'services', 'schemes', 'capacity', 'pools', 'envelopes'] as const;

export const RunQuery = z.strictObject({
  format: z.enum(['json', 'csv', 'xlsx']).optional(),
  table: z.enum(TABLES).optional(),
});

export const ChartQuery = z.strictObject({
  against: z.string().regex(RUN_ID, 'a run id (20 hex digits)').optional(),
  per: z.enum(['head', 'weighted-head']).optional().describe('For the per-head chart: per head (default) or per need-weighted head.'),
  year: z.string().regex(/^\d{4}\/\d{2}$/, 'a financial year such as 2030/31').optional().describe('For the charts of one year (waterfall, tornado, s-curve, places): the year (default: for the tornado and s-curve the calibration year, else the horizon; for the others the horizon).'),
  // a decimal number as written (z.coerce took '' for 0 and '0x10' for 16)
  target: z
    .string()
    .regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i, 'a number of £, such as 0 or 29000000')
    .transform(Number)
    .pipe(z.number().min(-1e11).max(1e11))
    .optional()
    .describe('For the s-curve chart: the gap, £, whose probability is marked (default 0: the gap closes).'),
});

export const EmptyQuery = z.strictObject({});

/** A chart's query parameter. */
export type ChartParameter = keyof z.infer<typeof ChartQuery>;

/** 400 naming each query parameter a chart does not take (one it would ignore, drawing what was not asked for). */
export function refuseUntaken(chart: string, query: z.infer<typeof ChartQuery>): void {
  const errors = (Object.keys(query) as ChartParameter[])
    .filter((k) => query[k] !== undefined && !chartTakes(chart, k))
    .map((k): FieldError => {
      const takers = chartsTaking(k);
      const those = takers.length > 1 ? `${takers.slice(0, -1).join(', ')} and ${takers.at(-1)} charts do` : `${takers[0]} chart does`;
      return { field: `query.${k}`, message: `query.${k}: the ${chart} chart does not take ?${k}= (the ${those})` };
    });
  if (errors.length) throw badRequest(errors.map((e) => e.message).join('; '), errors);
}

/** 400 naming the offending path parameter. */
export function badParam(name: string, value: string, why: string): never {
  const errors: FieldError[] = [{ field: name, message: `${name}: ${why} (got ${JSON.stringify(value.slice(0, 120))})` }];
  throw badRequest(errors[0]!.message, errors);
}
