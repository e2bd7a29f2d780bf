/**
 * The spider: the metric as each uncertain input moves across its
 * percentiles (p10 … p90), the others central; one line per input, told
 * apart by dash and point shape as well as shade, labelled at its p90 end.
 * A choice among named options has no percentiles: it is not drawn, and the
 * description gives the metric at each of its options.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SpiderResult } from '../uncertainty/spider.js';
import { DASH_RAMP, GREY, HUE, HEIGHT, SHAPE_RAMP, WIDTH, decimalsFor, frame, metricScale, subtitle, type Source } from './common.js';

/** Inputs drawn at most (the widest); the rest are named in the description. */
const MAX_LINES = 5;

/** Lines over the percentile axis, a dashed rule at the central value. */
export function spiderChart(src: Source, sp: SpiderResult): TopLevelSpec {
  const s = metricScale(sp.unit);
  const lines = sp.lines.slice(0, MAX_LINES);
  const rows = lines.flatMap((l) => l.points.map((p) => ({ input: l.label, percentile: Math.round(p.percentile * 100), value: s.to(p.value) })));
  const d = decimalsFor([...rows.map((r) => r.value), ...sp.choices.flatMap((c) => c.options.map((o) => s.to(o.value)))]);
  const choices = sp.choices.map((c) => ` ${c.label} is a choice, not drawn since its options have no percentiles: ${c.options.map((o) => `${o.option} ${s.text(s.to(o.value), d)}`).join(', ')}.`).join('');
  const description =
    (lines.length
      ? `${sp.metricLabel} in ${sp.year} is ${s.text(s.to(sp.central), d)} at central values. Across each input's 10th to 90th percentile: ` +
        `${lines.slice(0, 3).map((l) => `${l.label} spans ${s.text(s.to(l.range), d)}`).join('; ')}` +
        `${sp.lines.length > MAX_LINES ? `; ${sp.lines.length - MAX_LINES} inputs with narrower spans are not drawn` : ''}.`
      : `No uncertain inputs${sp.choices.length ? ' with percentiles' : ''}: ${sp.metricLabel} in ${sp.year} is ${s.text(s.to(sp.central), d)}.`) + choices;
  const domain = lines.map((l) => l.label);
  const series = { domain, legend: { title: null, orient: 'bottom' as const, columns: 1, labelLimit: 420 } };
  return {
    ...frame(`How the ${sp.metricLabel.toLowerCase()} moves with each input (${sp.year})`, subtitle(src, `${s.axis}; each input across its percentiles, the others at their central values`), description),
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
        encoding: {
          x: { field: 'percentile', type: 'quantitative', title: "Input's percentile", scale: { domain: [10, 90] }, axis: { values: sp.percentiles.map((p) => Math.round(p * 100)) } },
          y: { field: 'value', type: 'quantitative', title: `${sp.metricLabel}, ${sp.year} (${s.axis})`, scale: { zero: false } },
          color: { field: 'input', type: 'nominal', scale: { domain, range: [HUE.ink, HUE.dark, HUE.mid, HUE.dark, HUE.ink] }, legend: series.legend },
          strokeDash: { field: 'input', type: 'nominal', scale: { domain, range: DASH_RAMP }, legend: series.legend },
          shape: { field: 'input', type: 'nominal', scale: { domain, range: SHAPE_RAMP }, legend: series.legend },
        },
      },
      {
        data: { values: [{ central: s.to(sp.central) }] },
        mark: { type: 'rule', color: GREY.mid, strokeDash: [2, 2] },
        encoding: { y: { field: 'central', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}
