/**
 * The server's asynchronous runs over real HTTP: 202 → queued/running → done
 * with results equal to the library's; the bounded Monte Carlo queue (503);
 * /healthz answering while runs are in flight; finished runs re-read from the
 * disk cache after eviction (the pool is not asked again), 410 once gone from
 * disk too; and the scenario catalogue refreshed when a file changes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen, type Started } from '../../src/server/serve.js';
import { PROJECT_ROOT } from '../../src/server/app.js';
import { loadScenario, project, simulate } from '../../src/index.js';
import { toJson } from '../../src/results/export.js';
import { runId } from '../../src/server/runs.js';

const UNCERTAIN = 'harrogate-integrated-care-uncertain';

function client(srv: Started) {
  const base = srv.url.replace(/\/$/, '');
  const get = async (path: string) => {
    const res = await fetch(base + path);
    const text = await res.text();
    return { res, status: res.status, type: res.headers.get('content-type') ?? '', text, json: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined };
  };
  const post = async (body: unknown) => {
    const res = await fetch(base + '/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { res, status: res.status, json: JSON.parse(await res.text()) };
  };
  /** GET a run until it is done or failed; every status seen on the way. */
  const settle = async (id: string) => {
    const seen: string[] = [];
    for (;;) {
      const doc = (await get(`/api/runs/${id}`)).json;
      seen.push(doc.status);
      if (doc.status === 'done' || doc.status === 'failed') return { doc, seen };
      expect(['queued', 'running']).toContain(doc.status);
      if (doc.monteCarlo === undefined && doc.progress?.iterations) expect(doc.progress.iterations.done).toBeLessThanOrEqual(doc.progress.iterations.total);
      await new Promise((ok) => setTimeout(ok, 50));
    }
  };
  return { get, post, settle };
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('a run: accepted, computed on the pool, kept on disk', () => {
  let srv: Started;
  let cacheDir: string;
  let c: ReturnType<typeof client>;
  const mcRequest = { scenario: UNCERTAIN, monteCarlo: { iterations: 400, seed: 11 } };
  let mcId: string;
  let mcDoc: any;

  beforeAll(async () => {
    cacheDir = mkdtempSync(join(tmpdir(), 'popshift-runs-test-'));
    // One finished run in memory: any other evicts it (to disk).
    srv = await listen({ port: 0, host: '127.0.0.1', logger: false, cache: { maxRuns: 1, disk: { dir: cacheDir } } });
    c = client(srv);
  }, 60_000);
  afterAll(async () => {
    await srv?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('202 with a Location, queued → done, with the results a direct simulate gives for the seed', async () => {
    const r = await c.post(mcRequest);
    expect(r.status).toBe(202);
    mcId = r.json.id;
    expect(r.res.headers.get('location')).toBe(`/api/runs/${mcId}`);
    expect(r.json).toMatchObject({ status: 'queued', cached: false, progress: { stage: 'projection' } });
    const { doc, seen } = await c.settle(mcId);
    expect(doc.status).toBe('done');
    expect(seen.every((s) => s === 'queued' || s === 'running' || s === 'done')).toBe(true);
    mcDoc = doc;

    const scenario = loadScenario(join(PROJECT_ROOT, 'models', `${UNCERTAIN}.yaml`));
    const direct = await simulate(scenario, { iterations: 400, seed: 11, workers: 1 });
    const { samples: _s, run: _r, ...summary } = direct;
    const { ms: _ms, ...served } = doc.monteCarlo;
    expect(served).toEqual(plain(summary));
    expect(doc.results).toEqual(plain(toJson(project(scenario))));

    // a repeat is the same run, not a new one
    const again = await c.post(mcRequest);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id: mcId, status: 'done', cached: true });
  }, 300_000); // the first task also starts the pool's threads: no wall-clock margin for a busy machine

  it('a run evicted from memory is read back from disk, not computed again', async () => {
    const fanBefore = (await c.get(`/api/runs/${mcId}/charts/gap.vl.json`)).text;
    const other = await c.post({ scenario: 'harrogate' });
    expect((await c.settle(other.json.id)).doc.status).toBe('done');
    const runs = srv.app.locals.runs;
    expect(runs.runs.has(mcId)).toBe(false); // evicted from memory
    expect(existsSync(join(cacheDir, `${mcId}.run`))).toBe(true);

    const pool = srv.app.locals.pool;
    const simulateSpy = vi.spyOn(pool, 'simulate');
    const projectSpy = vi.spyOn(pool, 'project');
    try {
      const back = await c.get(`/api/runs/${mcId}`);
      expect(back.status).toBe(200);
      expect(back.res.headers.get('x-cache')).toBe('disk');
      expect(back.json.monteCarlo).toEqual(mcDoc.monteCarlo);
      expect(back.json.results).toEqual(mcDoc.results);
      // the chart of the Monte Carlo run still has its fan; evict again and ask for the chart first
      await c.settle(other.json.id); // reads harrogate back, evicting the Monte Carlo run
      expect(runs.runs.has(mcId)).toBe(false);
      const keys = [...runs.charts.keys()].filter((k) => k.startsWith(`${mcId}@`));
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) runs.charts.delete(k); // drawn again from the run read back
      const chart = await c.get(`/api/runs/${mcId}/charts/gap.vl.json`);
      expect(chart.status).toBe(200);
      expect(chart.text).toBe(fanBefore);
      expect(chart.text).toMatch(/p95/);
      const svg = await c.get(`/api/runs/${mcId}/charts/gap.svg`);
      expect(svg.status).toBe(200);
      expect(svg.text).toMatch(/^<svg/);
      expect(simulateSpy).not.toHaveBeenCalled();
      expect(projectSpy).not.toHaveBeenCalled();
    } finally {
      simulateSpy.mockRestore();
      projectSpy.mockRestore();
    }
  });

  it('a run gone from memory and disk answers 410 with the request to resubmit', async () => {
    const runs = srv.app.locals.runs;
    const other = runs.runs.has(mcId) ? (await c.post({ scenario: 'harrogate' })).json.id : undefined;
    if (other) await c.settle(other);
    expect(runs.runs.has(mcId)).toBe(false);
    unlinkSync(join(cacheDir, `${mcId}.run`));
    const gone = await c.get(`/api/runs/${mcId}`);
    expect(gone.status).toBe(410);
    expect(gone.type).toMatch(/^application\/problem\+json/);
    expect(gone.json).toMatchObject({ status: 410, detail: expect.stringMatching(/POST \/api\/runs/), resubmit: { method: 'POST', href: '/api/runs', body: mcRequest } });
    expect((await c.get(`/api/runs/${mcId}/charts/gap.svg`)).status).toBe(410);
    // resubmitting computes it again, with the same results
    const again = await c.post(gone.json.resubmit.body);
    expect(again.status).toBe(202);
    expect(again.json.id).toBe(mcId);
    const { doc } = await c.settle(mcId);
    const { ms: _a, ...now } = doc.monteCarlo;
    const { ms: _b, ...before } = mcDoc.monteCarlo;
    expect(now).toEqual(before);
  }, 120_000);

  it('a bad override value is refused before the run is accepted: a 400 naming the field, and no run', async () => {
    const body = { scenario: 'harrogate-integrated-care', overrides: { schemes: [{ id: 'avoidable-admissions', fraction: 1.5 }] } };
    const r = await c.post(body);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ status: 400, field: 'overrides.schemes[0].fraction' });
    // in the units the user typed: a share of 1.5 is 150%
    expect(r.json.detail).toBe('overrides.schemes[0].fraction: fraction must be between 0 and 1, that is 0% to 100% (got 1.5: 150% is more than 100%)');
    expect((await c.get(`/api/runs/${runId(body)}`)).status).toBe(404);
    // the same check for a Monte Carlo of a scenario with nothing uncertain
    const mc = await c.post({ scenario: 'harrogate', monteCarlo: { iterations: 10 } });
    expect(mc.status).toBe(400);
    expect(mc.json.field).toBe('monteCarlo');
    // a good override is accepted, and its run computed from the scenario the check prepared
    const ok = await c.post({ scenario: 'harrogate-integrated-care', overrides: { schemes: [{ id: 'avoidable-admissions', fraction: 0.25 }] } });
    expect(ok.status).toBe(202);
    expect((await c.settle(ok.json.id)).doc.status).toBe('done');
  });
});

