/** A formula written in place of a number (`unitCost: "=$tariff * (1 - $discount)"`) is a figure like any other. */
import { describe, it, expect } from 'vitest';
import { loadScenario, project } from '../../src/index.js';
import { fixture } from '../helpers.js';

describe('a formula in place of a number', () => {
  it('gives what the number it computes gives: £1,250 less 20% is the tiny system\'s £1,000 an admission', () => {
    const withFormula = project(loadScenario(fixture('tiny/tiny-formula-in-place.yaml')));
    const plain = project(loadScenario(fixture('tiny/tiny.yaml')));
    expect(withFormula.system.cost).toEqual(plain.system.cost);
    expect(withFormula.system.doNothingGap).toEqual(plain.system.doNothingGap);
  });

  it('follows its parameters when they change', () => {
    const s = loadScenario(fixture('tiny/tiny-formula-in-place.yaml'));
    const base = project(s).system.cost[0]!;
    const cheaper = project(loadScenario(fixture('tiny/tiny-formula-in-place.yaml'), { overrides: { parameters: { discount: { value: 0.3 } } } })).system.cost[0]!;
    expect(cheaper).toBeLessThan(base);
  });
});
