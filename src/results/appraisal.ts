/**
 * Investment appraisal: the net present value and payback of each scheme's
 * investment, and of every organisation's share of the schemes, discounted
 * as HM Treasury's Green Book does: 3.5% a year (the social time preference
 * rate for the first 30 years), to present values in the base year (year 0).
 *
 * A scheme's flows are its investment (a cost) and the fall in system cost it
 * brings (a benefit: −effect), each applied after the schemes listed before
 * it, as in the waterfall. An organisation's are the schemes' change in its
 * position (benefit less its investment) and its investment. The Green Book
 * discounts real-terms flows: with cash prices the figures include inflation
 * (run with --prices real:YYYY/YY for Green Book terms).
 */
import type { Results } from './summary.js';
import { discountRateArgument, resultsArgument } from '../api-arguments.js';

/** HM Treasury Green Book discount rate (social time preference rate, years 0–30). */
export const GREEN_BOOK_RATE = 0.035;

export interface AppraisalRow {
  id: string;
  name: string;
  /** Undiscounted investment over the projection, £. */
  investment: number;
  /** Present values in the base year, £: investment, benefit, and benefit − investment. */
  pvInvestment: number;
  pvBenefit: number;
  npv: number;
  /** The first year in which the cumulative net benefit (undiscounted, from the first investment) is ≥ 0; null if none in the projection or no investment. */
  payback: string | null;
  /** Years from the first investment to the payback year (0 = the same year). */
  paybackYears: number | null;
  /** The same with discounted flows. */
  discountedPayback: string | null;
}

export interface Appraisal {
  /** Discount rate a year, as a fraction. */
  rate: number;
  /** Year 0 of the discounting. */
  baseYear: string;
  priceBase: string;
  schemes: AppraisalRow[];
  organisations: AppraisalRow[];
  /** How the figures were made, for tables and sheets. */
  method: string;
}

/** The results an appraisal reads. */
export type AppraisedResults = Pick<Results, 'years' | 'priceBase' | 'schemes' | 'organisations'>;

/**
 * NPV and payback by scheme and by organisation at `rate` a year (default
 * the Green Book's 3.5%), discounted to the first year of the projection.
 *
 * @example
 * ```ts
 * // invest £100 in year 1, save £60 in years 1 and 2 (years 0, 1, 2):
 * // NPV = (60 − 100)/1.035 + 60/1.035² = 17.37; payback in year 2
 * ```
 */
export function appraise(r: AppraisedResults, rate = GREEN_BOOK_RATE): Appraisal {
  resultsArgument<AppraisedResults>('appraise', r);
  discountRateArgument('appraise', rate, 2);
  const schemes = r.schemes.map((k) => row(k.id, k.name, r.years, k.investment, k.effect.map((e) => -e), rate));
  const organisations = r.organisations
    .filter((o) => o.investment.some((v) => v !== 0) || r.schemes.some((k) => k.byOrganisation[o.id]?.some((v) => v !== 0)))
    .map((o) => {
      // benefit: the change in position from every scheme, plus the investment it includes
      const benefit = r.years.map((_, t) => r.schemes.reduce((s, k) => s + (k.byOrganisation[o.id]?.[t] ?? 0), 0) + o.investment[t]!);
      return row(o.id, o.name, r.years, o.investment, benefit, rate);
    });
  const pc = `${Number((rate * 100).toPrecision(6))}%`;
  return {
    rate,
    baseYear: r.years[0]!,
    priceBase: r.priceBase,
    schemes,
    organisations,
    method:
      `Discounted at ${pc} a year${rate === GREEN_BOOK_RATE ? ' (HM Treasury Green Book)' : ''} to present values in ${r.years[0]} (year 0), over the projection only (${r.years[0]} to ${r.years[r.years.length - 1]}). ` +
      `Benefit: a scheme's fall in system cost, after the schemes before it; an organisation's change in position from the schemes plus its investment. Price base: ${r.priceBase}.`,
  };
}

function row(id: string, name: string, years: string[], investment: number[], benefit: number[], rate: number): AppraisalRow {
  let pvInvestment = 0;
  let pvBenefit = 0;
  let total = 0;
  const first = investment.findIndex((v) => v !== 0);
  let payback: number | null = null;
  let discountedPayback: number | null = null;
  let cum = 0;
  let dcum = 0;
  years.forEach((_, t) => {
    const df = (1 + rate) ** -t;
    pvInvestment += investment[t]! * df;
    pvBenefit += benefit[t]! * df;
    total += investment[t]!;
    if (first < 0 || t < first) return;
    cum += benefit[t]! - investment[t]!;
    dcum += (benefit[t]! - investment[t]!) * df;
    if (payback === null && cum >= 0) payback = t;
    if (discountedPayback === null && dcum >= 0) discountedPayback = t;
  });
  const label = (t: number | null) => (t === null ? null : years[t]!);
  return {
    id,
    name,
    investment: total,
    pvInvestment,
    pvBenefit,
    npv: pvBenefit - pvInvestment,
    payback: label(payback),
    paybackYears: payback === null ? null : payback - first,
    discountedPayback: label(discountedPayback),
  };
}

