/**
 * The distributions a scenario may use in place of a number, each with its CDF
 * and inverse CDF (quantile), so that sampling, truncation and the tornado's
 * p10/p90 all use the same definition.
 *
 * - normal(mean, sd); lognormal(median, sd of log); uniform(min, max);
 *   triangular(min, mode, max); PERT(min, mode, max) = min + (max − min) ×
 *   Beta(1 + 4(mode − min)/(max − min), 1 + 4(max − mode)/(max − min)).
 * - interval(p10, p90), an 80% interval: **a normal** with mean (p10 + p90)/2
 *   and sd (p90 − p10) / (2 × 1.2815516), so that 10% falls below p10 and 10%
 *   above p90. (Write a lognormal for a skewed quantity.)
 * - bounds (`min`/`max` on normal, lognormal, interval) and the domain the
 *   model requires where the input is used (e.g. 0 to 1 for a share) truncate
 *   the distribution: samples are drawn by inverse CDF between the CDF at the
 *   bounds, never clamped. Truncation moves the quantiles: an interval with
 *   bounds has less than 10% below p10.
 * - gamma(shape k, scale θ): density x^(k−1) e^(−x/θ) / (Γ(k) θ^k) for x > 0.
 * - discrete(values, p) and bernoulli(p, value = 1, otherwise = 0): the
 *   quantile of u is the smallest value whose cumulative probability reaches
 *   u. They are not truncated: every value must lie where the input must.
 */
import type { DistributionT } from '../scenario/schema.js';

const Z90 = 1.2815515655446004;
const SQRT2PI = 2.5066282746310002;

/** Standard normal CDF (Hart's double-precision rational approximation, |error| < 1e-14). */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let c: number;
  if (z > 37) c = 0;
  else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      c = (e * n) / d;
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      c = e / b / SQRT2PI;
    }
  }
  return x > 0 ? 1 - c : c;
}

// Acklam's rational approximation's coefficients (built once, not per call).
const NQ_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const NQ_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const NQ_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const NQ_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Standard normal quantile: Acklam's approximation refined by one Halley step. */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = NQ_A;
  const b = NQ_B;
  const c = NQ_C;
  const d = NQ_D;
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // One Halley step against the precise CDF.
  const e = normalCdf(x) - p;
  const u = e * SQRT2PI * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

const LANCZOS = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

function lgamma(x: number): number {
  const g = LANCZOS;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let s = 0.99999999999980993;
  for (let i = 0; i < 8; i++) s += g[i]! / (x + i + 1);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Continued fraction for the incomplete beta (Lentz). */
function betacf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 3e-16) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function betaCdf(x: number, a: number, b: number, lbeta = lgamma(a) + lgamma(b) - lgamma(a + b)): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return betaCdfLogs(x, a, b, lbeta, Math.log(x), Math.log(1 - x));
}

/** I_x(a, b) for 0 < x < 1 given log x and log(1 − x) (which betaQuantile's density step reads too). */
function betaCdfLogs(x: number, a: number, b: number, lbeta: number, lx: number, l1x: number): number {
  const front = Math.exp(a * lx + b * l1x - lbeta);
  return x < (a + 1) / (a + b + 2) ? (front * betacf(a, b, x)) / a : 1 - (front * betacf(b, a, 1 - x)) / b;
}

/** Beta quantile: safeguarded Newton from the mean, within the bracket 0..1. */
export function betaQuantile(p: number, a: number, b: number, lbeta = lgamma(a) + lgamma(b) - lgamma(a + b)): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return betaNewton(p, a, b, lbeta, a / (a + b), 0, 1);
}

/** Points of the table a beta quantile starts from (betaQuantiles). */
const BETA_TABLE = 256;

/**
 * The quantile function of Beta(a, b) for sampling many draws: the exact
 * quantiles at 256 equally spaced probabilities, once, then each draw's Newton
 * iteration starts from the cubic (Hermite) interpolation between the two
 * that bracket it, within that bracket (in the two end cells, where the
 * density may vanish, from the power law I_x ≈ c·x^a the CDF follows there).
 * From so close a start one step mostly suffices (see betaNewton) instead of
 * five or six from the mean, to the same tolerance (|I_x(a, b) − p| < 1e-15):
 * the same quantile within that tolerance, though most draws differ from
 * betaQuantile's in their last bits.
 */
