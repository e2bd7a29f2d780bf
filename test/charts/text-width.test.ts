/**
 * Charts drawn without a browser are laid out at DejaVu Sans's real widths
 * (the font the PNGs are drawn in), not Vega's node estimate of 0.8 em a
 * character, so an export has no blank margin beside its longest text.
 */
import { describe, it, expect } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { measureText } from '../../src/charts/text-width.js';
import { toSVG } from '../../src/charts/index.js';

describe('text widths', () => {
  it('are the font\'s advance widths', () => {
    // DejaVu Sans (2048 units an em): H 1540, e 1260, l 569, o 1253
    expect(measureText('Hello', 10)).toBeCloseTo(((1540 + 1260 + 569 + 569 + 1253) / 2048) * 10, 9);
    expect(measureText('Hello', 10, true)).toBeGreaterThan(measureText('Hello', 10));
    expect(measureText('', 12)).toBe(0);
  });

  it('size a chart to its longest text', async () => {
    const title = 'How likely each system gap (cost + investment − funding) is (2027/28)';
    const spec = {
      title: { text: title, fontSize: 15, fontWeight: 'bold', anchor: 'start', frame: 'group' },
      padding: 0,
      width: 40,
      height: 40,
      data: { values: [{ x: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'x', type: 'quantitative', axis: null } },
    } as TopLevelSpec;
    const svg = await toSVG(spec, { warnings: [] });
    const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1]);
    const text = measureText(title, 15, true);
    // Vega's estimate would make it 0.8 × 15 px × 70 characters = 840 px
    expect(text).toBeLessThan(0.75 * 0.8 * 15 * [...title].length);
    expect(Math.abs(width - text)).toBeLessThan(3);
  });
});
