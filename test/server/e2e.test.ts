/**
 * Browser end-to-end: the dashboard in Debian's headless Chromium (driven by
 * playwright-core; `.ci/run` installs /usr/bin/chromium). Checks that every
 * chart draws marks, that the page logs no errors and no request fails, that
 * changing an assumption redraws a chart with different content, that the
 * compare view works; at 390, 1024 and 1440 px that no chart overflows its
 * box and axe (axe-core, injected into the page) finds no serious or critical
 * violation; that every control changes a headline figure or a chart; that a
 * Monte Carlo run from the page shows the fan and the S-curve; that the
 * downloaded scenario re-runs through the library to the page's figures; and
 * that the URL reproduces the view. Screenshots go to
 * test/server/__screenshots__/ (ignored by git).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Results } from '../../src/index.js';
import { popshift } from '../helpers.js';
import { headline } from '../../src/server/headline.js';
import type { Browser, Page } from 'playwright-core';
import { listen, type Started } from '../../src/server/serve.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '__screenshots__');

let srv: Started;
let browser: Browser;
let page: Page;
const problems: string[] = [];

/** Each chart container's name and how many drawn marks it holds. */
function chartMarks(p: Page) {
  return p.$$eval('#chart-list .chart', (boxes) =>
    boxes.map((b) => ({
      name: (b as any).dataset.chart ?? '',
      label: b.getAttribute('aria-label') ?? '',
      role: b.getAttribute('role'),
      marks: b.querySelectorAll('svg g[class*="mark-"] > path, svg g[class*="mark-"] > rect, svg g[class*="mark-"] > line, svg g[class*="mark-"] > circle, svg g[class*="mark-"] > text, canvas').length,
    })),
  );
}

async function waitForRuns(p: Page, previous?: string) {
  try {
    await p.waitForFunction(
      (prev) => {
        const doc = (globalThis as any).document;
        const el = doc.querySelector('#chart-list');
        return !!el?.dataset.runs && el.dataset.runs !== prev && !doc.querySelector('#controls[aria-busy]');
      },
      previous ?? '',
      { timeout: 15_000 },
    );
  } catch (e) {
    const status = await p.textContent('#status');
    const error = await p.textContent('#error');
    throw new Error(`charts were not redrawn (status: ${status}; error: ${error}; problems: ${problems.join(' | ')}): ${(e as Error).message.split('\n')[0]}`);
  }
  return p.$eval('#chart-list', (el: any) => el.dataset.runs ?? '');
}

const TITLE = haveChromium
  ? 'dashboard in headless Chromium'
  : `dashboard in headless Chromium — SKIPPED: ${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`;

