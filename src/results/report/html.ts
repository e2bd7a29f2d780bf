/**
 * Small HTML helpers for the board report: escaping, £m formatting and
 * tables, and the print stylesheet. Everything inserted as text goes through
 * `esc`.
 */

/** Escape text for HTML element content and attribute values. */
export function esc(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const formats = new Map<number, Intl.NumberFormat>();
function nf(d: number): Intl.NumberFormat {
  let f = formats.get(d);
  if (!f) formats.set(d, (f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d })));
  return f;
}

/** Decimal places for £m values of this size: 1 for millions and up, more for small models. */
export function decimalsFor(values: number[]): number {
  let max = 0;
  for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  const m = max / 1e6;
  return m >= 1 ? 1 : m >= 0.1 ? 2 : 3;
}

/** £ amount as £m text without the unit (the header carries it): `14.6`, `−0.8`; `signed` adds +. */
export function m(v: number | null | undefined, d = 1, signed = false): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const r = Number((v / 1e6).toFixed(d));
  const sign = r < 0 ? '−' : signed && r > 0 ? '+' : '';
  return `${sign}${nf(d).format(Math.abs(r))}`;
}

/** £ amount with its unit: `£14.6m`. */
export function money(v: number, d = 1, signed = false): string {
  const s = m(v, d, signed);
  return s.startsWith('−') || s.startsWith('+') ? `${s[0]}£${s.slice(1)}m` : `£${s}m`;
}

/** A plain number. */
export function n(v: number | null | undefined, d = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const r = Number(v.toFixed(d));
  return `${r < 0 ? '−' : ''}${nf(d).format(Math.abs(r))}`;
}

/** A parameter value: up to 6 significant figures. */
export function sig(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toPrecision(4);
  if (Math.abs(v) >= 1000) return n(v, Number.isInteger(v) ? 0 : 2);
  const p = Number(v.toPrecision(6));
  return Number.isInteger(p) ? n(p) : `${p < 0 ? '−' : ''}${new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 6 }).format(Math.abs(p))}`;
}

export interface Column {
  /** Header text (escaped). */
  head: string;
  /** Left-aligned text column (default: numbers, right-aligned). */
  text?: boolean;
}

/** A table: header and rows of already-formatted text (escaped here); the first cell of each row is its header. */
export function table(cols: Column[], rows: string[][], opts: { caption?: string; cls?: string; totalLast?: boolean } = {}): string {
  const cell = (tag: 'th' | 'td', c: Column | undefined, v: string, scope = '') => `<${tag}${scope}${c?.text ? ' class="t"' : ''}>${esc(v)}</${tag}>`;
  // in a box of its own that scrolls (and takes the keyboard focus, to scroll by keys) where a narrow screen cannot show it whole
  return [
    `<div class="scroll" role="region" tabindex="0" aria-label="${esc(opts.caption ?? 'Table')}">`,
    `<table${opts.cls ? ` class="${esc(opts.cls)}"` : ''}>`,
    ...(opts.caption ? [`<caption>${esc(opts.caption)}</caption>`] : []),
    ...(opts.cls ? [`<colgroup>${cols.map((_, j) => `<col class="c${j + 1}">`).join('')}</colgroup>`] : []),
    `<thead><tr>${cols.map((c) => cell('th', c, c.head, ' scope="col"')).join('')}</tr></thead>`,
    `<tbody>`,
    ...rows.map(
      (r, i) =>
        `<tr${opts.totalLast && i === rows.length - 1 ? ' class="total"' : ''}>${r.map((v, j) => (j === 0 ? cell('th', cols[0], v, ' scope="row"') : cell('td', cols[j], v))).join('')}</tr>`,
    ),
    `</tbody></table>`,
    `</div>`,
  ].join('\n');
}

/** The stylesheet: A4 print, greyscale only, readable on screen. */
export const CSS = `
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #111; font-size: 10pt; line-height: 1.4; max-width: 186mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 2pt; line-height: 1.2; }
h2 { font-size: 14pt; margin: 18pt 0 6pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #111; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; break-after: avoid; page-break-after: avoid; }
p { margin: 4pt 0 6pt; }
.sub { color: #333; margin: 0 0 10pt; }
.note { color: #333; font-size: 8.5pt; }
.headline { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6pt; margin: 8pt 0 10pt; }
.headline div { border: 1pt solid #111; padding: 6pt 8pt; break-inside: avoid; }
.headline .v { display: block; font-size: 16pt; font-weight: bold; }
.headline .v, .headline .v .w { white-space: nowrap; } .headline .v:has(.w) { white-space: normal; }
.headline .k { display: block; font-size: 8.5pt; color: #333; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 4pt 0 10pt; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; font-size: 9.5pt; padding: 2pt 0 4pt; caption-side: top; }
th, td { padding: 2pt 4pt; border-bottom: 0.5pt solid #aaa; text-align: right; vertical-align: top; }
thead th { border-top: 1pt solid #111; border-bottom: 1pt solid #111; background: #e8e8e8; font-weight: bold; }
tbody th { font-weight: normal; text-align: left; }
.t { text-align: left; }
tr.total th, tr.total td { font-weight: bold; border-top: 1pt solid #111; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.sources { font-size: 7.5pt; table-layout: fixed; }
table.sources th, table.sources td { overflow-wrap: anywhere; word-break: break-word; }
table.params col.c1 { width: 26%; } table.params col.c2 { width: 16%; } table.params col.c3 { width: 12%; } table.params col.c4 { width: 46%; }
table.files col.c1 { width: 30%; } table.files col.c2 { width: 40%; } table.files col.c3 { width: 30%; }
table.other col.c1 { width: 28%; } table.other col.c2 { width: 22%; } table.other col.c3 { width: 50%; }
figure { margin: 6pt 0 14pt; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; max-height: 175mm; }
figcaption { font-size: 8.5pt; color: #333; margin-top: 3pt; }
section { break-before: auto; }
section.charts, section.assumptions { break-before: page; page-break-before: always; }
@media screen { body { padding: 16px; } }
@media screen and (max-width: 600px) { .headline { grid-template-columns: repeat(2, minmax(0, 1fr)); } .headline .v { font-size: 14pt; } }
@media screen { .scroll { overflow-x: auto; } .scroll:focus-visible { outline: 2px solid #111; } }
`.trim();
