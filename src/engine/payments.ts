/**
 * Step 5, what each commissioner pays each provider for a service:
 *   tariff / cost per case  price × index × activity
 *   block                   value × index, whatever the activity
 *   blended                 price × index × plan, ± a share of price for activity above/below plan
 *   none                    nothing (paid within another line's price)
 * The price index is the payment's uplift, or by default the service's
 * inflation less its efficiency (as the national tariff uplift is set).
 * Payments move money between organisations; they never change the system.
 */
import { Pay, type Model } from './types.js';
import { costAt, type CostShape } from './cost.js';
import { cumulativeIndex } from './series.js';

/**
 * Fill `payment` [s*nY+t]. `tot`/`dnTot` are activity totals after schemes and
 * do-nothing; `baseIndex` [s*nY+t] is each service's inflation × efficiency index.
 */
export function payments(
  model: Model,
  p: Float64Array,
  tot: Float64Array,
  dnTot: Float64Array,
  baseIndex: Float64Array,
  shapes: CostShape[],
  payment: Float64Array,
  scratch: Float64Array,
): void {
  const nY = model.nYears;
  model.services.forEach((svc, s) => {
    const pay = svc.payment;
    const row = s * nY;
    if (pay.model === Pay.None) {
      payment.fill(0, row, row + nY);
      return;
    }
    let index: Float64Array;
    let off: number;
    if (pay.upliftSlot >= 0) {
      cumulativeIndex(p, pay.upliftSlot, nY, scratch);
      index = scratch;
      off = 0;
    } else {
      index = baseIndex;
      off = row;
    }
    const base0 = dnTot[row]!;
    const price = pay.amountSlot >= 0 ? p[pay.amountSlot]! : p[svc.unitCostSlot]!;
    for (let t = 0; t < nY; t++) {
      const idx = index[off + t]!;
      const a = tot[row + t]!;
      switch (pay.model) {
        case Pay.Tariff:
        case Pay.CostPerCase:
          payment[row + t] = price * idx * a;
          break;
        case Pay.Block: {
          // Default block value: the base-year cost of the do-nothing activity.
          const value = pay.amountSlot >= 0 ? p[pay.amountSlot]! : costAt(shapes[s]!, base0);
          payment[row + t] = value * idx;
          break;
        }
        case Pay.Blended: {
          const plan = pay.planDoNothing ? dnTot[row + t]! : base0;
          const diff = a - plan;
          const share = diff >= 0 ? p[pay.aboveSlot]! : p[pay.belowSlot]!;
          payment[row + t] = price * idx * (plan + share * diff);
          break;
        }
      }
    }
  });
}
