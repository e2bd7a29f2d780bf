/** Input values in the terminal's tables read as a finance lead writes them: shares and rates as percentages. */
import { describe, it, expect } from 'vitest';
import { loadScenario, analyse } from '../../src/index.js';
import { inputText } from '../../src/uncertainty/output.js';
import { formatAnalysis } from '../../src/uncertainty/analysis-output.js';
import { model } from '../helpers.js';

describe('input values in tables', () => {
  const q = inputText(loadScenario(model('harrogate-integrated-care-uncertain.yaml')));

  it('write a rate (its unit a fraction a year) and a share (used where it must lie within 0 to 1) as percentages', () => {
    expect(q('$ciiThereafter', 0.029699)).toBe('2.97%');
    expect(q('$avoidable_admission_share', 0.14932)).toBe('14.9%');
    // a growth rate beyond ageing: used as a service's growth, within ±0.5 a year
    expect(q('$ndg_non_elective', 0.0194)).toBe('1.94%');
  });

  it('write other figures to four significant figures, with thousands separators', () => {
    expect(q('$eol_los_reduction_days', 2.0671)).toBe('2.067');
    expect(q('$contactsPerAvoidedAdmission', 12345.6)).toBe('12,350');
    expect(q('services[0].unitCost', 1.23456)).toBe('1.235');
  });

  it('are what the stress table prints', async () => {
    const s = loadScenario(model('harrogate-integrated-care-uncertain.yaml'));
    const { analysis } = await analyse(s, { iterations: 200, seed: 1, workers: 1, stress: [{ input: '$ciiThereafter' }] });
    // the worst decile of an 80% interval from 1% to 3%: from about its p90 (3%) up, as percentages
    const m = /held in its worst decile \(p90–p100\) of its samples, ([\d.]+)% to ([\d.]+)%: 20 iterations/.exec(formatAnalysis(analysis, inputText(s)));
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(2.5);
    expect(Number(m![1])).toBeLessThan(3.5);
    expect(Number(m![2])).toBeGreaterThan(Number(m![1]));
    expect(Number(m![2])).toBeLessThan(6);
  });
});