describe('a bounded Monte Carlo queue, and /healthz while runs are in flight', () => {
  let srv: Started;
  let c: ReturnType<typeof client>;

  beforeAll(async () => {
    // One Monte Carlo thread and one place in its queue: two runs in flight at most.
    srv = await listen({ port: 0, host: '127.0.0.1', logger: false, pool: { monteCarloThreads: 1, monteCarloQueue: 1 } });
    c = client(srv);
  }, 60_000);
  afterAll(async () => {
    await srv?.close(); // stops the runs still in flight
  });

  it('answers /healthz before the runs finish, and 503 with Retry-After when the queue is full', async () => {
    const run = (seed: number) => c.post({ scenario: UNCERTAIN, monteCarlo: { iterations: 20_000, seed } });
    const first = await run(1);
    const second = await run(2);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    const third = await run(3);
    expect(third.status).toBe(503);
    expect(third.res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(third.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(third.json).toMatchObject({ status: 503, detail: expect.stringMatching(/queue .* is full/) });

    const health = await c.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.json.pool.monteCarlo).toMatchObject({ pending: 2, capacity: 2 });
    // The second run waits behind the first's 20,000 iterations: neither is done yet.
    const status = (await c.get(`/api/runs/${second.json.id}`)).json.status;
    expect(['queued', 'running']).toContain(status);
    expect((await c.get(`/api/runs/${second.json.id}/charts/gap.svg`)).status).toBe(409);
  }, 120_000);
});

describe('the scenario catalogue', () => {
  let srv: Started;
  let root: string;
  let c: ReturnType<typeof client>;

  beforeAll(async () => {
    // models/ with one scenario, beside the project's data/ (scenarios name tables as ../data/…)
    root = mkdtempSync(join(tmpdir(), 'popshift-catalogue-'));
    mkdirSync(join(root, 'models'));
    symlinkSync(join(PROJECT_ROOT, 'data'), join(root, 'data'));
    cpSync(join(PROJECT_ROOT, 'models', 'harrogate.yaml'), join(root, 'models', 'one.yaml'));
    srv = await listen({ port: 0, host: '127.0.0.1', logger: false, modelsDir: join(root, 'models'), defaultScenario: 'one' });
    c = client(srv);
  }, 60_000);
  afterAll(async () => {
    await srv?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('is read once, and again when a file changes, is added or is removed', async () => {
    const pool = srv.app.locals.pool;
    const spy = vi.spyOn(pool, 'catalogue');
    try {
      const names = async () => (await c.get('/api/scenarios')).json.scenarios.map((s: { id: string; name: string }) => `${s.id}: ${s.name}`);
      const first = await names();
      expect(first).toHaveLength(1);
      expect(await names()).toEqual(first);
      expect(spy).toHaveBeenCalledTimes(1);

      const file = join(root, 'models', 'one.yaml');
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^name: /m);
      writeFileSync(file, text.replace(/^name: .*$/m, 'name: Renamed for the test'));
      expect(await names()).toEqual(['one: Renamed for the test']);
      expect(spy).toHaveBeenCalledTimes(2);

      writeFileSync(join(root, 'models', 'two.yaml'), 'extends: one.yaml\nname: A second one\n');
      expect(await names()).toEqual(['one: Renamed for the test', 'two: A second one']);
      expect((await c.get('/api/scenarios/two')).json).toMatchObject({ id: 'two', name: 'A second one', extends: 'one' });
      unlinkSync(join(root, 'models', 'two.yaml'));
      expect(await names()).toEqual(['one: Renamed for the test']);
      expect((await c.get('/api/scenarios/two')).status).toBe(404);
      expect(spy).toHaveBeenCalledTimes(4);
    } finally {
      spy.mockRestore();
    }
  }, 300_000);

  it('a broken scenario file on the server is a 500 naming the file, not a 400 blaming the request; a request\'s own bad overrides stay a 400', async () => {
    const dir = join(root, 'models');
    writeFileSync(join(dir, 'bad-yaml.yaml'), 'name: [unclosed\n');
    writeFileSync(join(dir, 'bad-field.yaml'), 'extends: one.yaml\nname: Misspelt\nbaseYaer: 2017/18\n');
    try {
      const expectBroken = (r: { status: number; json: any }, file: string, line: RegExp) => {
        expect(r.status).toBe(500);
        expect(r.json).toMatchObject({ status: 500, type: '/problems/broken-scenario-file', scenarioFile: `models/${file}` });
        expect(r.json.detail).toMatch(new RegExp(`^the server's scenario file models/${file} is broken \\(a fault on the server, not in the request\\): `));
        expect(r.json.detail).toMatch(line);
        expect(r.json.field).toBeUndefined(); // no field of the request is to blame
      };
      const yamlLine = /bad-yaml\.yaml:\d+:\d+: YAML syntax error/;
      const fieldLine = /bad-field\.yaml:3:1: baseYaer: unknown field 'baseYaer' \(did you mean 'baseYear'\?\)/;
      expectBroken(await c.get('/api/scenarios/bad-yaml'), 'bad-yaml.yaml', yamlLine);
      expectBroken(await c.get('/api/scenarios/bad-field'), 'bad-field.yaml', fieldLine);
      // checked before it is accepted (overrides, Monte Carlo): refused at once
      expectBroken(await c.post({ scenario: 'bad-field', overrides: { name: 'x' } }), 'bad-field.yaml', fieldLine);
      expectBroken(await c.post({ scenario: 'bad-yaml', assumptions: { costInflationThereafter: 0.02 } }), 'bad-yaml.yaml', yamlLine);
      // accepted as it stands: the run fails with the same problem
      const run = await c.post({ scenario: 'bad-yaml' });
      expect(run.status).toBe(202);
      const { doc } = await c.settle(run.json.id);
      expect(doc.status).toBe('failed');
      expectBroken({ status: doc.problem.status, json: doc.problem }, 'bad-yaml.yaml', yamlLine);
      // the listing leaves them out and still answers
      expect((await c.get('/api/scenarios')).json.scenarios.map((s: { id: string }) => s.id)).toEqual(['one']);
      // what the request sends is still the request's fault
      const own = await c.post({ scenario: 'one', overrides: { parameters: { cii: { thereafter: 'x' } } } });
      expect(own.status).toBe(400);
      expect(own.json.field).toBe('overrides.parameters.cii.thereafter');
    } finally {
      unlinkSync(join(dir, 'bad-yaml.yaml'));
      unlinkSync(join(dir, 'bad-field.yaml'));
    }
  }, 300_000);
});

describe('a run is computed again when any file it read changes', () => {
  let srv: Started;
  let root: string;
  let c: ReturnType<typeof client>;

  beforeAll(async () => {
    // models/ holding the tiny scenario, its parent-less tables beside it
    root = mkdtempSync(join(tmpdir(), 'popshift-tables-'));
    cpSync(join(PROJECT_ROOT, 'test/fixtures/tiny'), join(root, 'models'), { recursive: true });
    srv = await listen({ port: 0, host: '127.0.0.1', logger: false, modelsDir: join(root, 'models'), defaultScenario: 'tiny' });
    c = client(srv);
  }, 60_000);
  afterAll(async () => {
    await srv?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('a data table the scenario reads, with or without overrides', async () => {
    const costs = async (body: unknown, status: number) => {
      const r = await c.post(body);
      expect(r.status).toBe(status);
      const { doc } = await c.settle(r.json.id);
      expect(doc.status).toBe('done');
      return doc.results.system.cost as number[];
    };
    for (const body of [{ scenario: 'tiny-shift' }, { scenario: 'tiny-shift', overrides: { name: 'Tiny, renamed' } }]) {
      const before = await costs(body, 202);
      expect(await costs(body, 200)).toEqual(before); // from the cache
      const rates = join(root, 'models', 'rates.csv');
      const text = readFileSync(rates, 'utf8');
      writeFileSync(rates, text.replace(/^(old,\d+(\.\d+)?),/m, '$1' + '5,')); // more admissions of older people
      try {
        const after = await costs(body, 202); // the table changed: computed again
        expect(after[0]).toBeGreaterThan(before[0]!);
      } finally {
        writeFileSync(rates, text);
      }
    }
  }, 120_000);
});
