/**
 * Where a run's per-iteration values wait to be summarised. In memory,
 * iteration-major as a block (what shards and `--samples` need); or, for a
 * run too large to hold, on disk column by column (one metric in one year
 * is contiguous), so the summary reads each column whole and computes
 * exactly what it computes in memory, with memory bounded by one column.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Per-iteration values of a run of `count` iterations from `start`, nM metrics × nY years each. */
export interface ColumnStore {
  /** Values of iterations [a, b), iteration-major [((i − a) × nM + m) × nY + t]. */
  put(a: number, b: number, values: Float64Array): void;
  /** Metric m in year t of every iteration, in iteration order, into `out` (length count). */
  column(m: number, t: number, out: Float64Array): void;
  /** The iteration-major block, when held in memory. */
  readonly values?: Float64Array<ArrayBufferLike>;
  close(): void;
}

/** All values in one iteration-major block (a new one, or `values` as given). */
export function memoryColumns(start: number, count: number, nM: number, nY: number, values: Float64Array<ArrayBufferLike> = new Float64Array(count * nM * nY)): ColumnStore {
  return {
    values,
    put: (a, _b, v) => values.set(v, (a - start) * nM * nY),
    column: (m, t, out) => {
      for (let i = 0; i < count; i++) out[i] = values[(i * nM + m) * nY + t]!;
    },
    close: () => {},
  };
}

/**
 * A read-only view of `store` with metric m in year t multiplied by
 * `factor[m][t]`: a run's values in real terms, for the analyses of its samples.
 */
export function scaledColumns(store: ColumnStore, factor: readonly (readonly number[])[]): ColumnStore {
  return {
    put: () => {
      throw new Error('scaledColumns: a view, not a store to put values in');
    },
    column: (m, t, out) => {
      store.column(m, t, out);
      const f = factor[m]![t]!;
      if (f !== 1) for (let i = 0; i < out.length; i++) out[i]! *= f;
    },
    close: () => {},
  };
}

/** Iterations buffered before a write: each column's part of a flush is one write of this many values. */
const FLUSH = 8192;

/** Values in a temporary file, column-major; removed on close. */
export function diskColumns(start: number, count: number, nM: number, nY: number, dir = tmpdir()): ColumnStore {
  const folder = mkdtempSync(join(dir, 'popshift-columns-'));
  const fd = openSync(join(folder, 'values.f64'), 'w+');
  const nC = nM * nY;
  // pending blocks, written once FLUSH iterations have arrived (any order)
  let pending: { a: number; b: number; v: Float64Array }[] = [];
  let pendingCount = 0;
  const flush = () => {
    if (!pending.length) return;
    pending.sort((x, y) => x.a - y.a);
    // write each run of consecutive iterations as one piece per column
    for (let g = 0; g < pending.length; ) {
      let h = g;
      while (h + 1 < pending.length && pending[h + 1]!.a === pending[h]!.b) h++;
      const a = pending[g]!.a;
      const len = pending[h]!.b - a;
      const col = new Float64Array(len);
      for (let c = 0; c < nC; c++) {
        let o = 0;
        for (let k = g; k <= h; k++) {
          const { a: ka, b: kb, v } = pending[k]!;
          for (let i = 0; i < kb - ka; i++) col[o++] = v[i * nC + c]!;
        }
        writeSync(fd, col, 0, len * 8, (c * count + (a - start)) * 8);
      }
      g = h + 1;
    }
    pending = [];
    pendingCount = 0;
  };
  return {
    put: (a, b, v) => {
      pending.push({ a, b, v });
      pendingCount += b - a;
      if (pendingCount >= FLUSH) flush();
    },
    column: (m, t, out) => {
      flush();
      const bytes = new Uint8Array(out.buffer, out.byteOffset, count * 8);
      let read = 0;
      const at = (m * nY + t) * count * 8;
      while (read < bytes.length) read += readSync(fd, bytes, read, bytes.length - read, at + read);
    },
    close: () => {
      closeSync(fd);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
