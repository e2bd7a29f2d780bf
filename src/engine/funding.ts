/** Step 6, funding: each commissioner's allocation and council's budget, base × Π(1 + growth). */
import type { Model } from './types.js';
import { cumulativeIndex } from './series.js';

/** Add every funding stream into `orgFunding` [o*nY+t] (which is zeroed first). */
export function funding(model: Model, p: Float64Array, orgFunding: Float64Array, scratch: Float64Array): void {
  const nY = model.nYears;
  orgFunding.fill(0);
  for (const f of model.funding) {
    cumulativeIndex(p, f.growthSlot, nY, scratch);
    const base = p[f.baseSlot]!;
    for (let t = 0; t < nY; t++) orgFunding[f.org * nY + t]! += base * scratch[t]!;
  }
}
