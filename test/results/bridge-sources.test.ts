/**
 * The reconciliation's sources are each source's first clause: cut at ': ' or
 * ' — ', but never inside brackets (where the brackets open instead), with
 * the file the source cites kept at its end.
 */
import { describe, it, expect } from 'vitest';
import { brief } from '../../src/results/bridge-sources.js';

describe('a source in brief', () => {
  it('is its first clause, with the file it cites', () => {
    expect(brief('NHS Cost Inflation Index — pay and prices (data/national/cii.csv)')).toBe('NHS Cost Inflation Index (data/national/cii.csv)');
    expect(brief('Seed 001: 1 in 5 admissions avoidable')).toBe('Seed 001');
    expect(brief('Reference costs, 2017/18')).toBe('Reference costs, 2017/18');
  });

  it('cuts where brackets open when the separator is inside them, so none is left unclosed', () => {
    expect(brief('Base-year GP cost (ASSUMPTION — primary care balanced in 2017/18), then growing as the core allocation does (data/README.md)')).toBe('Base-year GP cost (data/README.md)');
    expect(brief('As for Cheshire East (ASSUMPTION; see note: below)')).toBe('As for Cheshire East');
    // brackets closed before the separator are kept
    expect(brief('Allocations (CIPFA) — moved with England')).toBe('Allocations (CIPFA)');
  });
});
