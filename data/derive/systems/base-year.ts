/**
 * Base-year figures the seed systems share: national activity rates and unit costs (as the
 * Harrogate tables are built), lengths of stay with one column per acute trust, each line's
 * base-year cost for a place, the split of an emergency spell between its bed days and the rest,
 * and the councils' published adult social care net spend to check the modelled lines against.
 */
import { activityCsv, deriveActivityRates } from '../activity-rates.js';
import { ACTIVITY_LINES, BANDS, NB, type ActivityLine } from '../axes.js';
import { deriveLengthOfStay } from '../length-of-stay.js';
import type { RatesArea } from '../hospital-activity.js';
import { LINE_COST } from '../parameters.js';
import { field, fmtMoney, fmtRate, num, readCsv, sum, toCsv } from '../table.js';
import { deriveUnitCosts, type UnitCost } from '../unit-costs.js';
import type { SystemInputs } from './index.js';
import { perHead } from './registered-places.js';

const RS_2017_18 = 'council-finance/mhclg_rs_2017_18_net_current_expenditure_by_LA_DERIVED.csv';
const LOS_ENGLAND = 'activity/hes_apc_2017_18_mean_los_by_10yr_age_england_derived.csv';

/** Activity rates (rounded as written) and unit costs (to the penny, as written) for a system. */
export interface NationalTables {
  ratesCsv: string;
  rates: Map<ActivityLine, number[]>;
  unitCosts: UnitCost[];
  costs: Map<string, number>;
}

/** The activity-rates table of `area` (North Yorkshire or England) and the unit costs in `priceYear` prices, as the Harrogate tables are built. */
export function nationalTables(inputs: SystemInputs, area: RatesArea, priceYear = '2017/18'): NationalTables {
  const act = activityCsv(deriveActivityRates(inputs.dir, inputs.su, inputs.ncc, area));
  const unitCosts = deriveUnitCosts(inputs.dir, inputs.ncc, priceYear);
  return { ratesCsv: act.csv, rates: act.rounded, unitCosts, costs: new Map(unitCosts.map((c) => [c.item, Number(fmtMoney(c.value))])) };
}

/** Each line's base-year cost (£) for a population row: Σ_bands rate × persons × unit cost. */
export function lineCosts(pop: readonly number[], t: NationalTables): Map<ActivityLine, number> {
  return new Map(ACTIVITY_LINES.map((l) => [l, perHead(t.rates.get(l)!, pop) * t.costs.get(LINE_COST[l])!]));
}

/** England's mean length of stay by band, 2017-18 (10-year bands copied to both 5-year bands; 80-89 and 90+ both X80+). */
export function englandLengthOfStay(dir: string): number[] {
  const eng = new Map(readCsv(dir, LOS_ENGLAND).map((r) => [field(r, ''), num(r['ageHospitalMeanLengthOfStay'], 'eng los')]));
  return BANDS.map((_, i) => {
    const lo = Math.floor(i / 2) * 10;
    const key = i === NB - 1 || lo === 80 ? 'X80+' : `X${lo}.${lo + 9}`;
    const v = eng.get(key);
    if (v === undefined) throw new Error(`England LoS: no ${key}`);
    return v;
  });
}

/**
 * length-of-stay.csv with one column per acute trust (lower-case provider code, HES 10641,
 * suppressed cells from England) and, if asked, an `england` column.
 */
export function lengthOfStayTable(dir: string, providers: readonly string[], withEngland = false): { csv: string; values: Map<string, number[]>; fallbacks: Map<string, string[]> } {
  const values = new Map<string, number[]>();
  const fallbacks = new Map<string, string[]>();
  for (const code of providers) {
    const los = deriveLengthOfStay(dir, code);
    values.set(code.toLowerCase(), los.values);
    fallbacks.set(code, los.fallbacks);
  }
  if (withEngland) values.set('england', englandLengthOfStay(dir));
  const cols = [...values.keys()];
  const csv = toCsv(['age_band', ...cols], BANDS.map((b, i) => [b, ...cols.map((c) => fmtRate(values.get(c)![i]!))]));
  return { csv, values, fallbacks };
}

/** A council's adult social care net current expenditure 2017-18, £ (RS line 360; match on the E-code, as the reference README says). */
export function ascNet2017(dir: string, eCode: string): number {
  const r = readCsv(dir, RS_2017_18).find((x) => field(x, 'E-code') === eCode);
  if (!r) throw new Error(`RS 2017-18: no ${eCode}`);
  return num(r['360 Adult Social Care'], `${eCode} ASC`) * 1000;
}

/**
 * The part of an emergency spell not spent on ward days: spell − bed day × mean stay, the stay
 * weighted by base-year emergency admissions by band (as parameters.ts does for Harrogate).
 */
export function spellExcludingBedDays(t: NationalTables, admissionsByBand: readonly number[], losByBand: readonly number[]): { meanLos: number; perAdmission: number } {
  const admissions = sum(admissionsByBand);
  const meanLos = sum(admissionsByBand.map((n, b) => n * losByBand[b]!)) / admissions;
  const perAdmission = t.costs.get('emergency_spell')! - t.costs.get('acute_bed_day')! * meanLos;
  if (!(perAdmission > 0)) throw new Error('emergency spell is less than its bed days');
  return { meanLos, perAdmission };
}

/** A parameters.csv writer: each value formatted once, kept as written (later figures compute from what the table says). */
export class ParameterList {
  private rows: string[][] = [];
  readonly values = new Map<string, number>();
  add(name: string, value: number, fmt: (x: number) => string, unit: string, source: string): number {
    if (this.values.has(name)) throw new Error(`parameter ${name} twice`);
    const s = fmt(value);
    this.rows.push([name, s, unit, source]);
    this.values.set(name, Number(s));
    return Number(s);
  }
  csv(): string {
    return toCsv(['name', 'value', 'unit', 'source'], this.rows);
  }
}
