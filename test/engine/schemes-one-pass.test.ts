/**
 * applyScheme changes a source with up to two targets and one follower in one
 * pass over the age bands (the usual scheme), and any other in separate
 * passes. The two must give the same projection to the bit, for every model
 * and for parameters moved at random from their central values, and for
 * schemes whose age bands in scope are any set (one pass walks only from the
 * first to the last band in scope).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { loadScenario, allocate, projectModel } from '../../src/index.js';

const MODELS = readdirSync('models').filter((f) => f.endsWith('.yaml'));

describe('schemes applied in one pass over the bands', () => {
  for (const file of MODELS) {
    it(`give what the separate passes give: ${file}`, () => {
      const m = loadScenario(`models/${file}`).model;
      const onePass = allocate(m);
      const passes = allocate(m);
      passes.scratch.schemes.onePass = false;
      const slots = m.schemes.flatMap((k) => [k.fractionSlot, k.realisationSlot, k.daysSlot, ...k.targets.map((g) => g.conversionSlot)]).filter((s) => s >= 0);
      fc.assert(
        fc.property(fc.array(fc.double({ min: 0.5, max: 1.5, noNaN: true }), { minLength: slots.length, maxLength: slots.length }), (mult) => {
          const p = Float64Array.from(m.p0);
          slots.forEach((slot, j) => (p[slot]! *= mult[j]!));
          projectModel(m, Float64Array.from(p), onePass);
          projectModel(m, Float64Array.from(p), passes);
          // byte for byte (to the bit, and quick on a Devon-sized model's activity)
          const other = passes as unknown as Record<string, Float64Array>;
          for (const [key, v] of Object.entries(onePass)) if (v instanceof Float64Array) expect(Buffer.from(v.buffer).equals(Buffer.from(other[key]!.buffer)), key).toBe(true);
        }),
        { numRuns: 15 },
      );
    });
  }

  it('give what the separate passes give whatever age bands the schemes act on (none, a range, or bands with gaps)', () => {
    const base = loadScenario('models/harrogate-integrated-care.yaml').model;
    const nB = base.nBands;
    // each scheme's bands: none, one range (from its first to its last), or any set (gaps)
    const none = fc.constant(Array.from({ length: nB }, () => false));
    const range = fc.tuple(fc.nat(nB - 1), fc.nat(nB - 1)).map(([x, y]) => Array.from({ length: nB }, (_, a) => a >= Math.min(x, y) && a <= Math.max(x, y)));
    const any = fc.array(fc.boolean(), { minLength: nB, maxLength: nB });
    const masks = fc.array(fc.oneof(none, range, any), { minLength: base.schemes.length, maxLength: base.schemes.length });
    fc.assert(
      fc.property(masks, (bandsOf) => {
        const m = { ...base, schemes: base.schemes.map((k, i) => ({ ...k, bands: Uint8Array.from(bandsOf[i]!, (b) => (b ? 1 : 0)) })) };
        const onePass = allocate(m);
        const passes = allocate(m);
        passes.scratch.schemes.onePass = false;
        projectModel(m, Float64Array.from(m.p0), onePass);
        projectModel(m, Float64Array.from(m.p0), passes);
        const other = passes as unknown as Record<string, Float64Array>;
        for (const [key, v] of Object.entries(onePass)) if (v instanceof Float64Array) expect(Buffer.from(v.buffer).equals(Buffer.from(other[key]!.buffer)), key).toBe(true);
      }),
      { numRuns: 60, seed: 3 },
    );
  });
});
