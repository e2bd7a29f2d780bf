/**
 * Shared pieces for the chart specs: a colour-blind-safe palette that prints in grey, £m formatting,
 * financial-year axes, and the title/subtitle block every chart carries.
 *
 * Every chart must read in greyscale print, so series are told apart by
 * shade *and* by a second cue (stroke dash, point shape, outline or a label),
 * never by colour alone.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite';
import { basename } from 'node:path';
import { fixed } from '../results/format.js';
export { orgName, serviceName } from '../results/names.js';

/** The Vega-Lite schema the specs are written for. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Greys, dark to light. */
export const GREY = {
  ink: '#1a1a1a',
  dark: '#4d4d4d',
  mid: '#808080',
  light: '#b8b8b8',
  faint: '#e3e3e3',
  white: '#ffffff',
} as const;

/**
 * The data colours: Okabe–Ito hues (safe for every common colour-vision
 * deficiency), each as light as the grey it stands for, so a chart printed
 * in grey reads as it did in greys: ink ≈ black, dark = deep blue (L* 30),
 * mid = vermillion (L* 54), light = sky blue (L* 70), faint = pale blue (L* 91).
 * Text, rules and outlines stay in GREY; series and categories take HUE.
 */
export const HUE = {
  ink: GREY.ink,
  dark: '#00497a',
  mid: '#d55e00',
  light: '#56b4e9',
  faint: '#cfe8f7',
  white: GREY.white,
} as const;

/** The palette: every data colour a chart may use. */
export const PALETTE: readonly string[] = [HUE.ink, HUE.dark, HUE.mid, HUE.light, HUE.faint, HUE.white];

/** A fill ramp for up to six categories, dark to light (pair with an outline). */
export const FILL_RAMP = [HUE.ink, HUE.mid, HUE.light, HUE.white, HUE.dark, HUE.faint];

/** Stroke dashes for line series, in the order series are drawn. */
export const DASH = {
  solid: [1, 0],
  dashed: [7, 4],
  dotted: [2, 3],
  dashDot: [9, 3, 2, 3],
  long: [14, 4],
} as const;
export const DASH_RAMP: number[][] = [[...DASH.solid], [...DASH.dashed], [...DASH.dotted], [...DASH.dashDot], [...DASH.long]];

/** Point shapes that pair with the dashes. */
export const SHAPE_RAMP = ['circle', 'square', 'triangle-up', 'diamond', 'cross'];

/** Standard plot size. */
export const WIDTH = 560;
export const HEIGHT = 260;

/** Characters per subtitle line before wrapping. */
const WRAP = 92;

/** Shared configuration: white background (for PNG), greys, readable sizes. */
export const CONFIG: Config = {
  background: GREY.white,
  font: 'sans-serif',
  padding: 12,
  view: { stroke: null },
  title: { anchor: 'start', fontSize: 15, subtitleFontSize: 11, subtitleColor: '#333333', subtitlePadding: 6, offset: 12, frame: 'group' },
  axis: { labelFontSize: 11, titleFontSize: 11, labelColor: '#222222', titleColor: '#222222', gridColor: '#e6e6e6', domainColor: '#666666', tickColor: '#666666' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', direction: 'horizontal', symbolStrokeWidth: 2, labelLimit: 0, titleLimit: 0 },
  header: { labelFontSize: 11, titleFontSize: 12 },
  line: { strokeWidth: 2 },
};

/**
 * A Vega expression that breaks a label at spaces into lines of at most about
 * `n` characters (Vega draws an array as lines): long names are wrapped, not cut.
 */
export function wrapLabel(n = 30): string {
  return `split(trim(replace(datum.label, regexp('(.{1,${n}})(\\\\s+|$)', 'g'), '$1\\n')), '\\n')`;
}

/** A nominal axis whose labels wrap instead of being cut. */
export function wrappedAxis(n = 30) {
  return { labelExpr: wrapLabel(n), labelLimit: 0 };
}

/** A bar per label with wrapped labels: the axis, and a height giving each row the lines its longest label needs (so no label runs into the next). */
export function wrappedBars(labels: string[], n = 30): { axis: ReturnType<typeof wrappedAxis>; height: number } {
  const lines = Math.max(1, ...labels.map((l) => wrap(l, n).length));
  return { axis: wrappedAxis(n), height: Math.max(60, labels.length * Math.max(24, 14 * lines + 8)) };
}

/** £ to £m, kept to the nearest £1. */
export function toM(v: number): number {
  return Math.round(v) / 1e6;
}

/** Decimal places that suit £m values of this size (1 for tens of millions, more for small models). */
export function decimalsFor(valuesM: number[]): number {
  let max = 0;
  for (const v of valuesM) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  // nothing but zeros (to the third decimal) reads as 0.0, not 0.000
  return max >= 10 ? 1 : max >= 1 ? 2 : max >= 0.0005 ? 3 : 1;
}

/** A £m amount for text: `£14.6m`, `−£0.8m`, `£1,204.3m`, never `−£0.0m`; `signed` adds `+` to positives. */
export function fmtM(vM: number, d: number, signed = false): string {
  const text = signed ? signedFixed(vM, d) : fixed(vM, d, '−');
  const sign = text.startsWith('−') || text.startsWith('+') ? text[0]! : '';
  return `${sign}£${text.slice(sign.length)}m`;
}

/** A plain number with thousands separators (no negative zero). */
export function fmtN(v: number, d = 0): string {
  return fixed(v, d, '−');
}

/** How a metric's values are drawn: £m for money, as they are otherwise (thousands separated, no negative zero). */
export function metricScale(unit: string): { to: (v: number) => number; text: (v: number, d: number) => string; axis: string } {
  return unit === '£' ? { to: toM, text: fmtM, axis: '£m' } : { to: (v) => v, text: (v, d) => fmtN(v, d), axis: unit };
}

/**
 * d3-format string for £m axis labels: up to six significant digits with
 * trailing zeros trimmed, so nice tick values (150, 2.5, 0.0005) print exactly
 * at any scale. `_d` (the chart's label decimals) is accepted for symmetry.
 */
export function axisFormat(_d?: number): string {
  return ',.6~r';
}

/** A value label with its sign ('+12.9', '−5.6'), and one that rounds to nothing as plain '0.0' (no sign, no negative zero). */
export function signedFixed(v: number, d: number): string {
  const r = Number(v.toFixed(d));
  return r === 0 ? fixed(0, d) : `${r > 0 ? '+' : ''}${fixed(v, d, '−')}`;
}

/** d3-format string for £m value labels (fixed decimals, optional sign). */
export function labelFormat(d: number, signed = false): string {
  return `${signed ? '+' : ''},.${d}f`;
}

/** An ordinal financial-year x axis (labels such as 2020/21, never dates). */
export function yearAxis(years: string[], title: string | null = 'Financial year') {
  return {
    title,
    labelAngle: years.length > 8 ? -45 : 0,
    labelAlign: years.length > 8 ? ('right' as const) : ('center' as const),
  };
}

/** Wrap text into lines of at most `n` characters, breaking at spaces. */
export function wrap(text: string, n = WRAP): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > n) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** What a chart's subtitle says about its source. */
export interface Source {
  scenario: string;
  file?: string;
  priceBase?: string;
}

