/**
 * The Monte Carlo kernel: project a range of iterations from their sampled
 * inputs and record the metrics. A module of its own so that a worker thread
 * loads the engine and nothing of the scenario layer (no YAML, no schemas).
 */
import { allocate, applyLinks, project, varyingSlots, demandVaries, demandFixedFlows } from '../engine/project.js';
import type { Model, Projection } from '../engine/types.js';
import { mergeFlows } from '../engine/merge-flows.js';
import type { MetricDef } from './metrics.js';

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
  // with nothing recorded by place, a line's flows that differ only in their place are projected as one
  const merged = detail || places ? null : mergeFlows(model, varying);
  const projected = merged?.model ?? model;
  const ws = allocate(projected, merged?.base);
  // with no demand input sampled, demand is projected once and kept in the workspace
  const fixedDemand = !demandVaries(model, varying);
  // otherwise, the flows whose demand no sampled input reaches are projected once and kept
  const heldFlows = demandFixedFlows(projected, varying);
  let demandHeld = false;
  // each row metric's array in the last projection's workspace (the same workspace every iteration, but one for each population option)
  const rows = metrics.map((d) => d.row);
  // as views of the metric's years, copied with one set() each
  const arrays: (Float64Array | undefined)[] = metrics.map(() => undefined);
  let arraysOf: Projection | undefined;
  return {
    run(inputs, start, end, onProgress, out, at = 0) {
      const values = out ?? new Float64Array((end - start) * nM * nY);
      const first = out ? at : 0;
      for (let i = start; i < end; i++) {
        const r = i - start;
        p.set(model.p0);
        for (let j = 0; j < m; j++) p[slots[j]!] = inputs[r * m + j]!;
        if (fixed) p[fixed.slot] = fixed.value;
        applyLinks(model, p);
        // links and formulas applied just above, once
        const proj = project(projected, p, ws, { attribution: false, links: false, detail, places, sameDemand: fixedDemand && demandHeld, ...(demandHeld ? { heldFlows } : {}) });
        demandHeld = true;
        if (proj !== arraysOf) {
          for (let k = 0; k < nM; k++) arrays[k] = rows[k] && proj[rows[k]!.field].subarray(rows[k]!.offset, rows[k]!.offset + nY);
          arraysOf = proj;
        }
        let o = first + r * nM * nY;
        for (let k = 0; k < nM; k++) {
          const def = metrics[k]!;
          const a = arrays[k];
          if (a) {
            values.set(a, o);
            o += nY;
          } else for (let t = 0; t < nY; t++) values[o++] = def.value(proj, t, model);
        }
        if (onProgress && (r + 1) % 250 === 0) onProgress(r + 1);
      }
      onProgress?.(end - start);
      return values;
    },
  };
}