export function betaQuantiles(a: number, b: number, lbeta = lgamma(a) + lgamma(b) - lgamma(a + b)): (p: number) => number {
  const K = BETA_TABLE;
  const x = new Float64Array(K + 1);
  const slope = new Float64Array(K + 1); // dx/dp = 1 / density (NaN at an end or where the density is 0 or infinite)
  for (let k = 0; k <= K; k++) {
    x[k] = betaQuantile(k / K, a, b, lbeta);
    const xk = x[k]!;
    const dens = xk > 0 && xk < 1 ? Math.exp((a - 1) * Math.log(xk) + (b - 1) * Math.log(1 - xk) - lbeta) : 0;
    slope[k] = dens > 0 && Number.isFinite(dens) ? 1 / dens : NaN;
  }
  return (p) => {
    if (p <= 0) return 0;
    if (p >= 1) return 1;
    const k = Math.min(K - 1, Math.floor(p * K));
    const lo = x[k]!;
    const hi = x[k + 1]!;
    const h = 1 / K;
    const s = (p - k / K) / h;
    if (s === 0) return lo; // a point of the table: solved already
    const m0 = slope[k]!;
    const m1 = slope[k + 1]!;
    let start: number;
    if (k === 0) start = hi * Math.pow(s, 1 / a);
    else if (k === K - 1) start = 1 - (1 - lo) * Math.pow(1 - s, 1 / b);
    // Hermite where both ends have a finite slope, else the straight line
    else start = m0 === m0 && m1 === m1 ? lo * (1 + 2 * s) * (1 - s) * (1 - s) + h * m0 * s * (1 - s) * (1 - s) + hi * s * s * (3 - 2 * s) - h * m1 * s * s * (1 - s) : lo + s * (hi - lo);
    if (!(start > lo && start < hi)) start = (lo + hi) / 2;
    return betaNewton(p, a, b, lbeta, start, lo, hi);
  };
}

/** Safeguarded Newton for I_x(a, b) = p from `x`, keeping the root within [lo, hi] (bisecting when a step would leave it). */
function betaNewton(p: number, a: number, b: number, lbeta: number, x: number, lo: number, hi: number): number {
  for (let i = 0; i < 100; i++) {
    // its logs serve the CDF and the density (x lies between the bracket's ends, so strictly inside 0..1 but for rounding)
    const lx = Math.log(x);
    const l1x = Math.log(1 - x);
    const f = (x <= 0 || x >= 1 ? betaCdf(x, a, b, lbeta) : betaCdfLogs(x, a, b, lbeta, lx, l1x)) - p;
    if (Math.abs(f) < 1e-15) return x;
    if (f < 0) lo = x;
    else hi = x;
    const dens = Math.exp((a - 1) * lx + (b - 1) * l1x - lbeta);
    const step = f / dens;
    let next = x - step;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = (lo + hi) / 2;
    // Newton's error after a small step is about (f''/2f')·step², so the residual it leaves is
    // about f''·step²/2 = density × |(a−1)/x − (b−1)/(1−x)| × step²/2: a tenth of the tolerance
    // or less needs no evaluation to confirm (it saves the CDF's continued fraction on most draws).
    // The step must be tiny too: where f'' vanishes (at the mode) the next term, f'''·step³/6, rules
    else if (Math.abs(step) < 1e-7 && dens * Math.abs((a - 1) / x - (b - 1) / (1 - x)) * step * step <= 2e-16) return next;
    if (Math.abs(next - x) < 1e-15 * Math.max(1e-300, x)) return next;
    x = next;
    if (hi - lo < 1e-16) break;
  }
  return x;
}

/** Regularised lower incomplete gamma P(k, x): a series below k + 1, a continued fraction (Lentz) above. */
export function gammaP(k: number, x: number, lg = lgamma(k)): number {
  if (x <= 0) return 0;
  if (x < k + 1) {
    let term = 1 / k;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (k + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(-x + k * Math.log(x) - lg);
  }
  const tiny = 1e-300;
  let b = x + 1 - k;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - k);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(-x + k * Math.log(x) - lg) * h;
}

