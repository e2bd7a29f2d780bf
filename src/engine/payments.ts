/**
 * Step 5, what each place's commissioner pays each provider for a flow:
 *   tariff / cost per case  price × index × activity
 *   block                   value × index, whatever the activity
 *   blended                 price × index × plan, ± a share of price for activity above/below plan
 *   none                    nothing (paid within another line's price)
 * The price index is the payment's uplift, or by default the line's
 * inflation less its efficiency (as the national tariff uplift is set).
 * Payments move money between organisations; they never change the system.
 */
import { Pay, type Model } from './types.js';
import { costAt, type CostShape } from './cost.js';
import type { FlowSeries } from './series.js';

/**
 * Fill `payment` [f*nY+t]. `tot`/`dnTot` are flow activity totals after
 * schemes and do-nothing, `dnLineTot` the lines' do-nothing totals;
 * `lineIndex` [l*nY+t] is each line's inflation × efficiency index, and
 * `series` holds the payments' uplift indices (filled for `p`).
 */
export function payments(
  model: Model,
  p: Float64Array,
  tot: Float64Array,
  dnTot: Float64Array,
  dnLineTot: Float64Array,
  lineIndex: Float64Array,
  shapes: CostShape[],
  payment: Float64Array,
  series: FlowSeries,
): void {
  const nY = model.nYears;
  const flows = model.flows;
  for (let f = 0; f < flows.length; f++) {
    const flow = flows[f]!;
    const pay = flow.payment;
    const row = f * nY;
    if (pay.model === Pay.None) {
      payment.fill(0, row, row + nY);
      continue;
    }
    let index: Float64Array;
    let off: number;
    if (pay.upliftSlot >= 0) {
      index = series.values;
      off = series.upliftRow[f]! * nY;
    } else {
      index = lineIndex;
      off = flow.line * nY;
    }
    const base0 = dnTot[row]!;
    const price = pay.amountSlot >= 0 ? p[pay.amountSlot]! : p[flow.unitCostSlot]!;
    let block = 0;
    if (pay.model === Pay.Block) {
      // Default block value: the flow's part of the base-year cost of the line's do-nothing activity.
      if (pay.amountSlot >= 0) block = p[pay.amountSlot]!;
      else {
        const l = flow.line;
        const lineBase = dnLineTot[l * nY]!;
        const part = lineBase > 0 ? base0 / lineBase : 1 / model.lines[l]!.flows.length;
        block = costAt(shapes[l]!, lineBase) * part;
      }
    }
    // one loop per payment model (no switch inside the years)
    switch (pay.model) {
      case Pay.Tariff:
      case Pay.CostPerCase:
        for (let t = 0; t < nY; t++) payment[row + t] = price * index[off + t]! * tot[row + t]!;
        break;
      case Pay.Block:
        for (let t = 0; t < nY; t++) payment[row + t] = block * index[off + t]!;
        break;
      case Pay.Blended:
        for (let t = 0; t < nY; t++) {
          const plan = pay.planDoNothing ? dnTot[row + t]! : base0;
          const diff = tot[row + t]! - plan;
          const share = diff >= 0 ? p[pay.aboveSlot]! : p[pay.belowSlot]!;
          payment[row + t] = price * index[off + t]! * (plan + share * diff);
        }
        break;
    }
  }
}
