/**
 * Each flow's line, place, commissioner and provider as row offsets (index ×
 * nYears) in typed arrays: what the per-flow loops of a projection read, so
 * they touch no objects; and the organisations with funding or investment,
 * the only ones whose rows by place a projection need sum.
 */
import type { Model } from './types.js';

export interface FlowRows {
  line: Int32Array;
  place: Int32Array;
  commissioner: Int32Array;
  provider: Int32Array;
  funders: Int32Array;
  investors: Int32Array;
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
    funders: Int32Array.from(new Set(model.funding.map((s) => s.org))),
    investors: Int32Array.from(new Set(model.schemes.flatMap((k) => k.investments.map((v) => v.org)))),
  };
}
