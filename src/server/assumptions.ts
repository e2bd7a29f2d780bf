/**
 * The dashboard's headline assumptions, as the scenario sets them and as
 * overrides a run request can carry:
 *
 * - `shiftFraction`: the fraction of the avoidable-admissions scheme (else the
 *   first shift scheme) → `schemes: [{ id, fraction }]`;
 * - `costInflationThereafter`: the Cost Inflation Index after its last written
 *   year (parameter `cii`, `thereafter`) → `parameters: { cii: { thereafter } }`.
 *   (The calibrated residual is not offered: an override would be fitted away.)
 * - `acutePayment`: how the commissioner pays the main acute provider —
 *   tariff (each service's own Payment by Results price), block (base-year
 *   cost uplifted by the CII) or blended (a fixed sum for planned activity with
 *   20% of price for activity above or below plan), as the
 *   harrogate-integrated-care-block/-blended files write it → `contracts`.
 */
import { readTable } from '../scenario/table.js';
import { parameterLabel } from '../scenario/labels.js';
import type { PreparedScenario } from '../index.js';
import { allocate, applyLinks, project as projectModel } from '../engine/project.js';

export type AcutePayment = 'tariff' | 'block' | 'blended';

export interface Assumptions {
  shiftFraction: { value: number; scheme: string; name: string } | null;
  costInflationThereafter: { value: number; parameter: string; from: string } | null;
  acutePayment: { value: string; provider: string; commissioner: string; services: string[] } | null;
}

export interface AssumptionRequest {
  shiftFraction?: number | undefined;
  costInflationThereafter?: number | undefined;
  acutePayment?: AcutePayment | undefined;
}

/**
 * A parameter the dashboard lets the user change: a single number (written as
 * a number, `value: <number>` or `value: <distribution>`), with the range the
 * loader validates it within where it is used, and its source.
 */
export interface ParameterAssumption {
  name: string;
  label: string;
  /** Its value as the scenario sets it (a distribution's central value). */
  value: number;
  min?: number;
  max?: number;
  unit?: string;
  source?: string;
  /** Written as a distribution: changing it fixes it at the value given. */
  uncertain: boolean;
}

/**
 * Every parameter that is one number (not a series, table or formula, and not
 * the calibration's fitted residual, whose override would be fitted away): those
 * the scenario writes under `parameters`, in its order, then those its
 * `parameterTables` give that the projection uses (a change to the value moves
 * some figure: a table row nothing reads, such as another system's, is not offered).
 */
export function parameterAssumptions(s: PreparedScenario): ParameterAssumption[] {
  const sc = s.loaded.scenario;
  const out: ParameterAssumption[] = [];
  const offer = (name: string, slot: number, uncertain: boolean) => {
    const info = s.model.parameters.get(name)!;
    const domain = s.domains?.get(slot) ?? rangeThroughFormulas(s, slot);
    out.push({
      name,
      label: parameterLabel(sc, name),
      value: s.model.p0[slot]!,
      ...(domain?.min !== undefined ? { min: domain.min } : {}),
      ...(domain?.max !== undefined ? { max: domain.max } : {}),
      ...(info.unit ? { unit: info.unit } : {}),
      ...(info.source ? { source: info.source } : {}),
      uncertain,
    });
  };
  const written = sc.parameters ?? {};
  for (const [name, w] of Object.entries(written)) {
    const info = s.model.parameters.get(name);
    if (!info || info.series || name === s.calibration?.parameter) continue;
    const value = typeof w === 'number' ? w : typeof w === 'object' && 'value' in w ? w.value : undefined;
    if (value === undefined || typeof value === 'string') continue; // a $reference is the other parameter's
    offer(name, info.slot, typeof value === 'object');
  }
  const m = s.model;
  const moves = projectionMoves(s);
  for (const [name, info] of m.parameters) {
    if (name in written || name.startsWith('=') || info.series || name === s.calibration?.parameter) continue;
    // used if nudging it moves the gap, a position or activity (a value read only while loading is not offered)
    const p = Float64Array.from(m.p0);
    p[info.slot] = p[info.slot] === 0 ? 1 : p[info.slot]! * 1.1;
    if (moves(p)) offer(name, info.slot, false);
  }
  return out;
}

