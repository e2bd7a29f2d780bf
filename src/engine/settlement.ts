/**
 * Settlement engine: one gain/loss-share engine around a benchmark (a pooled
 * budget, a capitated envelope or a shared-savings target). Pure, no I/O.
 *
 * Sign convention (all amounts in the benchmark's currency, £ or $):
 * - `variance = benchmark − actual`: positive = a saving, negative = an overspend.
 * - `earned`: positive = paid by the payer TO the provider/plan; negative = paid
 *   BY the provider/plan back to the payer.
 * - `providerShare + payerShare = variance`: the part of the variance that ends
 *   up with the provider and the part that ends up with the payer.
 * All rates, shares, thresholds and caps are fractions (0.02 = 2%), never percents.
 *
 * Two forms:
 * - `shared-savings`: the provider is paid its actual cost, then receives
 *   `earned` (a share of savings, or pays a share of losses): MSSP, ACO REACH.
 * - `risk-corridor`: the provider is paid the benchmark (the envelope), keeps
 *   the variance inside a dead band and a declining share of each band beyond
 *   it; `earned` is the corridor payment: ACA 42 USC 18062.
 */

/** One corridor band: beyond `threshold`, the payer takes `payerShare` of the excess. */
export interface CorridorBand {
  /** Where the band starts, as a fraction of the benchmark (0.03 = 3%); no default. */
  threshold: number;
  /** Fraction of the variance beyond `threshold` (up to the next band) borne by the payer, 0..1; no default. */
  payerShare: number;
}

/** Shared savings/losses against a benchmark, paid on top of actual cost. */
export interface SharedSavingsSchedule {
  form: 'shared-savings';
  /** Minimum savings rate (fraction of benchmark); once reached (inclusive) the WHOLE saving is shared. Default 0. */
  minSavingsRate?: number;
  /** Minimum loss rate (fraction of benchmark), same rule for losses. Default = `minSavingsRate`. */
  minLossRate?: number;
  /** Fraction of generated savings paid to the provider, 0..1 (before quality scaling and haircut); no default. */
  shareRate: number;
  /** If true, `shareRate` is multiplied by the quality score (0..1, then required). Default false. */
  qualityScaled?: boolean;
  /** Fraction cut from earned savings before the cap (0.02 = 2% sequestration, i.e. ×0.98). Default 0. */
  savingsHaircut?: number;
  /** Maximum earned savings, fraction of benchmark, applied after the haircut. Default: no cap. */
  savingsCap?: number;
  /** If false, the provider never pays losses (one-sided). Default false. */
  twoSided?: boolean;
  /** Fraction of generated losses the provider pays, 0..1. Default = `shareRate`. */
  lossShareRate?: number;
  /** If set, loss rate = clamp(1 − shareRate × quality, min, max) (MSSP ENHANCED), overriding `lossShareRate`; quality required. Default unset. */
  lossRateFromQuality?: { shareRate: number; min: number; max: number };
  /** Maximum shared loss, fraction of benchmark, applied before relief. Default: no cap. */
  lossCap?: number;
}

/** Risk corridor: provider paid the benchmark, payer shares variance beyond thresholds. */
export interface RiskCorridorSchedule {
  form: 'risk-corridor';
  /** Bands for both gains and losses, thresholds strictly increasing; no default. */
  bands: CorridorBand[];
  /** Bands for gains (actual below benchmark) if different. Default = `bands`. */
  gainBands?: CorridorBand[];
  /** Bands for losses (actual above benchmark) if different. Default = `bands`. */
  lossBands?: CorridorBand[];
}

export type SettlementSchedule = SharedSavingsSchedule | RiskCorridorSchedule;

export interface SettlementInput {
  /** Benchmark / target / envelope, > 0 (£ or $). */
  benchmark: number;
  /** Actual cost or expenditure, ≥ 0 (same currency). */
  actual: number;
  /** Quality score 0..1; required only when the schedule scales with quality. */
  qualityScore?: number;
  /** Relief amount ≥ 0 that reduces a shared loss after the loss cap (never below zero loss). Default 0. */
  relief?: number;
}

