/**
 * cost-inflation.csv and the price-base conversion built on it: every cost and allocation is moved
 * to 2017/18 prices with the NHS Cost Inflation Index, so all figures share one price base.
 */
import { financialYear } from './axes.js';
import { fmtRate, toCsv } from './table.js';

/**
 * NHS Cost Inflation Index (pay and prices), as given in the reference README
 * (2023/24 provisional). Rate for year Y is the price growth from Y-1 to Y.
 */
export const CII: ReadonlyArray<readonly [string, number]> = [
  ['2016/17', 0.0209],
  ['2017/18', 0.0124],
  ['2018/19', 0.016],
  ['2019/20', 0.0214],
  ['2020/21', 0.0249],
  ['2021/22', 0.0258],
  ['2022/23', 0.0732],
  ['2023/24', 0.0431],
];

/** CII rate for a financial year ("2018/19"); throws outside the table rather than assume nil inflation. */
export function ciiRate(year: string): number {
  const hit = CII.find(([y]) => y === year);
  if (!hit) throw new Error(`no CII rate for ${year}`);
  return hit[1];
}

/**
 * Factor converting a price of `fromYear` to `toYear` prices with the CII.
 * Later years deflate (divide by the product of rates after toYear up to fromYear); earlier years inflate.
 */
export function priceFactor(fromYear: string, toYear: string): number {
  const start = Number(fromYear.slice(0, 4));
  const to = Number(toYear.slice(0, 4));
  let f = 1;
  for (let y = start; y > to; y--) f /= 1 + ciiRate(financialYear(y));
  for (let y = start + 1; y <= to; y++) f *= 1 + ciiRate(financialYear(y));
  return f;
}

/** Factor converting a price of `fromYear` to 2017/18 prices (Harrogate's base year). */
export function to201718Factor(fromYear: string): number {
  return priceFactor(fromYear, '2017/18');
}

/** cost-inflation.csv text: the CII rates as used. */
export function costInflationCsv(): string {
  return toCsv(['year', 'rate'], CII.map(([y, r]) => [y, fmtRate(r)]));
}
