/** `popshift tornado <scenario> [--metric M] [--year Y] [--json]` */
import { loadScenario } from '../api.js';
import { tornado } from '../uncertainty/sensitivity.js';
import { table } from '../uncertainty/output.js';

export function tornadoCommand(file: string, opts: { metric?: string; year?: string; json?: boolean }): void {
  const t = tornado(loadScenario(file), { metric: opts.metric, year: opts.year });
  if (opts.json) return void process.stdout.write(JSON.stringify(t, null, 2) + '\n');
  const money = t.unit === '£';
  const v = (x: number) => (money ? (x / 1e6).toFixed(2) : x.toPrecision(6));
  const q = (x: number) => String(Number(x.toPrecision(4)));
  process.stdout.write(
    `Tornado: ${t.metricLabel}, ${t.year}${money ? ', £m' : ''} (each input from its p10 to its p90, the others central)\n` +
      `Central: ${v(t.central)}\n\n` +
      table(
        ['input', 'p10', 'p90', 'at p10', 'at p90', 'swing'],
        t.bars.map((b) => [b.input, q(b.low), q(b.high), v(b.atLow), v(b.atHigh), v(b.swing)]),
      ) +
      '\n',
  );
}
