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

/**
 * The distinct series a model's flows read (growth, payment uplifts), so a
 * projection computes each index once rather than once a flow: `values`
 * [row*nY+t] after `fillSeries`, with each flow's rows.
 */
export interface FlowSeries {
  slots: Int32Array;
  values: Float64Array;
  growthRow: Int32Array;
  /** -1 where the payment has no uplift of its own. */
  upliftRow: Int32Array;
}

/** The series of `flows`' growth and payment uplifts. */
export function flowSeries(flows: readonly { growthSlot: number; payment: { upliftSlot: number } }[], nYears: number): FlowSeries {
  const distinct = [...new Set(flows.flatMap((f) => [f.growthSlot, f.payment.upliftSlot]).filter((s) => s >= 0))].sort((a, b) => a - b);
  const rowOf = new Map(distinct.map((s, i) => [s, i]));
  return {
    slots: Int32Array.from(distinct),
    values: new Float64Array(distinct.length * nYears),
    growthRow: Int32Array.from(flows, (f) => rowOf.get(f.growthSlot) ?? -1),
    upliftRow: Int32Array.from(flows, (f) => rowOf.get(f.payment.upliftSlot) ?? -1),
  };
}

/** Compute every index of `series` from `p` (but those of the rows marked in `keep`, left as they are). */
export function fillSeries(series: FlowSeries, p: Float64Array, nYears: number, keep?: Uint8Array): void {
  for (let r = 0; r < series.slots.length; r++) if (!keep?.[r]) cumulativeIndex(p, series.slots[r]!, nYears, series.values, r * nYears);
}
