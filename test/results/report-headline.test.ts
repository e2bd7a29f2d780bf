/**
 * The board report's headline cards: each figure once, each label saying
 * what it is. A system with no schemes has no separate do-nothing gap (it is
 * the gap), and when the focus year is the horizon the horizon's gap is the
 * focus year's: Cheshire's report showed −£231.7m three times, twice as
 * "Gap, 2030/31". Beside a calibrated sector's gap, the system's says so.
 */
import { describe, expect, it } from 'vitest';
import { boardReport, loadScenario, project } from '../../src/index.js';
import { model } from '../helpers.js';

async function cards(file: string): Promise<[string, string][]> {
  const s = loadScenario(model(file));
  const html = await boardReport(s, project(s));
  return [...html.matchAll(/<span class="v">(.*?)<\/span><span class="k">(.*?)<\/span>/g)].map((x) => [x[2]!, x[1]!]);
}

describe('board report headline', () => {
  it('gives each figure once for a system with no schemes, the focus year the horizon', async () => {
    const c = await cards('cheshire-accountable-care.yaml');
    expect(c.map(([k]) => k)).toEqual(['Gap, 2030/31', 'Funding, 2030/31', 'Cost, 2030/31']);
  });

  it('gives the gap of the focus year and of the horizon, without a do-nothing gap equal to it, for Harrogate do nothing', async () => {
    const c = await cards('harrogate.yaml');
    expect(c.map(([k]) => k)).toEqual(['Do-nothing gap, local health economy (NHS), 2020/21', 'Gap, whole system, 2020/21', 'Gap, whole system, 2030/31', 'Funding, 2030/31', 'Cost, 2030/31']);
  });

  it('says which gaps are the whole system’s beside the calibrated sector’s', async () => {
    const c = await cards('harrogate-integrated-care.yaml');
    expect(c.map(([k]) => k)).toEqual([
      'Do-nothing gap, local health economy (NHS), 2020/21',
      'Do-nothing gap, whole system, 2020/21',
      'Gap with schemes, whole system, 2020/21',
      'Closed by schemes, 2020/21',
      'Gap with schemes, whole system, 2030/31',
      'Funding, 2030/31',
      'Cost, 2030/31',
    ]);
    expect(new Set(c.map(([k]) => k)).size).toBe(c.length);
  });
});
