/**
 * The gap-closure waterfall for one year: from the do-nothing gap, through
 * each scheme's effect and investment, to the residual gap.
 */
import type { TopLevelSpec } from 'vega-lite';
import { waterfall, type Results, type WaterfallStep } from '../results/summary.js';
import { GREY, WIDTH, axisFormat, decimalsFor, fmtM, frame, gapText, subtitle, toM, HUE, wrappedAxis } from './common.js';

export interface WaterfallOptions {
  /** Financial year to show; default the horizon. */
  year?: string;
}

const TOTAL = 'Gap (do-nothing / residual)';
const REDUCES = 'Reduces the gap';
const INCREASES = 'Increases the gap';

/** One bar of the waterfall chart, £m. */
export interface WaterfallRow {
  order: number;
  label: string;
  kind: WaterfallStep['kind'];
  effect: string;
  /** The step's value (for start and end, the gap itself), £m. */
  value: number;
  /** Where the bar starts and ends on the £m axis. */
  from: number;
  to: number;
  text: string;
}

/**
 * The waterfall's bars in £m. Totals run from 0; each step runs from the
 * running total to the running total plus its value; the end bar is the
 * residual gap, which the steps reach (`from`/`to` of the last step meet it).
 */
export function waterfallRows(r: Results, year: string = r.horizon): WaterfallRow[] {
  const steps = waterfall(r, year);
  const d = decimalsFor(steps.map((s) => toM(s.value)));
  const seen = new Map<string, number>();
  let running = 0;
  return steps.map((s, order) => {
    const n = (seen.get(s.label) ?? 0) + 1;
    seen.set(s.label, n);
    const label = n > 1 ? `${s.label} (${n})` : s.label;
    const value = toM(s.value);
    let from: number;
    let to: number;
    if (s.kind === 'start' || s.kind === 'end') {
      from = 0;
      to = value;
      running = value;
    } else {
      from = running;
      to = running + value;
      running = to;
    }
    const total = s.kind === 'start' || s.kind === 'end';
    const effect = total ? TOTAL : value > 0 ? INCREASES : REDUCES;
    return { order, label, kind: s.kind, effect, value, from, to, text: fmtM(value, d, !total) };
  });
}

/**
 * Gap-closure waterfall for one financial year (default the horizon), £m:
 * horizontal bars from the do-nothing gap through each scheme's effect and
 * each scheme's investment to the residual gap. Totals are solid dark bars;
 * steps that reduce the gap are white with a solid outline, steps that
 * increase it mid-grey with a dashed outline; every bar is labelled (signed £m).
 */
export function waterfallChart(r: Results, opts: WaterfallOptions = {}): TopLevelSpec {
  const year = opts.year ?? r.horizon;
  const rows = waterfallRows(r, year);
  const d = decimalsFor(rows.flatMap((x) => [x.from, x.to]));
  const start = rows[0]!;
  const end = rows[rows.length - 1]!;
  const steps = rows.slice(1, -1);
  const big = [...steps].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 3);
  const reduced = steps.filter((s) => s.value < 0).reduce((a, s) => a + s.value, 0);
  const increased = steps.filter((s) => s.value > 0).reduce((a, s) => a + s.value, 0);
  const description =
    steps.length === 0
      ? `In ${year} there are no schemes: the do-nothing and residual gaps are both ${gapText(end.value, d)}.`
      : `In ${year} the do-nothing gap of ${gapText(start.value, d)} is reduced by ${fmtM(-reduced, d)} and increased by ${fmtM(increased, d)} across ${steps.length} steps, leaving a residual gap of ${gapText(end.value, d)}. ` +
        `Largest steps: ${big.map((s) => `${s.label} ${fmtM(s.value, d, true)}`).join('; ')}.`;
  const labels = rows.map((x) => x.label);
  const effects = [TOTAL, REDUCES, INCREASES].filter((e) => rows.some((x) => x.effect === e));
  const y = { field: 'label', type: 'nominal' as const, sort: labels, title: null, axis: { ...wrappedAxis(34), labelFontSize: 11 } };
  const xDomain = [Math.min(0, ...rows.flatMap((x) => [x.from, x.to])), Math.max(0, ...rows.flatMap((x) => [x.from, x.to]))];
  return {
    ...frame(`Closing the gap, ${year}`, subtitle(r, '£m; bars run from the do-nothing gap through each scheme to the residual gap'), description),
    width: WIDTH - 160,
    height: { step: 30 },
    data: { values: rows },
    transform: [{ calculate: 'max(datum.from, datum.to)', as: 'right' }],
    layer: [
      {
        mark: { type: 'bar', stroke: GREY.ink, strokeWidth: 1.2, height: { band: 0.7 } },
        encoding: {
          y,
          x: { field: 'from', type: 'quantitative', title: '£m', scale: { domain: xDomain, nice: true }, axis: { format: axisFormat(d) } },
          x2: { field: 'to' },
          fill: { field: 'effect', type: 'nominal', title: null, scale: { domain: effects, range: effects.map((e) => (e === TOTAL ? HUE.dark : e === REDUCES ? HUE.light : HUE.mid)) }, legend: { symbolType: 'square', symbolSize: 160, symbolStrokeColor: HUE.ink, symbolStrokeWidth: 1.2 } },
          strokeDash: { field: 'effect', type: 'nominal', title: null, scale: { domain: effects, range: effects.map((e) => (e === INCREASES ? [4, 2] : [1, 0])) } },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'Step' },
            { field: 'value', type: 'quantitative', title: '£m', format: `+,.${d}f` },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 5, fontSize: 11, color: GREY.ink },
        encoding: { y, x: { field: 'right', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: GREY.mid, strokeWidth: 1 },
        encoding: { x: { field: 'zero', type: 'quantitative' } },
      },
    ],
  };
}
