/**
 * Seeded, splittable random numbers. Every iteration of a Monte Carlo run has
 * its own stream, derived from (seed, iteration index) alone, so iteration i
 * draws the same numbers whether it runs in process, in any worker, or in any
 * shard. Within a stream, draw k is the k-th output of an sfc32 generator
 * (Chris Doty-Humphrey's Small Fast Counting generator) whose state is the
 * splitmix32 hash of (seed, stream).
 */

/** splitmix32's finaliser: a strong 32-bit mixing function. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** A stream of uniform numbers in (0, 1) with 53 random bits. */
export class Stream {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;

  constructor(seed = 0, stream = 0) {
    this.reset(seed, stream);
  }

  /** Restart as stream `stream` of `seed` (no allocation, for hot loops). */
  reset(seed: number, stream: number): this {
    const s = mix32(seed >>> 0);
    const hi = Math.floor(stream / 4294967296) >>> 0;
    const lo = stream >>> 0;
    this.a = mix32(s ^ lo);
    this.b = mix32(this.a ^ hi ^ 0x6a09e667);
    this.c = mix32(this.b ^ s ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next32();
    return this;
  }

  /** The next 32-bit unsigned integer. */
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number strictly between 0 and 1. */
  uniform(): number {
    const hi = this.next32() >>> 5; // 27 bits
    const lo = this.next32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }
}

/** Seeds are whole numbers; keep the low 32 bits (documented: seeds differing by 2^32 coincide). */
export function normaliseSeed(seed: number): number {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be a whole number (got ${seed})`);
  return seed >>> 0;
}

/** Stream numbers reserved for purposes other than iterations (above any iteration count). */
export const STREAM_PERMUTATIONS = 2 ** 52;

/** Stream numbers for Latin hypercube strata (one stream per input, after the permutations'). */
export const STREAM_STRATA = STREAM_PERMUTATIONS + 2 ** 32;