/**
 * The range a parameter must keep for the formulas that read it to keep
 * theirs, where it is validated only through them (a national unit cost
 * scaled to local prices, checked at the service that reads the scaled
 * one): for each formula that is linear in it (r = r0 + a × x, as evaluated
 * at 0, x and 2x with the other values central) and whose result has a
 * range, the values of x that keep r within it. Undefined if there is none.
 */
export function rangeThroughFormulas(s: PreparedScenario, slot: number): { min?: number; max?: number } | undefined {
  const m = s.model;
  const x0 = m.p0[slot]! === 0 ? 1 : m.p0[slot]!;
  const p = Float64Array.from(m.p0);
  let min = -Infinity;
  let max = Infinity;
  for (const f of m.formulas) {
    const d = s.domains?.get(f.slot);
    if (!d || (d.min === undefined && d.max === undefined)) continue;
    const at = (x: number) => {
      p[slot] = x;
      const r = f.fn(p);
      p[slot] = m.p0[slot]!;
      return r;
    };
    const [r0, r1, r2] = [at(0), at(x0), at(2 * x0)];
    const a = (r1 - r0) / x0;
    if (!(a !== 0 && Number.isFinite(a)) || Math.abs(r2 - 2 * r1 + r0) > 1e-9 * Math.max(1, Math.abs(r1), Math.abs(r2))) continue;
    // a·x + r0 within [d.min, d.max]
    for (const [bound, isMin] of [[d.min, true], [d.max, false]] as const) {
      if (bound === undefined) continue;
      const x = (bound - r0) / a;
      if (isMin === a > 0) min = Math.max(min, x);
      else max = Math.min(max, x);
    }
  }
  if (min === -Infinity && max === Infinity) return undefined;
  return { ...(min > -Infinity ? { min } : {}), ...(max < Infinity ? { max } : {}) };
}

/** A year-by-year parameter the dashboard lets the user change, year by year. */
export interface SeriesAssumption {
  name: string;
  label: string;
  unit?: string;
  source?: string;
  /** Each year after the base year (a series is the change into each year), with its value and the range validated where it is used. */
  years: { year: string; value: number; min?: number; max?: number }[];
  /** Some year is written as a distribution: changing the series fixes every year at the values given. */
  uncertain: boolean;
}

/**
 * Every series parameter the scenario writes (a table or byYear values, not a
 * formula) that the projection reads, but the Cost Inflation Index, whose later
 * years are a headline control. An edit is sent as the whole series under
 * `byYear` (the file's own years replaced; a table's rows are replaced by them).
 */
export function seriesAssumptions(s: PreparedScenario): SeriesAssumption[] {
  const sc = s.loaded.scenario;
  const m = s.model;
  const out: SeriesAssumption[] = [];
  const moves = projectionMoves(s);
  // each year's slot is copied from the value written for it (links), which is where a use's range is recorded
  const sourceOf = new Map<number, number>();
  for (let x = 0; x < m.links.length; x += 2) sourceOf.set(m.links[x + 1]!, m.links[x]!);
  for (const [name, w] of Object.entries(sc.parameters ?? {})) {
    const info = m.parameters.get(name);
    if (!info?.series || name === CII || typeof w !== 'object' || !('table' in w || 'byYear' in w)) continue;
    const p = Float64Array.from(m.p0);
    for (let t = 1; t < m.nYears; t++) {
      const to = info.slot + t;
      p[sourceOf.get(to) ?? to] = m.p0[to] === 0 ? 1 : m.p0[to]! * 1.1;
    }
    if (!moves(p)) continue;
    const uncertain = s.uncertain.some((u) => u.label.startsWith(`parameters.${name}.`));
    const years = m.years.slice(1).map((year, i) => {
      const to = info.slot + i + 1;
      const domain = s.domains?.get(sourceOf.get(to) ?? to) ?? s.domains?.get(to);
      return { year, value: m.p0[info.slot + i + 1]!, ...(domain?.min !== undefined ? { min: domain.min } : {}), ...(domain?.max !== undefined ? { max: domain.max } : {}) };
    });
    out.push({ name, label: parameterLabel(sc, name), ...(info.unit ? { unit: info.unit } : {}), ...(info.source ? { source: info.source } : {}), years, uncertain });
  }
  return out;
}