/**
 * The subtitle block: units and price base, then the scenario (and file) the
 * numbers come from, then any notes; wrapped to the chart width.
 */
export function subtitle(src: Source, units: string, notes: string[] = []): string[] {
  const money = src.priceBase ? `${units}. Price base: ${src.priceBase}.` : `${units}.`;
  const file = src.file ? ` (${basename(src.file)})` : '';
  return [...wrap(money), ...wrap(`Source: popshift projection, scenario “${src.scenario}”${file}.`), ...notes.flatMap((n) => wrap(n))];
}

/** The title object for a chart. */
export function title(text: string, sub: string[]) {
  return { text, subtitle: sub };
}

/** The common top-level fields; the caller adds data, marks and encodings. */
export function frame(text: string, sub: string[], description: string): Pick<TopLevelSpec, '$schema' | 'description' | 'title' | 'config'> {
  return { $schema: SCHEMA, description, title: title(text, sub), config: CONFIG };
}

/** "rises"/"falls"/"stays" between two values. */
export function trend(a: number, b: number): string {
  return b > a ? 'rises' : b < a ? 'falls' : 'stays';
}

/**
 * The course of a gap series (£m) over the years, for text: `rises from £14.6m
 * in 2017/18 to a peak of £41.7m in 2022/23, then falls to £9.7m in 2030/31`.
 * A peak (or low point) between the ends is named when it lies beyond both at
 * `d` decimals, since the ends alone would hide it.
 */
export function course(vM: number[], years: string[], d: number): string {
  const k = vM.length - 1;
  const a = vM[0]!;
  const b = vM[k]!;
  const at = (v: number, t: number) => `${gapText(v, d)} in ${years[t]}`;
  const r = (v: number) => Number(v.toFixed(d));
  let hi = 0;
  let lo = 0;
  vM.forEach((v, t) => {
    if (v > vM[hi]!) hi = t;
    if (v < vM[lo]!) lo = t;
  });
  if (hi > 0 && hi < k && r(vM[hi]!) > Math.max(r(a), r(b))) return `rises from ${at(a, 0)} to a peak of ${at(vM[hi]!, hi)}, then falls to ${at(b, k)}`;
  if (lo > 0 && lo < k && r(vM[lo]!) < Math.min(r(a), r(b))) return `falls from ${at(a, 0)} to a low of ${at(vM[lo]!, lo)}, then rises to ${at(b, k)}`;
  return `${trend(a, b)} from ${at(a, 0)} to ${at(b, k)}`;
}

/** A gap amount for text: positive is a gap, negative a surplus. */
export function gapText(vM: number, d: number): string {
  return vM < 0 ? `a surplus of ${fmtM(-vM, d)}` : fmtM(vM, d);
}
