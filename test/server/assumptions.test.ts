/** The dashboard offers every one-number assumption the projection reads, written in the file or in its parameter tables. */
import { describe, it, expect } from 'vitest';
import { loadScenario, project } from '../../src/index.js';
import { parameterAssumptions } from '../../src/server/assumptions.js';
import { model } from '../helpers.js';

describe('editable assumptions', () => {
  const s = loadScenario(model('harrogate.yaml'));
  const offered = parameterAssumptions(s);
  const byName = new Map(offered.map((a) => [a.name, a]));

  it('include the parameter tables\' figures the projection reads, with their sources', () => {
    // data/harrogate/parameters.csv: the A&E unit cost prices every A&E attendance
    expect(byName.get('unit_cost_ae_attendance')).toMatchObject({ source: expect.stringMatching(/\S/) });
    expect(byName.get('unit_cost_ae_attendance')!.value).toBe(s.model.p0[s.model.parameters.get('unit_cost_ae_attendance')!.slot]);
    // written in the file
    expect(byName.has('councilRealGrowth')).toBe(true);
  });

  it('leave out what nothing in this scenario reads, and the calibration\'s fitted residual', () => {
    expect(byName.has('plymouth_pool')).toBe(false); // another system's figure in the same table
    expect(byName.has(s.calibration!.parameter)).toBe(false);
  });

  it('each move a figure when overridden as the dashboard overrides them', () => {
    const base = project(s).system.doNothingGap;
    for (const name of ['unit_cost_ae_attendance', 'ndg_ae']) {
      const a = byName.get(name)!;
      const changed = project(loadScenario(model('harrogate.yaml'), { overrides: { parameters: { [name]: { value: a.value * 1.05 } } } })).system.doNothingGap;
      expect(changed, name).not.toEqual(base);
    }
  });
});
