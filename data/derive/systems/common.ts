/**
 * What the Devon and Plymouth derivations add to the seed systems' shared base-year figures
 * (base-year.ts): activity by band with a scale, each line's unit cost as written, unit costs as
 * parameters, relative age weights for funding, and tables by band.
 */
import { BANDS, type ActivityLine } from '../axes.js';
import { LINE_COST } from '../parameters.js';
import { fmtMoney, fmtRate, sum, toCsv } from '../table.js';
import type { NationalTables, ParameterList } from './base-year.js';

/** Whole numbers, as written. */
export const fmtWhole = (x: number): string => String(Math.round(x));

/** Activity by band: rate × population × scale. */
export function activityByBand(pop: readonly number[], rates: readonly number[], scale = 1): number[] {
  return pop.map((n, b) => n * rates[b]! * scale);
}

/** The unit cost that prices a line, as written. */
export function lineUnitCost(n: NationalTables, line: ActivityLine): number {
  const c = n.costs.get(LINE_COST[line]);
  if (c === undefined) throw new Error(`no unit cost for ${line}`);
  return c;
}

/** Every unit cost as a parameter (`unit_cost_<item>`), so scenario files can name it. */
export function addUnitCosts(params: ParameterList, n: NationalTables, priceYear: string): void {
  for (const u of n.unitCosts) {
    params.add(`unit_cost_${u.item}`, u.value, fmtMoney, `GBP per ${u.unit} (${priceYear} prices)`, `unit-costs.csv ${u.item}: ${u.source}`);
  }
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
