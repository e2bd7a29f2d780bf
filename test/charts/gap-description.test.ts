/**
 * The gap chart's description (its alt text, and the board report's figure
 * caption) tells the shape of the gap, not only its two ends: Harrogate's
 * do-nothing gap ends below where it starts but peaks at over £40m on the
 * way, and a board member reading "falls from £14.6m to £9.7m" would not
 * know. And it does not call real-terms figures cash.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, project } from '../../src/index.js';
import { gapChart } from '../../src/charts/index.js';
import { model } from '../helpers.js';

describe('gap chart description', () => {
  const doNothing = project(loadScenario(model('harrogate.yaml')));
  const schemes = project(loadScenario(model('harrogate-integrated-care.yaml')));

  it('names the peak of a gap that rises and falls back', () => {
    const gap = doNothing.system.gap.map((v) => v / 1e6);
    const peak = Math.max(...gap);
    const year = doNothing.years[gap.indexOf(peak)]!;
    expect(peak).toBeGreaterThan(gap[0]! + 20);
    const text = gapChart(doNothing).description!;
    expect(text).toContain(`to a peak of £${peak.toFixed(1)}m in ${year}`);
    expect(text).toContain(`then falls to £${gap[gap.length - 1]!.toFixed(1)}m in ${doNothing.horizon}`);
  });

  it('does so for the do-nothing gap beside the schemes', () => {
    const dn = schemes.system.doNothingGap.map((v) => v / 1e6);
    const peak = Math.max(...dn);
    expect(gapChart(schemes).description).toContain(`The do-nothing gap rises from £14.6m in 2017/18 to a peak of £${peak.toFixed(1)}m in ${schemes.years[dn.indexOf(peak)]}, then falls to £9.7m in 2030/31`);
  });

  it('does not call real-terms figures cash', () => {
    const real = project(loadScenario(model('harrogate.yaml')), undefined, { prices: { real: '2017/18' } });
    expect(real.priceBase).not.toMatch(/^cash/);
    expect(gapChart(real).description).not.toContain('cash');
  });
});
