/**
 * A projection without detail (what Monte Carlo runs) must give exactly what
 * the full projection gives for everything Monte Carlo records, for every
 * model and for parameters moved at random from their central values.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { loadScenario, allocate, projectModel } from '../../src/index.js';
import { varyingSlots, demandVaries, heldParts, type ProjectOptions } from '../../src/engine/project.js';
import type { Model, Projection } from '../../src/engine/types.js';
import { lastBandReader, flowsReadByBand } from '../../src/engine/demand.js';
import { defaultMetrics } from '../../src/uncertainty/metrics.js';

const MODELS = readdirSync('models').filter((f) => f.endsWith('.yaml'));
const KEPT = ['systemGap', 'doNothingGap', 'systemCost', 'systemFunding', 'systemInvestment', 'orgPosition', 'placeGap', 'placeDoNothingGap', 'poolValues', 'poolShares', 'envelopeValues', 'schemeEffect'] as const;

describe('a projection without detail', () => {
  it('keeps activity by band only for the flows a scheme reads by band, to the last scheme that reads it', () => {
    const m = loadScenario('models/harrogate-integrated-care.yaml').model;
    const flow = (id: string) => m.flows.findIndex((f) => m.services[f.service]!.id === id);
    const read = lastBandReader(m);
    // admissions: the source of schemes 0 and 2 and the stays scheme 3 (eol-length-of-stay) cuts days from; bed days: scheme 1's and 3's source
    expect(read[flow('emergency-admissions')]).toBe(3);
    expect(read[flow('emergency-bed-days')]).toBe(3);
    // the targets (community contacts and beds, home care) are seen in their totals only
    for (const id of ['community-contacts', 'community-beds', 'home-care', 'ae']) expect(read[flow(id)], id).toBe(-1);
    expect(Array.from(flowsReadByBand(m)).filter((x) => x === 1)).toHaveLength(2);
  });

  for (const file of MODELS) {
    it(`keeps what Monte Carlo records: ${file}`, () => {
      const s = loadScenario(`models/${file}`);
      const m = s.model;
      const full = allocate(m);
      const lean = allocate(m);
      const noPlaces = allocate(m);
      const metrics = defaultMetrics(m);
      expect(metrics.every((d) => d.lean)).toBe(true);
      // every uncertain input, or failing those the first slots, moved by up to ±20%
      const slots = s.uncertain.length ? s.uncertain.map((u) => u.slot) : [0, 1, 2, 3];
      fc.assert(
        fc.property(fc.array(fc.double({ min: 0.8, max: 1.2, noNaN: true }), { minLength: slots.length, maxLength: slots.length }), (mult) => {
          const p = Float64Array.from(m.p0);
          slots.forEach((slot, j) => (p[slot]! *= mult[j]!));
          projectModel(m, Float64Array.from(p), full, { attribution: false });
          projectModel(m, Float64Array.from(p), lean, { attribution: false, detail: false });
          projectModel(m, Float64Array.from(p), noPlaces, { attribution: false, detail: false, places: false });
          for (const key of KEPT) expect(Array.from(lean[key]), key).toEqual(Array.from(full[key]));
          for (const key of KEPT.filter((k) => !k.startsWith('place'))) expect(Array.from(noPlaces[key]), key).toEqual(Array.from(full[key]));
          for (const d of metrics) for (let t = 0; t < m.nYears; t++) expect(d.value(lean, t, m)).toBe(d.value(full, t, m));
          for (const d of metrics.filter((x) => !x.byPlace)) for (let t = 0; t < m.nYears; t++) expect(d.value(noPlaces, t, m)).toBe(d.value(full, t, m));
        }),
        { numRuns: file.includes('devon') ? 3 : 10, seed: 11 },
      );
    });
  }
});

describe('demand kept from the last projection', () => {
  it('gives what a fresh projection gives when only inputs demand does not read change', () => {
    const s = loadScenario('models/harrogate-integrated-care-uncertain.yaml');
    const m = s.model;
    const notDemand = s.uncertain.map((u) => u.slot).filter((slot) => !demandVaries(m, varyingSlots(m, [slot])));
    const demand = s.uncertain.map((u) => u.slot).filter((slot) => !notDemand.includes(slot));
    // the growth inputs read by demand, the schemes' not
    expect(demand.length).toBeGreaterThanOrEqual(4);
    expect(notDemand.length).toBeGreaterThanOrEqual(8);
    keptMatchesFresh(m, notDemand, { sameDemand: true }, KEPT, 12);
  });

  it('part by part: the flows, lines and series no sampled input reaches are held, the others recomputed', () => {
    const s = loadScenario('models/harrogate-integrated-care-uncertain.yaml');
    const m = s.model;
    const slots = s.uncertain.map((u) => u.slot);
    const held = heldParts(m, varyingSlots(m, slots));
    const flow = (id: string) => m.flows.findIndex((f) => m.services[f.service]!.id === id);
    const line = (id: string) => m.lines.findIndex((l) => l.flows.includes(flow(id)));
    // the growth inputs reach admissions (and their bed days), not the community's flows
    expect(held.flows[flow('emergency-admissions')]).toBe(0);
    expect(held.flows[flow('emergency-bed-days')]).toBe(0);
    expect(held.flows[flow('community-contacts')]).toBe(1);
    // community contacts' demand is held, but their sampled unit cost moves their cost shape; admissions' and outpatients' sampled growth moves their totals;
    // mental health's base-price cost is held (the sampled cost inflation still moves its price)
    expect(held.lines[line('community-contacts')]).toBe(0);
    expect(held.lines[line('emergency-admissions')]).toBe(0);
    expect(held.lines[line('outpatients')]).toBe(0);
    expect(held.lines[line('mental-health')]).toBe(1);
    // the sampled growth rates' series vary, the others are held
    expect(held.series.includes(0) && held.series.includes(1)).toBe(true);
    keptMatchesFresh(m, slots, { held }, [...KEPT, 'flowDoNothingActivity', 'doNothingCost', 'lineDoNothingCost', 'lineCost', 'payment'], 13);
  });

  it("a line's efficiency index is held unless a rate of it varies, and a workspace holding it gives what a fresh one gives", () => {
    const base = loadScenario('models/harrogate-integrated-care-uncertain.yaml').model;
    // efficiency savings of 1% a year on every line (none are written in the scenario), one line's rates moved
    const p0 = Float64Array.from(base.p0);
    for (const line of base.lines) for (let t = 1; t < base.nYears; t++) p0[line.efficiencySlot + t] = 0.01;
    const m = { ...base, p0 };
    const l = 3;
    const slots = Array.from({ length: m.nYears - 1 }, (_, t) => m.lines[l]!.efficiencySlot + t + 1);
    const held = heldParts(m, varyingSlots(m, slots));
    expect(held.efficiency[l]).toBe(0);
    expect(held.efficiency.filter((x) => x === 1).length).toBe(m.lines.length - 1);
    keptMatchesFresh(m, slots, { held }, [...KEPT, 'lineDoNothingCost', 'lineCost', 'payment'], 15);
  });

  it("a line's price index is held unless its inflation or efficiency varies, and its do-nothing cost in £ with it if the line is held", () => {
    const s = loadScenario('models/harrogate-integrated-care-uncertain.yaml');
    const m = s.model;
    const slots = s.uncertain.map((u) => u.slot);
    // the cost inflation after the published years is sampled: every line's price moves
    const inflation = s.uncertain.find((u) => u.label.includes('ciiThereafter'))!.slot;
    const all = heldParts(m, varyingSlots(m, slots));
    expect(Array.from(all.prices)).toEqual(m.lines.map(() => 0));
    expect(Array.from(all.costs)).toEqual(m.lines.map(() => 0));
    // without it, every price is held, and the cost of each held line
    const others = slots.filter((slot) => slot !== inflation);
    const held = heldParts(m, varyingSlots(m, others));
    expect(Array.from(held.prices)).toEqual(m.lines.map(() => 1));
    expect(Array.from(held.costs)).toEqual(Array.from(held.lines));
    expect(held.costs.includes(1) && held.costs.includes(0)).toBe(true);
    expect(Array.from(held.costed)).toEqual(Array.from(held.costs, (x) => 1 - x));
    keptMatchesFresh(m, others, { held }, [...KEPT, 'doNothingCost', 'lineDoNothingCost', 'lineCost', 'cost', 'payment'], 17);
  });

  it("a line is not held when any input of its cost shape varies (unit cost, fixed and stepped shares, step size)", () => {
    const m = loadScenario('models/harrogate-integrated-care-uncertain.yaml').model;
    const l = heldParts(m, varyingSlots(m, [])).lines.indexOf(1);
    const line = m.lines[l]!;
    for (const slot of [line.unitCostSlot, line.fixedShareSlot, line.stepShareSlot, line.stepSizeSlot]) {
      const held = heldParts(m, varyingSlots(m, [slot])).lines;
      expect(held[l], `slot ${slot}`).toBe(0);
      expect(held.filter((x) => x === 1).length).toBe(m.lines.length - 1);
    }
  });
});

/**
 * A workspace that keeps demand from its last projection (`kept` options)
 * gives, in `keys`, what a fresh workspace gives, for the slots moved by up to ±20%.
 */
function keptMatchesFresh(m: Model, slots: number[], kept: ProjectOptions, keys: readonly (keyof Projection)[], seed: number): void {
  const ws = allocate(m);
  projectModel(m, Float64Array.from(m.p0), ws, { attribution: false, detail: false });
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0.8, max: 1.2, noNaN: true }), { minLength: slots.length, maxLength: slots.length }), (mult) => {
      const p = Float64Array.from(m.p0);
      slots.forEach((slot, j) => (p[slot]! *= mult[j]!));
      const fresh = projectModel(m, Float64Array.from(p), allocate(m), { attribution: false, detail: false });
      projectModel(m, Float64Array.from(p), ws, { attribution: false, detail: false, ...kept });
      for (const key of keys) expect(Array.from(ws[key] as Float64Array), key).toEqual(Array.from(fresh[key] as Float64Array));
    }),
    { numRuns: 20, seed },
  );
}
