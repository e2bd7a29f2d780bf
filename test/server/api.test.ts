/**
 * The HTTP API over real HTTP on 127.0.0.1 (port 0): every route, the
 * bad-request catalogue (traversal, unknown fields, bad types, too-large body,
 * too many iterations, unknown scenario and chart, bad override values naming
 * the field), security headers, and the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { listen, type Started } from '../../src/server/serve.js';
import ExcelJS from 'exceljs';
import { loadScenario, project, tornado } from '../../src/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultFiles } from '../../src/results/export.js';
import { PROJECT_ROOT } from '../../src/server/app.js';

let srv: Started;
let base: string;

beforeAll(async () => {
  srv = await listen({ port: 0, host: '127.0.0.1', logger: false });
  base = srv.url.replace(/\/$/, '');
}, 60_000);
afterAll(async () => {
  await srv?.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers });
  return { res, status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

async function getJson(path: string, headers: Record<string, string> = {}) {
  const r = await get(path, headers);
  return { ...r, json: JSON.parse(r.body.toString('utf8')) };
}

async function post(body: unknown, path = '/api/runs', contentType = 'application/json') {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { res, status: res.status, type: res.headers.get('content-type') ?? '', json: text ? JSON.parse(text) : undefined };
}

/** A run's document once it is done or failed (runs are computed on the pool after a 202). */
async function settled(id: string): Promise<any> {
  for (;;) {
    const doc = (await getJson(`/api/runs/${id}`)).json;
    if (doc.status === 'done' || doc.status === 'failed') return doc;
    expect(['queued', 'running']).toContain(doc.status);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** POST a run and wait for it: the run document, or the problem — at once (4xx) or when the run fails. */
async function submit(body: unknown) {
  const r = await post(body);
  if (r.status !== 202 && r.status !== 200) return r;
  const doc = await settled(r.json.id);
  if (doc.status === 'failed') return { ...r, status: doc.problem.status, type: 'application/problem+json', json: doc.problem };
  return { ...r, json: doc };
}

/** A raw request whose path is sent exactly as written (fetch would normalise `../`). */
function raw(path: string): Promise<{ status: number; type: string; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function expectProblem(r: { status: number; type: string; json: any }, status: number, field?: string | RegExp) {
  expect(r.status).toBe(status);
  expect(r.type).toMatch(/^application\/problem\+json/);
  expect(r.json).toMatchObject({ status, title: expect.any(String), type: expect.any(String), detail: expect.any(String) });
  if (field !== undefined) {
    const fields = (r.json.errors ?? []).map((e: { field?: string }) => e.field);
    if (typeof field === 'string') expect(fields).toContain(field);
    else expect(fields.some((f: string) => field.test(f))).toBe(true);
  }
}

describe('health, scenarios and static files', () => {
  it('GET /healthz', async () => {
    const r = await getJson('/healthz');
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('ok');
  });

  it('GET /api/scenarios lists models/ with id, name, description, extends', async () => {
    const r = await getJson('/api/scenarios');
    expect(r.status).toBe(200);
    const ids = r.json.scenarios.map((s: { id: string }) => s.id);
    expect(ids).toContain('harrogate');
    expect(ids).toContain('harrogate-integrated-care-block');
    const block = r.json.scenarios.find((s: { id: string }) => s.id === 'harrogate-integrated-care-block');
    expect(block).toMatchObject({ name: expect.stringContaining('block'), extends: 'harrogate-integrated-care' });
    expect(r.json.scenarios.find((s: { id: string }) => s.id === 'harrogate').extends).toBeNull();
    expect(r.json.default).toBe('harrogate');
  }, 300_000); // the first reading of models/ on the pool, which starts its thread

  it('GET /api/scenarios/:id gives the scenario and its headline assumptions', async () => {
    const r = await getJson('/api/scenarios/harrogate-integrated-care-block');
    expect(r.status).toBe(200);
    expect(r.json.assumptions.shiftFraction).toMatchObject({ scheme: 'avoidable-admissions', value: 0.2 });
    expect(r.json.assumptions.acutePayment.value).toBe('block');
    expect(r.json.assumptions.costInflationThereafter.value).toBeCloseTo(0.02);
    const plain = await getJson('/api/scenarios/harrogate');
    expect(plain.json.assumptions.shiftFraction).toBeNull();
  });

  it('sets helmet headers with a CSP that allows no inline or eval scripts', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/text\/html/);
    const csp = r.res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(r.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.res.headers.get('x-powered-by')).toBeNull();
    expect(r.body.toString()).not.toMatch(/<script>(?!<)/); // no inline scripts
  });

  it('serves the vega builds from node_modules', async () => {
    for (const f of ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js']) {
      const r = await get(`/vendor/${f}`);
      expect(r.status, f).toBe(200);
      expect(r.type).toMatch(/javascript/);
      expect(r.body.length).toBeGreaterThan(10_000);
    }
    expectProblem(await getJson('/vendor/package.json'), 404);
  });
});

/** A workbook from a response body. */
async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

describe('runs', () => {
  let runId: string;

  it('POST /api/runs → 202 with id, status and links; repeated → same id from cache', async () => {
    const body = { scenario: 'harrogate-integrated-care' };
    const first = await post(body);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{20}$/), status: 'queued', links: { self: expect.any(String) } });
    expect(first.res.headers.get('location')).toBe(`/api/runs/${first.json.id}`);
    runId = first.json.id;
    expect((await settled(runId)).status).toBe('done');
    const t0 = performance.now();
    const again = await post({ ...body });
    const ms = performance.now() - t0;
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(runId);
    expect(again.res.headers.get('x-cache')).toBe('hit');
    expect(ms).toBeLessThan(200);
  });

  it('GET /api/runs/:id as JSON with results, headline and chart links', async () => {
    const r = await getJson(`/api/runs/${runId}`);
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('done');
    expect(r.json.results.years[0]).toBe('2017/18');
    expect(r.json.results.system.gap).toHaveLength(r.json.results.years.length);
    expect(r.json.headline.map((h: { id: string }) => h.id)).toContain('gap-horizon');
    const charts = r.json.links.charts.map((c: { name: string }) => c.name);
    expect(charts).toEqual(expect.arrayContaining(['gap', 'waterfall', 'activity', 'positions', 'population']));
    // the results' part is made once and served again: the same bytes and strong ETag, 304 while unchanged
    expect(r.type).toBe('application/json; charset=utf-8');
    const again = await get(`/api/runs/${runId}`);
    expect(again.body.equals(r.body)).toBe(true);
    const etag = r.res.headers.get('etag')!;
    expect(again.res.headers.get('etag')).toBe(etag);
    expect((await get(`/api/runs/${runId}`, { 'if-none-match': etag, 'cache-control': 'max-age=0' })).status).toBe(304);
  });

  it('GET /api/runs/:id as CSV: the system table by default, others by ?table', async () => {
    const sys = await get(`/api/runs/${runId}?format=csv`);
    expect(sys.status).toBe(200);
    expect(sys.type).toMatch(/^text\/csv/);
    expect(sys.body.toString().split('\n')[0]).toBe('year,funding_gbp,cost_gbp,investment_gbp,gap_gbp,doNothingGap_gbp,position_gbp,price_base');
    const byAccept = await get(`/api/runs/${runId}`, { accept: 'text/csv' });
    expect(byAccept.body.equals(sys.body)).toBe(true);
    // one URL, three bodies by Accept: a cache must key on Accept, or a browser that kept the JSON is handed it for the CSV
    for (const accept of ['application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) {
      expect((await get(`/api/runs/${runId}`, { accept })).res.headers.get('vary') ?? '', accept).toMatch(/\bAccept\b/i);
    }
    for (const table of ['organisations', 'services', 'schemes', 'sectors', 'places', 'pools', 'envelopes']) {
      const t = await get(`/api/runs/${runId}?format=csv&table=${table}`);
      expect(t.status, table).toBe(200);
      expect(t.body.toString().length).toBeGreaterThan(10);
    }
    // the CLI's own tables, byte for byte; those a run has not got (one place: no roll-ups) are a 404 naming the field
    const places = await get(`/api/runs/${runId}?format=csv&table=places`);
    expect(places.body.toString()).toBe(resultFiles(project(loadScenario(join(PROJECT_ROOT, 'models', 'harrogate-integrated-care.yaml'))))['places.csv']);
    expectProblem(await getJson(`/api/runs/${runId}?format=csv&table=rollups`), 404, 'query.table');
    // a query parameter the schema refuses is named once ('query: query.table: …' named it twice)
    const unknown = await getJson(`/api/runs/${runId}?format=csv&table=nope`);
    expectProblem(unknown, 400, 'query.table');
    expect(unknown.json.detail).toMatch(/^query\.table: /);
    const pooled = (await submit({ scenario: 'harrogate-pooled-budget' })).json.id;
    const pools = (await get(`/api/runs/${pooled}?format=csv&table=pools`)).body.toString().trim().split('\n');
    expect(pools.length).toBeGreaterThan(5);
    expect(pools[0]).toMatch(/^pool,name,host,year,budget_gbp/);
  });

  it('GET /api/runs/:id as XLSX: the workbook with the scenario\'s assumptions and sources', async () => {
    const r = await get(`/api/runs/${runId}?format=xlsx`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/spreadsheetml/);
    const wb = await workbook(r.body);
    const assumptions = wb.getWorksheet('Assumptions and sources')!;
    // the parameters are listed (a workbook built without the scenario says they are not)
    expect(assumptions.getRow(2).getCell(1).value).toBeTruthy();
    expect(JSON.stringify(assumptions.getSheetValues())).not.toMatch(/Parameters not listed/);
  });

  it('406 for an Accept the API cannot give', async () => {
    expectProblem(await getJson(`/api/runs/${runId}`, { accept: 'image/gif' }), 406);
  });

  it('GET /api/runs/:id/charts/:chart as Vega-Lite JSON, SVG and PNG, cached, and revalidated by the browser (a run computed again keeps its id)', async () => {
    const vl = await getJson(`/api/runs/${runId}/charts/gap.vl.json`);
    expect(vl.status).toBe(200);
    expect(vl.json.$schema).toMatch(/vega-lite/);
    expect(vl.json.description).toEqual(expect.any(String));
    const svg = await get(`/api/runs/${runId}/charts/waterfall.svg`);
    expect(svg.status).toBe(200);
    expect(svg.type).toMatch(/^image\/svg\+xml/);
    expect(svg.body.toString()).toMatch(/^<svg/);
    const png = await get(`/api/runs/${runId}/charts/population.png`);
    expect(png.status).toBe(200);
    expect(png.type).toBe('image/png');
    expect(png.body.subarray(1, 4).toString()).toBe('PNG');
    const again = await get(`/api/runs/${runId}/charts/population.png`);
    expect(again.body.equals(png.body)).toBe(true);
    // a browser may keep it but asks again each time: 304 while the chart is the same
    expect(png.res.headers.get('cache-control')).toBe('private, no-cache');
    const etag = png.res.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    // (as a browser revalidates: fetch alone would add Cache-Control: no-cache to a conditional request, which asks for the whole body)
    expect((await get(`/api/runs/${runId}/charts/population.png`, { 'if-none-match': etag, 'cache-control': 'max-age=0' })).status).toBe(304);
  });

  it('the comparison chart needs ?against=<run id>', async () => {
    const a = (await submit({ scenario: 'harrogate' })).json.id;
    expectProblem(await getJson(`/api/runs/${runId}/charts/comparison.vl.json`), 404);
    const r = await getJson(`/api/runs/${runId}/charts/comparison.vl.json?against=${a}`);
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.json.title)).toMatch(/ompar/);
    expectProblem(await getJson(`/api/runs/${runId}/charts/comparison.vl.json?against=${'0'.repeat(20)}`), 404, 'query.against');
    // a run against itself compares nothing: every difference would be 0
    for (const name of ['comparison', 'per-head']) {
      const self = await getJson(`/api/runs/${runId}/charts/${name}.svg?against=${runId}`);
      expectProblem(self, 400, 'query.against');
      expect(self.json.detail).toMatch(/^query\.against: .*is the run itself/);
    }
  });

  it('a chart of one year is drawn in ?year= (the waterfall, as the tornado and S-curve); a chart refuses a query parameter it does not take, naming it', async () => {
    const chart = (q: string, name = 'waterfall') => getJson(`/api/runs/${runId}/charts/${name}.vl.json${q}`);
    const horizon = (await getJson(`/api/runs/${runId}`)).json.results.horizon;
    expect((await chart('')).json.description).toMatch(new RegExp(`^In ${horizon} `));
    const in2020 = await chart('?year=2020%2F21');
    expect(in2020.status).toBe(200);
    expect(in2020.json.description).toMatch(/^In 2020\/21 /);
    expectProblem(await chart('?year=2040%2F41'), 400, 'query.year');
    // the gap chart shows every year: ?year= would be silently ignored
    const gap = await chart('?year=2020%2F21', 'gap');
    expectProblem(gap, 400, 'query.year');
    expect(gap.json.detail).toBe('query.year: the gap chart does not take ?year= (the waterfall, tornado, s-curve and places charts do)');
    expectProblem(await chart('?target=0', 'gap'), 400, 'query.target');
    expectProblem(await chart('?per=head', 'population'), 400, 'query.per');
    expectProblem(await chart(`?against=${runId}`, 'waterfall'), 400, 'query.against');
    expectProblem(await chart('?target=0'), 400, 'query.target');
  });

  it('headline assumptions change the results (shift fraction, inflation, payment model)', async () => {
    const base = (await getJson(`/api/runs/${runId}`)).json;
    const gapAt = (d: any) => d.results.system.gap.at(-1);
    const shifted = await submit({ scenario: 'harrogate-integrated-care', assumptions: { shiftFraction: 0.35 } });
    expect(shifted.status).toBe(202);
    const s = shifted.json;
    expect(s.assumptions.shiftFraction.value).toBe(0.35);
    expect(gapAt(s)).toBeLessThan(gapAt(base));
    const inflated = (await submit({ scenario: 'harrogate-integrated-care', assumptions: { costInflationThereafter: 0.04 } })).json;
    expect(inflated.assumptions.costInflationThereafter.value).toBeCloseTo(0.04);
    expect(gapAt(inflated)).not.toBeCloseTo(gapAt(base), -3);
    // Block from the tariff default matches the block scenario file's positions.
    const block = (await submit({ scenario: 'harrogate-integrated-care', assumptions: { acutePayment: 'block' } })).json;
    const blockFile = (await submit({ scenario: 'harrogate-integrated-care-block' })).json;
    expect(block.assumptions.acutePayment.value).toBe('block');
    const pos = (d: any, id: string) => d.results.organisations.find((o: any) => o.id === id).position.at(-1);
    expect(pos(block, 'hdft')).toBeCloseTo(pos(blockFile, 'hdft'), 0);
    expect(pos(block, 'hdft')).not.toBeCloseTo(pos(base, 'hdft'), -3);
    // And back to tariff from the block file.
    const tariff = (await submit({ scenario: 'harrogate-integrated-care-block', assumptions: { acutePayment: 'tariff' } })).json;
    expect(tariff.assumptions.acutePayment.value).toBe('tariff');
    expect(pos(tariff, 'hdft')).toBeCloseTo(pos(base, 'hdft'), 0);
  });

  it('overrides go through the scenario loader', async () => {
    const r = await submit({ scenario: 'harrogate-integrated-care', overrides: { schemes: [{ id: 'avoidable-admissions', fraction: 0.3 }] } });
    expect(r.status).toBe(202);
    expect(r.json.status).toBe('done');
  });

  it('a parameter changed by a request says so in its source: the file\'s source, then what was set on the dashboard', async () => {
    const r = await submit({ scenario: 'harrogate-integrated-care', overrides: { parameters: { eolShareOfAdmissions: { value: 0.3 } } }, assumptions: { costInflationThereafter: 0.035 } });
    expect(r.json.status).toBe('done');
    const yaml = (await get(`/api/runs/${r.json.id}/scenario.yaml`)).body.toString();
    expect(yaml).toMatch(/eolShareOfAdmissions:\n\s+value: 0\.3\n\s+source: .+; set to 0\.3 on the dashboard/);
    expect(yaml).toMatch(/cii:\n\s+thereafter: 0\.035\n\s+source: NHS Cost Inflation Index.*; thereafter set to 0\.035 on the dashboard/);
  });

  it('a scheme\'s investment changed on the dashboard (its list sent back whole) costs what was set, says so in its source, and lays under the headline shift', async () => {
    const detail = (await getJson('/api/scenarios/harrogate-integrated-care')).json;
    const inv = detail.investments.find((k: { scheme: string }) => k.scheme === 'avoidable-admissions');
    const investment = structuredClone(inv.written);
    investment[0].oneOff['2018/19'] = 1_000_000;
    const r = await submit({ scenario: 'harrogate-integrated-care', overrides: { schemes: [{ id: 'avoidable-admissions', investment }] }, assumptions: { shiftFraction: 0.3 } });
    expect(r.json.status).toBe('done');
    const t = r.json.results.years.indexOf('2018/19');
    const scheme = r.json.results.schemes.find((k: { id: string }) => k.id === 'avoidable-admissions');
    expect(scheme.investment[t]).toBe(1_000_000);
    const yaml = (await get(`/api/runs/${r.json.id}/scenario.yaml`)).body.toString();
    expect(yaml).toMatch(/source: ASSUMPTION — transition costs.*; one-off 2018\/19 set to £1,000,000 on the dashboard/);
    expect(yaml).toMatch(/fraction: 0\.3/);
  });

  it('a series changed year by year (sent whole, as the dashboard sends it) names the years changed in its source, and re-runs from the downloaded file', async () => {
    const detail = (await getJson('/api/scenarios/harrogate')).json;
    const nhs = detail.series.find((x: { name: string }) => x.name === 'nhsRealGrowth');
    expect(nhs.label).toBe('NHS real-terms growth');
    const byYear = Object.fromEntries(nhs.years.map((y: { year: string; value: number }) => [y.year, y.year === '2026/27' ? 0.04 : y.value]));
    const r = await submit({ scenario: 'harrogate', overrides: { parameters: { nhsRealGrowth: { byYear } } } });
    expect(r.json.status).toBe('done');
    const yaml = (await get(`/api/runs/${r.json.id}/scenario.yaml`)).body.toString();
    expect(yaml).toMatch(/source: NHS England revenue.*; 2026\/27 set to 0\.04 on the dashboard/);
    const base = (await submit({ scenario: 'harrogate' })).json;
    const t = base.results.years.indexOf('2026/27');
    expect(r.json.results.system.funding[t - 1]).toBe(base.results.system.funding[t - 1]);
    expect(r.json.results.system.funding[t]).toBeGreaterThan(base.results.system.funding[t]);
    const file = join(mkdtempSync(join(tmpdir(), 'popshift-series-')), 'edited.yaml');
    writeFileSync(file, yaml);
    expect(project(loadScenario(file)).system.funding).toEqual(r.json.results.system.funding);
  });

  it('Monte Carlo runs: status, then a fan on the gap chart, and a workbook with the percentiles and the tornado', async () => {
    const r = await post({ scenario: 'harrogate-integrated-care-uncertain', monteCarlo: { iterations: 200, seed: 7 } });
    expect(r.status).toBe(202);
    const doc = await settled(r.json.id);
    expect(doc.status).toBe('done');
    expect(doc.monteCarlo.iterations).toBe(200);
    // the saved scenario says how to get this run's Monte Carlo figures again: the file holds no seed or size
    expect((await get(`/api/runs/${r.json.id}/scenario.yaml`)).body.toString()).toContain('# Its Monte Carlo figures: `popshift simulate <this file> --iterations 200 --seed 7`.');
    const spec = (await getJson(`/api/runs/${r.json.id}/charts/gap.vl.json`)).json;
    expect(JSON.stringify(spec)).toMatch(/p5|p95|5–p95/);
    const wb = await workbook((await get(`/api/runs/${r.json.id}?format=xlsx`)).body);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain('Monte Carlo percentiles');
    expect(names).toContain('Tornado');
    // the tornado in the year asked for (the dashboard's year selector), else the scenario's own; a year outside the projection is a 400
    // the S-curve's target is a decimal number of £ as written: not '' (for 0) or 0x10 (for 16), and a bound says the number it got
    const curve = (q: string) => getJson(`/api/runs/${r.json.id}/charts/s-curve.vl.json?target=${q}`);
    expect((await curve('-5e6')).status).toBe(200);
    for (const bad of ['', '0x10']) expectProblem(await curve(bad), 400, 'query.target');
    const big = await curve('1e12');
    expectProblem(big, 400, 'query.target');
    expect(big.json.detail).toContain('1,000,000,000,000 is above the largest allowed value, 100,000,000,000');
    const tornadoIn = async (q: string) => (await getJson(`/api/runs/${r.json.id}/charts/tornado.vl.json${q}`)).json.description as string;
    expect(await tornadoIn('')).toContain('2020/21');
    expect(await tornadoIn('?year=2030%2F31')).toContain('2030/31');
    expect(await tornadoIn('?year=2030%2F31')).not.toBe(await tornadoIn(''));
    expectProblem(await getJson(`/api/runs/${r.json.id}/charts/tornado.vl.json?year=2040%2F41`), 400, 'query.year');
    // the scenario's own tornado (in its calibration year), input by input, largest swing first
    const expected = tornado(loadScenario('models/harrogate-integrated-care-uncertain.yaml'));
    const sheet = wb.getWorksheet('Tornado')!;
    expected.bars.forEach((b, i) => {
      const row = sheet.getRow(i + 2);
      expect([row.getCell(2).value, row.getCell(9).value]).toEqual([b.input, b.swing]);
    });
    expectProblem(await submit({ scenario: 'harrogate', monteCarlo: { iterations: 10 } }), 400, 'monteCarlo');
  }, 300_000); // it starts the Monte Carlo thread
});

