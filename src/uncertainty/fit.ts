/**
 * Fitting a distribution to a column of historical data (`popshift fit`):
 * normal, lognormal, gamma and PERT, each by maximum likelihood, ranked by
 * AIC (2 × parameters − 2 × log-likelihood; lower is better) with the
 * Kolmogorov–Smirnov statistic D (the largest gap between the data's
 * empirical CDF and the fitted CDF) beside it.
 *
 * - normal: the sample mean and the (maximum-likelihood, divide-by-n) sd.
 * - lognormal: the same of log x; written as median e^μ and sd of log σ.
 * - gamma: shape by Newton's method on ln k − ψ(k) = ln(mean) − mean(ln x)
 *   from Minka's starting value, scale = mean / shape.
 * - PERT: min, mode and max by Nelder–Mead on the log-likelihood (min below
 *   the smallest value, max above the largest, the mode between).
 *
 * The CDF the statistic uses is the one Monte Carlo samples (distributions.ts),
 * so D measures the snippet as it will be used.
 */
import { mean, standardDeviation, gammaln, numericSort } from 'simple-statistics';
import type { DistributionT } from '../scenario/schema.js';
import { compile, type Compiled } from './distributions.js';
import { UserError } from '../errors.js';
import { messages } from '../scenario/messages.js';

export const FAMILIES = ['normal', 'lognormal', 'gamma', 'pert'] as const;
export type Family = (typeof FAMILIES)[number];

/** Fewer values than this cannot tell the families apart (PERT alone has three parameters): eight years of history is about the least worth fitting. */
export const MIN_VALUES = 8;

export interface Fit {
  family: Family;
  /** The fitted distribution, as a scenario writes it. */
  dist: DistributionT;
  parameters: number;
  logLikelihood: number;
  aic: number;
  /** Kolmogorov–Smirnov D. */
  ks: number;
}

export interface FitReport {
  n: number;
  /** Fits, best (lowest AIC) first. */
  fits: Fit[];
  /** Families that could not be fitted, and why (e.g. lognormal on data with values ≤ 0). */
  skipped: { family: Family; reason: string }[];
}

/** Why `family` cannot be fitted to `x` (sorted), or undefined. */
export function cannotFit(family: Family, x: readonly number[]): string | undefined {
  const min = x[0]!;
  const max = x[x.length - 1]!;
  if ((family === 'lognormal' || family === 'gamma') && min <= 0) return `a ${family} needs every value above 0 (the smallest is ${min})`;
  if (min === max) return `every value is ${min}: there is nothing to fit`;
  return undefined;
}

/** Fit each of `families` to the values `data` (finite numbers, at least MIN_VALUES). */
export function fitDistributions(data: readonly number[], families: readonly Family[] = FAMILIES): FitReport {
  if (data.length < MIN_VALUES) throw new UserError(messages.fit.tooFew(data.length, MIN_VALUES));
  // a NaN sorts anywhere and poisons every likelihood: name it rather than fail inside a fit
  const bad = data.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new UserError(messages.fit.notFinite(bad, data[bad]));
  for (const f of families) if (!(FAMILIES as readonly string[]).includes(f)) throw new UserError(messages.fit.unknownFamily(f, FAMILIES));
  const x = numericSort([...data]);
  const fits: Fit[] = [];
  const skipped: FitReport['skipped'] = [];
  for (const family of families) {
    const why = cannotFit(family, x);
    if (why) skipped.push({ family, reason: why });
    else fits.push(fitOne(family, x));
  }
  fits.sort((a, b) => a.aic - b.aic || a.ks - b.ks);
  return { n: x.length, fits, skipped };
}

function fitOne(family: Family, x: number[]): Fit {
  const { dist, logLikelihood, parameters } = family === 'normal' ? fitNormal(x) : family === 'lognormal' ? fitLognormal(x) : family === 'gamma' ? fitGamma(x) : fitPert(x);
  return { family, dist, parameters, logLikelihood, aic: 2 * parameters - 2 * logLikelihood, ks: ksStatistic(x, compile(dist) as Compiled) };
}

const LOG_2PI = Math.log(2 * Math.PI);

function fitNormal(x: number[]) {
  const mu = mean(x);
  const sd = standardDeviation(x);
  const n = x.length;
  const logLikelihood = -0.5 * n * (LOG_2PI + 2 * Math.log(sd) + 1);
  return { dist: { dist: 'normal', mean: mu, sd } as DistributionT, logLikelihood, parameters: 2 };
}

function fitLognormal(x: number[]) {
  const logs = x.map(Math.log);
  const mu = mean(logs);
  const sd = standardDeviation(logs);
  const n = x.length;
  const logLikelihood = -0.5 * n * (LOG_2PI + 2 * Math.log(sd) + 1) - n * mu;
  return { dist: { dist: 'lognormal', median: Math.exp(mu), sd } as DistributionT, logLikelihood, parameters: 2 };
}

/** ψ(x), the digamma function (recurrence up to 10, then the asymptotic series). */
export function digamma(x: number): number {
  let r = 0;
  for (; x < 10; x++) r -= 1 / x;
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** ψ′(x), the trigamma function. */
export function trigamma(x: number): number {
  let r = 0;
  for (; x < 10; x++) r += 1 / (x * x);
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - (5 * f) / 66))));
}

