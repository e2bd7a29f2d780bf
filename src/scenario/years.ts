/** Financial years: `2017/18` ↔ the calendar year it starts in. */

/** 2017 for `2017/18`. */
export function startYear(fy: string): number {
  return Number(fy.slice(0, 4));
}

/** `2017/18` for 2017. */
export function financialYear(start: number): string {
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Whether `2017/18` is well formed (the second half follows the first). */
export function isFinancialYear(fy: string): boolean {
  return /^\d{4}\/\d{2}$/.test(fy) && financialYear(startYear(fy)) === fy;
}

/** Every financial year from `base` to `horizon` inclusive. */
export function yearRange(base: string, horizon: string): string[] {
  const out: string[] = [];
  for (let y = startYear(base); y <= startYear(horizon); y++) out.push(financialYear(y));
  return out;
}
