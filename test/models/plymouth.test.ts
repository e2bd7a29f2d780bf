/**
 * models/plymouth-integrated-fund.yaml (and its acute-shared variant) against the fund's figures
 * — £460m in 2015/16, split exactly 77:23 (popshift issue 11; seed 002 says only that "an
 * integrated fund is in place with risk and benefit sharing agreements") — and the risk share a
 * finance lead would check by hand: the partners' shares sum to the variance every year; with
 * the exclusion the council pays nothing of the acute lines' variance, without it its share of
 * them is its contribution's; each contribution grows as its partner's funding; and Plymouth's
 * residents follow the same council-area series as Devon's Plymouth practices.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, project, type Results } from '../../src/index.js';
import { parseCsv } from '../../data/derive/table.js';
import { model, repoRoot } from '../helpers.js';
import { expectPlacesReconcile } from '../identities/reconcile.js';

const ACUTE = ['ae', 'emergency-admissions', 'emergency-bed-days', 'elective', 'day-cases', 'outpatients'];
const csv = (rel: string) => parseCsv(readFileSync(`${repoRoot}/${rel}`, 'utf8'));

const base = project(loadScenario(model('plymouth-integrated-fund.yaml')));
const shared = project(loadScenario(model('plymouth-integrated-fund-acute-shared.yaml')));
const fund = (r: Results) => r.pools.find((p) => p.id === 'integrated-fund')!;
const partner = (r: Results, id: string) => fund(r).partners.find((p) => p.id === id)!;

/** In-scope spend on the acute lines and on the rest, by year (the pool's services' payments). */
function spendSplit(r: Results): { acute: number[]; other: number[] } {
  const inPool = new Set(fund(r).services);
  const sum = (pick: (id: string) => boolean) =>
    r.years.map((_, t) => r.services.filter((s) => inPool.has(s.id) && pick(s.id)).reduce((a, s) => a + s.payment[t]!, 0));
  return { acute: sum((id) => ACUTE.includes(id)), other: sum((id) => !ACUTE.includes(id)) };
}

/**
 * The council's share of the variance on the acute lines, worked by hand: with no schemes every
 * line over- or underspends in proportion to its spend (its budget is the pool's split like
 * do-nothing spend), so the council's share of the other lines' variance is
 * V × (their spend / S) × (its contribution / B), and what it pays beyond that is acute.
 */
function councilAcuteShare(r: Results, t: number): number {
  const f = fund(r);
  const { acute, other } = spendSplit(r);
  const S = acute[t]! + other[t]!;
  const ofOthers = f.variance[t]! * (other[t]! / S) * (partner(r, 'pcc').contribution[t]! / f.budget[t]!);
  return partner(r, 'pcc').share[t]! - ofOthers;
}

