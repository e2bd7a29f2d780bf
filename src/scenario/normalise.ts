/**
 * A validated scenario → the engine's `Model`: names resolved to indices, data
 * tables read and checked, every number given a slot in the parameter vector.
 * Every problem found here names the file, line and field.
 */
import { UserError } from '../errors.js';
import type { LoadedScenario, Path } from './load.js';
import { messages, nearest } from './messages.js';
import { readTable, columnByKey, columnIndex, numberCell } from './table.js';
import { yearRange, startYear, isFinancialYear } from './years.js';
import type { Scenario, NumberInputT, SeriesInputT, DistributionT, ScenarioPayment, TableColumnT, ScenarioRule } from './schema.js';
import { validateSchedule, type SettlementSchedule } from '../engine/settlement.js';
import {
  ActivityKind,
  Pay,
  SchemeKind,
  type FundingDef,
  type InvestmentDef,
  type Model,
  type PaymentDef,
  type SchemeDef,
  type ServiceDef,
  type SlotInfo,
  type PoolDef,
  type RuleDef,
  type ContributionDef,
  type EnvelopeDef,
  type OrgKind,
} from '../engine/types.js';

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

export interface CalibrationDef {
  parameter: string;
  slot: number;
  year: number;
  target: number;
  tolerance: number;
  range: [number, number];
  source?: string;
}

export interface NormalisedScenario {
  model: Model;
  uncertain: UncertainInput[];
  links: SlotLink[];
  calibration?: CalibrationDef;
}

type Constraint = { min?: number; max?: number; what?: string };

/** Build the engine model from a loaded scenario. */
export function normalise(loaded: LoadedScenario): NormalisedScenario {
  return new Normaliser(loaded).run();
}

class Normaliser {
  private readonly sc: Scenario;
  private readonly p: number[] = [];
  private readonly slots: SlotInfo[] = [];
  private readonly uncertain: UncertainInput[] = [];
  private readonly links: SlotLink[] = [];
  private readonly params = new Map<string, { slot: number; series: boolean; source?: string; unit?: string }>();
  private readonly paramDefs = new Map<string, { value: unknown; path: Path; source?: string; unit?: string }>();
  private readonly resolving = new Set<string>();
  private years: string[] = [];
  private bands: string[] = [];

  constructor(private readonly loaded: LoadedScenario) {
    this.sc = loaded.scenario;
  }

  private fail(path: Path, message: string): never {
    throw new UserError(this.loaded.problem(path, message));
  }

  run(): NormalisedScenario {
    const sc = this.sc;
    if (startYear(sc.horizon) < startYear(sc.baseYear)) this.fail(['horizon'], messages.horizonBeforeBase(sc.baseYear, sc.horizon));
    for (const key of ['baseYear', 'horizon'] as const) {
      if (!isFinancialYear(sc[key])) this.fail([key], `'${sc[key]}' is not a financial year (like 2017/18)`);
    }
    this.years = yearRange(sc.baseYear, sc.horizon);
    this.bands = sc.ageBands;
    const dup = this.bands.find((b, i) => this.bands.indexOf(b) !== i);
    if (dup) this.fail(['ageBands'], `age band '${dup}' appears twice`);

    const population = this.population();
    this.collectParameters();
    const orgs = this.organisations();
    const orgIndex = new Map(orgs.map((o, i) => [o.id, i]));
    const { services, shape, order } = this.services(orgs, orgIndex, population);
    const funding = this.funding(orgs, orgIndex);
    const schemes = this.schemes(services, orgIndex);
    const pools = this.pools(services, orgIndex);
    const envelopes = this.envelopes(services, orgs, orgIndex);
    const calibration = this.calibration();

    const model: Model = {
      name: sc.name,
      years: this.years,
      bands: this.bands,
      nYears: this.years.length,
      nBands: this.bands.length,
      priceBase: sc.priceBase ?? `cash, base-year prices ${sc.baseYear} uplifted by each line's inflation`,
      population,
      orgs,
      services,
      shape,
      order,
      schemes,
      funding,
      pools,
      envelopes,
      p0: Float64Array.from(this.p),
      links: Int32Array.from(this.links.flatMap((l) => [l.from, l.to])),
      slots: this.slots,
      parameters: this.params,
    };
    return { model, uncertain: this.uncertain, links: this.links, calibration };
  }

  // ---- slots ---------------------------------------------------------------

  private newSlot(value: number, label: string, parameter?: string): number {
    this.p.push(value);
    this.slots.push(parameter ? { label, parameter } : { label });
    return this.p.length - 1;
  }

  private label(path: Path): string {
    return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  }

