/**
 * Chart specs: they compile without Vega-Lite warnings, carry a title and a
 * description, are not changed by rendering, render to SVG and PNG with text
 * actually drawn (fonts loaded), stay greyscale, and the waterfall adds up.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { compare, compareSystems, loadScenario, project, type Results } from '../../src/index.js';
import {
  CHARTS,
  chartsFor,
  envelopeChart,
  fontFiles,
  gapChart,
  poolChart,
  svgToPixels,
  toPNG,
  toSVG,
  toVegaSpec,
  waterfallChart,
  waterfallRows,
  type Fan,
  type PoolExposure,
} from '../../src/charts/index.js';
import { fixture, model } from '../helpers.js';
import { PALETTE, decimalsFor, fmtM, signedFixed } from '../../src/charts/common.js';

let harrogate: Results;
let tiny: Results;
let tinyShift: Results;
let shared: Results;
const cases: { id: string; spec: TopLevelSpec; money: boolean; source: string }[] = [];

/** A made-up fan around the gap, for drawing only. */
function fanFor(r: Results): Fan {
  const years = r.years.slice(1);
  const g = r.system.gap.slice(1);
  return { years, p5: g.map((v) => v * 0.7), p10: g.map((v) => v * 0.8), p50: g.map((v) => v * 1.01), p90: g.map((v) => v * 1.2), p95: g.map((v) => v * 1.3) };
}

const MONEY = new Set(['gap', 'waterfall', 'positions', 'stranded', 'comparison', 'places']);

beforeAll(() => {
  harrogate = project(loadScenario(model('harrogate.yaml')));
  tiny = project(loadScenario(fixture('tiny/tiny.yaml')));
  tinyShift = project(loadScenario(fixture('tiny/tiny-shift.yaml')));
  const h = chartsFor(harrogate, {
    fan: fanFor(harrogate),
    variants: [
      { label: 'Block contract', results: harrogate },
      { label: 'Capitation', results: harrogate },
    ],
  });
  for (const c of h) cases.push({ id: `harrogate/${c.name}`, spec: c.spec, money: MONEY.has(c.name), source: harrogate.scenario });
  cases.push({ id: 'harrogate/gap-no-fan', spec: gapChart(harrogate), money: true, source: harrogate.scenario });
  cases.push({ id: 'harrogate/waterfall-no-schemes', spec: waterfallChart(harrogate), money: true, source: harrogate.scenario });
  shared = project(loadScenario(fixture('places/shared.yaml')));
  for (const name of ['places', 'capacity'] as const) {
    cases.push({ id: `shared/${name}`, spec: CHARTS[name]!.build(shared, {}), money: name === 'places', source: shared.scenario });
  }
  for (const c of chartsFor(tinyShift, { comparison: compare(tiny, tinyShift), systems: compareSystems([tiny, tinyShift], 'weighted-head') }))
    cases.push({ id: `tiny-shift/${c.name}`, spec: c.spec, money: MONEY.has(c.name), source: tinyShift.scenario });
});

function titleOf(spec: TopLevelSpec): { text: string; subtitle: string } {
  const t = spec.title as { text: string | string[]; subtitle?: string | string[] };
  const join = (x: string | string[] | undefined) => (Array.isArray(x) ? x.join(' ') : (x ?? ''));
  return { text: join(t.text), subtitle: join(t.subtitle) };
}

/** #rrggbb with r = g = b, or one of the palette's colours (each as light as a grey of its own). */
function isGrey(hex: string): boolean {
  const [r, g, b] = [1, 3, 5].map((i) => hex.slice(i, i + 2).toLowerCase());
  return (r === g && g === b) || PALETTE.includes(hex.toLowerCase());
}