export interface SettlementResult {
  /** benchmark − actual; positive = saving. */
  variance: number;
  /** variance / benchmark. */
  savingsRate: number;
  /** Whether anything is shared: MSR/MLR met (and side shared), or variance beyond the corridor's dead band. */
  shared: boolean;
  /** Gross shared amount before haircut/caps/relief: the whole variance once the MSR/MLR is met (0 otherwise, and 0 for losses one-sided); for a corridor, the corridor payment. */
  generated: number;
  /** The sharing rate applied to `generated` (savings or loss rate; for a corridor, payer share of the variance). */
  rate: number;
  /** Amount after haircut and caps, before relief. */
  earnedBeforeRelief: number;
  /** Final amount: positive = paid to the provider/plan, negative = paid back to the payer. */
  earned: number;
  /** Part of the variance that ends up with the provider. */
  providerShare: number;
  /** Part of the variance that ends up with the payer; providerShare + payerShare = variance. */
  payerShare: number;
  /** Total paid to the provider: actual + earned (shared savings) or benchmark + earned (corridor). */
  totalPayment: number;
}

const isFrac = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1;
const isNonNeg = (x: unknown): boolean => typeof x === 'number' && !Number.isNaN(x) && x >= 0;

function bandProblems(name: string, bands: CorridorBand[] | undefined, required: boolean): string[] {
  if (bands === undefined) return required ? [`${name}: required`] : [];
  if (!Array.isArray(bands) || bands.length === 0) return [`${name}: needs at least one band`];
  const out: string[] = [];
  bands.forEach((b, i) => {
    if (!isNonNeg(b.threshold) || !Number.isFinite(b.threshold))
      out.push(`${name}[${i}].threshold must be a finite fraction ≥ 0 of the benchmark, got ${b.threshold}`);
    if (!isFrac(b.payerShare)) out.push(`${name}[${i}].payerShare must be a fraction in [0, 1], got ${b.payerShare}`);
    const prev = bands[i - 1];
    if (prev && !(b.threshold > prev.threshold))
      out.push(`${name}: thresholds must be strictly increasing (${prev.threshold} then ${b.threshold})`);
  });
  return out;
}

/** Human-readable problems with a schedule; empty when it is valid. */
export function validateSchedule(schedule: SettlementSchedule): string[] {
  const out: string[] = [];
  if (schedule.form === 'risk-corridor') {
    return [...bandProblems('bands', schedule.bands, true), ...bandProblems('gainBands', schedule.gainBands, false),
      ...bandProblems('lossBands', schedule.lossBands, false)];
  }
  if (schedule.form !== 'shared-savings') return [`form must be 'shared-savings' or 'risk-corridor', got ${String((schedule as { form: unknown }).form)}`];
  const s = schedule;
  const frac = (k: string, v: number | undefined, optional = true): void => {
    if (v === undefined ? !optional : !isFrac(v)) out.push(`${k} must be a fraction in [0, 1], got ${v}`);
  };
  frac('shareRate', s.shareRate, false);
  for (const k of ['minSavingsRate', 'minLossRate', 'savingsHaircut', 'lossShareRate'] as const) frac(k, s[k]);
  for (const k of ['savingsCap', 'lossCap'] as const)
    if (s[k] !== undefined && !isNonNeg(s[k])) out.push(`${k} must be a fraction ≥ 0 of the benchmark (Infinity = no cap), got ${s[k]}`);
  const q = s.lossRateFromQuality;
  if (q) {
    for (const k of ['shareRate', 'min', 'max'] as const) frac(`lossRateFromQuality.${k}`, q[k], false);
    if (q.min > q.max) out.push(`lossRateFromQuality.min (${q.min}) must not exceed max (${q.max})`);
  }
  return out;
}