/** Quantile of the standard gamma (scale 1): safeguarded Newton from the Wilson–Hilferty guess. */
export function gammaQuantile(p: number, k: number, lg = lgamma(k)): number {
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  const z = normalQuantile(p);
  const t = 1 - 1 / (9 * k) + z / (3 * Math.sqrt(k));
  // Wilson–Hilferty; far in the lower tail, P(k, x) ≈ x^k / Γ(k + 1)
  let x = t > 0 ? k * t ** 3 : Math.exp((Math.log(p) + lg + Math.log(k)) / k);
  if (!(x > 0) || !Number.isFinite(x)) x = k;
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 200; i++) {
    const f = gammaP(k, x, lg) - p;
    if (f < 0) lo = x;
    else hi = x;
    if (Math.abs(f) < 1e-15) return x;
    const dens = Math.exp((k - 1) * Math.log(x) - x - lg);
    let next = x - f / dens;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = hi === Infinity ? x * 2 : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * x) return next;
    x = next;
  }
  return x;
}

/** The log of the gamma function (Lanczos). */
export function logGamma(x: number): number {
  return lgamma(x);
}

/** A distribution ready to sample: its CDF and quantile function, truncated to [lo, hi]. */
export interface Compiled {
  cdf(x: number): number;
  /** Untruncated quantile. */
  rawQuantile(u: number): number;
  /** CDF at the lower and upper bounds (0 and 1 when unbounded). */
  fLo: number;
  fHi: number;
  lo: number;
  hi: number;
}

/** Quantile of the truncated distribution. */
export function quantile(c: Compiled, u: number): number {
  const x = c.rawQuantile(c.fLo + u * (c.fHi - c.fLo));
  return x < c.lo ? c.lo : x > c.hi ? c.hi : x; // guards rounding at the bounds only
}

/**
 * Check a distribution and build its sampler. Returns a message (no location)
 * for a distribution that cannot be sampled. `domain` is where the model needs
 * the input to lie (truncates like bounds).
 */
export function compile(d: DistributionT, domain: { min?: number; max?: number } = {}): Compiled | string {
  if (d.dist === 'discrete' || d.dist === 'bernoulli') return compileDiscrete(discreteOutcomes(d), domain);
  let cdf: (x: number) => number;
  let q: (u: number) => number;
  let lo = -Infinity;
  let hi = Infinity;
  let bounds: { min?: number; max?: number } = {};
  const normal = (mean: number, sd: number) => {
    cdf = sd === 0 ? (x) => (x < mean ? 0 : 1) : (x) => normalCdf((x - mean) / sd);
    q = sd === 0 ? () => mean : (u) => mean + sd * normalQuantile(u);
  };
  switch (d.dist) {
    case 'normal':
      if (d.sd < 0) return `a standard deviation cannot be negative (sd: ${d.sd})`;
      normal(d.mean, d.sd);
      bounds = d;
      break;
    case 'interval':
      if (d.p10 > d.p90) return `p10 (${d.p10}) must not be above p90 (${d.p90})`;
      normal((d.p10 + d.p90) / 2, (d.p90 - d.p10) / (2 * Z90));
      bounds = d;
      break;
    case 'lognormal': {
      if (d.sd < 0) return `a standard deviation cannot be negative (sd of log: ${d.sd})`;
      if (d.median <= 0) return `a lognormal's median must be above 0 (median: ${d.median})`;
      const mu = Math.log(d.median);
      const s = d.sd;
      cdf = (x) => (x <= 0 ? 0 : s === 0 ? (x < d.median ? 0 : 1) : normalCdf((Math.log(x) - mu) / s));
      q = (u) => Math.exp(mu + s * normalQuantile(u));
      lo = 0;
      bounds = d;
      break;
    }
    case 'uniform':
      if (!(d.min < d.max)) return `uniform needs min below max (min: ${d.min}, max: ${d.max})`;
      cdf = (x) => (x <= d.min ? 0 : x >= d.max ? 1 : (x - d.min) / (d.max - d.min));
      q = (u) => d.min + u * (d.max - d.min);
      [lo, hi] = [d.min, d.max];
      break;
    case 'triangular': {
      if (!(d.min <= d.mode && d.mode <= d.max && d.min < d.max)) return `triangular needs min ≤ mode ≤ max with min below max (min: ${d.min}, mode: ${d.mode}, max: ${d.max})`;
      const { min: a, mode: m, max: b } = d;
      const fm = (m - a) / (b - a);
      cdf = (x) => (x <= a ? 0 : x >= b ? 1 : x <= m ? ((x - a) * (x - a)) / ((b - a) * (m - a)) : 1 - ((b - x) * (b - x)) / ((b - a) * (b - m)));
      q = (u) => (u < fm ? a + Math.sqrt(u * (b - a) * (m - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - m)));
      [lo, hi] = [a, b];
      break;
    }
    case 'gamma': {
      const { shape: k, scale: th } = d;
      const lg = lgamma(k);
      cdf = (x) => gammaP(k, x / th, lg);
      q = (u) => th * gammaQuantile(u, k, lg);
      lo = 0;
      bounds = d;
      break;
    }
    case 'pert': {
      if (!(d.min <= d.mode && d.mode <= d.max && d.min < d.max)) return `PERT needs min ≤ mode ≤ max with min below max (min: ${d.min}, mode: ${d.mode}, max: ${d.max})`;
      const w = d.max - d.min;
      const al = 1 + (4 * (d.mode - d.min)) / w;
      const be = 1 + (4 * (d.max - d.mode)) / w;
      const lb = lgamma(al) + lgamma(be) - lgamma(al + be);
      cdf = (x) => betaCdf((x - d.min) / w, al, be, lb);
      const beta = betaQuantiles(al, be, lb);
      q = (u) => d.min + w * beta(u);
      [lo, hi] = [d.min, d.max];
      break;
    }
  }
  if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) return `bounds go from high to low (min: ${bounds.min}, max: ${bounds.max})`;
  const bLo = Math.max(lo, bounds.min ?? -Infinity);
  const bHi = Math.min(hi, bounds.max ?? Infinity);
  const fLo = bLo === -Infinity ? 0 : cdf!(bLo);
  const fHi = bHi === Infinity ? 1 : cdf!(bHi);
  if (!(fHi - fLo > 1e-12)) {
    return `the bounds [${bounds.min ?? '-∞'}, ${bounds.max ?? '∞'}] exclude the whole distribution (it has no probability between them)`;
  }
  const dLo = Math.max(bLo, domain.min ?? -Infinity);
  const dHi = Math.min(bHi, domain.max ?? Infinity);
  const gLo = dLo === -Infinity ? 0 : cdf!(dLo);
  const gHi = dHi === Infinity ? 1 : cdf!(dHi);
  if (!(gHi - gLo > 1e-12)) {
    return `the distribution has no probability where this input must lie ([${domain.min ?? '-∞'}, ${domain.max ?? '∞'}])`;
  }
  return { cdf: cdf!, rawQuantile: q!, fLo: gLo, fHi: gHi, lo: dLo, hi: dHi };
}

