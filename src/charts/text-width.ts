/**
 * Text widths for laying charts out without a browser. Vega measures text
 * with a canvas when it has one; in node it has none and estimates 0.8 em a
 * character, about 45% wider than DejaVu Sans sets it, so PNG and SVG
 * exports had blank margins, legends spaced too wide and axis labels dropped
 * as overlapping when they were not. Here each character's advance comes from
 * the font files the PNGs are drawn in (regular, and bold for bold text), as
 * vl-convert does through the same hook. A browser keeps its own canvas.
 */
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import opentype from 'opentype.js';
import { fontFiles } from './fonts.js';

/** The part of a Vega text item that its width depends on. */
interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
  limit?: number;
  ellipsis?: string;
}

/** Advance widths in em, by character, of one font (filled as characters are met). */
interface Face {
  advance(ch: string): number;
}

let faces: { regular: Face; bold: Face } | undefined;

function face(file: string): Face {
  const buf = readFileSync(file);
  const font = opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const cache = new Map<string, number>();
  return {
    advance(ch) {
      let a = cache.get(ch);
      if (a === undefined) cache.set(ch, (a = (font.charToGlyph(ch).advanceWidth ?? 0) / font.unitsPerEm));
      return a;
    },
  };
}

function isBold(w: TextItem['fontWeight']): boolean {
  return w === 'bold' || w === 'bolder' || (w !== undefined && Number(w) >= 600);
}

/** Width in px of `text` set in DejaVu Sans at `size` px, regular or bold (no kerning: DejaVu sets Latin text without it). */
export function measureText(text: string, size: number, bold = false): number {
  faces ??= (() => {
    const [regular, boldFile] = fontFiles();
    return { regular: face(regular!), bold: face(boldFile!) };
  })();
  const f = bold ? faces.bold : faces.regular;
  let em = 0;
  for (const ch of text) em += f.advance(ch);
  return em * size;
}

/** Vega's text width for an item: the line trimmed, and cut with an ellipsis to the item's `limit` as Vega cuts it. */
function itemWidth(item: TextItem, line: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const text = line == null ? '' : String(line).trim();
  if (size <= 0 || !text) return 0;
  const bold = isBold(item.fontWeight);
  const width = measureText(text, size, bold);
  const limit = Number(item.limit) || 0;
  if (limit <= 0 || width < limit) return width;
  // the longest prefix that fits beside the ellipsis (Vega keeps at least none of it)
  const ellipsis = measureText(item.ellipsis ?? '\u2026', size, bold);
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (measureText(chars.slice(0, mid).join(''), size, bold) + ellipsis <= limit) lo = mid;
    else hi = mid - 1;
  }
  return measureText(chars.slice(0, lo).join(''), size, bold) + ellipsis;
}

/** Make Vega lay text out at DejaVu Sans's real widths (once per process; a canvas, where Vega has one, is left alone). */
export function useFontMetrics(): void {
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number; measureWidth: unknown } }).textMetrics;
  if (metrics.width === metrics.measureWidth || metrics.width === itemWidth) return;
  metrics.width = itemWidth;
}
