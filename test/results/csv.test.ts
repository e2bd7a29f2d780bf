/**
 * Numbers in the CSV exports at 15 significant digits, as Excel reads them:
 * no binary noise for a finance lead to see in a text editor, pandas or R,
 * and each figure read back within half a unit in the 15th digit.
 */
import { describe, it, expect } from 'vitest';
import { parse } from 'csv-parse/sync';
import { loadScenario, project } from '../../src/index.js';
import { resultFiles } from '../../src/results/export.js';
import { toCsv } from '../../src/results/csv.js';
import { model } from '../helpers.js';

const rows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('CSV numbers', () => {
  it('are written at 15 significant digits, shortest form: 0.1 + 0.2 is 0.3; 0, negatives, NaN and Infinity as String writes them', () => {
    const values = [0.1 + 0.2, 0, -0, -1.5, -(0.1 + 0.2), 42, 1e21, 1e-7, 123456789012.345, NaN, Infinity, -Infinity];
    expect(toCsv(['x'], values.map((v) => [v]))).toBe(['x', '0.3', '0', '0', '-1.5', '-0.3', '42', '1e+21', '1e-7', '123456789012.345', 'NaN', 'Infinity', '-Infinity', ''].join('\n'));
  });

  it("Harrogate's 2017/18 population and funding: 162246 and 236834398.77, not 162245.99999999997 and 236834398.76999998", () => {
    const r = project(loadScenario(model('harrogate.yaml')));
    const population = r.places[0]!.population.total[0]!;
    const funding = r.system.funding[0]!;
    // the figures as the engine holds them, so this test shows noise that is there
    expect(String(population)).toBe('162245.99999999997');
    expect(String(funding)).toBe('236834398.76999998');
    const files = resultFiles(r);
    const place = rows(files['places.csv']!)[0]!;
    expect(place['population']).toBe('162246');
    expect(place['funding_gbp']).toBe('236834398.77');
    expect(rows(files['system.csv']!)[0]!['funding_gbp']).toBe('236834398.77');
    expect(Math.abs(Number(place['population']) - population) / population).toBeLessThan(1e-15);
    expect(Math.abs(Number(place['funding_gbp']) - funding) / funding).toBeLessThan(1e-15);
  });

  it("every number in Harrogate's CSVs has at most 15 significant digits, and each place figure reads back within half a unit in the 15th (5e-15 relative)", () => {
    const r = project(loadScenario(model('harrogate.yaml')));
    const files = resultFiles(r);
    const digits = (cell: string) => cell.replace(/^-|e[-+]\d+$/g, '').replace('.', '').replace(/^0+/, '').length;
    for (const [name, text] of Object.entries(files)) {
      if (!name.endsWith('.csv')) continue;
      const numbers = rows(text).flatMap((c) => Object.values(c).filter((v) => /^-?\d/.test(v) && !/^\d{4}\/\d\d$/.test(v)));
      expect(numbers.filter((v) => digits(v) > 15), name).toEqual([]);
    }
    const csv = rows(files['places.csv']!);
    r.places.forEach((p, i) =>
      r.years.forEach((_, t) => {
        const c = csv[i * r.years.length + t]!;
        for (const [cell, x] of [[c['population']!, p.population.total[t]!], [c['cost_gbp']!, p.cost[t]!], [c['gap_gbp']!, p.gap[t]!]] as const) {
          expect(Math.abs(Number(cell) - x)).toBeLessThanOrEqual(5e-15 * Math.abs(x));
        }
      }),
    );
  });
});