/** CIE L* of #rrggbb: how light it prints in grey. */
function lightness(hex: string): number {
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const y = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
  return y > 0.008856 ? 116 * Math.cbrt(y) - 16 : 903.3 * y;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('figures on charts', () => {
  it('are signed where asked, never negative zero, and zeros read 0.0', () => {
    expect([12.94, -5.61, 0.04, -0.04, 0].map((v) => signedFixed(v, 1))).toEqual(['+12.9', '−5.6', '0.0', '0.0', '0.0']);
    expect([1234.56, -0.8, -0.04, 0.8].map((v) => fmtM(v, 1))).toEqual(['£1,234.6m', '−£0.8m', '£0.0m', '£0.8m']);
    expect([0.8, -0.8, -0.04].map((v) => fmtM(v, 1, true))).toEqual(['+£0.8m', '−£0.8m', '£0.0m']);
    // decimals by the largest value: 1 from £10m, 2 from £1m, 3 below, and 1 when every value rounds to nothing
    expect([[12, 3], [2.5], [0.4, -0.2], [0, 0.0001]].map(decimalsFor)).toEqual([1, 2, 3, 1]);
  });
});

describe('registry', () => {
  it('offers the charts that apply', () => {
    expect(chartsFor(harrogate).map((c) => c.name)).toEqual(['gap', 'activity', 'positions', 'population', 'capacity']);
    expect(chartsFor(shared).map((c) => c.name)).toContain('places');
    // these need inputs the tiny scenarios lack: pools, envelopes, uncertain inputs, beds, more than one place, a Monte Carlo run
    const needOtherInputs = new Set(['pool', 'envelope', 'tornado', 'capacity', 'places', 'spider', 'histogram', 'contribution', 's-curve']);
    expect(chartsFor(tinyShift, { comparison: compare(tiny, tinyShift), systems: compareSystems([tiny, tinyShift]) }).map((c) => c.name)).toEqual(Object.keys(CHARTS).filter((n) => !needOtherInputs.has(n)));
  });

  it('loads DejaVu Sans from the npm package, not the system', () => {
    const files = fontFiles();
    expect(files.length).toBe(2);
    for (const f of files) expect(f).toMatch(/node_modules[\\/]dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans(-Bold)?\.ttf$/);
  });
});

describe('every chart', () => {
  it('has cases', () => {
    expect(cases.length).toBe(17);
  });

  it('compiles without warnings, has a title, subtitle and description, and is not changed by rendering', async () => {
    for (const { id, spec, money, source } of cases) {
      const before = JSON.stringify(spec);
      const { text, subtitle } = titleOf(spec);
      expect(text, id).not.toBe('');
      expect(subtitle, id).toContain(source);
      if (money) expect(subtitle, id).toContain('£m');
      if (money) expect(subtitle, id).toContain('Price base');
      expect(spec.description, id).toMatch(/\d/);
      expect(spec.description!.length, id).toBeGreaterThan(40);

      const warnings: string[] = [];
      toVegaSpec(spec, { warnings });
      const svg = await toSVG(spec, { warnings });
      expect(warnings, id).toEqual([]);
      expect(svg.startsWith('<svg'), id).toBe(true);
      expect(svg, id).toContain(xmlEscape(text));
      expect(JSON.stringify(spec), id).toBe(before);
      // What was drawn is grey too (Vega's default blue would show here).
      for (const hex of svg.match(/#[0-9a-fA-F]{6}\b/g) ?? []) expect(isGrey(hex), `${id}: ${hex} in SVG`).toBe(true);
      expect(svg, id).not.toMatch(/rgb\(/);
      // figures as a board reads them: no exponent notation on any axis or label ('1e+3', '1.2e+4')
      expect(svg, id).not.toMatch(/>[-−]?[\d.,]+e[+-]?\d+</);
    }
  });

  it('names organisations and services by their names in titles, subtitles and descriptions, never by id', () => {
    const all = { harrogate, 'tiny-shift': tinyShift, shared } as Record<string, Results>;
    for (const { id, spec } of cases) {
      const r = all[id.split('/')[0]!]!;
      const { text, subtitle } = titleOf(spec);
      const named = [...r.organisations, ...r.services];
      // names first taken out: a name may hold its id as a word ('Shared hospital', id 'hospital')
      const words = named.reduce((w, x) => w.split(x.name).join(' '), `${text} ${subtitle} ${spec.description}`);
      for (const x of named) {
        // an id that is a word of its name ('acute' of 'Acute trust') reads as English, not as an id
        if (x.name.toLowerCase().split(/[\s()]+/).includes(x.id.toLowerCase())) continue;
        const escaped = x.id.replace(/[-]/g, '\\-');
        expect(words, `${id}: '${x.id}' where '${x.name}' belongs`).not.toMatch(new RegExp(`(^|[\\s(,:])${escaped}([\\s),.:;]|$)`));
      }
    }
  });

  it('renders to PNG', async () => {
    for (const { id, spec } of cases) {
      const png = await toPNG(spec, 1);
      expect([...png.subarray(0, 8)], id).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.length, id).toBeGreaterThan(2000);
    }
  });

  it('has a palette whose colours stay apart when printed in grey (L* at least 9 apart, as the greys are)', () => {
    const l = PALETTE.map(lightness).sort((a, b) => a - b);
    for (let i = 1; i < l.length; i++) expect(l[i]! - l[i - 1]!, `${l[i - 1]} → ${l[i]}`).toBeGreaterThanOrEqual(9);
  });

  it('uses greys and the palette only (no colour scheme, no other colour)', () => {
    for (const { id, spec } of cases) {
      const json = JSON.stringify(spec);
      expect(json, id).not.toMatch(/"scheme":"/);
      for (const hex of json.match(/#[0-9a-fA-F]{6}\b/g) ?? []) expect(isGrey(hex), `${id}: ${hex}`).toBe(true);
    }
  });

  it('uses financial-year labels on ordinal axes, not dates', () => {
    for (const { id, spec } of cases) {
      const json = JSON.stringify(spec);
      expect(json, id).not.toMatch(/"type":"temporal"/);
      expect(json, id).not.toMatch(/"timeUnit"/);
    }
  });
});

describe('text really renders in PNG', () => {
  it('draws the title glyphs (fails if fonts silently did not load)', async () => {
    const scale = 2;
    const svg = await toSVG(gapChart(tinyShift));
    const noText = svg.replace(/<text\b[\s\S]*?<\/text>/g, '');
    expect(noText.length).toBeLessThan(svg.length);
    const a = svgToPixels(svg, scale);
    const b = svgToPixels(noText, scale);
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    // Title band: the top 34 px (at scale 1) across the left half, where the title text sits.
    const rows = 34 * scale;
    const cols = Math.floor(a.width / 2);
    let dark = 0;
    let differ = 0;
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < cols; x++) {
        const i = (y * a.width + x) * 4;
        if (a.pixels[i]! < 128) dark++;
        if (a.pixels[i] !== b.pixels[i]) differ++;
      }
    expect(dark).toBeGreaterThan(300);
    expect(differ).toBeGreaterThan(600);
    // Without text the title band is blank.
    let darkNoText = 0;
    for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) if (b.pixels[(y * b.width + x) * 4]! < 250) darkNoText++;
    expect(darkNoText).toBe(0);
  });
});

describe('waterfall', () => {
  it('steps add up from the do-nothing gap to the residual gap', () => {
    const spec = waterfallChart(tinyShift) as { data: { values: ReturnType<typeof waterfallRows> } };
    const rows = spec.data.values;
    const start = rows[0]!;
    const end = rows[rows.length - 1]!;
    expect(start.kind).toBe('start');
    expect(end.kind).toBe('end');
    const steps = rows.slice(1, -1);
    expect(steps.length).toBe(2);
    const sum = start.value + steps.reduce((a, s) => a + s.value, 0);
    expect(sum).toBeCloseTo(end.value, 5);
    expect(steps[steps.length - 1]!.to).toBeCloseTo(end.to, 5);
    const t = tinyShift.years.indexOf(tinyShift.horizon);
    expect(end.value).toBeCloseTo(tinyShift.system.gap[t]! / 1e6, 5);
    expect(start.value).toBeCloseTo(tinyShift.system.doNothingGap[t]! / 1e6, 5);
    // Each step starts where the one before ended.
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.from).toBeCloseTo(steps[i - 1]!.to, 9);
  });

  it('adds up in every year', () => {
    for (const year of tinyShift.years) {
      const rows = waterfallRows(tinyShift, year);
      const total = rows.slice(0, -1).reduce((a, s) => a + s.value, 0);
      expect(total).toBeCloseTo(rows[rows.length - 1]!.value, 5);
    }
  });
});

describe('pool and envelope charts', () => {
  let pooled: Results;
  let capitated: Results;
  let exposure: PoolExposure;
  const arr: { id: string; spec: TopLevelSpec }[] = [];

  beforeAll(() => {
    pooled = project(loadScenario(model('harrogate-pooled-budget.yaml')));
    capitated = project(loadScenario(model('harrogate-capitated.yaml')));
    const pool = pooled.pools[0]!;
    const t = pooled.years.length - 1;
    // Made-up exposure around the deterministic shares, for drawing only: percentiles for one partner, samples for the other.
    exposure = pool.partners.map((o, i) => {
      const v = o.share[t]!;
      return i === 0
        ? { partner: o.id, year: pooled.horizon, p10: v * 0.6, p50: v, p90: v * 1.5, p95: v * 1.8 }
        : { partner: o.id, year: pooled.horizon, samples: Array.from({ length: 101 }, (_, k) => v * (0.5 + k / 100)) };
    });
    for (const c of chartsFor(pooled, { poolExposure: exposure })) if (c.name === 'pool') arr.push({ id: 'pooled/pool+exposure', spec: c.spec });
    arr.push({ id: 'pooled/pool', spec: poolChart(pooled) });
    for (const c of chartsFor(capitated)) if (c.name === 'envelope') arr.push({ id: 'capitated/envelope', spec: c.spec });
  });

  it('are offered by the registry only when the scenario has pools or envelopes', () => {
    expect(chartsFor(pooled).map((c) => c.name)).toContain('pool');
    expect(chartsFor(pooled).map((c) => c.name)).not.toContain('envelope');
    expect(chartsFor(capitated).map((c) => c.name)).toContain('envelope');
    expect(chartsFor(capitated).map((c) => c.name)).not.toContain('pool');
    expect(arr.map((c) => c.id)).toEqual(['pooled/pool+exposure', 'pooled/pool', 'capitated/envelope']);
  });

  it('compile and render without warnings, with title, £m subtitle, description with numbers, greys only', async () => {
    for (const { id, spec } of arr) {
      const before = JSON.stringify(spec);
      const { text, subtitle } = titleOf(spec);
      expect(subtitle, id).toContain('£m');
      expect(subtitle, id).toContain('Price base');
      expect(subtitle, id).toContain(id.startsWith('pooled') ? pooled.scenario : capitated.scenario);
      expect(spec.description, id).toMatch(/£\d+\.\d+m/);
      const warnings: string[] = [];
      const svg = await toSVG(spec, { warnings });
      expect(warnings, id).toEqual([]);
      expect(svg, id).toContain(xmlEscape(text));
      expect(JSON.stringify(spec), id).toBe(before);
      for (const hex of [...(svg.match(/#[0-9a-fA-F]{6}\b/g) ?? []), ...(before.match(/#[0-9a-fA-F]{6}\b/g) ?? [])]) expect(isGrey(hex), `${id}: ${hex}`).toBe(true);
      expect(before, id).not.toMatch(/"type":"temporal"|"timeUnit"|"scheme":"/);
      const png = await toPNG(spec, 1);
      expect([...png.subarray(0, 4)], id).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(png.length, id).toBeGreaterThan(2000);
    }
  });

  it('pool: partner shares in the data add up to the variance every year', () => {
    const spec = poolChart(pooled) as unknown as { vconcat: { data: { values: Record<string, number | string>[] } }[] };
    const variance = spec.vconcat[0]!.data.values;
    const shares = spec.vconcat[1]!.data.values;
    const pool = pooled.pools[0]!;
    pooled.years.forEach((year, t) => {
      const v = variance.find((x) => x.year === year)?.variance ?? 0;
      const s = shares.filter((x) => x.year === year).reduce((a, x) => a + (x.share as number), 0);
      expect(s, year).toBeCloseTo(v as number, 4);
      expect(v, year).toBeCloseTo(pool.variance[t]! / 1e6, 5);
    });
    expect(pool.variance.some((v) => v > 0)).toBe(true);
  });

  it('pool: the exposure panel shows each partner, percentiles from samples included', () => {
    const spec = poolChart(pooled, { exposure }) as unknown as { vconcat: { layer: { data: { values: Record<string, number | string>[] } }[] }[] };
    expect(spec.vconcat.length).toBe(3);
    const rows = spec.vconcat[2]!.layer[0]!.data.values;
    const pool = pooled.pools[0]!;
    expect(rows.map((r) => r.partner)).toEqual(pool.partners.map((o) => o.name));
    const v = pool.partners[1]!.share.at(-1)! / 1e6;
    expect(rows[1]!.p50 as number).toBeCloseTo(v, 5);
    expect(rows[1]!.p10 as number).toBeCloseTo(v * 0.6, 5);
    expect(rows[1]!.p90 as number).toBeCloseTo(v * 1.4, 5);
    expect(pooled.pools.length).toBe(1);
    expect(() => poolChart(pooled, { pool: 'nope' })).toThrow(/no pool/);
  });

  it('envelope: the data equal the results', () => {
    const spec = envelopeChart(capitated) as unknown as { vconcat: { layer: { data?: { values: Record<string, number | string>[] } }[]; data?: { values: Record<string, number | string>[] } }[] };
    const lines = spec.vconcat[0]!.layer[0]!.data!.values;
    const bars = spec.vconcat[1]!.data!.values;
    const e = capitated.envelopes[0]!;
    const check = (rows: Record<string, number | string>[], key: string, series: string, figures: number[]) =>
      capitated.years.forEach((year, t) => {
        const row = rows.find((x) => x.year === year && x[key] === series);
        expect((row?.value as number | undefined) ?? 0, `${series} ${year}`).toBeCloseTo(figures[t]! / 1e6, 5);
      });
    check(lines, 'series', 'Capitated envelope', e.envelope);
    check(lines, 'series', "Provider's cost", e.cost);
    check(lines, 'series', 'Tariff income (PbR)', e.tariffIncome);
    check(bars, 'measure', 'Margin before settlement', e.margin);
    check(bars, 'measure', 'Settlement (+ to provider)', e.settlement);
    check(bars, 'measure', 'Final margin', e.finalMargin);
    expect(lines.length).toBe(3 * capitated.years.length);
  });
});
