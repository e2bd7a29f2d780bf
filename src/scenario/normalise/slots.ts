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
import { readTable, columnByKey, columnIndex, numberCell, uniqueRows } from '../table.js';
import { yearRange, startYear, isFinancialYear } from '../years.js';
import { RATE_LIMIT, MAX_MAGNITUDE, type Scenario, type NumberInputT, type SeriesInputT, type DistributionT, type TableColumnT } from '../schema.js';
import type { SlotInfo } from '../../engine/types.js';
import { compileFormula, type Formula } from '../../engine/formulas.js';
import { parseFormula, FormulaError } from './formulas.js';
import { inputLabel } from '../labels.js';

/** An input written as a distribution: its slot(s) and the distribution. */
export interface UncertainInput {
  /** Its scenario path (`parameters.ndg_ae.value`): the input's identity, and the order inputs are sampled in. */
  label: string;
  /** Its name as a person would say it: the parameter's `label`, else its name in words (labels.ts). */
  title: string;
  slot: number;
  dist: DistributionT;
  /** Where the distribution was written (for messages). */
  path: Path;
  /** The domain every place that uses the slot requires (e.g. 0..1 for a share): samples are truncated to it. */
  domain: { min?: number; max?: number };
  /** For a choice among named options (population tables): their names, the sampled value being the index. */
  options?: string[];
}

/** A slot whose value is copied into other slots before each projection (a scalar used as a series). */
export interface SlotLink {
  from: number;
  to: number;
}

/**
 * Bounds a number must keep where it is used; `what` names it in messages
 * (defaults to the field). A `rate` is an annual rate: its messages say so, and
 * suggest the fraction for a whole-number percentage.
 */
