/**
 * Every scenario in models/ is valid, runs, keeps the identities and
 * reconciles its places with the system, and the Harrogate default reproduces
 * the published £40.3m local health economy gap by 2020/21, with a
 * reconciliation that sums exactly to it.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { loadScenario, project } from '../../src/index.js';
import { model, repoRoot } from '../helpers.js';
import { expectPlacesReconcile } from '../identities/reconcile.js';

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
    expectPlacesReconcile(r);
    // every Harrogate scenario keeps the default's calibration: the local health economy's do-nothing gap
    if (file.startsWith('harrogate')) {
      const t = r.years.indexOf('2020/21');
      const nhs = r.sectors.find((s) => s.id === 'nhs')!;
      expect(Math.abs(nhs.doNothingGap[t]! - 40.3e6)).toBeLessThan(1000);
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
  it("fits one named residual so the local health economy's do-nothing gap is £40.3m in 2020/21, the council beside it", () => {
    const c = r.calibration!;
    expect(c.parameter).toBe('otherSpendResidual');
    expect(c.scope).toBe('sector:nhs');
    expect(Math.abs(c.achieved - 40.3e6)).toBeLessThan(1000);
    const t = r.years.indexOf('2020/21');
    const nhs = r.sectors.find((s) => s.id === 'nhs')!;
    const council = r.sectors.find((s) => s.id === 'council')!;
    expect(nhs.gap[t]! + council.gap[t]! + (r.sectors.find((s) => s.id === 'independent')?.gap[t] ?? 0)).toBeCloseTo(r.system.gap[t]!, 3);
    expect(council.organisations).toEqual(['nycc']);
    expect(nhs.organisations).not.toContain('nycc');
  });
  it('reconciles the base-year gap to the target in steps that sum exactly to it', () => {
    const steps = r.calibration!.reconciliation.steps;
    expect(steps.map((s) => s.id)).toEqual(['base', 'demography', 'growth', 'inflation', 'funding', 'residual', 'end']);
    const sum = steps.slice(0, -1).reduce((a, s) => a + s.value, 0);
    expect(Math.abs(sum - steps[steps.length - 1]!.value)).toBeLessThan(1e-6);
    expect(Math.abs(steps[steps.length - 1]!.value - 40.3e6)).toBeLessThan(1000);
    // the base year: hospital services cost 12% more than their funding (seed 001), nothing else out of balance
    const acute = r.services.filter((s) => s.setting === 'acute').reduce((a, s) => a + s.cost[0]!, 0);
    expect(steps[0]!.value).toBeCloseTo(acute - acute / 1.12, -2);
    // the residual is what the sourced drivers leave, and is reported as £, not hidden in a rate
    expect(steps.find((s) => s.id === 'residual')!.value).toBeGreaterThan(0);
    // the drivers to the horizon sum to its gap too
    const h = r.drivers[0]!;
    expect(h.year).toBe(r.horizon);
    expect(Math.abs(h.steps.slice(0, -1).reduce((a, s) => a + s.value, 0) - h.steps[h.steps.length - 1]!.value)).toBeLessThan(1e-6);
  });
  it('flags every year in which emergency bed days need more beds than there are', () => {
    const cap = r.capacity.find((c) => c.service === 'emergency-bed-days')!;
    expect(cap.beds[0]).toBe(parameter('emergency_beds_2017_18'));
    expect(cap.occupancy).toBe(0.92);
    // beds needed = bed days / (365 × 0.92)
    expect(cap.bedsNeeded[0]!).toBeCloseTo(cap.bedDays[0]! / (365 * 0.92), 9);
    expect(cap.doNothingBreaches.length).toBeGreaterThan(0);
    for (const y of cap.doNothingBreaches) expect(cap.doNothingBedsNeeded[r.years.indexOf(y)]!).toBeGreaterThan(cap.beds[r.years.indexOf(y)]!);
    const inside = r.years.filter((y) => !cap.doNothingBreaches.includes(y));
    for (const y of inside) expect(cap.doNothingBedsNeeded[r.years.indexOf(y)]!).toBeLessThanOrEqual(cap.beds[r.years.indexOf(y)]!);
  });
  it('grows funding from published allocations, not in step with cost: no shared index to hide', () => {
    expect(r.notes).toEqual([]);
    const ccg = r.organisations.find((o) => o.id === 'ccg')!;
    // 2019/20 is the 03E target allocation (core) plus primary medical care
    const t = r.years.indexOf('2019/20');
    expect(ccg.funding[t]! - parameter('ccg_target_allocation_2018_19_basis')).toBeGreaterThan(0);
  });
  it('spends 12% more on hospital services in the base year than the CCG receives for them', () => {
    const acute = r.services.filter((s) => s.setting === 'acute').reduce((a, s) => a + s.cost[0]!, 0);
    const nonAcuteCcgSpend = r.services.filter((s) => s.commissioner === 'ccg' && s.setting !== 'acute' && s.setting !== 'primary').reduce((a, s) => a + s.cost[0]!, 0);
    const allocation = parameter('ccg_allocation_2017_18');
    expect(acute / (allocation - nonAcuteCcgSpend)).toBeCloseTo(1.12, 3);
  });
});
