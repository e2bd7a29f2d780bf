/**
 * The board report names sectors and a pool's host as a board member knows
 * them: 'Local health economy (NHS) gap £m', not 'nhs gap £m'; '(host NHS
 * Harrogate and Rural District CCG)', not '(host ccg)'.
 */
import { describe, expect, it } from 'vitest';
import { boardReport, loadScenario, project } from '../../src/index.js';
import { model } from '../helpers.js';

describe('board report names', async () => {
  const s = loadScenario(model('harrogate-pooled-budget.yaml'));
  const r = project(s);
  const html = await boardReport(s, r);

  it('heads the gap-by-sector columns with the sectors’ names', () => {
    for (const x of r.sectors) {
      expect(html).toContain(`<th scope="col">${x.name} gap £m</th>`);
      expect(html).not.toContain(`<th scope="col">${x.id} gap £m</th>`);
    }
  });

  it('names the pool’s host', () => {
    const p = r.pools[0]!;
    const host = r.organisations.find((o) => o.id === p.host)!.name;
    expect(html).toContain(`(host ${host})`);
    expect(html).not.toContain(`(host ${p.host})`);
  });
});
