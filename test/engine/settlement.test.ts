import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  settle,
  validateSchedule,
  acaRiskCorridor,
  msspSchedule,
  type MsspTrack,
  type RiskCorridorSchedule,
  type SharedSavingsSchedule,
} from '../../src/engine/settlement.js';

const close = (got: number, want: number, tol = 1e-9): void => {
  expect(Math.abs(got - want), `got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
};

describe('risk corridor: ACA 42 USC 18062', () => {
  const aca = acaRiskCorridor();
  // [actual cost, earned] with target 100: + paid to the plan, − paid back by the plan.
  const cases: [number, number][] = [
    [105, 1.0], [110, 4.1], [95, -1.0], [90, -4.1], [100, 0], [103, 0],
    [97, 0], [108, 2.5], [92, -2.5], [120, 2.5 + 0.8 * 12], [101.5, 0],
  ];
  for (const [actual, earned] of cases) {
    it(`target 100, cost ${actual} → ${earned}`, () => {
      const r = settle(aca, { benchmark: 100, actual });
      close(r.earned, earned);
      close(r.providerShare + r.payerShare, r.variance);
      close(r.totalPayment, 100 + earned);
    });
  }

  it('splits the variance between plan and payer (target 100, cost 110)', () => {
    const r = settle(aca, { benchmark: 100, actual: 110 });
    expect(r.variance).toBe(-10);
    close(r.savingsRate, -0.1);
    expect(r.shared).toBe(true);
    close(r.payerShare, -4.1); // payer bears 4.1 of the 10 overspend
    close(r.providerShare, -5.9); // plan bears 5.9
  });

  it('scales with the target (target 200): exactly on 103%, 108%, 92%, and deep gains', () => {
    close(settle(aca, { benchmark: 200, actual: 206 }).earned, 0);
    expect(settle(aca, { benchmark: 200, actual: 206 }).shared).toBe(false);
    close(settle(aca, { benchmark: 200, actual: 216 }).earned, 5); // 50% × (216 − 206)
    close(settle(aca, { benchmark: 200, actual: 184 }).earned, -5);
    close(settle(aca, { benchmark: 200, actual: 150 }).earned, -(0.025 * 200 + 0.8 * 34)); // −32.2
  });

  it('honours separate gain bands', () => {
    const s: RiskCorridorSchedule = { ...aca, gainBands: [{ threshold: 0.05, payerShare: 0.5 }] };
    close(settle(s, { benchmark: 100, actual: 90 }).earned, -2.5); // 50% of the 5 beyond 5%
    close(settle(s, { benchmark: 100, actual: 110 }).earned, 4.1); // losses still use ACA bands
  });
});

describe('shared savings: hand-computed', () => {
  // Benchmark 1000; MSR = MLR 2%; 50% savings share, 2% haircut, savings cap 5%;
  // 30% loss share, loss cap 4%.
  const s: SharedSavingsSchedule = {
    form: 'shared-savings', minSavingsRate: 0.02, shareRate: 0.5, savingsHaircut: 0.02,
    savingsCap: 0.05, twoSided: true, lossShareRate: 0.3, lossCap: 0.04,
  };
  const B = 1000;

  it('MSR not reached → nothing shared', () => {
    const r = settle(s, { benchmark: B, actual: 990 });
    expect(r.shared).toBe(false);
    expect(r.generated).toBe(0);
    expect(r.earned).toBe(0);
    expect(r.payerShare).toBe(10);
    expect(r.totalPayment).toBe(990);
  });

  it('MSR reached exactly (inclusive) → the WHOLE variance is shared, first dollar', () => {
    const r = settle(s, { benchmark: B, actual: 980 });
    expect(r.shared).toBe(true);
    expect(r.generated).toBe(20);
    close(r.earned, 20 * 0.5 * 0.98); // 9.8
    close(settle(s, { benchmark: B, actual: 950 }).earned, 24.5);
  });

  it('haircut applies before the cap', () => {
    // 101 × 0.5 × 0.98 = 49.49 < cap 50 (cap-then-haircut would give 49).
    close(settle(s, { benchmark: B, actual: 899 }).earned, 49.49);
    // 200 × 0.5 × 0.98 = 98 → capped at 5% × 1000 = 50.
    const r = settle(s, { benchmark: B, actual: 800 });
    close(r.earned, 50);
    close(r.payerShare, 150);
  });

  it('losses: MLR, loss share, loss cap, then relief', () => {
    expect(settle(s, { benchmark: B, actual: 1010 }).earned).toBe(0); // −1% < MLR 2%
    close(settle(s, { benchmark: B, actual: 1020 }).earned, -6); // whole −20 × 30%
    const capped = settle(s, { benchmark: B, actual: 1200 }); // −200 × 30% = −60 → cap −40
    close(capped.earnedBeforeRelief, -40);
    close(capped.earned, -40);
    close(capped.totalPayment, 1160);
    close(settle(s, { benchmark: B, actual: 1200, relief: 15 }).earned, -25); // relief after the cap
    expect(settle(s, { benchmark: B, actual: 1200, relief: 100 }).earned).toBe(0); // never positive
  });

  it('separate minimum loss rate', () => {
    const t: SharedSavingsSchedule = { ...s, minLossRate: 0.005 };
    close(settle(t, { benchmark: B, actual: 1010 }).earned, -3);
  });

  it('one-sided never pays losses', () => {
    const r = settle({ ...s, twoSided: false }, { benchmark: B, actual: 1200 });
    expect(r.shared).toBe(false);
    expect(r.generated).toBe(0);
    expect(r.earned).toBe(0);
    expect(r.payerShare).toBe(-200);
    close(settle({ ...s, twoSided: false }, { benchmark: B, actual: 950 }).earned, 24.5);
  });

  it('quality scaling of the savings share', () => {
    const q: SharedSavingsSchedule = { ...s, qualityScaled: true };
    close(settle(q, { benchmark: B, actual: 900, qualityScore: 0.8 }).earned, 100 * 0.5 * 0.8 * 0.98);
    expect(() => settle(q, { benchmark: B, actual: 900 })).toThrow(/qualityScore is required/);
  });

  it('quality-dependent loss rate (MSSP ENHANCED: 1 − 0.75 × quality, within 40%–75%)', () => {
    const en = msspSchedule({ track: 'EN', minSavingsRate: 0 });
    close(settle(en, { benchmark: B, actual: 1100, qualityScore: 0.9244 }).rate, 0.4);
    close(settle(en, { benchmark: B, actual: 1100, qualityScore: 0.7 }).earned, -100 * (1 - 0.525));
    close(settle(en, { benchmark: B, actual: 1100, qualityScore: 0.2 }).rate, 0.75);
    close(settle(en, { benchmark: B, actual: 900, qualityScore: 0.2 }).earned, 100 * 0.75 * 0.98);
  });
});

describe('validation', () => {
  it('validateSchedule lists problems', () => {
    expect(validateSchedule(acaRiskCorridor())).toEqual([]);
    expect(validateSchedule(msspSchedule({ track: 'E', minSavingsRate: 0.02 }))).toEqual([]);
    const bad = validateSchedule({
      form: 'risk-corridor',
      bands: [{ threshold: 0.08, payerShare: 0.5 }, { threshold: 0.03, payerShare: 1.8 }],
    });
    expect(bad.join('\n')).toMatch(/strictly increasing/);
    expect(bad.join('\n')).toMatch(/payerShare must be a fraction in \[0, 1\]/);
    expect(validateSchedule({ form: 'shared-savings', shareRate: 50 })[0]).toMatch(/shareRate must be a fraction/);
    expect(validateSchedule({ form: 'risk-corridor', bands: [] })[0]).toMatch(/at least one band/);
  });

  it('settle throws clear errors on programmer mistakes', () => {
    expect(() => settle(acaRiskCorridor(), { benchmark: -1, actual: 0 })).toThrow(/benchmark must be/);
    expect(() => settle(acaRiskCorridor(), { benchmark: 100, actual: Number.NaN })).toThrow(/actual must be/);
    expect(() => settle({ form: 'shared-savings', shareRate: 1.5 }, { benchmark: 100, actual: 90 })).toThrow(
      /invalid schedule: shareRate/,
    );
    const ss: SharedSavingsSchedule = { form: 'shared-savings', shareRate: 0.5 };
    expect(() => settle(ss, { benchmark: 100, actual: 90, qualityScore: 89 })).toThrow(/qualityScore must be in \[0, 1\]/);
    expect(() => settle(ss, { benchmark: 100, actual: 90, relief: -1 })).toThrow(/relief must be/);
  });
});

// ---------------------------------------------------------------------------
// MSSP PY2022 reconciliation against the published PUF.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const csvRel = '../shared/reference-data/settlements/mssp_puf_py2022.csv';
const csvPath = path.resolve(repoRoot, csvRel);
const exists = fs.existsSync(csvPath);

/** RFC 4180 CSV: quoted fields with commas, doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f !== ''));
}

function readPuf(): Record<string, string>[] {
  const [header, ...body] = parseCsv(fs.readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, ''));
  if (!header) throw new Error(`${csvPath}: empty`);
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

/** "6.46%" → 0.0646; "62404688" → 62404688; "" → undefined. */
function num(s: string | undefined): number | undefined {
  const t = (s ?? '').trim();
  if (t === '' || t === '-' || t === '*') return undefined;
  const v = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  if (!Number.isFinite(v)) throw new Error(`not a number: ${JSON.stringify(s)}`);
  return v;
}
function req(row: Record<string, string>, col: string): number {
  const v = num(row[col]);
  if (v === undefined) throw new Error(`${row.ACO_ID}: ${col} is empty`);
  return v;
}
const tolerance = (published: number): number => Math.max(2, 0.0005 * Math.abs(published));

describe('MSSP PY2022 reconciliation', () => {
  it.skipIf(!exists)(
    exists
      ? 'reproduces GenSaveLoss and EarnSaveLoss for every one of the 482 MSSP PY2022 ACOs'
      : `reproduces every MSSP PY2022 settlement (SKIPPED: ${csvRel} not found at ${csvPath})`,
    () => {
      const rows = readPuf();
      expect(rows).toHaveLength(482);
      const failures: string[] = [];
      const revenueCapped: string[] = [];
      let worst = { id: '', col: '', residual: 0, ratio: 0 };
      const check = (id: string, col: string, got: number, want: number): void => {
        const residual = Math.abs(got - want);
        const ratio = residual / tolerance(want);
        if (ratio > worst.ratio) worst = { id, col, residual, ratio };
        if (ratio > 1) failures.push(`${id} ${col}: got ${got.toFixed(2)}, published ${want}`);
      };
      for (const row of rows) {
        const id = row.ACO_ID ?? '?';
        const benchmark = req(row, 'ABtotBnchmk');
        const actual = req(row, 'ABtotExp');
        // DisAdj is the disaster (COVID PHE) relief, published as a negative amount.
        const relief = -(num(row.DisAdj) ?? 0);
        const input = { benchmark, actual, qualityScore: req(row, 'QualScore'), relief };
        const params = {
          track: row.Current_Track as MsspTrack,
          minSavingsRate: req(row, 'MinSavPerc'), // MSR, and the MLR for two-sided tracks
          finalShareRate: req(row, 'FinalShareRate'),
        };
        let r = settle(msspSchedule(params), input);
        // The BASIC loss cap is the lower of a % of ACO participant revenue and a % of
        // benchmark; revenue is not in the PUF. In PY2022 the PHE covered all 12 months, so
        // relief (DisAdj) is the whole shared loss: where it is smaller than the loss with
        // the track's benchmark cap, the revenue cap bound, and lossCap = |DisAdj| / benchmark.
        if (relief > 0 && r.earnedBeforeRelief < -relief - tolerance(relief)) {
          revenueCapped.push(id);
          r = settle(msspSchedule({ ...params, lossCap: relief / benchmark }), input);
        }
        check(id, 'BnchmkMinExp', r.variance, req(row, 'BnchmkMinExp'));
        check(id, 'GenSaveLoss', r.generated, req(row, 'GenSaveLoss'));
        check(id, 'EarnSaveLoss', r.earned, req(row, 'EarnSaveLoss'));
        // Independent check of loss rate and cap: the pre-relief shared loss equals DisAdj.
        if (relief > 0) check(id, 'DisAdj (shared loss before relief)', r.earnedBeforeRelief, -relief);
      }
      const summary = `worst: ${worst.id} ${worst.col} residual $${worst.residual.toFixed(2)} (${worst.ratio.toFixed(3)} × tolerance)`;
      expect(failures, `${failures.length} mismatches; ${summary}\n${failures.slice(0, 20).join('\n')}`).toEqual([]);
      // Only one ACO's loss was capped by revenue (BASIC D: 4% of revenue < 2% of benchmark).
      expect(revenueCapped).toEqual(['A1070']);
    },
  );
});

// ---------------------------------------------------------------------------
// Properties.

const bandsArb = fc
  .array(fc.tuple(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
    minLength: 1, maxLength: 4,
  })
  .map((xs) => {
    const ts = [...new Set(xs.map(([t]) => t))].sort((a, b) => a - b);
    return ts.map((threshold, i) => ({ threshold, payerShare: xs[i]?.[1] ?? 0.5 }));
  });
const corridorArb = fc.record({ bands: bandsArb, gain: fc.option(bandsArb, { nil: undefined }) }).map(
  ({ bands, gain }): RiskCorridorSchedule => ({ form: 'risk-corridor', bands, ...(gain ? { gainBands: gain } : {}) }),
);

describe('properties', () => {
  it('risk corridor: payer share + provider share = variance; earned monotone non-decreasing in actual', () => {
    fc.assert(
      fc.property(
        corridorArb,
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (sched, benchmark, f1, f2) => {
          const [lo, hi] = f1 <= f2 ? [f1, f2] : [f2, f1];
          const a = settle(sched, { benchmark, actual: lo * benchmark });
          const b = settle(sched, { benchmark, actual: hi * benchmark });
          for (const r of [a, b]) {
            expect(Math.abs(r.payerShare + r.providerShare - r.variance)).toBeLessThanOrEqual(1e-9 * Math.abs(r.variance));
            expect(r.earned).toBe(-r.payerShare);
          }
          expect(a.earned).toBeLessThanOrEqual(b.earned + 1e-9 * benchmark);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('ACA corridor earned is monotone in actual cost', () => {
    const aca = acaRiskCorridor();
    fc.assert(
      fc.property(fc.double({ min: 0, max: 300, noNaN: true }), fc.double({ min: 0, max: 300, noNaN: true }), (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(settle(aca, { benchmark: 100, actual: lo }).earned).toBeLessThanOrEqual(
          settle(aca, { benchmark: 100, actual: hi }).earned + 1e-12,
        );
      }),
    );
  });

  it('shared savings: earned is monotone non-increasing in actual cost', () => {
    const frac = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.record({ msr: fc.double({ min: 0, max: 0.05, noNaN: true }), share: frac, loss: frac, cap: frac, lossCap: frac, twoSided: fc.boolean() }),
        frac, fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }),
        (p, q, relief, f1, f2) => {
          const s: SharedSavingsSchedule = {
            form: 'shared-savings', minSavingsRate: p.msr, shareRate: p.share, qualityScaled: true,
            savingsHaircut: 0.02, savingsCap: p.cap, twoSided: p.twoSided, lossShareRate: p.loss, lossCap: p.lossCap,
          };
          const [lo, hi] = f1 <= f2 ? [f1, f2] : [f2, f1];
          const a = settle(s, { benchmark: 1000, actual: lo * 1000, qualityScore: q, relief });
          const b = settle(s, { benchmark: 1000, actual: hi * 1000, qualityScore: q, relief });
          expect(b.earned).toBeLessThanOrEqual(a.earned + 1e-9);
          expect(a.providerShare + a.payerShare).toBeCloseTo(a.variance, 9);
        },
      ),
      { numRuns: 500 },
    );
  });
});
