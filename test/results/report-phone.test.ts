/**
 * The board report read on a phone (390 × 844, in Debian's headless Chromium
 * driven by playwright-core, as test/server/e2e.test.ts): no headline card
 * is cut off at the screen's edge, no figure breaks across lines (North
 * Yorkshire's '−£165.0m' put its minus on a line of its own), and a wide table
 * scrolls in its own box, reachable by keyboard, instead of widening the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { boardReport, loadScenario, project } from '../../src/index.js';
import { model } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
let browser: Browser;
let page: Page;

describe.skipIf(!haveChromium)('board report on a phone', () => {
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    const s = loadScenario(model('north-yorkshire-york.yaml'));
    const html = await boardReport(s, project(s));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.setContent(html);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the page as wide as the screen', async () => {
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('shows every headline card whole, each figure on one line', async () => {
    const cards = await page.$$eval('.headline > div', (els) =>
      els.map((el) => {
        const v = el.querySelector('.v')!;
        const lineHeight = parseFloat((globalThis as any).getComputedStyle(v).lineHeight);
        return { right: el.getBoundingClientRect().right, vRight: v.getBoundingClientRect().right, elRight: el.getBoundingClientRect().right, lines: Math.round(v.getBoundingClientRect().height / lineHeight) };
      }),
    );
    expect(cards.length).toBeGreaterThan(3);
    for (const c of cards) {
      expect(c.right).toBeLessThanOrEqual(390);
      expect(c.lines).toBe(1);
      expect(c.vRight).toBeLessThanOrEqual(c.elRight);
    }
  });

  it('puts each wide table in a box that scrolls and takes the keyboard focus', async () => {
    const boxes = await page.$$eval('table', (ts) => ts.map((t) => ({ wide: t.scrollWidth > 390, parent: t.parentElement!.className, tabindex: t.parentElement!.getAttribute('tabindex'), label: t.parentElement!.getAttribute('aria-label') })));
    expect(boxes.some((b) => b.wide)).toBe(true);
    for (const b of boxes) {
      expect(b.parent).toBe('scroll');
      expect(b.tabindex).toBe('0');
      expect(b.label).toBeTruthy();
    }
  });
});
