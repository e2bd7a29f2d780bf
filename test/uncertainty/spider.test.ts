/** The spider: its outer points are the tornado's; its lines are sorted by the range they span. */
import { describe, it, expect } from 'vitest';
import { loadScenario, spider, tornado, SPIDER_PERCENTILES } from '../../src/index.js';
import { resolve } from 'node:path';
import { repoRoot } from '../helpers.js';

describe('spider', () => {
  const s = loadScenario(resolve(repoRoot, 'test/uncertainty/fixtures/tiny-uncertain.yaml'));
  const sp = spider(s, { year: '2022/23' });
  const t = tornado(s, { year: '2022/23' });

  it('passes through p10 … p90 of each input, its ends the tornado bar', () => {
    expect(sp.percentiles).toEqual([...SPIDER_PERCENTILES]);
    expect(sp.central).toBe(t.central);
    for (const bar of t.bars) {
      const line = sp.lines.find((l) => l.input === bar.input)!;
      expect(line.points[0]!.value).toBe(bar.atLow);
      expect(line.points[8]!.value).toBe(bar.atHigh);
      expect(line.points[0]!.input).toBe(bar.low);
      // the input's values rise along the line
      for (let k = 1; k < 9; k++) expect(line.points[k]!.input).toBeGreaterThanOrEqual(line.points[k - 1]!.input);
    }
  });

  it('widest range first, the range being the greatest less the least value along the line', () => {
    for (const l of sp.lines) expect(l.range).toBe(Math.max(...l.points.map((p) => p.value)) - Math.min(...l.points.map((p) => p.value)));
    for (let i = 1; i < sp.lines.length; i++) expect(sp.lines[i]!.range).toBeLessThanOrEqual(sp.lines[i - 1]!.range);
  });
});
