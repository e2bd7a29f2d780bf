/**
 * What the seed systems' derivations share: a parameters table built figure by figure (each
 * rounded as written, so later figures are computed from what the table says), the national
 * inputs every system reads (activity rates by age, unit costs at its base year), and the costing
 * of activity lines from the rounded tables.
 */
import { activityCsv, deriveActivityRates } from '../activity-rates.js';
import { BANDS, type ActivityLine } from '../axes.js';
import type { RatesArea } from '../hospital-activity.js';
import { LINE_COST } from '../parameters.js';
import { fmtMoney, fmtRate, sum, toCsv } from '../table.js';
import { deriveUnitCosts, unitCostsCsv, type UnitCost } from '../unit-costs.js';
import type { SystemInputs } from './index.js';

/** A parameters.csv built one figure at a time: `add` rounds as written and returns the rounded value. */
export class ParamTable {
  private readonly rows: string[][] = [];
  readonly values = new Map<string, number>();

  add(name: string, value: number, fmt: (x: number) => string, unit: string, source: string): number {
    if (!Number.isFinite(value)) throw new Error(`parameter ${name} is not finite (${value})`);
    if (this.values.has(name)) throw new Error(`parameter ${name} given twice`);
    const s = fmt(value);
    this.rows.push([name, s, unit, source]);
    this.values.set(name, Number(s));
    return Number(s);
  }

  get(name: string): number {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`no parameter ${name}`);
    return v;
  }

  csv(): string {
    return toCsv(['name', 'value', 'unit', 'source'], this.rows);
  }
}

/** Whole numbers, as written. */
export const fmtWhole = (x: number): string => String(Math.round(x));

/** The national inputs of a system: activity rates by age (England's hospital rates), unit costs at its base year. */
export interface NationalInputs {
  ratesCsv: string;
  rates: Map<ActivityLine, number[]>;
  unitCosts: UnitCost[];
  unitCostsCsv: string;
  /** Unit cost by item, as written (2 dp). */
  cost: Map<string, number>;
}

/** Activity rates (hospital lines from `area`'s rates) and unit costs rebased to `priceYear` with the CII. */
export function nationalInputs({ dir, su, ncc }: SystemInputs, area: RatesArea, priceYear: string): NationalInputs {
  const act = activityCsv(deriveActivityRates(dir, su, ncc, area));
  const unitCosts = deriveUnitCosts(dir, ncc, priceYear);
  return {
    ratesCsv: act.csv,
    rates: act.rounded,
    unitCosts,
    unitCostsCsv: unitCostsCsv(unitCosts, priceYear),
    cost: new Map(unitCosts.map((c) => [c.item, Number(fmtMoney(c.value))])),
  };
}

/** Activity by band: rate × population × scale. */
export function activityByBand(pop: readonly number[], rates: readonly number[], scale = 1): number[] {
  return pop.map((n, b) => n * rates[b]! * scale);
}

/** The unit cost that prices a line, as written. */
export function lineUnitCost(n: NationalInputs, line: ActivityLine): number {
  const c = n.cost.get(LINE_COST[line]);
  if (c === undefined) throw new Error(`no unit cost for ${line}`);
  return c;
}

/** Every unit cost as a parameter (`unit_cost_<item>`), so scenario files can name it. */
export function addUnitCosts(params: ParamTable, n: NationalInputs, priceYear: string): void {
  for (const u of n.unitCosts) {
    params.add(`unit_cost_${u.item}`, u.value, fmtMoney, `GBP per ${u.unit} (${priceYear} prices)`, `unit-costs.csv ${u.item}: ${u.source}`);
  }
}

/**
 * The part of an emergency spell not spent on ward days: the spell's price less the bed-day price
 * × the mean stay, so that spells priced at the spell tariff still cost, on average, the tariff
 * when their bed days are costed on their own line.
 */
export function admissionExclBedDays(spell: number, bedDay: number, admissions: number, bedDays: number): number {
  const v = spell - (bedDay * bedDays) / admissions;
  if (!(v > 0)) throw new Error(`emergency spell £${spell} is less than its bed days (£${bedDay} × ${(bedDays / admissions).toFixed(2)} days)`);
  return v;
}

/** Relative weights by band (mean 1 over `pop`): spend per head by band ÷ spend per head overall, 6 significant digits. */
export function relativeWeights(spend: readonly number[], pop: readonly number[]): number[] {
  const mean = sum(spend) / sum(pop);
  return spend.map((v, b) => Number(fmtRate(pop[b]! > 0 ? v / pop[b]! / mean : 1)));
}

/** A table by band: `age_band` and one column per entry. */
export function bandTable(columns: Readonly<Record<string, readonly number[]>>, fmt: (x: number) => string = fmtRate): string {
  const names = Object.keys(columns);
  return toCsv(['age_band', ...names], BANDS.map((b, i) => [b, ...names.map((c) => fmt(columns[c]![i]!))]));
}
