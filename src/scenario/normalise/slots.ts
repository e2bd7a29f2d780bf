/**
 * The parameter vector that every part of a scenario writes into: a slot per
 * number, one shared slot (or block) per $parameter, a block of nYears slots per
 * series by year, links that copy a scalar into a series, and the inputs written
 * as distributions. Parts are normalised in scenario order, and slots are
 * numbered in the order they are asked for, so that order is part of the model.
 */
import { UserError } from '../../errors.js';
import type { LoadedScenario, Path } from '../load.js';
import { messages, nearest } from '../messages.js';
import { readTable, columnByKey } from '../table.js';
import { yearRange, startYear, isFinancialYear } from '../years.js';
import type { Scenario, NumberInputT, SeriesInputT, DistributionT, TableColumnT } from '../schema.js';
import type { SlotInfo } from '../../engine/types.js';

/** An input written as a distribution: its slot(s) and the distribution. */
export interface UncertainInput {
  label: string;
  slot: number;
  dist: DistributionT;
  /** Where the distribution was written (for messages). */
  path: Path;
  /** The domain every place that uses the slot requires (e.g. 0..1 for a share): samples are truncated to it. */
  domain: { min?: number; max?: number };
}

/** A slot whose value is copied into other slots before each projection (a scalar used as a series). */
export interface SlotLink {
  from: number;
  to: number;
}

/** Bounds a number must keep where it is used; `what` names it in messages (defaults to the field). */
export type Constraint = { min?: number; max?: number; what?: string };

/** A named parameter's first slot; a series takes nYears slots. */
export type Parameter = { slot: number; series: boolean; source?: string; unit?: string };

/** A parameter as written, before it has a slot. */
export type ParameterDef = { value: unknown; path: Path; source?: string; unit?: string };

/** The slots, parameters, years and age bands of one scenario being normalised. */
export class Slots {
  readonly sc: Scenario;
  readonly years: string[];
  readonly bands: string[];
  readonly p: number[] = [];
  readonly slots: SlotInfo[] = [];
  readonly uncertain: UncertainInput[] = [];
  readonly links: SlotLink[] = [];
  readonly params = new Map<string, Parameter>();
  private readonly paramDefs = new Map<string, ParameterDef>();
  private readonly resolving = new Set<string>();

  /** Checks the horizon and age bands first: every other part is laid out by them. */
  constructor(private readonly loaded: LoadedScenario) {
    const sc = (this.sc = loaded.scenario);
    if (startYear(sc.horizon) < startYear(sc.baseYear)) this.fail(['horizon'], messages.horizonBeforeBase(sc.baseYear, sc.horizon));
    for (const key of ['baseYear', 'horizon'] as const) {
      if (!isFinancialYear(sc[key])) this.fail([key], `'${sc[key]}' is not a financial year (like 2017/18)`);
    }
    this.years = yearRange(sc.baseYear, sc.horizon);
    this.bands = sc.ageBands;
    const dup = this.bands.find((b, i) => this.bands.indexOf(b) !== i);
    if (dup) this.fail(['ageBands'], `age band '${dup}' appears twice`);
  }

  /** Stop with a problem at `path`, named by file, line and field. */
  fail(path: Path, message: string): never {
    throw new UserError(this.loaded.problem(path, message));
  }

  /** The `file:line:col: path` prefix that data-table problems found at `path` start with. */
  where(path: Path): string {
    return this.loaded.problem(path, '').replace(/: $/, '');
  }

  /** A check, for one list, that each `kind` id it is given has not been given before. */
  uniqueIds(kind: string): (id: string, path: Path) => void {
    const seen = new Set<string>();
    return (id, path) => {
      if (seen.has(id)) this.fail(path, messages.duplicateId(kind, id));
      seen.add(id);
    };
  }

  /** The index of financial year `year` in the projection; fails if it is outside. */
  yearIndex(year: string, path: Path): number {
    const t = this.years.indexOf(year);
    if (t < 0) this.fail(path, messages.yearOutsideHorizon(year, this.sc.baseYear, this.sc.horizon));
    return t;
  }

  /** One value per age band, read from a table column keyed by `age_band`. */
  bandColumn(col: TableColumnT, path: Path): Float64Array {
    const where = this.where([...path, 'table']);
    return columnByKey(readTable(col.table, where), 'age_band', this.bands, col.column, where);
  }

  /** A new slot holding `value`. */
  newSlot(value: number, label: string, parameter?: string): number {
    this.p.push(value);
    this.slots.push(parameter ? { label, parameter } : { label });
    return this.p.length - 1;
  }

  private label(path: Path): string {
    return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  }

  /** `value`, if it is finite and within `c`; otherwise a problem at `path`. */
  check(value: number, path: Path, c: Constraint): number {
    const what = c.what ?? String(path[path.length - 1]);
    if (!Number.isFinite(value)) this.fail(path, messages.notFinite(what));
    if (c.min === 0 && c.max === 1 && (value < 0 || value > 1)) this.fail(path, messages.outOfUnitRange(what, value));
    if (c.min !== undefined && value < c.min) this.fail(path, c.min === 0 ? messages.negative(what, value) : `${what} must be at least ${c.min} (got ${value})`);
    if (c.max !== undefined && value > c.max) this.fail(path, `${what} must be at most ${c.max} (got ${value})`);
    return value;
  }

