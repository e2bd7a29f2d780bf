/** Cumulative indices from annual rates held in the parameter vector. */

/**
 * Write the index Π(1 + rate) from the base year into `out[offset + t]`; the
 * rates are `p[slot + t]` for t ≥ 1 (slot 0 of a series is unused).
 */
export function cumulativeIndex(p: Float64Array, slot: number, nYears: number, out: Float64Array, offset = 0): void {
  out[offset] = 1;
  for (let t = 1; t < nYears; t++) out[offset + t] = out[offset + t - 1]! * (1 + p[slot + t]!);
}

/** Like `cumulativeIndex`, for a rate that reduces: Π(1 − rate). */
export function cumulativeReduction(p: Float64Array, slot: number, nYears: number, out: Float64Array, offset = 0): void {
  out[offset] = 1;
  for (let t = 1; t < nYears; t++) out[offset + t] = out[offset + t - 1]! * (1 - p[slot + t]!);
}
