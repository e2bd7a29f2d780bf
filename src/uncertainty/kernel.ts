/**
 * The Monte Carlo kernel: project a range of iterations from their sampled
 * inputs and record the metrics. A module of its own so that a worker thread
 * loads the engine and nothing of the scenario layer (no YAML, no schemas).
 */
import { allocate, applyLinks, project, varyingSlots, demandVaries, heldParts } from '../engine/project.js';
import type { Model, Projection } from '../engine/types.js';
import { mergeFlows } from '../engine/merge-flows.js';
import type { MetricDef, Row } from './metrics.js';

/** A kernel for one model and set of sampled slots and metrics: its workspace and what it need compute are settled once. */
export interface Kernel {
  /**
   * Project iterations [start, end) with their sampled inputs (`inputs`
   * [(i − start) × nInputs + j]) and record the metrics:
   * [((i − start) × nMetrics + m) × nYears + t], into `out` from `at` when
   * given (a run's block in memory: no chunk allocated, nothing copied).
   */
  run(inputs: Float64Array, start: number, end: number, onProgress?: (done: number) => void, out?: Float64Array<ArrayBufferLike>, at?: number): Float64Array<ArrayBufferLike>;
}

/**
 * The kernel for `model` with inputs sampled into `slots` (and `fixed` held
 * at a value): what a worker thread runs, for every chunk it is sent.
 */
export function kernel(model: Model, slots: readonly number[], metrics: MetricDef[], fixed?: { slot: number; value: number }): Kernel {
  const nY = model.nYears;
  const nM = metrics.length;
  const m = slots.length;
  const p = Float64Array.from(model.p0);
  const detail = !metrics.every((d) => d.lean);
  const places = metrics.some((d) => d.byPlace);
  const varying = varyingSlots(model, fixed ? [...slots, fixed.slot] : slots);
  // the central values with every link and formula applied; an iteration re-applies only those a sampled input reaches, in the same order
  const central = Float64Array.from(model.p0);
  applyLinks(model, central);
  const reached = { links: varyingLinks(model.links, varying), formulas: model.formulas.filter((f) => varying[f.slot]) };
  // with nothing recorded by place, a line's flows that differ only in their place are projected as one
  const merged = detail || places ? null : mergeFlows(model, varying);
  const projected = merged?.model ?? model;
  const ws = allocate(projected, merged?.base);
  // with no demand input sampled, demand is projected once and kept in the workspace
  const fixedDemand = !demandVaries(model, varying);
  // otherwise, what no sampled input reaches (flows' demand, lines' base-price cost, growth series, efficiency indices) is projected once and kept
  const held = heldParts(projected, varying);
  let projectedOnce = false;
  // how each metric is read: consecutive metrics that are consecutive rows of one array (an organisation's positions) as one piece
  const pieces = recordingPieces(metrics, nY);
  // each piece's view of the last projection's workspace (the same workspace every iteration, but one for each population option)
  const views: (Float64Array | undefined)[] = pieces.map(() => undefined);
  let viewsOf: Projection | undefined;
  // the options of every projection after the first (made once: nothing in them changes between iterations)
  const firstOptions = { attribution: false, links: false, detail, places } as const;
  const laterOptions = { ...firstOptions, sameDemand: fixedDemand, held };
  return {
    run(inputs, start, end, onProgress, out, at = 0) {
      const values = out ?? new Float64Array((end - start) * nM * nY);
      const from = out ? at : 0;
      for (let i = start; i < end; i++) {
        const r = i - start;
        p.set(central);
        for (let j = 0; j < m; j++) p[slots[j]!] = inputs[r * m + j]!;
        if (fixed) p[fixed.slot] = fixed.value;
        applyLinks(reached, p);
        // links and formulas applied just above, once
        const proj = project(projected, p, ws, projectedOnce ? laterOptions : firstOptions);
        projectedOnce = true;
        if (proj !== viewsOf) {
          for (let x = 0; x < pieces.length; x++) {
            const c = pieces[x]!;
            views[x] = c.field === undefined ? undefined : c.negatedSum ? proj[c.field] : proj[c.field].subarray(c.offset, c.offset + c.count * nY);
          }
          viewsOf = proj;
        }
        let o = from + r * nM * nY;
        for (let x = 0; x < pieces.length; x++) {
          const c = pieces[x]!;
          const view = views[x];
          if (!view) {
            for (let t = 0; t < nY; t++) values[o++] = metrics[c.k]!.value(proj, t, model);
          } else if (c.negatedSum) {
            // as value() sums them: from 0, subtracting each row in turn
            const offsets = c.negatedSum;
            for (let t = 0; t < nY; t++) {
              let v = 0;
              for (let y = 0; y < offsets.length; y++) v -= view[offsets[y]! + t]!;
              values[o++] = v;
            }
          } else {
            values.set(view, o);
            o += c.count * nY;
          }
        }
        if (onProgress && (r + 1) % 250 === 0) onProgress(r + 1);
      }
      onProgress?.(end - start);
      return values;
    },
  };
}

/** The links (source, target pairs) whose source is one of the `varying` slots, in order. */
function varyingLinks(all: Int32Array, varying: Uint8Array): Int32Array {
  const kept: number[] = [];
  for (let i = 0; i < all.length; i += 2) if (varying[all[i]!]) kept.push(all[i]!, all[i + 1]!);
  return Int32Array.from(kept);
}

/**
 * How the kernel reads metrics, in order: a run of `count` metrics from `k`
 * that are consecutive rows of one array from `offset` (copied with one
 * set()), a metric that is minus a sum of rows (summed inline, as its
 * value() does), or one read through value() year by year.
 */
interface Piece {
  k: number;
  count: number;
  field?: Row;
  offset: number;
  negatedSum?: Int32Array;
}

function recordingPieces(metrics: MetricDef[], nY: number): Piece[] {
  const pieces: Piece[] = [];
  metrics.forEach((d, k) => {
    const last = pieces[pieces.length - 1];
    if (d.row && last && !last.negatedSum && last.field === d.row.field && last.offset + last.count * nY === d.row.offset) last.count++;
    else if (d.row) pieces.push({ k, count: 1, field: d.row.field, offset: d.row.offset });
    else if (d.negatedSum) pieces.push({ k, count: 1, field: d.negatedSum.field, offset: 0, negatedSum: d.negatedSum.offsets });
    else pieces.push({ k, count: 1, offset: 0 });
  });
  return pieces;
}