export type Constraint = { min?: number; max?: number; what?: string; rate?: boolean };

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
  readonly formulas: Formula[] = [];
  readonly params = new Map<string, Parameter>();
  /** The bounds every use of a slot requires (e.g. 0..1 for a share, ±0.5 for a rate): what calibration and sampling must keep to. */
  readonly domains = new Map<number, { min?: number; max?: number; what: string }>();
  /**
   * For each series block made from a $parameter: the parameter's name and what
   * identifies the index (its block, or the scalar it is linked from), so that
   * funding and cost sharing one index can be found.
   */
  readonly seriesSources = new Map<number, { key: number; name: string }>();
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

  /** One value per age band, read from a table column keyed by `age_band` (for one place, where the table has a `place` column). */
  bandColumn(col: TableColumnT, path: Path, place?: string): Float64Array {
    const where = this.where([...path, 'table']);
    const table = readTable(col.table, where);
    const pc = table.columns.indexOf('place');
    if (pc < 0 || place === undefined) return columnByKey(table, 'age_band', this.bands, col.column, where);
    const rows = table.rows.flatMap((r, i) => (r[pc]!.trim() === place ? [i] : []));
    if (rows.length === 0) throw new UserError(`${where}: ${messages.place.noRows(table.file, place)}`);
    const sub = { ...table, rows: rows.map((i) => table.rows[i]!), lines: rows.map((i) => table.lines[i]!) };
    return columnByKey(sub, 'age_band', this.bands, col.column, where);
  }

  /** A series by year from a table with a `year` column (years outside the projection are left out). */
  private seriesTable(file: string, column: string, path: Path): Record<string, number> {
    const where = this.where(path);
    const t = readTable(file, where);
    const yc = t.columns.indexOf('year');
    if (yc < 0) throw new UserError(`${where}: ${messages.table.missingKeyColumn(t.file, 'year')}`);
    const c = columnIndex(t, column, where);
    uniqueRows(t, ['year'], where);
    const out: Record<string, number> = {};
    t.rows.forEach((row, r) => {
      const y = row[yc]!.trim();
      if (this.years.includes(y)) out[y] = numberCell(t, r, c, where, true);
    });
    return out;
  }

  /** For a series written as `$name` or byYear, the last year it gives when it has no `thereafter` (else undefined). */
  seriesEnd(input: SeriesInputT): string | undefined {
    let v: unknown = input;
    for (let i = 0; typeof v === 'string' && i < 20; i++) v = this.paramDefs.get(v.slice(1))?.value;
    if (typeof v !== 'object' || v === null) return undefined;
    if ('table' in v && 'column' in v) {
      const o = v as { table: string; column: string; thereafter?: unknown; byYear?: Record<string, unknown> };
      return o.thereafter === undefined ? Object.keys({ ...this.seriesTable(o.table, o.column, []), ...o.byYear }).sort().pop() : undefined;
    }
    if (!('byYear' in v)) return undefined;
    const o = v as { byYear: Record<string, unknown>; thereafter?: unknown };
    return o.thereafter === undefined ? Object.keys(o.byYear).sort().pop() : undefined;
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
    if (Math.abs(value) > MAX_MAGNITUDE) this.fail(path, messages.tooLarge(what, value, MAX_MAGNITUDE));
    if (c.rate && ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max))) {
      this.fail(path, messages.rateOutOfRange(what, value, c.min ?? -Infinity, c.max ?? Infinity));
    }
    if (c.min === 0 && c.max === 1 && (value < 0 || value > 1)) this.fail(path, messages.outOfUnitRange(what, value));
    if (c.min !== undefined && value < c.min) this.fail(path, c.min === 0 ? messages.negative(what, value) : `${what} must be at least ${c.min} (got ${value})`);
    if (c.max !== undefined && value > c.max) this.fail(path, `${what} must be at most ${c.max} (got ${value})`);
    return value;
  }

  /**
   * The parameter a string names: `$name`, or, for a formula written in place
   * (`"=$tariff * (1 - $discount)"`), a parameter of its own named after where
   * it is written, so it is parsed, checked and compiled as any formula is.
   */
  private refName(text: string, path: Path): string {
    if (!text.startsWith('=')) return text.slice(1);
    const name = `=${this.label(path)}`;
    if (!this.paramDefs.has(name)) this.paramDefs.set(name, { value: { formula: text.slice(1) }, path });
    return name;
  }

  /** A slot for a number, a $parameter (shared slot), a formula written in place, or a distribution (its central value). */
  num(input: NumberInputT, path: Path, c: Constraint = {}): number {
    if (typeof input === 'number') return this.newSlot(this.check(input, path, c), this.label(path));
    if (typeof input === 'string') {
      const name = this.refName(input, path);
      const par = this.param(name, path);
      if (par.series) this.fail(path, messages.seriesWhereNumber(name));
      this.check(this.p[par.slot]!, path, c);
      this.narrow(par.slot, c);
      return par.slot;
    }
    const slot = this.newSlot(this.check(centralValue(input), path, c), this.label(path));
    this.uncertain.push({ label: this.label(path), title: inputLabel(this.sc, this.label(path)), slot, dist: input, path, domain: {} });
    this.narrow(slot, c);
    return slot;
  }

  /** Record that the slot must respect `c` where it is used (an uncertain slot's samples are truncated to it). */
  private narrow(slot: number, c: Constraint): void {
    if (c.min !== undefined || c.max !== undefined) {
      const d = this.domains.get(slot) ?? { what: c.what ?? this.slots[slot]?.label ?? 'value' };
      if (c.min !== undefined && c.min > (d.min ?? -Infinity)) [d.min, d.what] = [c.min, c.what ?? d.what];
      if (c.max !== undefined && c.max < (d.max ?? Infinity)) [d.max, d.what] = [c.max, c.what ?? d.what];
      this.domains.set(slot, d);
    }
    const u = this.uncertain.find((x) => x.slot === slot);
    if (!u) return;
    if (c.min !== undefined) u.domain.min = Math.max(u.domain.min ?? -Infinity, c.min);
    if (c.max !== undefined) u.domain.max = Math.min(u.domain.max ?? Infinity, c.max);
  }

  /** A block of nYears slots for an annual rate (within ±RATE_LIMIT and `c`): value t is the change into year t. */
  series(input: SeriesInputT | undefined, path: Path, bounds: Constraint = {}): number {
    const n = this.years.length;
    const what = bounds.what ?? String(path[path.length - 1]);
    const c: Constraint = { min: Math.max(bounds.min ?? -RATE_LIMIT, -RATE_LIMIT), max: Math.min(bounds.max ?? RATE_LIMIT, RATE_LIMIT), what, rate: true };
    if (input === undefined) {
      const first = this.newSlot(0, this.label(path));
      for (let t = 1; t < n; t++) this.newSlot(0, this.label(path));
      return first;
    }
    if (typeof input === 'string') {
      const name = this.refName(input, path);
      const par = this.param(name, path);
      if (par.series) this.checkBlock(par.slot, name, path, c);
      else {
        this.check(this.p[par.slot]!, this.paramDefs.get(name)?.path ?? path, { ...c, what: `$${name} (${what} at ${this.label(path)})` });
        this.narrow(par.slot, c);
      }
      const block = par.series ? par.slot : this.linkedBlock(par.slot, path);
      if (!this.seriesSources.has(block)) this.seriesSources.set(block, { key: par.slot, name });
      return block;
    }
    if (typeof input === 'number' || 'dist' in input) return this.linkedBlock(this.num(input, path, c), path);
    return this.byYearBlock(input.byYear, input.thereafter, path, c);
  }

  /**
   * A $parameter's series block used at `path`, where `c` applies: each year's
   * rate checked (a problem is located at the parameter, and names the use), and
   * the slots it is copied from narrowed.
   */
  private checkBlock(block: number, name: string, path: Path, c: Constraint): void {
    const at = this.paramDefs.get(name)?.path ?? path;
    for (let t = 1; t < this.years.length; t++) {
      this.check(this.p[block + t]!, at, { ...c, what: `$${name} in ${this.years[t]} (${c.what} at ${this.label(path)})` });
      for (const l of this.links) if (l.to === block + t) this.narrow(l.from, c);
    }
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

  /** A parameter written as a formula: its slot (or a series block, if any input is a series), evaluated before each projection. */
  private formula(name: string, text: string, path: Path): { slot: number; series: boolean } {
    let parsed;
    try {
      parsed = parseFormula(text);
    } catch (e) {
      if (e instanceof FormulaError) this.fail(path, e.message);
      throw e;
    }
    const inputs = new Map(
      parsed.names.map((n) => {
        if (!this.paramDefs.has(n)) this.fail(path, messages.formula.unknownName(n, nearest(n, this.paramDefs.keys())));
        return [n, this.param(n, path)] as const;
      }),
    );
    const resolve = (n: string) => inputs.get(n)!;
    const series = [...inputs.values()].some((x) => x.series);
    const formulaFor = (t: number, slot: number) => {
      const tree = parsed.tree(resolve, t);
      return { slot, tree, fn: compileFormula(tree) };
    };
    const evaluate = (fn: (p: ArrayLike<number>) => number) => {
      const v = fn(this.p);
      if (!Number.isFinite(v)) this.fail(path, messages.formula.notFinite(v));
      return v;
    };
    if (!series) {
      const f = formulaFor(0, -1);
      f.slot = this.newSlot(evaluate(f.fn), name, name);
      this.formulas.push(f);
      const slot = f.slot;
      return { slot, series: false };
    }
    const first = this.p.length;
    for (let t = 0; t < this.years.length; t++) {
      const f = formulaFor(t, -1);
      f.slot = this.newSlot(t === 0 ? 0 : evaluate(f.fn), name, name);
      if (t > 0) this.formulas.push(f);
    }
    return { slot: first, series: true };
  }

  private param(name: string, usedAt: Path): Parameter {
    const have = this.params.get(name);
    if (have) return have;
    const def = this.paramDefs.get(name);
    if (!def) return this.fail(usedAt, messages.unknownParameter(name, nearest(name, this.paramDefs.keys())));
    if (this.resolving.has(name)) {
      // the parameters being resolved, in order: the cycle is the part from `name` on
      // (a formula written in place of a parameter's number is resolved as an anonymous '=<path>' step of it: not named again)
      const chain = [...this.resolving].filter((n) => !n.startsWith('='));
      return this.fail(def.path, messages.parameterCycle([...chain.slice(chain.indexOf(name)), name]));
    }
    this.resolving.add(name);
    const v = def.value as NumberInputT | { value: NumberInputT } | { byYear: Record<string, NumberInputT>; thereafter?: NumberInputT };
    let out: { slot: number; series: boolean };
    const alias = typeof v === 'string' ? v : typeof v === 'object' && 'value' in v && typeof v.value === 'string' ? v.value : undefined;
    if (typeof v === 'number') out = { slot: this.newSlot(v, name, name), series: false };
    else if (typeof v === 'string' || alias !== undefined) {
      // Another parameter's name: share its slot(s), scalar or series.
      const target = this.param(this.refName(alias ?? String(v), def.path), def.path);
      this.resolving.delete(name);
      const entry = { ...target, source: def.source, unit: def.unit };
      this.params.set(name, entry);
      return entry;
    } else if ('dist' in v) {
      const slot = this.num(v, def.path);
      out = { slot, series: false };
    } else if ('value' in v) {
      out = { slot: this.num(v.value, [...def.path, 'value']), series: false };
    } else if ('formula' in v) {
      // a formula in place (refName) is reported where it is written, not under a `formula` key it does not have
      out = this.formula(name, (v as { formula: string }).formula, name.startsWith('=') ? def.path : [...def.path, 'formula']);
    } else if ('table' in v) {
      const tv = v as unknown as { table: string; column: string; thereafter?: NumberInputT; byYear?: Record<string, NumberInputT> };
      // years written under byYear replace the table's
      const byYear = { ...this.seriesTable(tv.table, tv.column, [...def.path, 'table']), ...tv.byYear };
      out = { slot: this.byYearBlock(byYear, tv.thereafter, def.path, {}), series: true };
    } else out = { slot: this.byYearBlock(v.byYear, v.thereafter, def.path, {}), series: true };
    this.slots[out.slot] = { label: name, parameter: name };
    this.resolving.delete(name);
    const entry = { ...out, source: def.source, unit: def.unit };
    this.params.set(name, entry);
    return entry;
  }
}

/**
 * The value a distribution stands for in a single deterministic run: the
 * mean of a normal, an interval's middle, a lognormal's median, the mode of a
 * triangular or PERT, a uniform's middle, a gamma's mean, and the expected value of a
 * discrete or bernoulli (so a scheme that delivers with probability 0.7
 * counts for 0.7 of itself).
 */
export function centralValue(d: DistributionT): number {
  switch (d.dist) {
    case 'gamma':
      return d.shape * d.scale;
    case 'discrete':
      return d.values.reduce((s, v, i) => s + v * (d.p[i] ?? 0), 0);
    case 'bernoulli':
      return d.p * (d.value ?? 1) + (1 - d.p) * (d.otherwise ?? 0);
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
