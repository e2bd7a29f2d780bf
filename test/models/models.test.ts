/**
 * Every scenario in models/ is valid, runs, keeps the identities, and the
 * Harrogate default reproduces the published £40.3m gap by 2020/21.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { loadScenario, project } from '../../src/index.js';
import { model, repoRoot } from '../helpers.js';

const files = readdirSync(`${repoRoot}/models`).filter((f) => /\.(ya?ml|json)$/.test(f));

describe.each(files)('models/%s', (file) => {
  it('loads, calibrates and projects with the identities holding every year', () => {
    const before = readFileSync(model(file), 'utf8');
    const r = project(loadScenario(model(file)));
    expect(readFileSync(model(file), 'utf8')).toBe(before);
    r.years.forEach((_, t) => {
      const sum = r.organisations.reduce((a, o) => a + o.position[t]!, 0);
      expect(sum).toBeCloseTo(-r.system.gap[t]!, 3);
      expect(Number.isFinite(r.system.gap[t]!)).toBe(true);
    });
    // every Harrogate scenario keeps the default's calibration
    if (file.startsWith('harrogate')) {
      const t = r.years.indexOf('2020/21');
      expect(Math.abs(r.system.doNothingGap[t]! - 40.3e6)).toBeLessThan(0.1e6);
    }
  });
});

describe('the Harrogate default', () => {
  const scenario = loadScenario(model('harrogate.yaml'));
  const r = project(scenario);
  const parameter = (name: string) => scenario.model.p0[scenario.model.parameters.get(name)!.slot]!;
  it('runs from 2017/18 to at least 2030/31 for the 162,246 registered population', () => {
    expect(r.baseYear).toBe('2017/18');
    expect(r.years).toContain('2030/31');
    expect(r.population.total[0]).toBeCloseTo(162246, 0);
  });
  it('reports the fitted assumption, and the do-nothing gap is £40.3m in 2020/21', () => {
    expect(r.calibration?.parameter).toBe('nonDemographicGrowth');
    expect(Math.abs(r.calibration!.achieved - 40.3e6)).toBeLessThan(1000);
    expect(Math.abs(r.system.gap[r.years.indexOf('2020/21')]! - 40.3e6)).toBeLessThan(0.1e6);
  });
  it('spends 12% more on hospital services in the base year than the CCG receives for them', () => {
    const acute = r.services.filter((s) => s.setting === 'acute').reduce((a, s) => a + s.cost[0]!, 0);
    const nonAcuteCcgSpend = r.services.filter((s) => s.commissioner === 'ccg' && s.setting !== 'acute' && s.setting !== 'primary').reduce((a, s) => a + s.cost[0]!, 0);
    const allocation = parameter('ccg_allocation_2017_18');
    expect(acute / (allocation - nonAcuteCcgSpend)).toBeCloseTo(1.12, 3);
  });
});
