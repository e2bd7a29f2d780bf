/**
 * Render Vega-Lite specs without a browser: compile to Vega, run a headless
 * Vega View (renderer 'none') to get SVG, rasterise SVG to PNG with resvg.
 *
 * Fonts: Vega writes `font-family="sans-serif"`; resvg is told that this is
 * DejaVu Sans, loaded from the `dejavu-fonts-ttf` npm package (Bitstream Vera
 * licence + public-domain DejaVu changes) so every machine renders the same
 * text. Debian's fonts-dejavu-core is only a fallback. No system fonts are
 * loaded, and a missing font is an error rather than silently blank text.
 * Text is laid out at the same font's widths (text-width.ts).
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View, type Spec as VgSpec } from 'vega';
import { Resvg } from '@resvg/resvg-js';
import { fontFiles } from './fonts.js';
import { useFontMetrics } from './text-width.js';

export { fontFiles } from './fonts.js';

/** Where compile and render warnings go: pass an array to collect them. */
export interface RenderOptions {
  warnings?: string[];
}

/** A logger (vega-util's LoggerInterface) that collects warnings and errors instead of printing them. */
function collectingLogger(sink: string[]) {
  let level = 2;
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  const logger = {
    level(l?: number): any {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      sink.push(`ERROR ${text(args)}`);
      return logger;
    },
    warn(...args: unknown[]) {
      sink.push(`WARN ${text(args)}`);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/**
 * Compile a Vega-Lite spec to Vega. The input is not modified. Warnings are
 * pushed to `opts.warnings` when given, otherwise printed to stderr.
 */
export function toVegaSpec(spec: TopLevelSpec, opts: RenderOptions = {}): VgSpec {
  const sink: string[] = [];
  const vg = compile(structuredClone(spec), { logger: collectingLogger(sink) }).spec;
  report(sink, opts);
  return vg;
}

function report(sink: string[], opts: RenderOptions): void {
  if (opts.warnings) opts.warnings.push(...sink);
  else for (const w of sink) process.stderr.write(`vega: ${w}\n`);
}

/** Compile and render a Vega-Lite spec to an SVG string (no browser, no canvas). */
export async function toSVG(spec: TopLevelSpec, opts: RenderOptions = {}): Promise<string> {
  const vg = toVegaSpec(spec, opts);
  useFontMetrics();
  const sink: string[] = [];
  const view = new View(parse(vg), { renderer: 'none', logger: collectingLogger(sink) as any });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
    report(sink, opts);
  }
}

function resvg(svg: string, scale: number): Resvg {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: fontFiles(),
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
      serifFamily: 'DejaVu Sans',
      monospaceFamily: 'DejaVu Sans',
    },
  });
}

/** Rasterise an SVG string to PNG at `scale` × its size, with DejaVu Sans as the sans-serif font. */
export function svgToPNG(svg: string, scale = 2): Buffer {
  return resvg(svg, scale).render().asPng();
}

/** Rasterise an SVG string to raw RGBA pixels (for checks such as "did the text render"). */
export function svgToPixels(svg: string, scale = 2): { width: number; height: number; pixels: Buffer } {
  const img = resvg(svg, scale).render();
  return { width: img.width, height: img.height, pixels: img.pixels };
}

/** Compile and render a Vega-Lite spec to PNG (`scale` 2 = double resolution). */
export async function toPNG(spec: TopLevelSpec, scale = 2, opts: RenderOptions = {}): Promise<Buffer> {
  return svgToPNG(await toSVG(spec, opts), scale);
}