function fitGamma(x: number[]) {
  const n = x.length;
  const m = mean(x);
  const meanLog = mean(x.map(Math.log));
  const s = Math.log(m) - meanLog;
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 50; i++) {
    const step = (Math.log(k) - digamma(k) - s) / (1 / k - trigamma(k));
    const next = k - step;
    k = next > 0 ? next : k / 2;
    if (Math.abs(step) < 1e-12 * k) break;
  }
  const scale = m / k;
  const logLikelihood = (k - 1) * n * meanLog - (n * m) / scale - n * k * Math.log(scale) - n * gammaln(k);
  return { dist: { dist: 'gamma', shape: k, scale } as DistributionT, logLikelihood, parameters: 2 };
}

/** PERT log-likelihood of sorted `x` with (min a, mode m, max b); −∞ outside a < x < b. */
function pertLogLikelihood(x: number[], a: number, m: number, b: number): number {
  const w = b - a;
  if (!(a < x[0]! && b > x[x.length - 1]! && m >= a && m <= b)) return -Infinity;
  const al = 1 + (4 * (m - a)) / w;
  const be = 1 + (4 * (b - m)) / w;
  const lbeta = gammaln(al) + gammaln(be) - gammaln(al + be);
  let s = 0;
  for (const v of x) s += (al - 1) * Math.log(v - a) + (be - 1) * Math.log(b - v);
  return s - x.length * ((al + be - 1) * Math.log(w) + lbeta);
}

function fitPert(x: number[]) {
  const lo = x[0]!;
  const hi = x[x.length - 1]!;
  const range = hi - lo;
  // (min, mode, max) from unbounded coordinates: min below the data, max above it, the mode a share of the way between
  const unpack = (u: number[]): [number, number, number] => {
    const a = lo - range * Math.exp(u[0]!);
    const b = hi + range * Math.exp(u[2]!);
    return [a, a + (b - a) / (1 + Math.exp(-u[1]!)), b];
  };
  const objective = (u: number[]) => {
    const v = -pertLogLikelihood(x, ...unpack(u));
    return Number.isFinite(v) ? v : 1e300;
  };
  // start: a twentieth of the range beyond each end, the mode from the PERT mean (a + 4m + b) / 6
  const a0 = lo - range / 20;
  const b0 = hi + range / 20;
  const m0 = Math.min(b0 - range / 100, Math.max(a0 + range / 100, (6 * mean(x) - a0 - b0) / 4));
  const share = (m0 - a0) / (b0 - a0);
  const u = nelderMead(objective, [Math.log(1 / 20), Math.log(share / (1 - share)), Math.log(1 / 20)]);
  const [min, mode, max] = unpack(u);
  return { dist: { dist: 'pert', min, mode, max } as DistributionT, logLikelihood: pertLogLikelihood(x, min, mode, max), parameters: 3 };
}

/** Minimise `f` from `start` by the Nelder–Mead simplex (standard coefficients), to a relative tolerance. */
export function nelderMead(f: (u: number[]) => number, start: number[], maxIterations = 2000): number[] {
  const d = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + 0.5 : v)))].map((p) => ({ p, v: f(p) }));
  const along = (c: number[], p: number[], t: number) => c.map((ci, i) => ci + t * (p[i]! - ci));
  for (let it = 0; it < maxIterations; it++) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[d]!;
    if (Math.abs(worst.v - best.v) <= 1e-12 * (Math.abs(best.v) + 1e-12)) break;
    const centroid = start.map((_, i) => simplex.slice(0, d).reduce((s, q) => s + q.p[i]!, 0) / d);
    const r = along(centroid, worst.p, -1);
    const fr = f(r);
    if (fr < best.v) {
      const e = along(centroid, worst.p, -2);
      const fe = f(e);
      simplex[d] = fe < fr ? { p: e, v: fe } : { p: r, v: fr };
    } else if (fr < simplex[d - 1]!.v) simplex[d] = { p: r, v: fr };
    else {
      const c = along(centroid, worst.p, fr < worst.v ? -0.5 : 0.5);
      const fc = f(c);
      if (fc < Math.min(fr, worst.v)) simplex[d] = { p: c, v: fc };
      else simplex = simplex.map((q, i) => (i === 0 ? q : { p: along(best.p, q.p, 0.5), v: f(along(best.p, q.p, 0.5)) }));
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return simplex[0]!.p;
}

/** Kolmogorov–Smirnov D of sorted `x` against the CDF of `c`. */
export function ksStatistic(x: readonly number[], c: Compiled): number {
  const n = x.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = c.cdf(x[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** A number for the snippet: 4 significant figures, no exponent for everyday sizes. */
export function snippetNumber(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** The fitted distribution as a scenario parameter's YAML. */
export function fitSnippet(fit: Fit, source: string): string {
  const d = fit.dist as Record<string, unknown>;
  const fields = Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? snippetNumber(v) : String(v)}`)
    .join(', ');
  return `value: { ${fields} }\nsource: ${JSON.stringify(source)}`;
}
