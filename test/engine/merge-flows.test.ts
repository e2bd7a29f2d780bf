/**
 * Monte Carlo merges a line's flows that differ only in their place when
 * nothing is recorded by place (mergeFlows). Every figure it records must
 * then be what projecting every flow gives, to rounding, for every model that
 * merges and for inputs moved at random; and a merge must never reach a flow
 * a sampled input singles out.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { loadScenario, allocate, projectModel } from '../../src/index.js';
import { varyingSlots } from '../../src/engine/project.js';
import { mergeFlows } from '../../src/engine/merge-flows.js';
import { defaultMetrics } from '../../src/uncertainty/metrics.js';
import { kernel } from '../../src/uncertainty/kernel.js';

const MODELS = readdirSync('models').filter((f) => f.endsWith('.yaml'));

describe('flows merged across places', () => {
  const merging: string[] = [];
  for (const file of MODELS) {
    it(`record what every flow gives, to rounding: ${file}`, () => {
      const s = loadScenario(`models/${file}`);
      const m = s.model;
      const slots = s.uncertain.map((u) => u.slot);
      const merged = mergeFlows(m, varyingSlots(m, slots));
      if (!merged) return;
      merging.push(file);
      const mm = merged.model;
      expect(mm.flows.length).toBeLessThan(m.flows.length);
      expect(mm.lines.length).toBe(m.lines.length);
      const metrics = defaultMetrics(m).filter((d) => !d.byPlace);
      const full = allocate(m);
      const small = allocate(mm, merged.base);
      fc.assert(
        fc.property(fc.array(fc.double({ min: 0.8, max: 1.2, noNaN: true }), { minLength: slots.length, maxLength: slots.length }), (mult) => {
          const p = Float64Array.from(m.p0);
          slots.forEach((slot, j) => (p[slot]! *= mult[j]!));
          projectModel(m, Float64Array.from(p), full, { attribution: false, detail: false, places: false });
          projectModel(mm, Float64Array.from(p), small, { attribution: false, detail: false, places: false });
          const scale = Math.max(...Array.from(full.systemCost, Math.abs), ...Array.from(full.systemFunding, Math.abs));
          for (const d of metrics) {
            for (let t = 0; t < m.nYears; t++) {
              const a = d.value(small, t, m);
              const b = d.value(full, t, m);
              expect(Math.abs(a - b), `${d.id} in ${m.years[t]}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * scale + 1e-6);
            }
          }
        }),
        { numRuns: file.includes('devon') ? 3 : 10, seed: 21 },
      );
    });
  }

  it('merge Devon’s 4,014 flows into about one a line and commissioner', () => {
    expect(merging).toContain('devon.yaml');
    const s = loadScenario('models/devon.yaml');
    const merged = mergeFlows(s.model, varyingSlots(s.model, s.uncertain.map((u) => u.slot)))!;
    // 51 lines; a few served by more than one commissioner or council
    expect(merged.model.flows.length).toBeLessThanOrEqual(2 * s.model.lines.length);
    // each line's demand base is its flows' (scale × share folded in): the base year's totals agree
    const full = projectModel(s.model);
    const small = projectModel(merged.model, s.model.p0, allocate(merged.model, merged.base));
    s.model.lines.forEach((_, l) => {
      const a = small.lineDoNothingCost[l * s.model.nYears]!;
      const b = full.lineDoNothingCost[l * s.model.nYears]!;
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.abs(b) + 1e-6);
    });
  });

  it('keep alone every flow whose scale or share is sampled, and merge nothing with pools or envelopes', () => {
    const s = loadScenario('models/devon.yaml');
    const m = s.model;
    // sample one place's share of one line's activity: moving it must move the merged model's figures as it moves the full one's
    const f = m.flows.findIndex((x) => x.activityKind === 0 && m.lines[x.line]!.flows.length > 100 && m.p0[x.shareSlot]! > 0);
    const slot = m.flows[f]!.shareSlot;
    const merged = mergeFlows(m, varyingSlots(m, [...s.uncertain.map((u) => u.slot), slot]))!;
    const p = Float64Array.from(m.p0);
    p[slot]! *= 0.5;
    const full = projectModel(m, Float64Array.from(p), allocate(m), { attribution: false, detail: false, places: false });
    const small = projectModel(merged.model, Float64Array.from(p), allocate(merged.model, merged.base), { attribution: false, detail: false, places: false });
    const central = projectModel(m, Float64Array.from(m.p0), allocate(m), { attribution: false, detail: false, places: false });
    const at = m.lines[m.flows[f]!.line]!.flows.length;
    expect(at).toBeGreaterThan(100);
    expect(full.systemCost[1]).not.toBe(central.systemCost[1]);
    expect(Math.abs(small.systemCost[1]! - full.systemCost[1]!)).toBeLessThanOrEqual(1e-12 * full.systemCost[1]! + 1e-6);
    const pooled = loadScenario('models/plymouth-integrated-fund.yaml');
    expect(mergeFlows(pooled.model, varyingSlots(pooled.model, []))).toBeNull();
  });

  it('give the Monte Carlo kernel the figures projecting every flow gives', () => {
    const s = loadScenario('models/devon.yaml');
    const m = s.model;
    const slots = s.uncertain.map((u) => u.slot);
    const metrics = defaultMetrics(m);
    expect(metrics.some((d) => d.byPlace)).toBe(false);
    const n = 4;
    const inputs = new Float64Array(n * slots.length);
    for (let i = 0; i < n; i++) slots.forEach((slot, j) => (inputs[i * slots.length + j] = m.p0[slot]! * (0.9 + 0.05 * i)));
    const values = kernel(m, slots, metrics).run(inputs, 0, n);
    const ws = allocate(m);
    for (let i = 0; i < n; i++) {
      const p = Float64Array.from(m.p0);
      slots.forEach((slot, j) => (p[slot] = inputs[i * slots.length + j]!));
      const proj = projectModel(m, p, ws, { attribution: false, detail: false, places: false });
      metrics.forEach((d, k) => {
        for (let t = 0; t < m.nYears; t++) {
          const a = values[(i * metrics.length + k) * m.nYears + t]!;
          expect(Math.abs(a - d.value(proj, t, m))).toBeLessThanOrEqual(1e-12 * Math.abs(proj.systemCost[t]!) + 1e-6);
        }
      });
    }
  });
});