/** Payer's part of an excess (≥ 0) under bands expressed on `benchmark`; provider's part is the rest. */
function corridorSplit(excess: number, bands: CorridorBand[], benchmark: number): { payer: number; provider: number } {
  let payer = 0;
  let provider = Math.min(excess, (bands[0]?.threshold ?? 0) * benchmark); // the dead band
  bands.forEach((b, i) => {
    const hi = (bands[i + 1]?.threshold ?? Infinity) * benchmark;
    const inBand = Math.max(0, Math.min(excess, hi) - b.threshold * benchmark);
    payer += b.payerShare * inBand;
    provider += (1 - b.payerShare) * inBand;
  });
  return { payer, provider };
}

/**
 * Settle one year of one envelope against its benchmark.
 * Throws an Error on programmer mistakes (invalid schedule, benchmark ≤ 0,
 * negative or non-finite actual, quality outside [0, 1], negative relief).
 *
 * @example ACA risk corridor, target 100: costs 110 are 10% over, so the plan is
 * paid 50% × (108 − 103) + 80% × (110 − 108) = 4.1; costs 95 → it pays back 1.0.
 * ```ts
 * settle(acaRiskCorridor(), { benchmark: 100, actual: 110 }).earned; // 4.1
 * settle(acaRiskCorridor(), { benchmark: 100, actual: 95 }).earned;  // -1.0
 * ```
 */
export function settle(schedule: SettlementSchedule, input: SettlementInput): SettlementResult {
  const problems = validateSchedule(schedule);
  if (problems.length) throw new Error(`settle: invalid schedule: ${problems.join('; ')}`);
  const { benchmark, actual, qualityScore, relief = 0 } = input;
  if (!(Number.isFinite(benchmark) && benchmark > 0)) throw new Error(`settle: benchmark must be a finite number > 0, got ${benchmark}`);
  if (!(Number.isFinite(actual) && actual >= 0)) throw new Error(`settle: actual must be a finite number ≥ 0, got ${actual}`);
  if (qualityScore !== undefined && !isFrac(qualityScore)) throw new Error(`settle: qualityScore must be in [0, 1], got ${qualityScore}`);
  if (!(Number.isFinite(relief) && relief >= 0)) throw new Error(`settle: relief must be a finite amount ≥ 0, got ${relief}`);
  const variance = benchmark - actual;
  const savingsRate = variance / benchmark;

  if (schedule.form === 'risk-corridor') {
    const gain = variance >= 0;
    const bands = (gain ? schedule.gainBands : schedule.lossBands) ?? schedule.bands;
    const { payer, provider } = corridorSplit(Math.abs(variance), bands, benchmark);
    const sign = gain ? 1 : -1;
    const payerShare = sign * payer;
    const earned = -payerShare;
    return {
      variance, savingsRate, shared: Math.abs(variance) > (bands[0]?.threshold ?? 0) * benchmark, generated: earned,
      rate: variance === 0 ? 0 : payerShare / variance,
      earnedBeforeRelief: earned, earned,
      providerShare: sign * provider, payerShare, totalPayment: benchmark + earned,
    };
  }

  const s = schedule;
  const needQuality = (what: string): number => {
    if (qualityScore === undefined) throw new Error(`settle: qualityScore is required by ${what}`);
    return qualityScore;
  };
  const saving = variance >= 0;
  const threshold = saving ? (s.minSavingsRate ?? 0) : (s.minLossRate ?? s.minSavingsRate ?? 0);
  // Inclusive threshold; 1e-12 absorbs floating-point error in variance / benchmark.
  const met = Math.abs(savingsRate) >= threshold - 1e-12;
  const shared = met && (saving || s.twoSided === true);
  const generated = shared ? variance : 0;
  let rate: number;
  let earnedBeforeRelief: number;
  let earned: number;
  if (saving) {
    rate = s.shareRate * (s.qualityScaled ? needQuality('qualityScaled') : 1);
    const afterHaircut = generated * rate * (1 - (s.savingsHaircut ?? 0));
    earnedBeforeRelief = Math.min(afterHaircut, (s.savingsCap ?? Infinity) * benchmark);
    earned = earnedBeforeRelief;
  } else {
    const q = s.lossRateFromQuality;
    if (!shared) rate = 0;
    else if (q) rate = Math.min(q.max, Math.max(q.min, 1 - q.shareRate * needQuality('lossRateFromQuality')));
    else rate = s.lossShareRate ?? s.shareRate;
    earnedBeforeRelief = Math.max(generated * rate, -(s.lossCap ?? Infinity) * benchmark);
    earned = Math.min(0, earnedBeforeRelief + relief); // relief never turns a loss into a payment
  }
  if (Object.is(earned, -0)) earned = 0;
  return {
    variance, savingsRate, shared, generated, rate, earnedBeforeRelief, earned,
    providerShare: earned, payerShare: variance - earned, totalPayment: actual + earned,
  };
}

