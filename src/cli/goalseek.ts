/** `popshift goalseek <scenario> --input NAME (--target V | --probability P) [--metric M] [--year Y] [--range lo,hi] [--iterations N] [--seed S]` */
import { UserError } from '../errors.js';
import { loadScenario } from '../api.js';
import { goalSeek } from '../uncertainty/sensitivity.js';
import { number, range, wholeNumber, iterationCount } from './uncertainty-args.js';

export interface GoalSeekFlags {
  input?: string;
  target?: string;
  probability?: string;
  metric?: string;
  year?: string;
  range?: string;
  iterations?: string;
  seed?: string;
  json?: boolean;
}

export function goalSeekCommand(file: string, o: GoalSeekFlags): void {
  if (!o.input) throw new UserError('--input: name the input to vary ($parameter or scenario path)');
  const iterations = o.iterations === undefined ? undefined : iterationCount(o.iterations);
  const scenario = loadScenario(file);
  const r = goalSeek(scenario, {
    input: o.input,
    target: o.target === undefined ? undefined : number('--target', o.target),
    probability: o.probability === undefined ? undefined : number('--probability', o.probability),
    metric: o.metric,
    year: o.year,
    range: range('--range', o.range),
    iterations,
    seed: o.seed === undefined ? undefined : wholeNumber('--seed', o.seed),
  });
  const money = r.kind === 'value' && (r.metric.includes('gap') || r.metric === 'cost' || r.metric === 'funding' || r.metric.startsWith('position'));
  if (!r.monotonic) {
    const pts = r.scan.map((q) => `${Number(q.x.toPrecision(6))} → ${r.kind === 'probability' ? `${(q.value * 100).toFixed(1)}%` : money ? `£${(q.value / 1e6).toFixed(3)}m` : Number(q.value.toPrecision(6))}`).join(', ');
    process.stderr.write(`popshift: note: ${r.kind === 'probability' ? 'the chance' : r.metric} is not monotonic in ${r.input} over ${r.range[0]} to ${r.range[1]} (${pts}): other values may reach the target too\n`);
  }
  if (o.json) return void process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  const what = r.kind === 'probability' ? `a ${(r.target * 100).toFixed(0)}% chance that the system gap closes in ${r.year}` : `${r.metric} = ${money ? `£${(r.target / 1e6).toFixed(3)}m` : r.target} in ${r.year}`;
  const got = r.kind === 'probability' ? `${(r.achieved * 100).toFixed(1)}%` : money ? `£${(r.achieved / 1e6).toFixed(3)}m` : String(r.achieved);
  process.stdout.write(
    `${r.input} = ${Number(r.value.toPrecision(6))} gives ${what} (achieved: ${got}; central value ${Number(r.central.toPrecision(6))}; searched ${r.range[0]} to ${r.range[1]}, ${r.evaluations} evaluations)\n` +
      (money ? `Money in £m, ${scenario.model.priceBase}.\n` : ''),
  );
}
