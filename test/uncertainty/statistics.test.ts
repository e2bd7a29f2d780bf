/**
 * The run summary's statistics by selection and binning give exactly what a
 * full sort gives: the same order statistics (so the same percentiles, to
 * the bit), the same average ranks for ties, and the same stable order.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { stats, ranks, selectAll, pearson, orderOf } from '../../src/uncertainty/statistics.js';

// few distinct values, so ties are common
const column = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }).map((v) => v * 1e6), fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 400 }).map((xs) => Float64Array.from(xs, (v) => v + 0));

function sortedPercentile(x: Float64Array, p: number): number {
  const s = Float64Array.from(x).sort();
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

function sortedRanks(x: Float64Array): number[] {
  const idx = [...x.keys()].sort((a, b) => x[a]! - x[b]!);
  const r: number[] = new Array(x.length);
  for (let i = 0; i < x.length; ) {
    let j = i;
    while (j + 1 < x.length && x[idx[j + 1]!] === x[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

describe('summary statistics', () => {
  it('percentiles by selection equal those of a sorted copy, and leave the column unchanged', () => {
    fc.assert(
      fc.property(column, (x) => {
        const before = Array.from(x);
        const s = stats(x);
        expect(Array.from(x)).toEqual(before);
        expect([s.p5, s.p10, s.p50, s.p90, s.p95]).toEqual([0.05, 0.1, 0.5, 0.9, 0.95].map((p) => sortedPercentile(x, p)));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('selectAll puts every asked-for order statistic where a sort puts it', () => {
    fc.assert(
      fc.property(column, fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (x, raw) => {
        const ks = Int32Array.from(new Set(raw.map((k) => k % x.length))).sort();
        const a = Float64Array.from(x);
        selectAll(a, ks, 0, a.length - 1);
        const s = Float64Array.from(x).sort();
        for (const k of ks) expect(a[k]).toBe(s[k]);
        expect(Float64Array.from(a).sort()).toEqual(s);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('selectAll of one rank puts it at k, nothing larger before and nothing smaller after', () => {
    fc.assert(
      fc.property(column, fc.nat(), (x, k0) => {
        const k = k0 % x.length;
        const a = Float64Array.from(x);
        selectAll(a, Int32Array.of(k), 0, a.length - 1);
        const s = Float64Array.from(x).sort();
        expect(a[k]).toBe(s[k]);
        for (let i = 0; i < k; i++) expect(a[i]! <= a[k]!).toBe(true);
        for (let i = k + 1; i < a.length; i++) expect(a[i]! >= a[k]!).toBe(true);
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it('ranks give ties their average rank, as a sort of indices does', () => {
    fc.assert(
      fc.property(column, (x) => {
        expect(Array.from(ranks(x))).toEqual(sortedRanks(x));
      }),
      { numRuns: 300, seed: 5 },
    );
    expect(Array.from(ranks(Float64Array.from([30, 10, 20, 10])))).toEqual([4, 1.5, 3, 1.5]);
  });

  it('on long columns, binned (values crowding a few bins behind an outlier, ties, infinities), percentiles and ranks are those of a sort', () => {
    // a column of n values from a small generator: a cluster, repeated values, and sometimes a far outlier or an infinity
    const long = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), n: fc.integer({ min: 50, max: 6000 }), outlier: fc.constantFrom(0, 1e12, -1e15, Infinity), ties: fc.boolean() }).map(({ seed, n, outlier, ties }) => {
      let u = seed;
      const next = () => ((u = (Math.imul(u, 48271) >>> 0) % 2147483647) / 2147483647);
      const x = Float64Array.from({ length: n }, () => (ties ? Math.round(next() * 20) : 1000 + (next() + next() + next()) * 50));
      if (outlier !== 0) x[Math.floor(next() * n)] = outlier;
      return x;
    });
    fc.assert(
      fc.property(long, (x) => {
        const s = stats(x);
        expect([s.p5, s.p10, s.p50, s.p90, s.p95]).toEqual([0.05, 0.1, 0.5, 0.9, 0.95].map((p) => sortedPercentile(x, p)));
        if (x.every(Number.isFinite)) expect(Array.from(ranks(x))).toEqual(sortedRanks(x));
        else expect(Array.from(ranks(x))).toEqual(Array.from(ranks(x.map((v) => (Number.isFinite(v) ? v : Number.MAX_VALUE)))));
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('on columns long enough to take more bins (over 16,384 values: 4096 bins and up, 65,536 at most), percentiles, ranks and the stable order are those of a sort', () => {
    const lcg = (seed: number) => {
      let u = seed;
      return () => ((u = (Math.imul(u, 48271) >>> 0) % 2147483647) / 2147483647);
    };
    // 4096 to 16,384 bins: a skewed cluster with an outlier, or heavy ties
    const longer = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), n: fc.integer({ min: 16_385, max: 140_000 }), ties: fc.boolean() }).map(({ seed, n, ties }) => {
      const next = lcg(seed);
      const x = Float64Array.from({ length: n }, () => (ties ? Math.round(next() * 300) : Math.exp(next() * 8)));
      x[Math.floor(next() * n)] = -1e9;
      return x;
    });
    const stable = (x: Float64Array) => [...x.keys()].sort((a, b) => x[a]! - x[b]! || a - b);
    const check = (x: Float64Array) => {
      const s = stats(x);
      expect([s.p5, s.p10, s.p50, s.p90, s.p95]).toEqual([0.05, 0.1, 0.5, 0.9, 0.95].map((p) => sortedPercentile(x, p)));
      expect(Array.from(ranks(x))).toEqual(sortedRanks(x));
      const want = stable(x);
      const { sorted, order } = orderOf(x);
      expect(Array.from(order)).toEqual(want);
      expect(Array.from(sorted)).toEqual(want.map((i) => x[i]!));
    };
    fc.assert(fc.property(longer, check), { numRuns: 6, seed: 13 });
    // the most bins, past which a bin holds more than 8 values on average
    const next = lcg(99);
    check(Float64Array.from({ length: 600_000 }, () => next() + next()));
  });

  it('values spread over so small a range that the bins’ scale overflows (subnormal, e.g. 0 to 3e-323) are binned, ranked and ordered as a sort would', () => {
    // 2048 / (max − min) is Infinity, and (min − min) × Infinity is NaN: a NaN bin used to drop the least values from the count
    const x = Float64Array.from({ length: 200 }, (_, i) => (i % 7) * 5e-324);
    const s = stats(x);
    expect([s.p5, s.p10, s.p50, s.p90, s.p95]).toEqual([0.05, 0.1, 0.5, 0.9, 0.95].map((p) => sortedPercentile(x, p)));
    expect(Array.from(ranks(x))).toEqual(sortedRanks(x));
    expect(Array.from(orderOf(x).sorted)).toEqual(Array.from(Float64Array.from(x).sort()));
  });

  it('orderOf gives the values sorted and where each came from, equal values in index order (what Iman–Conover hands out by), as a stable sort of indices does', () => {
    const stable = (x: Float64Array) => [...x.keys()].sort((a, b) => x[a]! - x[b]!);
    // short columns with many ties, and long ones whose ties fill bins past the insertion sort's length
    const long = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), n: fc.integer({ min: 50, max: 6000 }) }).map(({ seed, n }) => {
      let u = seed;
      const next = () => ((u = (Math.imul(u, 48271) >>> 0) % 2147483647) / 2147483647);
      return Float64Array.from({ length: n }, () => Math.round(next() * 20) * 0.5);
    });
    // columns a bin cannot hold (an infinity or NaN: sorted whole), with ties, −0 beside 0, and NaN last as a typed sort puts it
    const odd = fc
      .array(fc.constantFrom(-Infinity, Infinity, NaN, -0, 0, 1, -1, 2.5), { minLength: 1, maxLength: 60 })
      .map((xs) => Float64Array.from(xs));
    const nanLast = (x: Float64Array) => [...x.keys()].sort((a, b) => (Number.isNaN(x[a]!) ? 1 : 0) - (Number.isNaN(x[b]!) ? 1 : 0) || (x[a]! < x[b]! ? -1 : x[a]! > x[b]! ? 1 : 0));
    fc.assert(
      fc.property(fc.oneof(column, long, odd), (x) => {
        const { sorted, order } = orderOf(x);
        const want = x.some((v) => Number.isNaN(v) || !Number.isFinite(v)) ? nanLast(x) : stable(x);
        expect(Array.from(order)).toEqual(want);
        expect(Array.from(sorted)).toEqual(want.map((i) => x[i]!));
      }),
      { numRuns: 300, seed: 11 },
    );
    // −0 and 0 are equal: in index order
    expect(Array.from(orderOf(Float64Array.from([0, -0, -1, 0])).order)).toEqual([2, 0, 1, 3]);
  });

  it('pearson: 5 / √(2 × 114/9) for (1, 2, 3) against (2, 4, 7), by hand; 0 against a constant', () => {
    expect(pearson(Float64Array.from([1, 2, 3]), Float64Array.from([2, 4, 7]))).toBeCloseTo(5 / Math.sqrt((2 * 114) / 9), 14);
    expect(pearson(Float64Array.from([1, 1, 1]), Float64Array.from([1, 2, 3]))).toBe(0);
  });
});
