/**
 * The guards of the library's entry points. Analysts call them from plain
 * JavaScript, where anything may come: each entry point checks its arguments
 * here, once a call and before any work (never per iteration), and a wrong
 * one is a UserError saying which argument it is and what it takes, not a
 * TypeError from deep inside.
 */
import { UserError, optionProblem } from './errors.js';
import { messages, nearest } from './scenario/messages.js';
import type { PreparedScenario } from './api.js';
import type { Results } from './results/summary.js';
import type { SimulationResult } from './uncertainty/montecarlo.js';

const say = messages.argument;

/** Which argument: its position (1 = the first), or a name such as `options.scenario`. */
export type Argument = 1 | 2 | 3 | 4 | string;

const ORDINALS = ['first', 'second', 'third', 'fourth'];

function named(arg: Argument): string {
  return typeof arg === 'number' ? `the ${ORDINALS[arg - 1]} argument` : arg;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The library's own values, recognised so that one given in place of another is named. */
const KINDS: { is: (v: Record<string, unknown>) => boolean; name: string }[] = [
  { is: (v) => isObject(v.model) && isObject(v.loaded), name: 'a prepared scenario' },
  { is: (v) => Array.isArray(v.years) && isObject(v.system), name: 'results from project(scenario)' },
  { is: (v) => Array.isArray(v.metrics) && Array.isArray(v.gapCloses), name: "a Monte Carlo run's results" },
];

/** What a value is, for a message: `undefined`, `'text'`, `42`, `an array of 2`, `an object without a model`. */
function got(value: unknown, lacking?: string): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}…` : value}'`;
  if (typeof value === 'function') return 'a function';
  if (!isObject(value)) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value.then === 'function') return 'a Promise: await it first';
  const kind = KINDS.find((k) => k.is(value));
  if (kind) return kind.name;
  return lacking ? `an object without ${lacking}` : 'an object';
}

/** A prepared scenario, from `loadScenario(file)`. */
export function scenarioArgument(fn: string, value: unknown, arg: Argument = 1): asserts value is PreparedScenario {
  if (isObject(value) && isObject(value.model) && isObject(value.loaded)) return;
  throw new UserError(say.scenario(fn, named(arg), got(value, 'a model')));
}

/** A prepared scenario, or the path of a scenario file to load. */
export function scenarioOrFileArgument(fn: string, value: unknown, arg: Argument = 1): asserts value is PreparedScenario | string {
  if ((typeof value === 'string' && value !== '') || (isObject(value) && isObject(value.model) && isObject(value.loaded))) return;
  throw new UserError(say.scenarioOrFile(fn, named(arg), got(value, 'a model')));
}

/** A scenario file's path. */
export function fileArgument(fn: string, value: unknown, arg: Argument = 1): asserts value is string {
  if (typeof value === 'string' && value !== '') return;
  throw new UserError(say.file(fn, named(arg), got(value)));
}

/** What every results object has (and all that appraise reads of one). */
function isResults(v: unknown): boolean {
  return isObject(v) && Array.isArray(v.years) && Array.isArray(v.schemes) && Array.isArray(v.organisations);
}

/** Results, from `project(scenario)`. */
export function resultsArgument<R = Results>(fn: string, value: unknown, arg: Argument = 1): asserts value is R {
  if (isResults(value)) return;
  throw new UserError(say.results(fn, named(arg), got(value, 'years, schemes and organisations')));
}

/** One or more results, from `project(scenario)`. */
export function resultsListArgument(fn: string, value: unknown, arg: Argument = 1): asserts value is readonly Results[] {
  if (Array.isArray(value) && value.length > 0 && value.every(isResults)) return;
  throw new UserError(say.resultsList(fn, named(arg), got(value)));
}

/** A Monte Carlo run's results, from `simulate(scenario, options)`. */
export function simulationArgument(fn: string, value: unknown, arg: Argument = 1): asserts value is SimulationResult {
  if (isObject(value) && Array.isArray(value.metrics) && Array.isArray(value.gapCloses)) return;
  throw new UserError(say.simulation(fn, named(arg), got(value, 'metrics')));
}

