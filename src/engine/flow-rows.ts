/**
 * Each flow's line, place, commissioner and provider as row offsets (index ×
 * nYears) in typed arrays: what the per-flow loops of a projection read, so
 * they touch no objects.
 */
import type { Model } from './types.js';

export interface FlowRows {
  line: Int32Array;
  place: Int32Array;
  commissioner: Int32Array;
  provider: Int32Array;
}

/** The row offsets of `model`'s flows. */
export function flowRows(model: Model): FlowRows {
  const nY = model.nYears;
  const f = model.flows;
  return {
    line: Int32Array.from(f, (x) => x.line * nY),
    place: Int32Array.from(f, (x) => x.place * nY),
    commissioner: Int32Array.from(f, (x) => x.commissioner * nY),
    provider: Int32Array.from(f, (x) => x.provider * nY),
  };
}
