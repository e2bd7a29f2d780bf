/** The dashboard offers every one-number assumption the projection reads, written in the file or in its parameter tables. */
import { describe, it, expect } from 'vitest';
import { loadScenario, project } from '../../src/index.js';
import { investmentAssumptions, parameterAssumptions, seriesAssumptions } from '../../src/server/assumptions.js';
import { model, repoRoot } from '../helpers.js';
import { readdirSync } from 'node:fs';

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

  it('give a value validated only through a formula the range that formula\'s use allows (a unit cost scaled to local prices: 0 or more)', () => {
    const file = model('harrogate-integrated-care.yaml');
    const a = parameterAssumptions(loadScenario(file)).find((x) => x.name === 'unit_cost_community_contact')!;
    expect(a.min).toBe(0);
    expect(a.max).toBeUndefined();
    // the loader agrees: the range's end is accepted, just past it is refused where the scaled cost is used
    const at = (value: number) => () => loadScenario(file, { overrides: { parameters: { unit_cost_community_contact: { value } } } });
    expect(at(0)).not.toThrow();
    expect(at(-0.01)).toThrow(/services\[\d+\]\.unitCost: unit cost must not be negative/);
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

  describe('year by year', () => {
    const series = new Map(seriesAssumptions(s).map((a) => [a.name, a]));
    const slotOf = (name: string) => s.model.parameters.get(name)!.slot;

    it('offer each series the file writes that the projection reads, every year after the base, with its label, range and source (not the CII: a headline control)', () => {
      expect([...series.keys()].sort()).toEqual(['calibrationYears', 'gdp', 'nhsRealGrowth']);
      const nhs = series.get('nhsRealGrowth')!;
      expect(nhs).toMatchObject({ label: 'NHS real-terms growth', unit: 'fraction a year', source: expect.stringMatching(/NHS England revenue/), uncertain: false });
      expect(nhs.years.map((y) => y.year)).toEqual(s.model.years.slice(1));
      nhs.years.forEach((y, i) => expect(y.value).toBe(s.model.p0[slotOf('nhsRealGrowth') + i + 1]));
      // a rate: the loader's ±50% a year
      expect(nhs.years[0]).toMatchObject({ min: -0.5, max: 0.5 });
    });

    it('a year written under byYear replaces the table\'s, and moves funding from that year on', () => {
      const year = '2025/26';
      const t = s.model.years.indexOf(year);
      const edited = loadScenario(model('harrogate.yaml'), { overrides: { parameters: { nhsRealGrowth: { byYear: { [year]: 0.05 } } } } });
      const slot = edited.model.parameters.get('nhsRealGrowth')!.slot;
      expect(edited.model.p0[slot + t]).toBe(0.05);
      // the table's other years stand
      expect(edited.model.p0[slot + t - 1]).toBe(s.model.p0[slotOf('nhsRealGrowth') + t - 1]);
      expect(edited.model.p0[slot + t + 1]).toBe(s.model.p0[slotOf('nhsRealGrowth') + t + 1]);
      const ccg = (r: ReturnType<typeof project>) => r.organisations.find((o) => o.id === 'ccg')!.funding;
      const before = ccg(project(s));
      const after = ccg(project(edited));
      expect(after[t - 1]).toBe(before[t - 1]);
      // 5% real growth instead of the table's 3% into 2025/26: the CCG's allocation 1.05 / 1.03 of the file's from then on
      expect(after[t]! / before[t]!).toBeCloseTo(1.05 / 1.03, 12);
      expect(after[t + 1]! / before[t + 1]!).toBeCloseTo(1.05 / 1.03, 12);
    });

    it('a year of the residual switched on beyond the calibration moves the gap', () => {
      const years = Object.fromEntries(series.get('calibrationYears')!.years.map((y) => [y.year, y.value]));
      const edited = loadScenario(model('harrogate.yaml'), { overrides: { parameters: { calibrationYears: { byYear: { ...years, '2024/25': 1 } } } } });
      const t = s.model.years.indexOf('2024/25');
      expect(project(edited).system.gap[t]).not.toBe(project(s).system.gap[t]);
      expect(project(edited).system.gap[t - 1]).toBe(project(s).system.gap[t - 1]);
    });
  });

  it('offer each scheme\'s investment sums written as numbers, with who pays and the source', () => {
    expect(investmentAssumptions(s)).toEqual([]); // the do-nothing file has no schemes
    const ic = loadScenario(model('harrogate-integrated-care.yaml'));
    const [inv, ...rest] = investmentAssumptions(ic);
    expect(rest).toEqual([]);
    expect(inv).toMatchObject({ scheme: 'avoidable-admissions', name: 'Admissions managed in the community' });
    expect(inv!.sums).toEqual([{ index: 0, organisation: 'NHS Harrogate and Rural District CCG', year: '2018/19', value: 500000, source: expect.stringMatching(/^ASSUMPTION — transition costs/) }]);
    expect(inv!.written).toEqual(ic.loaded.scenario.schemes!.find((k) => k.id === 'avoidable-admissions')!.investment);
  });
});

describe.each(readdirSync(`${repoRoot}/models`).filter((f) => /\.(ya?ml|json)$/.test(f)))('models/%s', (file) => {
  it('states the unit of every assumption the dashboard offers (its label says what is typed: a fraction, £ a year, contacts)', () => {
    const s = loadScenario(model(file));
    const unitless = [...parameterAssumptions(s), ...seriesAssumptions(s)].filter((a) => !a.unit).map((a) => a.name);
    expect(unitless).toEqual([]);
  });
});