describe('bad requests', () => {
  it('scenario ids cannot reach outside models/', async () => {
    const attempts = [
      '/api/scenarios/..%2F..%2Fpackage',
      '/api/scenarios/%2e%2e%2f%2e%2e%2fpackage',
      '/api/scenarios/..%2Fpackage',
      '/api/scenarios/%2Fetc%2Fpasswd',
      '/api/scenarios/harrogate%00.yaml',
      '/api/scenarios/..',
      '/api/scenarios/.harrogate',
      '/api/scenarios/harrogate.yaml',
    ];
    for (const path of attempts) {
      const r = await raw(path);
      expect([400, 404], path).toContain(r.status);
      const body = JSON.parse(r.body);
      expect(body.status, path).toBe(r.status);
      expect(r.body, path).not.toMatch(/"dependencies"|root:x:0/);
    }
    for (const path of ['/api/scenarios/../../package.json', '/api/scenarios/../../../etc/passwd', '/../package.json', '/%2e%2e/package.json', '/..%2Fpackage.json', '/vendor/..%2F..%2Fpackage.json', '/app.js%00']) {
      const r = await raw(path);
      expect([400, 403, 404], path).toContain(r.status);
      expect(r.body, path).not.toMatch(/"dependencies"|root:x:0/);
    }
    for (const scenario of ['../package', '..%2Fpackage', '/etc/passwd', 'harrogate\u0000', 'models/harrogate', 'C:\\x']) {
      expectProblem(await post({ scenario }), 400, 'scenario');
    }
  });

  it('a path parameter that is not valid percent-encoding → 400 naming the parameter', async () => {
    const cases: [string, string, RegExp][] = [
      ['/api/runs/%ff', 'id', /^id: the run id in the path is not valid percent-encoding \(got '%ff'\)/],
      ['/api/runs/%ff/scenario.yaml', 'id', /^id: the run id in the path/],
      [`/api/runs/${'a'.repeat(20)}/charts/gap%e2%82.svg`, 'file', /^file: the chart file name in the path is not valid percent-encoding \(got 'gap%e2%82\.svg'\)/],
      ['/api/scenarios/harrogate%', 'id', /^id: the scenario id in the path is not valid percent-encoding \(got 'harrogate%'\): each % starts two hex digits/],
      // not an API resource: the path as a whole
      ['/vendor/%ff', '(path)', /^the path is not valid percent-encoding \(got '\/vendor\/%ff'\)/],
    ];
    for (const [path, field, detail] of cases) {
      const r = await raw(path);
      const json = JSON.parse(r.body);
      expectProblem({ ...r, json }, 400, field);
      expect(json.field, path).toBe(field);
      expect(json.detail, path).toMatch(detail);
    }
  });

  it('unknown scenario → 404', async () => {
    expectProblem(await getJson('/api/scenarios/no-such-scenario'), 404);
    expectProblem(await post({ scenario: 'no-such-scenario' }), 404, 'scenario');
  });

  it('a resource asked with a method it does not answer → 405 with Allow; an unknown one → 404 naming its whole path', async () => {
    const call = async (method: string, path: string) => {
      const res = await fetch(base + path, { method });
      return { res, status: res.status, type: res.headers.get('content-type') ?? '', json: (await res.json()) as { detail: string } };
    };
    const del = await call('DELETE', `/api/runs/${'a'.repeat(20)}`);
    expectProblem(del, 405);
    expect(del.res.headers.get('allow')).toBe('GET, HEAD');
    const put = await call('PUT', '/api/runs');
    expectProblem(put, 405);
    expect(put.res.headers.get('allow')).toBe('POST');
    expect((await call('POST', '/healthz')).res.headers.get('allow')).toBe('GET, HEAD');
    const missing = await call('GET', '/api/nothing/here');
    expectProblem(missing, 404);
    expect(missing.json.detail).toBe('no such resource: GET /api/nothing/here');
  });

  it('unknown fields → 400 naming them', async () => {
    const r = await post({ scenario: 'harrogate', bogus: 1 });
    expectProblem(r, 400, 'bogus');
    expect(r.json.detail).toMatch(/bogus/);
    expectProblem(await post({ scenario: 'harrogate', monteCarlo: { iterations: 10, workers: 4 } }), 400, 'monteCarlo.workers');
    expectProblem(await post({ scenario: 'harrogate', assumptions: { growth: 0.1 } }), 400, 'assumptions.growth');
    expectProblem(await getJson('/api/scenarios?x=1'), 400, 'query.x');
    expectProblem(await getJson('/api/runs/0123456789abcdef0123?format=csv&x=1'), 400, 'query.x');
  });

  it("a problem's instance is the request's path, without its query", async () => {
    expect((await getJson('/api/runs/0123456789abcdef0123?format=csv&x=1')).json.instance).toBe('/api/runs/0123456789abcdef0123');
    expect((await getJson('/api/nothing?here=1')).json.instance).toBe('/api/nothing');
    expect((await getJson('/api/scenarios/no-such-scenario?')).json.instance).toBe('/api/scenarios/no-such-scenario');
  });

  it('bad types and values → 400 naming the field', async () => {
    expectProblem(await post({ scenario: 42 }), 400, 'scenario');
    expectProblem(await post({}), 400, 'scenario');
    expectProblem(await post([1, 2]), 400);
    expectProblem(await post('null'), 400);
    expectProblem(await post({ scenario: 'harrogate', monteCarlo: { iterations: 'many' } }), 400, 'monteCarlo.iterations');
    expectProblem(await post({ scenario: 'harrogate', monteCarlo: { iterations: 1.5 } }), 400, 'monteCarlo.iterations');
    expectProblem(await post({ scenario: 'harrogate', monteCarlo: { iterations: 1 } }), 400, 'monteCarlo.iterations');
    expectProblem(await post({ scenario: 'harrogate', monteCarlo: { iterations: 10, seed: -1 } }), 400, 'monteCarlo.seed');
    expectProblem(await post({ scenario: 'harrogate-integrated-care', assumptions: { shiftFraction: 1.5 } }), 400, 'assumptions.shiftFraction');
    expectProblem(await post({ scenario: 'harrogate-integrated-care', assumptions: { acutePayment: 'capitation' } }), 400, 'assumptions.acutePayment');
    expectProblem(await post({ scenario: 'harrogate', assumptions: { shiftFraction: 0.3 } }), 400, 'assumptions.shiftFraction');
    // bounds in the units the dashboard's user typed (150% is sent as 1.5)
    const pct = await post({ scenario: 'harrogate-integrated-care', assumptions: { shiftFraction: 1.5 } });
    expect(pct.json.detail).toBe('request body: assumptions.shiftFraction: 1.5 (150%) is above the largest allowed value, 1 (100%)');
    expectProblem(await getJson('/api/runs/0123456789abcdef0123?format=pdf'), 400, 'query.format');
    expectProblem(await getJson('/api/runs/0123456789abcdef0123?table=passwd'), 400, 'query.table');
  });

  it('bad override values → 400 naming the field under overrides, before the run is accepted', async () => {
    const frac = await post({ scenario: 'harrogate-integrated-care', overrides: { schemes: [{ id: 'avoidable-admissions', fraction: 2 }] } });
    expectProblem(frac, 400, 'overrides.schemes[0].fraction');
    expect(frac.json.detail).toMatch(/fraction must be between 0 and 1/);
    expectProblem(await post({ scenario: 'harrogate', overrides: { parameters: { cii: { thereafter: 'x' } } } }), 400, 'overrides.parameters.cii.thereafter');
    expectProblem(await post({ scenario: 'harrogate', overrides: { services: [{ id: 'ae', unitCost: -5 }] } }), 400, /^overrides\.services/);
    // Fields that read files, or are not scenario fields, are refused before loading.
    expectProblem(await post({ scenario: 'harrogate', overrides: { population: { table: '/etc/passwd' } } }), 400, 'overrides.population');
    expectProblem(await post({ scenario: 'harrogate', overrides: { services: [{ id: 'ae', activity: { rates: { table: '../../etc/passwd', column: 'x' } } }] } }), 400, 'overrides.services[0].activity.rates.table');
    expectProblem(await post({ scenario: 'harrogate', overrides: { extends: '../package.json' } }), 400, 'overrides.extends');
    expectProblem(await post('{"scenario":"harrogate","overrides":{"parameters":{"__proto__":{"x":1}}}}'), 400, 'overrides.parameters.__proto__');
    expectProblem(await post('{"scenario":"harrogate","overrides":{"__proto__":{"name":"x"}}}'), 400, 'overrides.__proto__');
    expectProblem(await post({ scenario: 'harrogate', overrides: { horizon: '2199/00' } }), 400, 'overrides.horizon');
    // Two items with one id in the overrides are named under overrides, not as a file in models/.
    const twice = await post({ scenario: 'harrogate-integrated-care', overrides: { schemes: [{ id: 'avoidable-admissions', fraction: 0.3 }, { id: 'avoidable-admissions', fraction: 0.2 }] } });
    expectProblem(twice, 400, 'overrides.schemes[1].id');
    expect(twice.json.detail).toBe("overrides.schemes[1].id: duplicate scheme id 'avoidable-admissions'");
    expectProblem(await post({ scenario: 'harrogate', overrides: [1] }), 400, 'overrides');
    // a request changes parameters and adds none: a misspelt one would run unchanged and say it was set
    const typo = await post({ scenario: 'harrogate-integrated-care', overrides: { parameters: { councilRealGrowht: 0.05 } } });
    expectProblem(typo, 400, 'overrides.parameters.councilRealGrowht');
    expect(typo.json.detail).toMatch(/no parameter 'councilRealGrowht' \(did you mean 'councilRealGrowth'\?\)/);
  });

  it('a changed parameter the scenario refuses where a formula uses it is named as it was set, not by where it is used', async () => {
    // the national unit cost is scaled by a formula, and the service reads the formula: -5 becomes -3.94 there
    const r = await post({ scenario: 'harrogate-integrated-care-uncertain', overrides: { parameters: { unit_cost_community_contact: { value: -5 }, eolShareOfAdmissions: { value: 0.2 } } } });
    expectProblem(r, 400, 'overrides.parameters.unit_cost_community_contact');
    expect(r.json.errors).toHaveLength(1);
    expect(r.json.detail).toMatch(/^overrides\.parameters\.unit_cost_community_contact: Unit cost of a community contact set to -5 is refused where the scenario uses it: models\/harrogate\.yaml: services\[\d+\]\.unitCost: unit cost must not be negative \(got -3\.94\d*\) \(the value there is what the scenario's formulas make of it\)$/);
    // with a value refused where it is set as well, that one is named first, as the loader names it
    const both = await post({ scenario: 'harrogate-integrated-care-uncertain', overrides: { parameters: { unit_cost_community_contact: { value: -5 }, cii: { thereafter: 10 } } } });
    expectProblem(both, 400, 'overrides.parameters.cii');
    expect(both.json.detail).toMatch(/^overrides\.parameters\.cii: \$cii in \d{4}\/\d{2} .*must be between -0\.5 and 0\.5 a year/);
  });

  it('a parameter its tables give keeps the table\'s source when changed, with what was set after it', async () => {
    const r = await submit({ scenario: 'harrogate-integrated-care-uncertain', overrides: { parameters: { ccg_other_spend_2017_18: { value: 40000000 } } } });
    expect(r.json.status).toBe('done');
    const yaml = (await get(`/api/runs/${r.json.id}/scenario.yaml`)).body.toString();
    expect(yaml).toMatch(/ccg_other_spend_2017_18:\n\s+value: 40000000\n\s+source: ccg_allocation_2017_18 - ccg_hospital_funding_2017_18 .*\(data\/harrogate\/parameters\.csv\); set to 40000000 on the dashboard/);
  });

  it('override values go through the same bounds as scenario files (finite, within £1e11, rates within ±0.5)', async () => {
    const huge = await post({ scenario: 'harrogate', overrides: { parameters: { cii: { thereafter: 1e308 } } } });
    expectProblem(huge, 400, 'overrides.parameters.cii.thereafter');
    for (const rate of [10, -1]) {
      const r = await post({ scenario: 'harrogate', overrides: { parameters: { cii: { thereafter: rate } } } });
      expectProblem(r, 400, 'overrides.parameters.cii');
      expect(r.json.detail).toMatch(/must be between -0.5 and 0.5 a year/);
    }
    const pct = await post({ scenario: 'harrogate', overrides: { services: [{ id: 'ae', growth: 2.5 }] } });
    expect(pct.json.detail).toMatch(/did you mean 0\.025\?/);
  });

  it('a number far out of range (a seed of 1e20) → one message naming the field and its range, not one a bound', async () => {
    const seed = await post({ scenario: 'harrogate-integrated-care-uncertain', monteCarlo: { iterations: 10, seed: 1e20 } });
    expectProblem(seed, 400, 'monteCarlo.seed');
    expect(seed.json.errors).toHaveLength(1);
    expect(seed.json.detail).toBe('request body: monteCarlo.seed: the seed must be a whole number from 0 to 4,294,967,295 (got 100000000000000000000)');
    const iterations = await post({ scenario: 'harrogate-integrated-care-uncertain', monteCarlo: { iterations: 1e20 } });
    expectProblem(iterations, 400, 'monteCarlo.iterations');
    expect(iterations.json.errors).toHaveLength(1);
    expect(iterations.json.detail).toBe('request body: monteCarlo.iterations: 100,000,000,000,000,000,000 is above the largest allowed value, 20000');
  });

  it('too many Monte Carlo iterations → 400', async () => {
    const r = await post({ scenario: 'harrogate-integrated-care-uncertain', monteCarlo: { iterations: 20_001 } });
    expectProblem(r, 400, 'monteCarlo.iterations');
    expect(r.json.detail).toMatch(/20000|20,000/);
  });

  it('too large a body → 413; malformed JSON → 400; not JSON → 415', async () => {
    const big = { scenario: 'harrogate', overrides: { description: 'x'.repeat(200_000) } };
    expectProblem(await post(big), 413);
    expectProblem(await post('{"scenario": '), 400);
    expectProblem(await post('scenario=harrogate', '/api/runs', 'application/x-www-form-urlencoded'), 415);
  });

  it('what Node refuses before the app sees it (header fields too large, malformed HTTP) → a problem body too', async () => {
    const big = await fetch(`${base}/healthz`, { headers: { 'x-padding': 'a'.repeat(20_000) } });
    const json = JSON.parse(await big.text());
    expectProblem({ status: big.status, type: big.headers.get('content-type') ?? '', json }, 431, '(headers)');
    expect(json.detail).toMatch(/^the request's header fields are larger than the server accepts \(16,384 bytes/);
    // a header line without a colon: Node's parser answers before any route
    const reply = await new Promise<string>((done, fail) => {
      const u = new URL(base);
      const socket = connect(Number(u.port), u.hostname, () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'));
      let text = '';
      socket.on('data', (c) => (text += c));
      socket.on('end', () => done(text));
      socket.on('error', fail);
    });
    const [head, body] = reply.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toMatch(/\r\nContent-Type: application\/problem\+json/i);
    expect(JSON.parse(body!)).toMatchObject({ status: 400, field: '(request)', detail: expect.stringMatching(/^the request is not valid HTTP/) });
    expect((await getJson('/healthz')).json.status).toBe('ok');
  });

  it('unknown routes, runs and charts → 404 problems', async () => {
    expectProblem(await getJson('/api/nothing'), 404);
    expectProblem(await getJson('/nothing'), 404);
    expectProblem(await getJson('/api/runs/0123456789abcdef0123'), 404);
    expectProblem(await getJson('/api/runs/not-a-run'), 404);
    const id = (await submit({ scenario: 'harrogate' })).json.id;
    expectProblem(await getJson(`/api/runs/${id}/charts/nope.svg`), 404);
    expectProblem(await getJson(`/api/runs/${id}/charts/gap.gif`), 404);
    expectProblem(await getJson(`/api/runs/${id}/charts/waterfall.svg`), 404); // no schemes in the do-nothing
    expectProblem(await getJson(`/api/runs/${id}/charts/constructor.svg`), 404);
    expectProblem(await getJson(`/api/runs/${id}/charts/__proto__.svg`), 404);
    // a run cannot be deleted: its resource answers GET only
    const del = await fetch(`${base}/api/runs/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(405);
  });

  it('the server is still up after all of that', async () => {
    expect((await getJson('/healthz')).json.status).toBe('ok');
  });
});

describe('problem titles', () => {
  it('a 409 has its own title and type', async () => {
    const { sendProblem } = await import('../../src/server/problem.js');
    const sent: { status?: number; body?: string } = {};
    const res = {
      status(n: number) {
        sent.status = n;
        return this;
      },
      type: () => res,
      set: () => res,
      send(b: string) {
        sent.body = b;
        return res;
      },
    };
    sendProblem(res as never, 409, 'run x is running');
    expect(sent.status).toBe(409);
    expect(JSON.parse(sent.body!)).toMatchObject({ title: 'Conflict', type: '/problems/conflict', status: 409 });
  });
});