/** Per-iteration values (`what` they are, for the message). */
export function valuesArgument(fn: string, value: unknown, what: string, arg: Argument = 1): asserts value is Float64Array {
  if (value instanceof Float64Array) return;
  throw new UserError(say.values(fn, named(arg), what, got(value)));
}

/** One of `years` (the projection's). */
export function yearArgument(fn: string, value: unknown, years: readonly string[], arg: Argument): asserts value is string {
  if (typeof value === 'string' && years.includes(value)) return;
  throw new UserError(say.year(fn, named(arg), years[0]!, years[years.length - 1]!, got(value)));
}

/** The option `year`, when given: one of `years`. */
export function yearOption(value: unknown, years: readonly string[]): void {
  if (value === undefined || (typeof value === 'string' && years.includes(value))) return;
  throw new UserError(optionProblem('year', say.yearOption(typeof value === 'string' ? value : got(value), years[0]!, years[years.length - 1]!)));
}

/** The id of one of `places` (the results'). */
export function placeArgument(fn: string, value: unknown, places: readonly string[], arg: Argument): asserts value is string {
  if (typeof value === 'string' && places.includes(value)) return;
  throw new UserError(say.place(fn, named(arg), places, got(value), typeof value === 'string' ? nearest(value, places) : undefined));
}

/** A deflator's cumulative index, one positive number for each of `nYears` years. */
export function deflatorArgument(fn: string, value: unknown, nYears: number, arg: Argument): asserts value is { index: number[] } {
  const index = isObject(value) ? value.index : undefined;
  if (Array.isArray(index) && index.length === nYears && index.every((v) => typeof v === 'number' && v > 0 && Number.isFinite(v))) return;
  throw new UserError(say.deflator(fn, named(arg), Array.isArray(index) ? `an index of ${index.length} year${index.length === 1 ? '' : 's'}${index.length === nYears ? ', not each a number above 0' : ''}` : got(value, 'an index')));
}

/** A discount rate a year, as a fraction above −1. */
export function discountRateArgument(fn: string, value: unknown, arg: Argument): asserts value is number {
  if (typeof value === 'number' && Number.isFinite(value) && value > -1) return;
  throw new UserError(say.discountRate(fn, named(arg), got(value)));
}

/**
 * Every option of `T`, each marked as `T` types it: a list that leaves one
 * out, or names one it does not have, does not compile.
 */
export type OptionKeys<T> = { readonly [K in keyof T]-?: {} extends Pick<T, K> ? 'optional' : 'required' };

/** The options of `T`, listed once beside its type (what the guard and its messages name). */
export function optionKeys<T>(keys: OptionKeys<T>): OptionKeys<T> {
  return keys;
}

/**
 * An object of `keys`' options, or nothing where none is required. Checked
 * at its top level (an unknown option is refused, with the nearest known
 * one: a misspelt option would otherwise run with its default); what each
 * option's value must be is checked where it is used.
 */
export function optionsArgument(fn: string, value: unknown, keys: Readonly<Record<string, 'optional' | 'required'>>, arg: Argument): void {
  const known = Object.keys(keys);
  const required = known.filter((k) => keys[k] === 'required');
  if (value === undefined && required.length === 0) return;
  if (!isObject(value) || Array.isArray(value) || ArrayBuffer.isView(value)) throw new UserError(say.options(fn, named(arg), known, got(value)));
  const unknown = Object.keys(value).filter((k) => !Object.hasOwn(keys, k));
  if (unknown.length) throw new UserError(unknown.map((k) => say.unknownOption(fn, k, nearest(k, known), known)));
  const missing = required.filter((k) => value[k] === undefined);
  if (missing.length) throw new UserError(missing.map((k) => say.missingOption(fn, k, known)));
}

/** The options of `keys` among `value`'s, for passing on to the entry point that takes them. */
export function pickOptions<T>(value: object, keys: OptionKeys<T>): T {
  return Object.fromEntries(Object.entries(value).filter(([k]) => Object.hasOwn(keys, k))) as T;
}
