/**
 * unit-costs.csv: the price of one unit of each activity, in 2017/18 prices, each kept with its
 * source value and price year so the rebasing can be checked by hand.
 */
import { priceFactor } from './cost-inflation.js';
import { nccWeighted, type NccRow } from './national-cost-collection.js';
import { field, fmtMoney, num, plain, readCsv, toCsv } from './table.js';

const REFERENCE_COSTS = 'costs/nhs_reference_costs_hrg_unit_costs_2010_2016_via_hesr.csv';
const PSSRU_GP = 'costs/pssru_ucshc_gp_via_costmos.csv';

/** Median of the non-elective long-stay excess bed-day costs over HRGs in the latest reference-cost year. */
function acuteExcessBedDay(dir: string): { median: number; year: string; n: number } {
  const rows = readCsv(dir, REFERENCE_COSTS).filter((r) => field(r, 'type') === 'Non_Elective_LS');
  const year = String(Math.max(...rows.map((r) => num(r['Year'], 'ref year'))));
  const xs = rows
    .filter((r) => field(r, 'Year') === year)
    .map((r) => num(r['Excess_unit_cost'], 'excess cost'))
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  return { median, year, n: xs.length };
}

/** PSSRU GP cost per 10-minute surgery consultation, 2024 edition, excl. qualifications, incl. direct care staff. */
function gpConsultationCost(dir: string): number {
  const r = readCsv(dir, PSSRU_GP).find(
    (x) =>
      field(x, 'year') === '2024' &&
      field(x, 'variable') === 'Per surgery consultation lasting 10 minutes' &&
      field(x, 'qualification_cost') === 'excluding' &&
      field(x, 'direct_care_staff_cost') === 'including',
  );
  if (!r) throw new Error('PSSRU GP: consultation row not found');
  return num(r['cost'], 'pssru gp');
}

export interface UnitCost { item: string; unit: string; value: number; sourceValue: number; priceYear: string; source: string }

/** Unit costs in `priceYear` prices (a system's base year; Harrogate's is 2017/18), each with its source value and price year. */
export function deriveUnitCosts(dir: string, ncc: readonly NccRow[], priceYear = '2017/18'): UnitCost[] {
  const NCC = 'NHS England National Cost Collection 2023/24 national schedule';
  const dept = (d: string) => (r: NccRow) => r.dept === d;
  const make = (item: string, unit: string, sourceValue: number, from: string, source: string): UnitCost => ({
    item, unit, sourceValue, priceYear: from, source, value: sourceValue * priceFactor(from, priceYear),
  });
  const bed = acuteExcessBedDay(dir);
  const refYearLabel = `${Number(bed.year) - 1}/${bed.year.slice(2)}`;
  return [
    make('ae_attendance', 'attendance', nccWeighted(ncc, dept('Emergency Care'), 'A&E'), '2023/24',
      `${NCC}: department 'Emergency Care' (VB01Z-VB99Z), activity-weighted mean`),
    make('emergency_spell', 'spell', nccWeighted(ncc, (r) => r.dept.startsWith('Non-Elective Inpatient'), 'NEL'), '2023/24',
      `${NCC}: 'Non-Elective Inpatient - Long Stay' + 'Non-Elective Inpatient - Short Stay', activity-weighted mean`),
    make('acute_bed_day', 'bed day', bed.median, refYearLabel,
      `NHS Reference Costs (via STAPM/hesr), schedule year ${bed.year}: median over ${bed.n} HRGs of non-elective long-stay excess bed-day unit cost (unweighted); price year ${refYearLabel} is an ASSUMPTION`),
    make('elective_spell', 'spell', nccWeighted(ncc, dept('Elective Inpatients'), 'EL'), '2023/24',
      `${NCC}: department 'Elective Inpatients', activity-weighted mean`),
    make('day_case', 'day case', nccWeighted(ncc, dept('Daycase'), 'DC'), '2023/24',
      `${NCC}: department 'Daycase', activity-weighted mean`),
    make('outpatient_attendance', 'attendance', nccWeighted(ncc, dept('Consultant Led'), 'OP'), '2023/24',
      `${NCC}: department 'Consultant Led' (outpatients), activity-weighted mean`),
    make('community_contact', 'contact', nccWeighted(ncc, dept('Community Health Service'), 'CHS'), '2023/24',
      `${NCC}: department 'Community Health Service', activity-weighted mean`),
    // The seed's model of community beds: care-home or extra-care beds with hotel services from
    // the housing provider and clinical input from the integrated team (seed 001), so a nursing-home
    // day plus one home-based intermediate-care contact a day. (The NCC schedule has no community
    // bed-day currency; its rehabilitation inpatient bed day, £634, is a specialist ward.)
    make('community_bed_day', 'bed day',
      1003 / 7 + nccWeighted(ncc, (r) => r.dept === 'Community Health Service' && r.code.trim() === 'IC03', 'IC03'), '2023/24',
      `ASSUMPTION built from sources: PSSRU nursing home 65+ £1,003 a week / 7 + ${NCC} IC03 'Intermediate Care Home Based Services' per contact (one a day); the seed's step-down beds in care homes or extra care housing`),
    make('mental_health_contact', 'contact', nccWeighted(ncc, dept('Mental Health Care Contact'), 'MHCC'), '2023/24',
      `${NCC}: 'Mental Health Care Contact' (MHCC)`),
    make('gp_consultation', 'consultation', gpConsultationCost(dir), '2023/24',
      'PSSRU Unit Costs of Health and Social Care 2024 (via COSTmos): GP per surgery consultation lasting 10 minutes, excluding qualification costs, including direct care staff costs'),
    make('home_care_hour', 'hour', 27, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): home care per hour'),
    make('residential_week', 'resident week', 897, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): residential care 65+ LA-funded median per week'),
    make('nursing_week', 'resident week', 1003, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): nursing home 65+ LA-funded median per week, excluding NHS-funded nursing care'),
    make('fnc_week', 'resident week', 236, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): NHS-funded nursing care per week (NHS cost, separate from nursing_week)'),
    make('reablement_case', 'case', 1900, '2023/24', 'PSSRU Unit Costs of Health and Social Care (headline, reference README): reablement about £1,900 a case; price year 2023/24 is an ASSUMPTION'),
  ];
}

/** unit-costs.csv text: the value in `priceYear` prices to the penny, source value to 4 dp. */
export function unitCostsCsv(costs: readonly UnitCost[], priceYear = '2017/18'): string {
  return toCsv(
    ['item', 'unit', `unit_cost_${priceYear.replace('/', '_')}`, 'source_value', 'source_price_year', 'source'],
    costs.map((c) => [c.item, c.unit, fmtMoney(c.value), plain(Number(c.sourceValue.toFixed(4))), c.priceYear, c.source]),
  );
}
