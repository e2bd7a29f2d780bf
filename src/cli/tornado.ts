/**
 * `popshift tornado <scenario> [--metric M] [--year Y] [--spider] [--json] [--xlsx FILE] [--out DIR]`.
 * Inputs are printed by their labels, with the name to give `--stress` or `goalseek --input` beside them.
 */
import { loadScenario, project } from '../api.js';
import { tornado } from '../uncertainty/sensitivity.js';
import { spider, type SpiderResult } from '../uncertainty/spider.js';
import { table, inputText } from '../uncertainty/output.js';
import { checkOutputs, writeOutputs, type Output, type OutputTarget } from '../results/write.js';
import { requireUncertain } from './uncertainty-args.js';

export async function tornadoCommand(file: string, opts: { metric?: string; year?: string; json?: boolean; spider?: boolean; xlsx?: string; out?: string }): Promise<void> {
  const targets: OutputTarget[] = [
    ...(opts.out ? [{ kind: 'folder' as const, path: opts.out, option: '--out' }] : []),
    ...(opts.xlsx ? [{ kind: 'file' as const, path: opts.xlsx, option: '--xlsx' }] : []),
  ];
  checkOutputs(targets);
  const scenario = loadScenario(file);
  requireUncertain(scenario, 'tornado');
  const t = tornado(scenario, { metric: opts.metric, year: opts.year });
  // the spider is the tornado's lines between p10 and p90; written to the files whenever they are asked for
  const sp = opts.spider || opts.xlsx || opts.out ? spider(scenario, { metric: opts.metric, year: opts.year }) : undefined;
  const outputs: Output[] = [];
  if (opts.out) {
    const { tornadoChart, spiderChart } = await import('../charts/index.js');
    const r = project(scenario);
    outputs.push({ kind: 'folder', path: opts.out, option: '--out', files: { 'tornado.json': JSON.stringify(t, null, 2) + '\n', 'spider.json': JSON.stringify(sp, null, 2) + '\n', 'tornado.vl.json': JSON.stringify(tornadoChart(r, t), null, 2) + '\n', 'spider.vl.json': JSON.stringify(spiderChart(r, sp!), null, 2) + '\n' } });
  }
  if (opts.xlsx) {
    const { resultsWorkbook } = await import('../results/xlsx.js');
    outputs.push({ kind: 'file', path: opts.xlsx, option: '--xlsx', content: await resultsWorkbook(project(scenario), { scenario, year: t.year, tornado: t, spider: sp }) });
  }
  writeOutputs(outputs, process.argv.slice(2));
  if (opts.json) return void process.stdout.write(JSON.stringify(opts.spider ? { ...t, spider: sp } : t, null, 2) + '\n');
  const money = t.unit === '£';
  const v = (x: number) => (money ? (x / 1e6).toFixed(2) : x.toPrecision(6));
  const q = inputText(scenario);
  process.stdout.write(
    `Tornado: ${t.metricLabel}, ${t.year}${money ? `, £m, ${scenario.model.priceBase}` : ''} (each input from its p10 to its p90${scenario.uncertain.some((u) => u.options) ? ', a choice from the option giving the least to the one giving the most' : ''}, the others central)\n` +
      `Central: ${v(t.central)}\n\n` +
      table(
        ['input', 'p10', 'p90', 'at p10', 'at p90', 'swing', 'name'],
        t.bars.map((b) => [b.label, q(b.input, b.low), q(b.input, b.high), v(b.atLow), v(b.atHigh), v(b.swing), b.input]),
        2,
      ) +
      '\n',
  );
  if (opts.spider) process.stdout.write('\n' + formatSpider(sp!, v, scenario.model.priceBase) + '\n');
  if (opts.out) process.stdout.write(`\nWrote the tornado and spider (JSON and Vega-Lite) to ${opts.out}\n`);
  if (opts.xlsx) process.stdout.write(`${opts.out ? '' : '\n'}Wrote the workbook to ${opts.xlsx}\n`);
}

function formatSpider(sp: SpiderResult, v: (x: number) => string, priceBase: string): string {
  const pcs = sp.percentiles.map((p) => `p${Math.round(p * 100)}`);
  const head = `Spider: ${sp.metricLabel}, ${sp.year}${sp.unit === '£' ? `, £m, ${priceBase}` : ''}`;
  const lines = sp.lines.length
    ? `${head} (each input at its percentiles, the others central)\n\n` + table(['input', ...pcs, 'range', 'name'], sp.lines.map((l) => [l.label, ...l.points.map((p) => v(p.value)), v(l.range), l.input]), 2)
    : `${head}: every uncertain input is a choice, which has no percentiles`;
  if (!sp.choices.length) return lines;
  const rows = sp.choices.flatMap((c) => c.options.map((o) => [`${c.label}: ${o.option}${o.option === c.central ? ' (central)' : ''}`, `${Math.round(o.probability * 100)}%`, v(o.value), c.input]));
  return `${lines}\n\nA choice has no percentiles (its options have no order): each option instead, the others central\n\n${table(['option', 'chance', sp.metric, 'name'], rows, 2)}`;
}
