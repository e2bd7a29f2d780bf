/**
 * Goal seek reports a miss as a miss (a UserError, exit 2, with the closest
 * value found and the range reached) and says when the metric is not
 * monotonic over the range searched, from a scan of evenly spaced points.
 */
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { loadScenario, goalSeek, UserError } from '../../src/index.js';
import { scan, bracketIn, closestIn } from '../../src/uncertainty/goalseek.js';
import { repoRoot } from '../helpers.js';

describe('goal seek scan', () => {
  const wave = (x: number) => Math.sin(x);
  it('evaluates evenly spaced points, both ends included, and sees a turn', () => {
    const s = scan(wave, [0, 3], 7);
    expect(s.xs).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(s.monotonic).toBe(false);
    expect(scan(wave, [0, 1.5], 5).monotonic).toBe(true);
    // changes within `flat` do not count as turns
    expect(scan((x) => (x === 0.5 ? 1e-9 : 0), [0, 1], 3, 1e-6).monotonic).toBe(true);
  });
  it('brackets the first stretch that crosses the target, and knows the closest point', () => {
    const s = scan(wave, [0, 3], 7);
    expect(bracketIn(s, 0.9)).toEqual([1, 1.5]);
    expect(bracketIn(s, 2)).toBeUndefined();
    expect(closestIn(s, 2).x).toBe(1.5);
  });
});

describe('goal seek on the uncertain Harrogate model (step costs make the gap turn)', () => {
  const s = loadScenario(resolve(repoRoot, 'models/harrogate-integrated-care-uncertain.yaml'));
  const input = '$avoidable_admission_share';

  it('a target out of reach is a miss: closest value, range reached, and the turn named', () => {
    let e: unknown;
    try {
      goalSeek(s, { input, target: 29e6, year: '2020/21' });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(UserError);
    const m = (e as UserError).message;
    expect(m).toMatch(/gap 2020\/21 = 29,000,000 is not reached with \$avoidable_admission_share from 0\.1 to 0\.3: gap goes from [\d,]+ to [\d,]+/);
    expect(m).toMatch(/the closest is [\d,]+ at \$avoidable_admission_share = [\d.]+/);
    expect(m).toMatch(/gap is not monotonic in \$avoidable_admission_share over this range \(0\.1 → [\d,]+, 0\.125 → /);
  });

  it('a target reached says whether the metric turned, with the points scanned, and is within tolerance', () => {
    const g = goalSeek(s, { input, target: 30e6, year: '2020/21' });
    expect(Math.abs(g.achieved - 30e6)).toBeLessThanOrEqual(1000);
    expect(g.scan).toHaveLength(9);
    expect(g.monotonic).toBe(false);
    expect(g.value).toBeGreaterThan(0.1);
    expect(g.value).toBeLessThan(0.3);
  });

  it('a library caller\'s target, range or tolerance that is not a finite number is named, not reported as a target not reached', () => {
    const year = '2020/21';
    const refused = (o: object) => () => goalSeek(s, { input, target: 30e6, year, ...o });
    expect(refused({ target: NaN })).toThrow(new UserError('target: expected a finite number (got NaN)'));
    expect(refused({ target: '30e6' as unknown as number })).toThrow(new UserError("target: expected a finite number (got '30e6')"));
    expect(refused({ range: [0, Infinity] })).toThrow(new UserError('range: expected a finite number (got Infinity)'));
    for (const tolerance of [0, -1, NaN]) {
      expect(refused({ tolerance }), String(tolerance)).toThrow(new UserError(`tolerance: the tolerance on the metric must be a number above 0 (got ${tolerance})`));
    }
  });
});
