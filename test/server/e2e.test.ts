/**
 * Browser end-to-end: the dashboard in Debian's headless Chromium (driven by
 * playwright-core; `.ci/run` installs /usr/bin/chromium). Checks that every
 * chart draws marks, that the page logs no errors and no request fails, that
 * changing an assumption redraws a chart with different content, that the
 * compare view works, and saves screenshots to test/server/__screenshots__/
 * (ignored by git).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
});
