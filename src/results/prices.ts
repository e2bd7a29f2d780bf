/**
 * Results in real terms: every £ figure of year t multiplied by D(year) / D(t),
 * where D is a named deflator's cumulative index, so money is stated at one
 * year's prices. Activity, beds and populations are unchanged. The price base
 * is named on the results (and so on every table and chart built from them).
 * A projection's results and a Monte Carlo run's summary are restated by the
 * same factors, so a run's percentiles sit beside the projection's figures.
 */
import type { Results, Prices } from './summary.js';
import type { Bridge } from '../engine/reconcile.js';
import { deflatorArgument, resultsArgument, yearArgument } from '../api-arguments.js';
import type { SimulationResult } from '../uncertainty/montecarlo.js';
import type { Stats } from '../uncertainty/statistics.js';

/** A deflator as the results need it: its name and cumulative index by year (1 in the base year). */
export interface DeflatorIndex {
  id: string;
  name: string;
  source?: string;
  index: number[];
}

/** The price base sentence for `prices`. */
export function priceBaseText(prices: Prices, cashText: string): string {
  if (prices.basis === 'cash') return cashText;
  return `real terms at ${prices.year} prices (deflated by the ${prices.deflator.name})`;
}

/** What a £ of each of `years` is multiplied by to state it at `year` prices: D(year) / D(t). */
export function realFactors(years: readonly string[], deflator: DeflatorIndex, year: string): number[] {
  const ty = years.indexOf(year);
  if (ty < 0) throw new Error(`price year ${year} is not in the projection`);
  return years.map((_, t) => deflator.index[ty]! / deflator.index[t]!);
}

function realPrices(deflator: DeflatorIndex, year: string): Prices {
  return { basis: 'real', year, deflator: { id: deflator.id, name: deflator.name, source: deflator.source } };
}

/** A copy of `r` in real terms at `year` prices by `deflator`. */
export function inRealTerms(r: Results, deflator: DeflatorIndex, year: string): Results {
  resultsArgument('inRealTerms', r);
  deflatorArgument('inRealTerms', deflator, r.years.length, 2);
  yearArgument('inRealTerms', year, r.years, 3);
  const factor = realFactors(r.years, deflator, year);
  const s = (a: number[]) => a.map((v, t) => v * factor[t]!);
  const at = (v: number, y: string) => v * factor[r.years.indexOf(y)]!;
  const prices = realPrices(deflator, year);
  return {
    ...r,
    prices,
    priceBase: priceBaseText(prices, r.priceBase),
    calibration: r.calibration && {
      ...r.calibration,
      target: at(r.calibration.target, r.calibration.year),
      achieved: at(r.calibration.achieved, r.calibration.year),
      reconciliation: scaleBridge(r.calibration.reconciliation, r.years, factor),
    },
    drivers: r.drivers.map((b) => scaleBridge(b, r.years, factor)),
    system: { funding: s(r.system.funding), cost: s(r.system.cost), investment: s(r.system.investment), gap: s(r.system.gap), doNothingGap: s(r.system.doNothingGap), position: s(r.system.position) },
    sectors: r.sectors.map((x) => ({ ...x, funding: s(x.funding), gap: s(x.gap), doNothingGap: s(x.doNothingGap) })),
    organisations: r.organisations.map((o) => ({
      ...o,
      funding: s(o.funding),
      income: s(o.income),
      payments: s(o.payments),
      cost: s(o.cost),
      investment: s(o.investment),
      position: s(o.position),
      doNothingPosition: s(o.doNothingPosition),
    })),
    services: r.services.map((v) => ({ ...v, cost: s(v.cost), doNothingCost: s(v.doNothingCost), payment: s(v.payment), stranded: s(v.stranded) })),
    schemes: r.schemes.map((k) => ({
      ...k,
      effect: s(k.effect),
      investment: s(k.investment),
      byOrganisation: Object.fromEntries(Object.entries(k.byOrganisation).map(([id, v]) => [id, s(v)])),
    })),
    pools: r.pools.map((pl) => ({
      ...pl,
      budget: s(pl.budget),
      spend: s(pl.spend),
      variance: s(pl.variance),
      reserveUsed: s(pl.reserveUsed),
      underspendsUsed: s(pl.underspendsUsed),
      released: s(pl.released),
      overspendShared: s(pl.overspendShared),
      underspendShared: s(pl.underspendShared),
      partners: pl.partners.map((x) => ({ ...x, contribution: s(x.contribution), share: s(x.share) })),
    })),
    envelopes: r.envelopes.map((e) => ({
      ...e,
      envelope: s(e.envelope),
      cost: s(e.cost),
      margin: s(e.margin),
      tariffIncome: s(e.tariffIncome),
      settlement: s(e.settlement),
      payment: s(e.payment),
      finalMargin: s(e.finalMargin),
      members: e.members.map((m) => ({ ...m, share: s(m.share) })),
    })),
    places: r.places.map((pl) => ({
      ...pl,
      funding: s(pl.funding),
      cost: s(pl.cost),
      investment: s(pl.investment),
      gap: s(pl.gap),
      doNothingGap: s(pl.doNothingGap),
      organisations: pl.organisations.map((o) => ({ ...o, funding: s(o.funding), position: s(o.position) })),
      services: pl.services.map((v) => ({ ...v, cost: s(v.cost), payment: s(v.payment) })),
      schemes: pl.schemes.map((k) => ({ ...k, effect: s(k.effect), investment: s(k.investment) })),
      pools: pl.pools.map((x) => ({ ...x, budget: s(x.budget), spend: s(x.spend), variance: s(x.variance), partners: x.partners.map((y) => ({ ...y, share: s(y.share) })) })),
      envelopes: pl.envelopes.map((x) => ({
        ...x,
        envelope: s(x.envelope),
        cost: s(x.cost),
        margin: s(x.margin),
        settlement: s(x.settlement),
        payment: s(x.payment),
        finalMargin: s(x.finalMargin),
      })),
    })),
    rollups: r.rollups.map((g) => ({ ...g, funding: s(g.funding), cost: s(g.cost), investment: s(g.investment), gap: s(g.gap), doNothingGap: s(g.doNothingGap) })),
  };
}