/** A scheme's investment sums that its file writes as numbers, editable on the dashboard (a sum written as $parameter is that parameter's). */
export interface InvestmentAssumption {
  scheme: string;
  name: string;
  /** The scheme's investment list as the file writes it: an edit sends it back whole, its changed sums in place (a list is replaced, not merged). */
  written: unknown[];
  /** Each sum written as a number: its entry in the list, who pays, the one-off's year (null: the recurrent £ a year), £. */
  sums: { index: number; organisation: string; year: string | null; value: number; source?: string }[];
}

/** Every scheme's investment sums written as numbers, scheme by scheme in the file's order. */
export function investmentAssumptions(s: PreparedScenario): InvestmentAssumption[] {
  const sc = s.loaded.scenario;
  const orgName = (id: string) => sc.organisations.find((o) => o.id === id)?.name ?? id;
  return (sc.schemes ?? []).flatMap((k) => {
    const entries = k.investment ?? [];
    const sums = entries.flatMap((v, index) => {
      const base = { index, organisation: orgName(v.organisation), ...(v.source ? { source: v.source } : {}) };
      const oneOffs = Object.entries(v.oneOff ?? {}).flatMap(([year, x]) => (typeof x === 'number' ? [{ ...base, year, value: x }] : []));
      return typeof v.recurrent === 'number' ? [...oneOffs, { ...base, year: null, value: v.recurrent }] : oneOffs;
    });
    return sums.length ? [{ scheme: k.id, name: k.name ?? k.id, written: entries, sums }] : [];
  });
}

/** Whether parameters `p` move the gap, a position or activity from the scenario's own projection (a value read only while loading moves nothing). */
function projectionMoves(s: PreparedScenario): (p: Float64Array) => boolean {
  const m = s.model;
  const ws = allocate(m);
  const figures = (p: Float64Array) => {
    applyLinks(m, p);
    const w = projectModel(m, p, ws, { detail: false, attribution: false });
    return [w.systemGap, w.doNothingGap, w.orgPosition, w.activity];
  };
  const base = figures(Float64Array.from(m.p0)).map((a) => Float64Array.from(a));
  return (p) => figures(p).some((a, k) => a.some((v, i) => !Object.is(v, base[k]![i])));
}

const PAY_NAMES = ['tariff', 'block', 'blended', 'cost-per-case', 'none'];
const CII = 'cii';

function shiftScheme(s: PreparedScenario) {
  const schemes = s.loaded.scenario.schemes ?? [];
  return schemes.find((k) => k.id === 'avoidable-admissions') ?? schemes.find((k) => k.type === 'shift');
}

/** The acute trust's paid services under one commissioner: the first paid acute flow's provider and commissioner, and every acute service between them. */
function acuteScope(s: PreparedScenario) {
  const m = s.model;
  const lead = m.flows.find((f) => m.services[f.service]!.setting === 'acute' && PAY_NAMES[f.payment.model] !== 'none');
  if (!lead) return undefined;
  const provider = m.orgs[lead.provider]!.id;
  const commissioner = m.orgs[lead.commissioner]!.id;
  const scope = [...new Set(m.flows.filter((f) => m.services[f.service]!.setting === 'acute' && f.provider === lead.provider && f.commissioner === lead.commissioner).map((f) => m.services[f.service]!.id))];
  return { lead, provider, commissioner, services: scope };
}

/** The headline assumptions as this (loaded, possibly overridden) scenario sets them. */
export function currentAssumptions(s: PreparedScenario): Assumptions {
  const m = s.model;
  const scheme = shiftScheme(s);
  const schemeDef = scheme ? m.schemes.find((k) => k.id === scheme.id) : undefined;
  const cii = m.parameters.get(CII);
  const ciiWritten = s.loaded.scenario.parameters?.[CII];
  const acute = acuteScope(s);
  return {
    shiftFraction: scheme && schemeDef && schemeDef.fractionSlot >= 0 ? { value: m.p0[schemeDef.fractionSlot]!, scheme: scheme.id, name: scheme.name ?? scheme.id } : null,
    costInflationThereafter:
      cii?.series && ciiWritten && typeof ciiWritten === 'object' && ('byYear' in ciiWritten || 'table' in ciiWritten)
        ? { value: m.p0[cii.slot + m.nYears - 1]!, parameter: CII, from: nextYearAfter(writtenYears(ciiWritten), m.years) }
        : null,
    acutePayment: acute ? { value: PAY_NAMES[acute.lead.payment.model] ?? 'tariff', provider: acute.provider, commissioner: acute.commissioner, services: acute.services } : null,
  };
}