describe.skipIf(!haveChromium)(TITLE, () => {
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    srv = await listen({ port: 0, host: '127.0.0.1', logger: false });
    // Start-up (the pool's worker, the catalogue's first reading) is not what this file tests.
    const warm = fetch(new URL('/api/scenarios', srv.url)).then((r) => r.json());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, '.gitignore'), '*\n');
    await warm;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  /** A page of its own at a width, logging problems like the main one. */
  async function pageAt(width: number): Promise<Page> {
    // bypassCSP: axe is injected as a script (the page itself allows none inline; the first tests check that)
    const p = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true, bypassCSP: true });
    p.on('pageerror', (e) => problems.push(`page error (${width} px): ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error (${width} px): ${m.text()}`);
    });
    return p;
  }

  /** Every chart box, its width and what it draws: no box wider than its figure, no SVG wider than its box, no page scroll. */
  async function overflow(p: Page) {
    return p.evaluate(() => {
      const doc = (globalThis as any).document;
      const bad: string[] = [];
      for (const box of doc.querySelectorAll('#chart-list .chart')) {
        const svg = box.querySelector('svg');
        const w = box.clientWidth;
        const figure = box.closest('figure').getBoundingClientRect().width;
        const sw = svg ? svg.getBoundingClientRect().width : 0;
        if (box.scrollWidth > w + 1 || sw > w + 1 || w > figure + 1 || !svg) bad.push(`${box.dataset.chart}: box ${w}, scroll ${box.scrollWidth}, svg ${sw}, figure ${figure}`);
        if (!svg) continue;
        // drawn at its own size, not shrunk to fit (shrunk text is too small to read on a phone)
        const drawnAt = Number(svg.getAttribute('width'));
        if (drawnAt > 0 && sw / drawnAt < 0.9) bad.push(`${box.dataset.chart}: drawn ${Math.round(drawnAt)} px wide, shrunk to ${Math.round(sw)} px`);
        // and fills its box, not half of it on a wide screen
        if (sw < 0.85 * w) bad.push(`${box.dataset.chart}: ${Math.round(sw)} px wide in a box of ${w} px`);
        // no text cut (Vega ends a label it cuts with an ellipsis) or drawn past the chart's edges
        const edge = svg.getBoundingClientRect();
        for (const t of svg.querySelectorAll('text')) {
          const text = t.textContent ?? '';
          const r = t.getBoundingClientRect();
          if (text.endsWith('…')) bad.push(`${box.dataset.chart}: '${text}' is cut`);
          else if (r.width > 0 && (r.left < edge.left - 1 || r.right > edge.right + 1)) bad.push(`${box.dataset.chart}: '${text}' drawn past the chart's edge (${Math.round(r.left - edge.left)} to ${Math.round(r.right - edge.left)} of ${Math.round(edge.width)} px)`);
        }
      }
      const page = doc.documentElement;
      if (page.scrollWidth > page.clientWidth + 1) bad.push(`page scrolls sideways: ${page.scrollWidth} > ${page.clientWidth}`);
      return { bad, charts: doc.querySelectorAll('#chart-list .chart').length };
    });
  }

  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  /** axe's serious and critical violations on the page as it stands. */
  async function axeViolations(p: Page): Promise<string[]> {
    await p.addScriptTag({ content: axeSource });
    return p.evaluate(async () => {
      const axe = (globalThis as any).axe;
      const r = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
        .map((v: any) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join('; ')})`);
    });
  }

  /** What the page shows: headline figures (with labels), and each chart's description and drawn SVG. */
  async function shown(p: Page): Promise<{ headline: string; charts: string }> {
    return {
      headline: await p.$$eval('#headline .headline', (hs) => hs.map((h) => h.textContent ?? '').join(' | ')),
      charts: await p.$$eval('#chart-list .chart', (bs) => bs.map((b) => `${b.getAttribute('aria-label')}\n${b.innerHTML}`).join('\n')),
    };
  }

  for (const width of [360, 390, 1024, 1440, 1920]) {
    it(`at ${width} px: no chart overflows its box, and axe finds no serious or critical violation`, async () => {
      const p = await pageAt(width);
      try {
        await p.goto(`${srv.url}?scenario=harrogate-integrated-care-uncertain&compare=1&b=harrogate-integrated-care`);
        await waitForRuns(p);
        const o = await overflow(p);
        expect(o.charts).toBeGreaterThan(8);
        expect(o.bad).toEqual([]);
        expect(await axeViolations(p)).toEqual([]);
        await p.screenshot({ path: join(SHOTS, `width-${width}.png`), fullPage: true });
      } finally {
        await p.close();
      }
    });
  }

  it('at 1440 px, one scenario\'s charts fill their cards (stacked panels too)', async () => {
    const p = await pageAt(1440);
    try {
      await p.goto(`${srv.url}?scenario=harrogate-integrated-care-uncertain`);
      await waitForRuns(p);
      const o = await overflow(p);
      expect(o.charts).toBeGreaterThan(4);
      expect(o.bad).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('every control changes a headline figure or a chart', async () => {
    const p = await pageAt(1440);
    try {
      await p.goto(`${srv.url}?scenario=harrogate-integrated-care-uncertain`);
      let runs = await waitForRuns(p);
      const changed: string[] = [];
      /** Do `act`, wait for the redraw, and say whether what is shown changed. */
      const check = async (name: string, act: () => Promise<unknown>, sameRuns = false) => {
        const before = await shown(p);
        await act();
        if (sameRuns) {
          // a control that redraws from the runs already shown (per head): wait for what is shown to change
          for (let i = 0; i < 100 && JSON.stringify(await shown(p)) === JSON.stringify(before); i++) await p.waitForTimeout(100);
          const after = await shown(p);
          if (after.headline === before.headline && after.charts === before.charts) changed.push(`${name} changed nothing shown`);
          return;
        }
        runs = await waitForRuns(p, runs).catch(async (e) => {
          // a control whose change asks for a run already shown redraws nothing new
          throw new Error(`${name}: ${(e as Error).message}`);
        });
        const after = await shown(p);
        if (after.headline === before.headline && after.charts === before.charts) changed.push(`${name} changed nothing shown`);
      };
      await check('shift', async () => {
        await p.fill('#shift', '35');
        await p.press('#shift', 'Enter');
      });
      await check('inflation', async () => {
        await p.fill('#inflation', '3.5');
        await p.press('#inflation', 'Enter');
      });
      await check('payment', () => p.selectOption('#payment', 'block'));
      // every one-number assumption, each set within its range
      const params = await p.$$eval('#parameters input', (is) => is.map((i) => ({ id: i.id, name: (i as any).dataset.name as string, value: Number((i as any).value), min: (i as any).min, max: (i as any).max })));
      expect(params.length).toBeGreaterThan(10);
      await p.click('#parameters-details summary');
      for (const q of params) {
        const lo = q.min === '' ? -Infinity : Number(q.min);
        const hi = q.max === '' ? Infinity : Number(q.max);
        // a 5% change: larger changes to a base-year cost can take the calibration out of its bounds (refused, and said so)
        let v = q.value === 0 ? 0.01 : q.value * 1.05;
        if (v > hi || v < lo) v = q.value * 0.95;
        await check(`parameter ${q.name}`, async () => {
          await p.fill(`#${q.id}`, String(v));
          await p.dispatchEvent(`#${q.id}`, 'change');
        });
      }
      // every year-by-year assumption: one year of each (its last), within its range
      const series = await p.$$eval('#series fieldset', (fs) => fs.map((f) => { const i = [...f.querySelectorAll('input')].at(-1) as any; return { id: i.id, name: i.dataset.series as string, value: Number(i.value) }; }));
      expect(series.map((x) => x.name).sort()).toEqual(['calibrationYears', 'gdp', 'nhsRealGrowth']);
      for (const q of series) {
        await check(`series ${q.name}`, async () => {
          await p.fill(`#${q.id}`, String(q.value === 0 ? 1 : q.value * 1.05));
          await p.dispatchEvent(`#${q.id}`, 'change');
        });
      }
      expect(new URL(p.url()).searchParams.get('s.nhsRealGrowth')?.split(',')).toHaveLength(13);
      // every investment sum a scheme writes
      const sums = await p.$$eval('#investments input', (is) => is.map((i) => ({ id: i.id, key: (i as any).dataset.key as string, value: Number((i as any).value) })));
      expect(sums.map((x) => x.key)).toEqual(['avoidable-admissions.0.2018/19']);
      for (const q of sums) {
        await check(`investment ${q.key}`, async () => {
          await p.fill(`#${q.id}`, String(q.value * 2));
          await p.dispatchEvent(`#${q.id}`, 'change');
        });
      }
      expect(new URL(p.url()).searchParams.get('i.avoidable-admissions.0.2018/19')).toBe('1000000');
      await check('compare', () => p.check('#compare'));
      // the first scenario is not offered as the second
      expect(await p.$eval('#scenario-b option[value="harrogate-integrated-care-uncertain"]', (o) => (o as any).disabled)).toBe(true);
      await check('second scenario', () => p.selectOption('#scenario-b', 'harrogate-integrated-care-block'));
      await check('per head', () => p.selectOption('#per', 'weighted-head').then(() => undefined), true);
      await check('first scenario', () => p.selectOption('#scenario-a', 'north-yorkshire-york'));
      const places = await p.$$eval('#place option', (os) => os.map((o) => (o as any).value as string));
      expect(places.length).toBeGreaterThan(2);
      await check('place', () => p.selectOption('#place', places[1]!), true);
      expect(await p.textContent('#headline')).toContain(await p.$eval('#place', (s: any) => s.selectedOptions[0].textContent));
      expect(changed).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('offers a scenario with Monte Carlo when the one shown has none', async () => {
    const p = await pageAt(390);
    try {
      await p.goto(srv.url);
      await waitForRuns(p);
      expect(await p.$eval('#run-mc', (b) => (b as any).disabled)).toBe(true);
      await p.click('#mc-hint button');
      await p.waitForFunction(() => !(globalThis as any).document.querySelector('#run-mc').disabled);
      expect(await p.$eval('#scenario-a', (s) => (s as any).value)).toBe('harrogate-integrated-care-uncertain');
      expect(await p.textContent('#mc-hint')).toMatch(/inputs of this scenario are written as distributions/);
    } finally {
      await p.close();
    }
  });

  it('runs Monte Carlo from the page (progress, fan, S-curve, P(gap ≤ target)); the URL reproduces the view; the downloaded scenario re-runs to the same figures', async () => {
    const p = await pageAt(1024);
    const dir = mkdtempSync(join(tmpdir(), 'popshift-e2e-'));
    try {
      await p.goto(`${srv.url}?scenario=harrogate-integrated-care-uncertain`);
      let runs = await waitForRuns(p);
      await p.fill('#shift', '30');
      await p.press('#shift', 'Enter');
      runs = await waitForRuns(p, runs);
      await p.fill('#iterations', '300');
      await p.selectOption('#mc-year', '2025/26');
      await p.fill('#target', '5');
      await p.click('#run-mc');
      runs = await waitForRuns(p, runs);
      expect(await p.getAttribute('#mc-progress', 'value')).toBe('1');
      expect(await p.textContent('#mc-status')).toMatch(/300 iterations done/);
      // the fan: the gap chart's Monte Carlo bands are drawn and described
      expect(await p.getAttribute('.chart[data-chart="gap"]', 'aria-label')).toMatch(/90% of Monte Carlo runs/);
      const scurve = await p.getAttribute('.chart[data-chart="s-curve"]', 'aria-label');
      expect(scurve).toMatch(/S-curve of the system gap in 2025\/26 over 300 Monte Carlo iterations/);
      const probability = /P\(gap ≤ £5\.0m\) = (\d+\.\d)%/.exec(scurve ?? '')?.[1];
      expect(probability).toBeDefined();
      expect(await p.textContent('#headline')).toContain(`${probability}%`);
      expect((await chartMarks(p)).find((c) => c.name === 's-curve')!.marks).toBeGreaterThan(0);
      expect((await chartMarks(p)).some((c) => c.name === 'tornado')).toBe(true);
      // the tornado is for the year chosen, as the S-curve is
      expect(await p.getAttribute('.chart[data-chart="tornado"]', 'aria-label')).toMatch(/2025\/26/);
      expect(await overflow(p).then((o) => o.bad)).toEqual([]);
      const figures = await p.$$eval('#headline dd', (dds) => dds.map((d) => d.textContent ?? ''));

      // the URL reproduces the view
      const url = p.url();
      expect(url).toMatch(/shift=30/);
      expect(url).toMatch(/mc=300/);
      const q = await pageAt(1024);
      try {
        await q.goto(url);
        await waitForRuns(q);
        expect(await q.$$eval('#headline dd', (dds) => dds.map((d) => d.textContent ?? ''))).toEqual(figures);
        expect(await q.getAttribute('.chart[data-chart="s-curve"]', 'aria-label')).toBe(scurve);
      } finally {
        await q.close();
      }

      // the downloaded scenario, run as a finance lead would (`popshift run`), gives the page's figures, and the whole projection the page's run holds
      const [download] = await Promise.all([p.waitForEvent('download'), p.click('#download-scenario')]);
      const file = join(dir, 'scenario.yaml');
      await download.saveAs(file);
      const cli = await popshift('run', file, '--json');
      expect(cli.code, cli.stderr).toBe(0);
      const ran = JSON.parse(cli.stdout) as Results;
      const h = headline(ran);
      expect(h.map((x) => x.text)).toEqual(figures.slice(0, h.length));
      const runId = (await p.getAttribute('#chart-list', 'data-runs'))!.split(',')[0];
      const onPage = (await (await fetch(new URL(`/api/runs/${runId}`, srv.url))).json()) as { results: Results };
      for (const k of ['system', 'organisations', 'services', 'schemes'] as const) expect(ran[k], k).toEqual(onPage.results[k]);
      expect(readFileSync(file, 'utf8')).toMatch(/fraction: 0\.3\b/);
      expect(problems).toEqual([]);
    } finally {
      await p.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws every chart of the default scenario, with labelled role="img" containers', async () => {
    await page.goto(srv.url);
    await waitForRuns(page);
    const charts = await chartMarks(page);
    expect(charts.map((c) => c.name)).toEqual(expect.arrayContaining(['gap', 'activity', 'positions', 'population']));
    for (const c of charts) {
      expect(c.marks, c.name).toBeGreaterThan(0);
      expect(c.role).toBe('img');
      expect(c.label.length, c.name).toBeGreaterThan(40); // title + description
    }
    const headline = await page.$$eval('#headline dd', (dds) => dds.map((d) => d.textContent ?? ''));
    expect(headline.some((t) => /£\d+\.\dm/.test(t))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('lists every system in models/ with its places, and shows the chosen system’s places', async () => {
    const { scenarios } = (await (await fetch(new URL("/api/scenarios", srv.url))).json()) as { scenarios: { system: { id: string; name: string }; places: number }[] };
    const systems = [...new Map(scenarios.map((s) => [s.system.id, s])).values()];
    const groups = await page.$$eval('#scenario-a optgroup', (gs) => gs.map((g) => g.getAttribute('label') ?? ''));
    expect(groups).toEqual(systems.map((s) => `${s.system.name} (${s.places} place${s.places === 1 ? '' : 's'})`));
    expect(await page.textContent('#places h3')).toMatch(/— 1 place$/);
    expect(await page.$$eval('#places table caption', (cs) => cs.map((c) => c.textContent))).toContain('By place, £m: the places sum to the system');
  });

  it('changing an assumption redraws the charts with different figures', async () => {
    // read what is shown before changing it, so that a quick redraw is not missed
    const shown = await page.$eval('#chart-list', (el: any) => el.dataset.runs ?? '');
    await page.selectOption('#scenario-a', 'harrogate-integrated-care');
    let runs = await waitForRuns(page, shown);
    const charts = await chartMarks(page);
    expect(charts.map((c) => c.name)).toEqual(expect.arrayContaining(['gap', 'waterfall', 'activity', 'positions', 'stranded', 'population']));
    for (const c of charts) expect(c.marks, c.name).toBeGreaterThan(0);
    const gapBefore = await page.$eval('.chart[data-chart="gap"]', (el) => el.innerHTML);
    const labelBefore = await page.$eval('.chart[data-chart="gap"]', (el) => el.getAttribute('aria-label'));
    expect(await page.inputValue('#shift')).toBe('20');

    // Keyboard: focus the shift control, type a new value, submit with Enter.
    await page.focus('#shift');
    await page.fill('#shift', '40');
    await page.keyboard.press('Enter');
    runs = await waitForRuns(page, runs);
    const gapAfter = await page.$eval('.chart[data-chart="gap"]', (el) => el.innerHTML);
    const labelAfter = await page.$eval('.chart[data-chart="gap"]', (el) => el.getAttribute('aria-label'));
    expect(gapAfter).not.toBe(gapBefore);
    expect(labelAfter).not.toBe(labelBefore);
    expect(await page.textContent('#headline')).toMatch(/40% of avoidable admissions shifted/);

    // Payment model: the positions chart changes.
    const positionsBefore = await page.$eval('.chart[data-chart="positions"]', (el) => el.innerHTML);
    await page.selectOption('#payment', 'block');
    runs = await waitForRuns(page, runs);
    expect(await page.$eval('.chart[data-chart="positions"]', (el) => el.innerHTML)).not.toBe(positionsBefore);
    await page.screenshot({ path: join(SHOTS, 'dashboard.png') });
    expect(problems).toEqual([]);
  });

  it('compares two scenarios side by side, with the comparison chart', async () => {
    const runs = await page.$eval('#chart-list', (el: any) => el.dataset.runs ?? '');
    await page.check('#compare');
    await waitForRuns(page, runs);
    const charts = await chartMarks(page);
    expect(charts.filter((c) => c.name === 'gap')).toHaveLength(2);
    expect(charts.some((c) => c.name === 'comparison')).toBe(true);
    expect(charts.some((c) => c.name === 'per-head')).toBe(true);
    for (const c of charts) expect(c.marks, c.name).toBeGreaterThan(0);
    expect(await page.$$eval('#headline .headline', (h) => h.length)).toBe(2);
    // both systems per head, and per weighted head when asked
    expect(await page.isHidden('#per-head')).toBe(false);
    expect(await page.textContent('#per-head-table caption')).toMatch(/£ per head/);
    await page.selectOption('#per', 'weighted-head');
    // the same runs: the table and the per-head chart are redrawn per weighted head
    await page.waitForFunction(() => {
      const doc = (globalThis as any).document;
      return /per weighted head/.test(doc.querySelector('#per-head-table caption')?.textContent ?? '') && /per weighted head/.test(doc.querySelector('.chart[data-chart="per-head"]')?.getAttribute('aria-label') ?? '') && !doc.querySelector('#controls[aria-busy]');
    }, undefined, { timeout: 15_000 });
    expect((await chartMarks(page)).find((c) => c.name === 'per-head')!.marks).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'compare.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('shows a bad value as an error naming it, without breaking the page', async () => {
    await page.fill('#shift', '150');
    await page.click('#update');
    await page.waitForSelector('#error:not([hidden])', { timeout: 10_000 });
    expect(await page.textContent('#error')).toMatch(/shiftFraction/);
    expect(await page.getAttribute('#shift', 'aria-invalid')).toBe('true');
    // The 400 is expected here; nothing else went wrong.
    expect(problems.filter((p) => !/HTTP 400: .*\/api\/runs$|status of 400/.test(p))).toEqual([]);
    problems.length = 0;
  });

  it('marks the year of a series that is out of range', async () => {
    await page.fill('#shift', await page.$eval('#shift', (i) => (i as any).defaultValue || '20'));
    await page.click('#parameters-details summary');
    const year = 'input[data-series="nhsRealGrowth"][data-year="2025/26"]';
    await page.fill(year, '0.9');
    await page.click('#update');
    await page.waitForFunction(() => /nhsRealGrowth in 2025\/26/.test((globalThis as any).document.querySelector('#error')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await page.getAttribute(year, 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('input[data-series="nhsRealGrowth"][data-year="2024/25"]', 'aria-invalid')).toBeNull();
    // and a one-number assumption out of its range marks its own input (the page is harrogate's)
    await page.fill(year, '0.03');
    const share = await page.$eval('#parameters input[data-name="councilRealGrowth"]', (i) => `#${i.id}`);
    await page.fill(share, '0.9');
    await page.click('#update');
    await page.waitForFunction((id) => (globalThis as any).document.querySelector(id)?.getAttribute('aria-invalid') === 'true', share, { timeout: 10_000 });
    expect(await page.getAttribute(year, 'aria-invalid')).toBeNull();
    // a value refused only where a formula scales it marks the input it was typed in, and says so
    await page.fill(share, '0.005');
    const cost = await page.$eval('#parameters input[data-name="unit_cost_community_contact"]', (i) => `#${i.id}`);
    await page.fill(cost, '-5');
    await page.click('#update');
    await page.waitForFunction((id) => (globalThis as any).document.querySelector(id)?.getAttribute('aria-invalid') === 'true', cost, { timeout: 10_000 });
    expect(await page.textContent('#error')).toMatch(/set to -5 is refused where the scenario uses it/);
    expect(await page.getAttribute(share, 'aria-invalid')).toBeNull();
    expect(problems.filter((p) => !/HTTP 400: .*\/api\/runs$|status of 400/.test(p))).toEqual([]);
    problems.length = 0;
  });
});