describe('models/plymouth-integrated-fund.yaml', () => {
  it('runs from April 2015 (2015/16) to 2030/31 for Plymouth, one place of residents', () => {
    expect(base.baseYear).toBe('2015/16');
    expect(base.years).toContain('2030/31');
    expect(base.places).toHaveLength(1);
    expect(base.places[0]!.basis).toBe('resident');
    expectPlacesReconcile(base);
  });

  it('is £460m in 2015/16, split exactly 77:23, and its in-scope spend is £460m', () => {
    const f = fund(base);
    expect(f.budget[0]).toBeCloseTo(460e6, 2);
    expect(partner(base, 'ccg').contribution[0]).toBeCloseTo(0.77 * 460e6, 2);
    expect(partner(base, 'pcc').contribution[0]).toBeCloseTo(0.23 * 460e6, 2);
    expect(f.spend[0]).toBeCloseTo(460e6, 0);
    expect(f.variance[0]).toBeCloseTo(0, 0);
    // the modelled lines and each partner's other in-fund spend make up its contribution
    const other = (id: string) => base.services.find((s) => s.id === id)!.payment[0]!;
    expect(other('other-ccg')).toBeGreaterThan(0);
    expect(other('other-council')).toBeGreaterThan(0);
    const byCommissioner = (c: string) => base.services.filter((s) => fund(base).services.includes(s.id) && s.commissioner === c).reduce((a, s) => a + s.payment[0]!, 0);
    expect(byCommissioner('ccg')).toBeCloseTo(354.2e6, 0);
    expect(byCommissioner('pcc')).toBeCloseTo(105.8e6, 0);
  });

  it("shares every year's variance exactly between the partners, in both agreements", () => {
    for (const r of [base, shared]) {
      const f = fund(r);
      r.years.forEach((_, t) => {
        const total = f.partners.reduce((a, p) => a + p.share[t]!, 0) + f.reserveUsed[t]!;
        expect(total).toBeCloseTo(f.variance[t]!, 3);
      });
    }
  });

  it('keeps the council out of acute variances; without the exclusion its share of them is its contribution share', () => {
    const { acute } = spendSplit(base);
    base.years.forEach((_, t) => {
      expect(councilAcuteShare(base, t)).toBeCloseTo(0, 2);
      const f = fund(shared);
      const S = spendSplit(shared).acute[t]! + spendSplit(shared).other[t]!;
      const expected = f.variance[t]! * (acute[t]! / S) * (partner(shared, 'pcc').contribution[t]! / f.budget[t]!);
      expect(councilAcuteShare(shared, t)).toBeCloseTo(expected, 2);
    });
    // the variant moves money between the partners only: the council pays more when the fund overspends
    const t = base.years.indexOf('2020/21');
    expect(fund(base).variance[t]!).toBeGreaterThan(0);
    expect(partner(shared, 'pcc').share[t]!).toBeGreaterThan(partner(base, 'pcc').share[t]!);
    expect(shared.system.gap[t]!).toBeCloseTo(base.system.gap[t]!, 3);
    const position = (r: Results, id: string) => r.organisations.find((o) => o.id === id)!.position[t]!;
    expect(position(shared, 'pcc') - position(base, 'pcc')).toBeCloseTo(-(partner(shared, 'pcc').share[t]! - partner(base, 'pcc').share[t]!), 3);
  });

  it("grows each partner's contribution exactly as its funding grows", () => {
    for (const [id, orgId] of [['ccg', 'ccg'], ['pcc', 'pcc']] as const) {
      const c = partner(base, id).contribution;
      const funding = base.organisations.find((o) => o.id === orgId)!.funding;
      base.years.forEach((_, t) => expect(c[t]! / c[0]!).toBeCloseTo(funding[t]! / funding[0]!, 5));
    }
    // so a partner's position is minus its share of the variance
    for (const id of ['ccg', 'pcc']) {
      const o = base.organisations.find((x) => x.id === id)!;
      base.years.forEach((_, t) => expect(Math.abs(o.position[t]! + partner(base, id).share[t]!)).toBeLessThan(1e-5 * o.funding[t]! + 1));
    }
  });

  it("follows the same council-area series as Devon's Plymouth practices, scaled from 265,040 residents to 290,090 registered in 2019/20", () => {
    const devonPlaces = new Set(csv('data/devon/places.csv').filter((p) => p['council'] === 'pcc').map((p) => p['place']));
    const devon = csv('data/devon/population.csv').filter((x) => devonPlaces.has(x['place']));
    const plymouth = new Map(csv('data/plymouth/population.csv').map((x) => [x['year']!, x]));
    const bands = Object.keys(plymouth.get('2019/20')!).filter((k) => k !== 'year');
    const total = (row: Record<string, string>) => bands.reduce((a, b) => a + Number(row[b]), 0);
    expect(total(plymouth.get('2015/16')!)).toBeCloseTo(263088, 0);
    expect(total(plymouth.get('2019/20')!)).toBeCloseTo(265040, 0);
    const ratio = devon.filter((x) => x['year'] === '2019/20').reduce((a, x) => a + total(x), 0) / 265040;
    expect(ratio).toBeCloseTo(290090.1 / 265040, 4);
    for (const year of ['2019/20', '2023/24', '2024/25', '2030/31']) {
      for (const b of bands) {
        const d = devon.filter((x) => x['year'] === year).reduce((a, x) => a + Number(x[b]), 0);
        // each practice's cells are rounded to 0.1, 31 of them
        expect(Math.abs(d - ratio * Number(plymouth.get(year)![b]))).toBeLessThan(31 * 0.05 + ratio * 0.05 + 0.5);
      }
    }
  });
});