/**
 * Each metric's factor by year in real terms ([m][t]): the year's factor for a
 * metric in £, 1 for a metric in any other unit (a count, a share).
 */
export function metricFactors(metrics: readonly { unit: string }[], years: readonly string[], deflator: DeflatorIndex, year: string): number[][] {
  const factor = realFactors(years, deflator, year);
  return metrics.map((m) => (m.unit === '£' ? factor : factor.map(() => 1)));
}

/**
 * A copy of a Monte Carlo run's summary in real terms at `year` prices by
 * `deflator`, which must be the same in every iteration (the caller checks
 * that no sampled input moves it). The factors are positive, so each £
 * metric's percentiles, mean, standard deviation and standard errors in year
 * t are the cash ones × year t's factor; the probability that the gap closes
 * (gap ≤ 0), rank correlations, sampled inputs and metrics in other units are
 * as they were. Kept samples are restated too, so percentiles and samples agree.
 */
export function simulationInRealTerms<R extends SimulationResult>(r: R, deflator: DeflatorIndex, year: string): R {
  const prices = realPrices(deflator, year);
  const f = metricFactors(r.metrics, r.years, deflator, year);
  const scale = (y: { year: string } & Stats, x: number): { year: string } & Stats => ({
    ...y,
    mean: y.mean * x,
    sd: y.sd * x,
    p5: y.p5 * x,
    p10: y.p10 * x,
    p50: y.p50 * x,
    p90: y.p90 * x,
    p95: y.p95 * x,
    se: { mean: y.se.mean * x, p5: y.se.p5 * x, p10: y.se.p10 * x, p50: y.se.p50 * x, p90: y.se.p90 * x, p95: y.se.p95 * x },
  });
  const out: R = {
    ...r,
    priceBase: priceBaseText(prices, r.priceBase),
    prices,
    metrics: r.metrics.map((m, k) => (m.unit === '£' ? { ...m, byYear: m.byYear.map((y, t) => scale(y, f[k]![t]!)) } : m)),
  };
  if (r.samples) {
    // [(i × nM + m) × nY + t], the kernel's layout
    const { values } = r.samples;
    const nM = r.samples.metricIds.length;
    const nY = r.years.length;
    const byId = new Map(r.metrics.map((m, k) => [m.id, f[k]!]));
    const rows = r.samples.metricIds.map((id) => byId.get(id) ?? r.years.map(() => 1));
    const real = new Float64Array(values.length);
    for (let o = 0; o < values.length; ) for (let m = 0; m < nM; m++) for (let t = 0; t < nY; t++, o++) real[o] = values[o]! * rows[m]![t]!;
    out.samples = { ...r.samples, values: real };
  }
  return out;
}

/**
 * A bridge in real terms. Its steps compare the end year with the base year,
 * so each part is restated at its own year's factor: the base-year gap at the
 * base year's, the rest (all end-year differences, less base-year cost or
 * funding) so that the steps still sum exactly to the end year's gap.
 */
function scaleBridge(b: Bridge, years: string[], factor: number[]): Bridge {
  const fEnd = factor[years.indexOf(b.year)]!;
  const f0 = factor[0]!;
  const base = b.steps.find((x) => x.id === 'base')!.value;
  // The end gap = base + Σ middle steps. In real terms: end·fEnd = base·f0 + Σ middle·fEnd + base·(fEnd − f0).
  // The base-year gap restated at end-year prices differs from base·f0 by base·(fEnd − f0): that is a
  // price effect, so it joins the inflation step (how much costs outran the deflator).
  return {
    ...b,
    steps: b.steps.map((st) => {
      if (st.id === 'base') return { ...st, value: base * f0 };
      if (st.id === 'inflation') return { ...st, value: st.value * fEnd + base * (fEnd - f0) };
      return { ...st, value: st.value * fEnd };
    }),
  };
}
