/**
 * The rendered-chart cache keeps at most `maxChartBytes` of chart bodies: a
 * chart is counted at its rendered size once drawn, the least recently used
 * go first, a chart asked for again is not drawn again while kept, and one
 * bigger than the whole bound is served but not kept.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RunStore, type Run } from '../../src/server/runs.js';
import { ScenarioCatalogue } from '../../src/server/scenarios.js';
import type { WorkerPool } from '../../src/server/pool.js';
import { PROJECT_ROOT } from '../../src/server/app.js';
import { loadScenario, project } from '../../src/index.js';

const results = project(loadScenario(join(PROJECT_ROOT, 'models', 'harrogate.yaml')));
const run = (id: string): Run => ({ id, request: { scenario: 'harrogate' }, status: 'done', created: '', results });

function store(maxChartBytes: number, bytes: number) {
  const drawn: string[] = [];
  const pool = {
    render: async (spec: { title?: unknown }) => {
      drawn.push(JSON.stringify(spec.title ?? ''));
      return Buffer.alloc(bytes);
    },
  } as unknown as WorkerPool;
  return { s: new RunStore(new ScenarioCatalogue(join(PROJECT_ROOT, 'models')), pool, { maxChartBytes }), drawn };
}

describe('the chart cache', () => {
  it('holds charts up to the byte bound, dropping the least recently used', async () => {
    const { s, drawn } = store(2500, 1000);
    for (const id of ['a', 'b', 'c']) await s.chart(run(id.repeat(20)), 'gap', 'svg');
    expect(drawn).toHaveLength(3);
    expect(s.charts.size).toBe(2); // 3000 bytes > 2500: the first went
    expect(s.charts.calculatedSize).toBe(2000);
    await s.chart(run('c'.repeat(20)), 'gap', 'svg'); // kept: not drawn again
    expect(drawn).toHaveLength(3);
    await s.chart(run('a'.repeat(20)), 'gap', 'svg'); // dropped: drawn again
    expect(drawn).toHaveLength(4);
  });

  it('draws again the charts of a run computed again under its id (its scenario changed), not its old ones', async () => {
    const { s, drawn } = store(1 << 20, 10);
    const id = 'e'.repeat(20);
    await s.chart({ ...run(id), created: '2026-12-03T10:00:00.000Z' }, 'gap', 'svg');
    await s.chart({ ...run(id), created: '2026-12-03T10:00:00.000Z' }, 'gap', 'svg');
    expect(drawn).toHaveLength(1);
    await s.chart({ ...run(id), created: '2026-12-03T10:05:00.000Z' }, 'gap', 'svg');
    expect(drawn).toHaveLength(2);
  });

  it('serves a chart bigger than the bound without keeping it', async () => {
    const { s } = store(500, 1000);
    const c = await s.chart(run('d'.repeat(20)), 'gap', 'svg');
    expect(c.body.length).toBe(1000);
    await new Promise((ok) => setImmediate(ok));
    expect(s.charts.size).toBe(0);
  });
});