  private check(value: number, path: Path, c: Constraint): number {
    const what = c.what ?? String(path[path.length - 1]);
    if (!Number.isFinite(value)) this.fail(path, messages.notFinite(what));
    if (c.min === 0 && c.max === 1 && (value < 0 || value > 1)) this.fail(path, messages.outOfUnitRange(what, value));
    if (c.min !== undefined && value < c.min) this.fail(path, c.min === 0 ? messages.negative(what, value) : `${what} must be at least ${c.min} (got ${value})`);
    if (c.max !== undefined && value > c.max) this.fail(path, `${what} must be at most ${c.max} (got ${value})`);
    return value;
  }

  /** A slot for a number, a $parameter (shared slot) or a distribution (its central value). */
  private num(input: NumberInputT, path: Path, c: Constraint = {}): number {
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
  private series(input: SeriesInputT | undefined, path: Path, c: Constraint = {}): number {
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
    valueSlots.forEach((from, t) => {
      const s = this.newSlot(from < 0 ? 0 : this.p[from]!, this.label(path));
      if (from >= 0) this.links.push({ from, to: s });
      void t;
    });
    return first;
  }

  // ---- parameters ----------------------------------------------------------

  private collectParameters(): void {
    (this.sc.parameterTables ?? []).forEach((file, i) => {
      const where = this.loaded.problem(['parameterTables', i], '').replace(/: $/, '');
      const t = readTable(file, where);
      const [n, v] = [columnIndex(t, 'name', where), columnIndex(t, 'value', where)];
      const u = t.columns.indexOf('unit');
      const s = t.columns.indexOf('source');
      t.rows.forEach((row, r) => {
        this.paramDefs.set(row[n]!.trim(), {
          value: numberCell(t, r, v, where, true),
          path: ['parameterTables', i],
          unit: u >= 0 ? row[u] : undefined,
          source: s >= 0 ? `${row[s]} (${t.file})` : t.file,
        });
      });
    });
    for (const [name, value] of Object.entries(this.sc.parameters ?? {})) {
      const obj = typeof value === 'object' && value !== null && !('dist' in value) ? (value as Record<string, unknown>) : undefined;
      this.paramDefs.set(name, {
        value,
        path: ['parameters', name],
        source: obj?.source as string | undefined,
        unit: obj?.unit as string | undefined,
      });
    }
    for (const name of this.paramDefs.keys()) this.param(name, ['parameters', name]);
  }

  private param(name: string, usedAt: Path): { slot: number; series: boolean } {
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

  // ---- population, organisations ------------------------------------------

  private population(): Float64Array {
    const path = ['population', 'table'];
    const where = this.loaded.problem(path, '').replace(/: $/, '');
    const t = readTable(this.sc.population.table, where);
    const yc = t.columns.indexOf('year');
    if (yc < 0) throw new UserError(`${where}: ${messages.table.missingKeyColumn(t.file, 'year')}`);
    const cols = this.bands.map((b) => columnIndex(t, b, where));
    const out = new Float64Array(this.years.length * this.bands.length);
    this.years.forEach((y, ti) => {
      const r = t.rows.findIndex((row) => row[yc]!.trim() === y);
      if (r < 0) throw new UserError(`${where}: ${messages.table.missingRow(t.file, 'year', y)}`);
      cols.forEach((c, a) => (out[ti * this.bands.length + a] = numberCell(t, r, c, where)));
    });
    return out;
  }

  private organisations(): { id: string; name: string; kind: OrgKind }[] {
    const seen = new Set<string>();
    return this.sc.organisations.map((o, i) => {
      if (seen.has(o.id)) this.fail(['organisations', i, 'id'], messages.duplicateId('organisation', o.id));
      seen.add(o.id);
      return { id: o.id, name: o.name, kind: o.kind };
    });
  }

  private org(id: string, path: Path, index: Map<string, number>, orgs: { kind: OrgKind }[], roles: OrgKind[], role: string): number {
    const i = index.get(id);
    if (i === undefined) return this.fail(path, messages.unknownReference('organisation', id, nearest(id, index.keys())));
    if (!roles.includes(orgs[i]!.kind)) this.fail(path, messages.wrongOrgKind(id, orgs[i]!.kind, role));
    return i;
  }

  // ---- services ------------------------------------------------------------

  private bandColumn(col: TableColumnT, path: Path): Float64Array {
    const where = this.loaded.problem([...path, 'table'], '').replace(/: $/, '');
    return columnByKey(readTable(col.table, where), 'age_band', this.bands, col.column, where);
  }

  private services(orgs: Model['orgs'], orgIndex: Map<string, number>, population: Float64Array) {
    const list = this.sc.services;
    const nB = this.bands.length;
    const ids = new Map<string, number>();
    list.forEach((s, i) => {
      if (ids.has(s.id)) this.fail(['services', i, 'id'], messages.duplicateId('service', s.id));
      ids.set(s.id, i);
    });
    const shape = new Float64Array(list.length * nB);
    const contracts = this.sc.contracts ?? [];
    const services: ServiceDef[] = list.map((s, i) => {
      const at = (...k: (string | number)[]) => ['services', i, ...k];
      const provider = this.org(s.provider, at('provider'), orgIndex, orgs, ['provider', 'council'], 'provider');
      const commissioner = this.org(s.commissioner, at('commissioner'), orgIndex, orgs, ['commissioner', 'council'], 'commissioner');
      let activityKind: ActivityKind;
      let parent = -1;
      let scaleSlot: number;
      const act = s.activity;
      if ('rates' in act) {
        activityKind = ActivityKind.Rates;
        shape.set(this.bandColumn(act.rates, at('activity', 'rates')), i * nB);
        scaleSlot = this.num(act.scale ?? 1, at('activity', 'scale'), { min: 0 });
      } else if ('baseTotal' in act) {
        activityKind = ActivityKind.Total;
        const profile =
          act.profile === 'flat'
            ? new Float64Array(nB).fill(1)
            : Array.isArray(act.profile)
              ? Float64Array.from(act.profile)
              : this.bandColumn(act.profile, at('activity', 'profile'));
        if (profile.length !== nB) this.fail(at('activity', 'profile'), `needs one value per age band (${nB}), got ${profile.length}`);
        profile.forEach((v, a) => v < 0 || !Number.isFinite(v) ? this.fail(at('activity', 'profile', a), messages.negative('profile', v)) : 0);
        // Scale the profile so that profile × base-year population sums to 1: × total gives the rates.
        let denom = 0;
        for (let a = 0; a < nB; a++) denom += profile[a]! * population[a]!;
        if (denom <= 0) this.fail(at('activity', 'profile'), 'the age profile gives no activity for the base-year population');
        for (let a = 0; a < nB; a++) shape[i * nB + a] = profile[a]! / denom;
        scaleSlot = this.num(act.baseTotal, at('activity', 'baseTotal'), { min: 0, what: 'baseTotal' });
      } else {
        activityKind = ActivityKind.Follows;
        const pi = ids.get(act.follows);
        if (pi === undefined) this.fail(at('activity', 'follows'), messages.unknownReference('service', act.follows, nearest(act.follows, ids.keys())));
        if (pi === i) this.fail(at('activity', 'follows'), 'a service cannot follow itself');
        if ('follows' in list[pi]!.activity) this.fail(at('activity', 'follows'), `service '${act.follows}' is itself bed days; follow the admissions`);
        parent = pi;
        shape.set(this.bandColumn(act.lengthOfStay, at('activity', 'lengthOfStay')), i * nB);
        scaleSlot = this.num(act.scale ?? 1, at('activity', 'scale'), { min: 0 });
      }
      const cb = s.costBehaviour ?? {};
      const fixedShareSlot = this.num(cb.fixed ?? 0, at('costBehaviour', 'fixed'), { min: 0, max: 1, what: 'fixed share' });
      const stepShareSlot = this.num(cb.stepped?.share ?? 0, at('costBehaviour', 'stepped', 'share'), { min: 0, max: 1, what: 'stepped share' });
      const stepSizeSlot = this.num(cb.stepped?.size ?? 0, at('costBehaviour', 'stepped', 'size'), { min: 0, what: 'step size' });
      if (cb.stepped && this.p[stepSizeSlot]! <= 0) this.fail(at('costBehaviour', 'stepped', 'size'), 'step size must be more than 0');
      if (this.p[fixedShareSlot]! + this.p[stepShareSlot]! > 1 + 1e-12) this.fail(at('costBehaviour'), 'fixed and stepped shares add up to more than 1');
      const unitCostSlot = this.num(s.unitCost, at('unitCost'), { min: 0, what: 'unit cost' });
      const contractIdx = contracts.findIndex(
        (c) => c.provider === s.provider && c.commissioner === s.commissioner && (!c.services || c.services.includes(s.id)),
      );
      const payment =
        contractIdx >= 0
          ? this.payment(contracts[contractIdx]!.payment, ['contracts', contractIdx, 'payment'])
          : this.payment(s.payment ?? { model: 'tariff' }, at('payment'));
      return {
        id: s.id,
        name: s.name,
        setting: s.setting,
        unit: s.unit,
        provider,
        commissioner,
        activityKind,
        parent,
        scaleSlot,
        unitCostSlot,
        fixedShareSlot,
        stepShareSlot,
        stepSizeSlot,
        growthSlot: this.series(s.growth, at('growth'), { min: -1 }),
        inflationSlot: this.series(s.inflation, at('inflation'), { min: -1 }),
        efficiencySlot: this.series(s.efficiency, at('efficiency'), { min: -1, max: 1 }),
        payment,
      };
    });
    contracts.forEach((c, ci) => {
      this.org(c.provider, ['contracts', ci, 'provider'], orgIndex, orgs, ['provider', 'council'], 'provider');
      this.org(c.commissioner, ['contracts', ci, 'commissioner'], orgIndex, orgs, ['commissioner', 'council'], 'commissioner');
      (c.services ?? []).forEach((id, k) => {
        if (!ids.has(id)) this.fail(['contracts', ci, 'services', k], messages.unknownReference('service', id, nearest(id, ids.keys())));
      });
    });
    const order = Int32Array.from([
      ...services.flatMap((s, i) => (s.parent < 0 ? [i] : [])),
      ...services.flatMap((s, i) => (s.parent >= 0 ? [i] : [])),
    ]);
    return { services, shape, order };
  }

  private payment(pay: ScenarioPayment, path: Path): PaymentDef {
    const none: PaymentDef = { model: Pay.None, amountSlot: -1, upliftSlot: -1, aboveSlot: -1, belowSlot: -1, planDoNothing: true };
    const price = (v: NumberInputT | undefined, key: string) => (v === undefined ? -1 : this.num(v, [...path, key], { min: 0, what: key }));
    const uplift = (v: SeriesInputT | undefined) => (v === undefined ? -1 : this.series(v, [...path, 'uplift'], { min: -1 }));
    switch (pay.model) {
      case 'tariff':
        return { ...none, model: Pay.Tariff, amountSlot: price(pay.price, 'price'), upliftSlot: uplift(pay.uplift) };
      case 'cost-per-case':
        return { ...none, model: Pay.CostPerCase, amountSlot: price(pay.price, 'price'), upliftSlot: uplift(pay.uplift) };
      case 'block':
        return { ...none, model: Pay.Block, amountSlot: price(pay.value, 'value'), upliftSlot: uplift(pay.uplift) };
      case 'blended':
        return {
          model: Pay.Blended,
          amountSlot: price(pay.price, 'price'),
          upliftSlot: uplift(pay.uplift),
          aboveSlot: this.num(pay.above, [...path, 'above'], { min: 0, max: 1, what: 'share above plan' }),
          belowSlot: this.num(pay.below, [...path, 'below'], { min: 0, max: 1, what: 'share below plan' }),
          planDoNothing: (pay.plan ?? 'do-nothing') === 'do-nothing',
        };
      case 'none':
        return none;
    }
  }

  // ---- funding -------------------------------------------------------------

  private funding(orgs: Model['orgs'], orgIndex: Map<string, number>): FundingDef[] {
    const seen = new Set<string>();
    return this.sc.funding.map((f, i) => {
      if (seen.has(f.id)) this.fail(['funding', i, 'id'], messages.duplicateId('funding stream', f.id));
      seen.add(f.id);
      return {
        id: f.id,
        name: f.name ?? f.id,
        org: this.org(f.organisation, ['funding', i, 'organisation'], orgIndex, orgs, ['commissioner', 'council'], 'funded commissioner or council'),
        baseSlot: this.num(f.base, ['funding', i, 'base'], { min: 0, what: 'funding' }),
        growthSlot: this.series(f.growth, ['funding', i, 'growth'], { min: -1 }),
      };
    });
  }

  // ---- schemes -------------------------------------------------------------

  private schemes(services: ServiceDef[], orgIndex: Map<string, number>): SchemeDef[] {
    const ids = new Map(services.map((s, i) => [s.id, i]));
    const seen = new Set<string>();
    const nY = this.years.length;
    return (this.sc.schemes ?? []).map((k, i) => {
      const at = (...p: (string | number)[]) => ['schemes', i, ...p];
      if (seen.has(k.id)) this.fail(at('id'), messages.duplicateId('scheme', k.id));
      seen.add(k.id);
      const svc = (id: string, path: Path) => ids.get(id) ?? this.fail(path, messages.unknownReference('service', id, nearest(id, ids.keys())));
      const source = svc(k.service, at('service'));
      let target = -1;
      let kind: SchemeKind;
      let daysSlot = -1;
      let conversionSlot = -1;
      let fractionSlot = -1;
      const unit = { min: 0, max: 1, what: 'fraction' };
      switch (k.type) {
        case 'shift':
          kind = SchemeKind.Shift;
          target = svc(k.target, at('target'));
          if (target === source) this.fail(at('target'), messages.scheme.selfShift(k.id, k.service));
          if (services.some((s) => s.parent === target)) this.fail(at('target'), `service '${k.target}' has bed days that follow it; shift to a service without bed days`);
          if (services[target]!.parent >= 0) this.fail(at('target'), `service '${k.target}' is bed days that follow admissions; shift to its admissions instead`);
          fractionSlot = this.num(k.fraction, at('fraction'), unit);
          conversionSlot = this.num(k.conversion, at('conversion'), { min: 0, what: 'conversion' });
          break;
        case 'avoid':
          kind = SchemeKind.Avoid;
          fractionSlot = this.num(k.fraction, at('fraction'), unit);
          break;
        case 'los':
          kind = SchemeKind.Los;
          if (services[source]!.parent < 0) this.fail(at('service'), messages.scheme.losNeedsBedDays(k.service));
          if ((k.fraction === undefined) === (k.days === undefined)) this.fail(at(), messages.scheme.losNeedsOne());
          if (k.fraction !== undefined) fractionSlot = this.num(k.fraction, at('fraction'), unit);
          if (k.days !== undefined) daysSlot = this.num(k.days, at('days'), { min: 0, what: 'days' });
          if (k.target !== undefined) {
            target = svc(k.target, at('target'));
            if (target === source) this.fail(at('target'), messages.scheme.selfShift(k.id, k.service));
            if (services[target]!.parent >= 0 || services.some((s) => s.parent === target)) this.fail(at('target'), `service '${k.target}' cannot receive bed days: it has or follows admissions`);
            conversionSlot = this.num(k.conversion ?? 1, at('conversion'), { min: 0, what: 'conversion' });
          } else if (k.conversion !== undefined) this.fail(at('conversion'), messages.scheme.targetNeedsConversion());
          break;
        case 'efficiency':
          kind = SchemeKind.Efficiency;
          fractionSlot = this.num(k.fraction, at('fraction'), unit);
          break;
      }
      if (kind !== SchemeKind.Los && services[source]!.parent >= 0 && kind !== SchemeKind.Efficiency) {
        this.fail(at('service'), messages.scheme.followerSource(k.service));
      }
      const bands = new Uint8Array(this.bands.length);
      if (k.ageBands) {
        k.ageBands.forEach((b, j) => {
          const a = this.bands.indexOf(b);
          if (a < 0) this.fail(at('ageBands', j), messages.unknownReference('age band', b, nearest(b, this.bands)));
          bands[a] = 1;
        });
      } else bands.fill(1);
      const investments: InvestmentDef[] = (k.investment ?? []).map((inv, j) => {
        const oneOffSlots = new Int32Array(nY).fill(-1);
        for (const [y, v] of Object.entries(inv.oneOff ?? {})) {
          const t = this.years.indexOf(y);
          if (t < 0) this.fail(at('investment', j, 'oneOff', y), messages.yearOutsideHorizon(y, this.sc.baseYear, this.sc.horizon));
          oneOffSlots[t] = this.num(v, at('investment', j, 'oneOff', y), { min: 0, what: 'investment' });
        }
        return {
          org: this.org(inv.organisation, at('investment', j, 'organisation'), orgIndex, this.sc.organisations as { kind: OrgKind }[], ['commissioner', 'council', 'provider'], 'investor'),
          oneOffSlots,
          recurrentSlot: inv.recurrent === undefined ? -1 : this.num(inv.recurrent, at('investment', j, 'recurrent'), { min: 0, what: 'investment' }),
        };
      });
      return {
        id: k.id,
        name: k.name ?? k.id,
        kind,
        source,
        target,
        bands,
        phase: this.phase(k.phasing, at('phasing')),
        fractionSlot,
        daysSlot,
        conversionSlot,
        realisationSlot: this.num(k.realisation ?? 1, at('realisation'), { min: 0, max: 1, what: 'realisation' }),
        scopeSlot: this.num(k.scope ?? 1, at('scope'), { min: 0, max: 1, what: 'scope' }),
        investments,
        rationale: k.rationale,
        evidence: k.source,
      };
    });
  }

  /** Share of full effect by year: explicit fractions, or a ramp from the start year. */
  private phase(ph: { start: string; ramp?: 'linear' | 's-curve' | 'step'; years?: number; fractions?: Record<string, number> }, path: Path): Float64Array {
    const nY = this.years.length;
    const out = new Float64Array(nY);
    const start = this.years.indexOf(ph.start);
    if (start < 0) this.fail([...path, 'start'], messages.yearOutsideHorizon(ph.start, this.sc.baseYear, this.sc.horizon));
    if (ph.fractions) {
      let last = 0;
      for (let t = 0; t < nY; t++) {
        const y = this.years[t]!;
        if (y in ph.fractions) last = this.check(ph.fractions[y]!, [...path, 'fractions', y], { min: 0, max: 1, what: 'phasing fraction' });
        out[t] = t < start ? 0 : last;
      }
      for (const y of Object.keys(ph.fractions)) {
        if (!this.years.includes(y)) this.fail([...path, 'fractions', y], messages.scheme.fractionsOutsideHorizon(y));
      }
      return out;
    }
    const years = ph.years ?? 1;
    const ramp = ph.ramp ?? 'linear';
    for (let t = start; t < nY; t++) {
      const x = (t - start + 1) / years; // share of the ramp completed by the end of year t
      if (ramp === 'step' || x >= 1) out[t] = x >= 1 || ramp === 'step' ? (ramp === 'step' && x < 1 ? 0 : 1) : x;
      else if (ramp === 'linear') out[t] = x;
      else out[t] = sCurve(x);
    }
    return out;
  }

  // ---- calibration ---------------------------------------------------------

  // ---- pools ---------------------------------------------------------------

  private serviceRef(id: string, path: Path, ids: Map<string, number>): number {
    const i = ids.get(id);
    if (i === undefined) return this.fail(path, messages.unknownReference('service', id, nearest(id, ids.keys())));
    return i;
  }

  private pools(services: ServiceDef[], orgIndex: Map<string, number>): PoolDef[] {
    const ids = new Map(services.map((s, i) => [s.id, i]));
    const seen = new Set<string>();
    return (this.sc.pools ?? []).map((pool, pi) => {
      const at = (...k: (string | number)[]) => ['pools', pi, ...k];
      if (seen.has(pool.id)) this.fail(at('id'), messages.duplicateId('pool', pool.id));
      seen.add(pool.id);
      const orgOf = (id: string, path: Path) => {
        const o = orgIndex.get(id);
        if (o === undefined) return this.fail(path, messages.unknownReference('organisation', id, nearest(id, orgIndex.keys())));
        return o;
      };
      const partners: number[] = [];
      pool.contributions.forEach((c, ci) => {
        const o = orgOf(c.partner, at('contributions', ci, 'partner'));
        if (!partners.includes(o)) partners.push(o);
      });
      const partnerIndex = (id: string, path: Path) => {
        const o = orgOf(id, path);
        const j = partners.indexOf(o);
        if (j < 0) return this.fail(path, messages.pool.notPartner(id, pool.id));
        return j;
      };
      const host = partners[partnerIndex(pool.host, at('host'))]!;
      const svcList = pool.services.map((id, k) => this.serviceRef(id, at('services', k), ids));
      const dup = svcList.find((x, k) => svcList.indexOf(x) !== k);
      if (dup !== undefined) this.fail(at('services'), messages.duplicateId('service', services[dup]!.id));
      const contributions: ContributionDef[] = pool.contributions.map((c, ci) => {
        const cat = (...k: (string | number)[]) => at('contributions', ci, ...k);
        const kinds = [c.amount !== undefined, c.byYear !== undefined, c.shareOf !== undefined].filter(Boolean).length;
        if (kinds !== 1) this.fail(cat(), messages.pool.contributionKind());
        const def: ContributionDef = {
          partner: partners.indexOf(orgIndex.get(c.partner)!),
          kind: c.amount !== undefined ? 0 : c.byYear !== undefined ? 1 : 2,
          amountSlot: c.amount !== undefined ? this.num(c.amount, cat('amount'), { min: 0, what: 'contribution' }) : -1,
          growthSlot: this.series(c.growth, cat('growth'), { min: -1 }),
          yearSlots: new Int32Array(this.years.length).fill(-1),
          shareSlot: c.shareOf ? this.num(c.shareOf.share, cat('shareOf', 'share'), { min: 0, max: 1, what: 'share' }) : -1,
          services: Int32Array.from((c.shareOf?.services ?? []).map((id, k) => this.serviceRef(id, cat('shareOf', 'services', k), ids))),
          basisDoNothing: (c.shareOf?.basis ?? 'do-nothing') === 'do-nothing',
        };
        if (c.byYear) {
          for (const [y, v] of Object.entries(c.byYear)) {
            const t = this.years.indexOf(y);
            if (t < 0) this.fail(cat('byYear', y), messages.yearOutsideHorizon(y, this.sc.baseYear, this.sc.horizon));
            def.yearSlots[t] = this.num(v, cat('byYear', y), { min: 0, what: 'contribution' });
          }
          this.years.forEach((y, t) => (def.yearSlots[t]! < 0 ? this.fail(cat('byYear'), messages.pool.missingYear(y)) : 0));
        }
        return def;
      });
      const sharesFrom = (rec: Record<string, number>, path: Path): Float64Array => {
        const out = new Float64Array(partners.length);
        let sum = 0;
        for (const [id, v] of Object.entries(rec)) {
          const j = partnerIndex(id, [...path, id]);
          this.check(v, [...path, id], { min: 0, max: 1, what: 'share' });
          out[j] = v;
          sum += v;
        }
        if (Math.abs(sum - 1) > 1e-9) this.fail(path, messages.pool.sharesSum(sum));
        return out;
      };
      const rule = (r: ScenarioRule, path: Path): RuleDef => {
        const method = r.method === 'proportional' ? 0 : r.method === 'fixed' ? 1 : 2;
        if (method === 1 && !r.shares) this.fail([...path, 'shares'], messages.pool.needs('fixed', 'shares'));
        if (method === 2 && !r.bands?.length) this.fail([...path, 'bands'], messages.pool.needs('tiered', 'bands'));
        const bands = (r.bands ?? []).map((b, bi) => ({
          from: b.from,
          to: b.to ?? Infinity,
          shares: sharesFrom(b.shares, [...path, 'bands', bi, 'shares']),
        }));
        bands.forEach((b, bi) => {
          const expectedFrom = bi === 0 ? 0 : bands[bi - 1]!.to;
          if (Math.abs(b.from - expectedFrom) > 1e-12) {
            this.fail([...path, 'bands', bi, 'from'], b.from < expectedFrom ? messages.pool.bandsOverlap(bi) : messages.pool.bandsGap(bi, expectedFrom));
          }
          if (!(b.to > b.from)) this.fail([...path, 'bands', bi, 'to'], messages.pool.bandEmpty(bi));
          if (b.to !== Infinity && bi === bands.length - 1) this.fail([...path, 'bands', bi, 'to'], messages.pool.lastBandOpen());
        });
        const capSlots = new Int32Array(partners.length).fill(-1);
        for (const [id, v] of Object.entries(r.caps ?? {})) {
          capSlots[partnerIndex(id, [...path, 'caps', id])] = this.num(v, [...path, 'caps', id], { min: 0, what: 'cap' });
        }
        const excluded = new Uint8Array(svcList.length * partners.length);
        (r.exclusions ?? []).forEach((ex, ei) => {
          const j = partnerIndex(ex.partner, [...path, 'exclusions', ei, 'partner']);
          ex.services.forEach((id, k) => {
            const sIdx = this.serviceRef(id, [...path, 'exclusions', ei, 'services', k], ids);
            const i = svcList.indexOf(sIdx);
            if (i < 0) this.fail([...path, 'exclusions', ei, 'services', k], messages.pool.serviceNotInPool(id, pool.id));
            excluded[i * partners.length + j] = 1;
          });
        });
        const remainder = r.remainder !== undefined ? partnerIndex(r.remainder, [...path, 'remainder']) : partners.indexOf(host);
        if (capSlots[remainder]! >= 0) this.fail([...path, 'remainder'], messages.pool.remainderCapped(this.sc.organisations[partners[remainder]!]!.id));
        return {
          method: method as RuleDef['method'],
          shares: r.shares ? sharesFrom(r.shares, [...path, 'shares']) : new Float64Array(partners.length),
          bands,
          capSlots,
          remainder,
          excluded,
        };
      };
      const overspend = rule(pool.overspend, at('overspend'));
      const perf = pool.performance;
      return {
        id: pool.id,
        name: pool.name ?? pool.id,
        partners,
        host,
        services: Int32Array.from(svcList),
        contributions,
        reserveSlot: pool.reserve ? this.num(pool.reserve.amount, at('reserve', 'amount'), { min: 0, what: 'reserve' }) : -1,
        reserveShares: pool.reserve?.fundedBy ? sharesFrom(pool.reserve.fundedBy, at('reserve', 'fundedBy')) : null,
        cover: (pool.cover ?? ['reserve', 'underspends']).map((c) => (c === 'reserve' ? 0 : 1)),
        overspend,
        underspend: pool.underspend ? rule(pool.underspend, at('underspend')) : overspend,
        performance: perf
          ? {
              partner: partnerIndex(perf.partner, at('performance', 'partner')),
              heldSlot: this.num(perf.held, at('performance', 'held'), { min: 0, what: 'held amount' }),
              growthSlot: this.series(perf.growth, at('performance', 'growth'), { min: -1 }),
              service: this.serviceRef(perf.service, at('performance', 'service'), ids),
              targetSlot: this.num(perf.targetReduction, at('performance', 'targetReduction'), { min: 0, max: 1, what: 'target reduction' }),
              start: perf.start === undefined ? 0 : this.years.indexOf(perf.start) >= 0 ? this.years.indexOf(perf.start) : this.fail(at('performance', 'start'), messages.yearOutsideHorizon(perf.start, this.sc.baseYear, this.sc.horizon)),
            }
          : null,
      };
    });
  }

  // ---- capitated envelopes ------------------------------------------------

  private envelopes(services: ServiceDef[], orgs: Model['orgs'], orgIndex: Map<string, number>): EnvelopeDef[] {
    const ids = new Map(services.map((s, i) => [s.id, i]));
    const seen = new Set<string>();
    const claimed = new Map<number, string>();
    return (this.sc.envelopes ?? []).map((e, ei) => {
      const at = (...k: (string | number)[]) => ['envelopes', ei, ...k];
      if (seen.has(e.id)) this.fail(at('id'), messages.duplicateId('envelope', e.id));
      seen.add(e.id);
      const provider = this.org(e.provider, at('provider'), orgIndex, orgs, ['provider', 'council'], 'provider');
      const commissioner = this.org(e.commissioner, at('commissioner'), orgIndex, orgs, ['commissioner', 'council'], 'commissioner');
      const svc = e.services.map((id, k) => {
        const i = this.serviceRef(id, at('services', k), ids);
        if (services[i]!.provider !== provider) this.fail(at('services', k), messages.envelope.otherProvider(id, e.provider));
        // the envelope replaces the scope's own payments, which its commissioner must be the one making
        if (services[i]!.commissioner !== commissioner) this.fail(at('services', k), messages.envelope.otherCommissioner(id, orgs[services[i]!.commissioner]!.id, e.commissioner));
        if (claimed.has(i)) this.fail(at('services', k), messages.envelope.twice(id, claimed.get(i)!));
        claimed.set(i, e.id);
        return i;
      });
      let weights: Float64Array | null = null;
      if (e.weights && e.weights !== 'derived') {
        weights = this.bandColumn(e.weights, at('weights'));
      }
      let settlement: SettlementSchedule | null = null;
      let qualityScore: number | undefined;
      if (e.settlement) {
        const { qualityScore: q, ...schedule } = e.settlement as Record<string, unknown>;
        settlement = schedule as unknown as SettlementSchedule;
        qualityScore = q as number | undefined;
        const problems = validateSchedule(settlement);
        if (problems.length) {
          // point at the field the problem names: 'bands[1].payerShare must …', 'bands: thresholds …', 'shareRate must …'
          const problem = problems[0]!;
          const m = /^(\w+)(?:\[(\d+)\]\.(\w+))?(: )?/.exec(problem)!;
          const field = m[2] !== undefined ? [m[1]!, Number(m[2]), m[3]!] : [m[1]!];
          const text = m[4] ? problem.slice(m[0].length) : m[2] !== undefined ? problem.slice(m[1]!.length + m[2].length + 3) : problem;
          this.fail(at('settlement', ...field), text);
        }
        if (settlement.form === 'shared-savings') {
          if (qualityScore !== undefined) this.check(qualityScore, at('settlement', 'qualityScore'), { min: 0, max: 1, what: 'quality score' });
          else if (settlement.qualityScaled) this.fail(at('settlement', 'qualityScaled'), messages.envelope.needsQuality());
        }
      }
      return {
        id: e.id,
        name: e.name ?? e.id,
        provider,
        commissioner,
        services: Int32Array.from(svc),
        weights,
        needIndexSlot: this.num(e.needIndex ?? 1, at('needIndex'), { min: 0, what: 'need index' }),
        baseRateSlot: e.baseRate === undefined ? -1 : this.num(e.baseRate, at('baseRate'), { min: 0, what: 'base rate' }),
        upliftSlot: this.series(e.uplift, at('uplift'), { min: -1 }),
        settlement,
        qualityScore,
      };
    });
  }

  private calibration(): CalibrationDef | undefined {
    const c = this.sc.calibration;
    if (!c) return undefined;
    const par = this.params.get(c.parameter);
    if (!par) this.fail(['calibration', 'parameter'], messages.calibration.notNamed(c.parameter));
    if (par.series) this.fail(['calibration', 'parameter'], messages.calibration.notScalar(c.parameter));
    const year = this.years.indexOf(c.target.year);
    if (year < 0) this.fail(['calibration', 'target', 'year'], messages.yearOutsideHorizon(c.target.year, this.sc.baseYear, this.sc.horizon));
    if (c.range[0] >= c.range[1]) this.fail(['calibration', 'range'], 'the range must go from low to high');
    return {
      parameter: c.parameter,
      slot: par.slot,
      year,
      target: this.p[this.num(c.target.value, ['calibration', 'target', 'value'])]!,
      tolerance: c.target.tolerance ?? 1000,
      range: c.range,
      source: c.source,
    };
  }
}

/** Smooth ramp from 0 to 1 over x in [0, 1] (logistic, rescaled to hit 0 and 1 at the ends). */
function sCurve(x: number): number {
  const k = 10;
  const f = (u: number) => 1 / (1 + Math.exp(-k * (u - 0.5)));
  return (f(x) - f(0)) / (f(1) - f(0));
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