/** A discrete distribution's values (ascending, distinct) and their probabilities. */
export function discreteOutcomes(d: Extract<DistributionT, { dist: 'discrete' | 'bernoulli' }>): { values: number[]; p: number[] } {
  const pairs =
    d.dist === 'bernoulli'
      ? [
          { v: d.otherwise ?? 0, p: 1 - d.p },
          { v: d.value ?? 1, p: d.p },
        ]
      : d.values.map((v, i) => ({ v, p: d.p[i] ?? 0 }));
  pairs.sort((a, b) => a.v - b.v);
  const values: number[] = [];
  const p: number[] = [];
  for (const { v, p: q } of pairs) {
    if (values.length && values[values.length - 1] === v) p[p.length - 1]! += q;
    else {
      values.push(v);
      p.push(q);
    }
  }
  return { values, p };
}

/** The sampler of a discrete distribution (the inverse of its step CDF); a message if a value lies outside `domain`. */
function compileDiscrete({ values, p }: { values: number[]; p: number[] }, domain: { min?: number; max?: number }): Compiled | string {
  const total = p.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return 'the probabilities must not all be 0';
  const outside = values.find((v, i) => p[i]! > 0 && (v < (domain.min ?? -Infinity) || v > (domain.max ?? Infinity)));
  if (outside !== undefined) return `the value ${outside} lies outside where this input must lie ([${domain.min ?? '-∞'}, ${domain.max ?? '∞'}])`;
  // cumulative probabilities, normalised so the last is exactly 1
  const cum: number[] = [];
  let run = 0;
  for (const q of p) cum.push((run += q) / total);
  cum[cum.length - 1] = 1;
  const cdf = (x: number) => {
    let c = 0;
    for (let i = 0; i < values.length && values[i]! <= x; i++) c = cum[i]!;
    return c;
  };
  const rawQuantile = (u: number) => {
    for (let i = 0; i < values.length; i++) if (u <= cum[i]! && p[i]! > 0) return values[i]!;
    return values[values.length - 1]!;
  };
  return { cdf, rawQuantile, fLo: 0, fHi: 1, lo: values[0]!, hi: values[values.length - 1]! };
}