  /** A slot for a number, a $parameter (shared slot) or a distribution (its central value). */
  num(input: NumberInputT, path: Path, c: Constraint = {}): number {
    if (typeof input === 'number') return this.newSlot(this.check(input, path, c), this.label(path));
    if (typeof input === 'string') {
      const name = input.slice(1);
      const par = this.param(name, path);
      if (par.series) this.fail(path, messages.seriesWhereNumber(name));
      this.check(this.p[par.slot]!, path, c);
      this.narrow(par.slot, c);
      return par.slot;
    }
    const slot = this.newSlot(this.check(centralValue(input), path, c), this.label(path));
    this.uncertain.push({ label: this.label(path), slot, dist: input, path, domain: {} });
    this.narrow(slot, c);
    return slot;
  }

  /** Record that an uncertain slot's samples must respect `c` (where it is used). */
  private narrow(slot: number, c: Constraint): void {
    const u = this.uncertain.find((x) => x.slot === slot);
    if (!u) return;
    if (c.min !== undefined) u.domain.min = Math.max(u.domain.min ?? -Infinity, c.min);
    if (c.max !== undefined) u.domain.max = Math.min(u.domain.max ?? Infinity, c.max);
  }

  /** A block of nYears slots for an annual rate: value t is the change into year t. */
  series(input: SeriesInputT | undefined, path: Path, c: Constraint = {}): number {
    const n = this.years.length;
    if (input === undefined) {
      const first = this.newSlot(0, this.label(path));
      for (let t = 1; t < n; t++) this.newSlot(0, this.label(path));
      return first;
    }
    if (typeof input === 'string') {
      const name = input.slice(1);
      const par = this.param(name, path);
      if (par.series) return par.slot;
      return this.linkedBlock(par.slot, path);
    }
    if (typeof input === 'number' || 'dist' in input) return this.linkedBlock(this.num(input, path, c), path);
    return this.byYearBlock(input.byYear, input.thereafter, path, c);
  }

  private linkedBlock(from: number, path: Path): number {
    const first = this.p.length;
    for (let t = 0; t < this.years.length; t++) {
      const s = this.newSlot(t === 0 ? 0 : this.p[from]!, this.label(path));
      if (t > 0) this.links.push({ from, to: s });
    }
    return first;
  }

  private byYearBlock(byYear: Record<string, NumberInputT>, thereafter: NumberInputT | undefined, path: Path, c: Constraint): number {
    const given = Object.keys(byYear).sort();
    for (const y of given) if (!isFinancialYear(y)) this.fail([...path, 'byYear', y], `'${y}' is not a financial year`);
    const last = given[given.length - 1];
    const valueSlots = this.years.map((y, t) => {
      if (t === 0) return -1;
      if (y in byYear) return this.num(byYear[y]!, [...path, 'byYear', y], c);
      if (last !== undefined && y > last) {
        return thereafter !== undefined ? this.num(thereafter, [...path, 'thereafter'], c) : this.num(byYear[last]!, [...path, 'byYear', last], c);
      }
      return this.fail([...path, 'byYear'], `no rate for ${y}`);
    });
    const first = this.p.length;
    valueSlots.forEach((from) => {
      const s = this.newSlot(from < 0 ? 0 : this.p[from]!, this.label(path));
      if (from >= 0) this.links.push({ from, to: s });
    });
    return first;
  }

  /** Give every defined parameter its slot(s), in definition order, so unused ones are checked too. */
  defineParameters(defs: Map<string, ParameterDef>): void {
    for (const [name, def] of defs) this.paramDefs.set(name, def);
    for (const name of this.paramDefs.keys()) this.param(name, ['parameters', name]);
  }

  private param(name: string, usedAt: Path): Parameter {
    const have = this.params.get(name);
    if (have) return have;
    const def = this.paramDefs.get(name);
    if (!def) return this.fail(usedAt, messages.unknownParameter(name, nearest(name, this.paramDefs.keys())));
    if (this.resolving.has(name)) return this.fail(def.path, messages.parameterCycle(name));
    this.resolving.add(name);
    const v = def.value as NumberInputT | { value: NumberInputT } | { byYear: Record<string, NumberInputT>; thereafter?: NumberInputT };
    let out: { slot: number; series: boolean };
    const alias = typeof v === 'string' ? v : typeof v === 'object' && 'value' in v && typeof v.value === 'string' ? v.value : undefined;
    if (typeof v === 'number') out = { slot: this.newSlot(v, name, name), series: false };
    else if (typeof v === 'string' || alias !== undefined) {
      // Another parameter's name: share its slot(s), scalar or series.
      const target = this.param((alias ?? String(v)).slice(1), def.path);
      this.resolving.delete(name);
      const entry = { ...target, source: def.source, unit: def.unit };
      this.params.set(name, entry);
      return entry;
    } else if ('dist' in v) {
      const slot = this.num(v, def.path);
      out = { slot, series: false };
    } else if ('value' in v) {
      out = { slot: this.num(v.value, [...def.path, 'value']), series: false };
    } else out = { slot: this.byYearBlock(v.byYear, v.thereafter, def.path, {}), series: true };
    this.slots[out.slot] = { label: name, parameter: name };
    this.resolving.delete(name);
    const entry = { ...out, source: def.source, unit: def.unit };
    this.params.set(name, entry);
    return entry;
  }
}

/** The value a distribution stands for in a single deterministic run: its median. */
export function centralValue(d: DistributionT): number {
  switch (d.dist) {
    case 'normal':
      return d.mean;
    case 'lognormal':
      return d.median;
    case 'triangular':
    case 'pert':
      return d.mode;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'interval':
      return (d.p10 + d.p90) / 2;
  }
}