/** The years a series parameter writes: its byYear keys, or the years its table has a row for. */
function writtenYears(written: object): string[] {
  if ('byYear' in written) return Object.keys(written.byYear as Record<string, unknown>);
  const file = (written as { table: string }).table;
  const t = readTable(file, file); // already read (and cached) when the scenario was loaded
  return t.rows.map((row) => row[0]!.trim()).filter(Boolean);
}

function nextYearAfter(written: string[], years: string[]): string {
  const last = Math.max(...written.map((y) => years.indexOf(y)));
  return years[Math.min(last + 1, years.length - 1)] ?? years[years.length - 1]!;
}

/** A field that the scenario cannot take (→ 400 naming `assumptions.<field>`). */
export class AssumptionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Overrides that set the requested headline assumptions on scenario `s`
 * (loaded without overrides). Throws `AssumptionError` for one the scenario
 * has no place for.
 */
export function assumptionOverrides(s: PreparedScenario, a: AssumptionRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const current = currentAssumptions(s);
  if (a.shiftFraction !== undefined) {
    if (!current.shiftFraction) throw new AssumptionError('assumptions.shiftFraction', `scenario '${s.name}' has no shift scheme to change`);
    out.schemes = [{ id: current.shiftFraction.scheme, fraction: a.shiftFraction }];
  }
  if (a.costInflationThereafter !== undefined) {
    if (!current.costInflationThereafter) throw new AssumptionError('assumptions.costInflationThereafter', `scenario '${s.name}' has no year-by-year parameter '${CII}'`);
    out.parameters = { [CII]: { thereafter: a.costInflationThereafter } };
  }
  if (a.acutePayment !== undefined) {
    const acute = current.acutePayment;
    if (!acute) throw new AssumptionError('assumptions.acutePayment', `scenario '${s.name}' has no acute services with a payment`);
    const contracts = s.loaded.scenario.contracts ?? [];
    // Contracts that now decide how the acute services are paid.
    const covering = contracts.filter((c) => c.provider === acute.provider && c.commissioner === acute.commissioner && (!c.services || c.services.some((id) => acute.services.includes(id))));
    const hasCii = s.model.parameters.has(CII);
    const payment =
      a.acutePayment === 'block'
        ? { model: 'block', ...(hasCii ? { uplift: `$${CII}` } : {}) }
        : a.acutePayment === 'blended'
          ? { model: 'blended', above: 0.2, below: 0.2, plan: 'do-nothing' }
          : undefined;
    const list: Record<string, unknown>[] = [];
    // Tariff: no contract covers the acute services (each is paid its own tariff).
    // Block or blended: the first covering contract (or a new one) covers exactly them.
    covering.forEach((c, i) => {
      const keep = payment && i === 0;
      const rest = c.services ? c.services.filter((id) => !acute.services.includes(id)) : [];
      list.push(keep ? { id: c.id, services: acute.services, payment } : { id: c.id, services: rest });
    });
    if (payment && covering.length === 0) {
      list.push({ id: 'dashboard-acute-payment', provider: acute.provider, commissioner: acute.commissioner, services: acute.services, payment, source: 'Set from the dashboard' });
    }
    if (list.length) out.contracts = list;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Lay `over` on `base` the way a child scenario is laid on its parent: objects
 * merge; lists of objects with ids merge by id; anything else is replaced.
 */
export function layer(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = layer(base[k], v);
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over) && [...base, ...over].every((x) => isPlainObject(x) && typeof x.id === 'string')) {
    const out = base.map((x) => ({ ...(x as Record<string, unknown>) }));
    for (const o of over as Record<string, unknown>[]) {
      const i = out.findIndex((x) => x.id === o.id);
      if (i >= 0) out[i] = layer(out[i], o) as Record<string, unknown>;
      else out.push(o);
    }
    return out;
  }
  return over;
}