/** ACA risk corridors (42 USC 18062): dead band ±3% of target, payer 50% of 3–8%, 80% beyond 8%. */
export function acaRiskCorridor(): RiskCorridorSchedule {
  return {
    form: 'risk-corridor',
    bands: [
      { threshold: 0.03, payerShare: 0.5 },
      { threshold: 0.08, payerShare: 0.8 },
    ],
  };
}

/** MSSP tracks, performance year 2022 (BASIC levels A–E; EN = ENHANCED). */
export type MsspTrack = 'A' | 'B' | 'C' | 'D' | 'E' | 'EN';

/**
 * MSSP PY2022 track parameters (42 CFR 425.605, 425.610): savings sharing rate
 * and cap, loss rate and benchmark-based loss cap. BASIC loss caps are the
 * benchmark ceiling of the revenue-based cap (C 2%/D 4%/E 8% of revenue).
 */
export const MSSP_TRACKS: Readonly<Record<MsspTrack, {
  shareRate: number; savingsCap: number; twoSided: boolean; lossShareRate?: number; lossCap?: number;
}>> = {
  A: { shareRate: 0.4, savingsCap: 0.1, twoSided: false },
  B: { shareRate: 0.4, savingsCap: 0.1, twoSided: false },
  C: { shareRate: 0.5, savingsCap: 0.1, twoSided: true, lossShareRate: 0.3, lossCap: 0.01 },
  D: { shareRate: 0.5, savingsCap: 0.1, twoSided: true, lossShareRate: 0.3, lossCap: 0.02 },
  E: { shareRate: 0.5, savingsCap: 0.1, twoSided: true, lossShareRate: 0.3, lossCap: 0.04 },
  EN: { shareRate: 0.75, savingsCap: 0.2, twoSided: true, lossCap: 0.15 },
};

/**
 * An MSSP PY2022 shared-savings schedule for one ACO: its track, its MSR/MLR
 * (fraction; the PUF's `MinSavPerc`, used for both), optionally its final
 * sharing rate (`FinalShareRate`; default the track's maximum) and a loss cap
 * (fraction of benchmark) when the revenue-based cap is lower than the track's.
 * 2% sequestration on savings; ENHANCED loss rate = clamp(1 − 0.75 × quality, 40%, 75%).
 */
export function msspSchedule(p: {
  track: MsspTrack; minSavingsRate: number; finalShareRate?: number; lossCap?: number;
}): SharedSavingsSchedule {
  const t = MSSP_TRACKS[p.track];
  if (!t) throw new Error(`msspSchedule: unknown track ${String(p.track)} (expected A, B, C, D, E or EN)`);
  const cap = p.lossCap === undefined ? t.lossCap : Math.min(p.lossCap, t.lossCap ?? Infinity);
  return {
    form: 'shared-savings',
    minSavingsRate: p.minSavingsRate,
    minLossRate: p.minSavingsRate,
    shareRate: p.finalShareRate ?? t.shareRate,
    savingsHaircut: 0.02,
    savingsCap: t.savingsCap,
    twoSided: t.twoSided,
    ...(t.lossShareRate !== undefined ? { lossShareRate: t.lossShareRate } : {}),
    ...(p.track === 'EN' ? { lossRateFromQuality: { shareRate: 0.75, min: 0.4, max: 0.75 } } : {}),
    ...(t.twoSided && cap !== undefined ? { lossCap: cap } : {}),
  };
}
