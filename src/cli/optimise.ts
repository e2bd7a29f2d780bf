/** `popshift optimise <scenario> [--budget £] [--year Y] [--objective probability|expected-gap] [--schemes a,b] [--on-off a,b] [--bounds a=0:1.5] [--iterations N] [--seed S] [--levels L] [--json]` */
import { UserError } from '../errors.js';
import { loadScenario } from '../api.js';
import { optimise, type Mix, type Objective } from '../uncertainty/optimise.js';
import { table } from '../uncertainty/output.js';
import { wholeNumber, iterationCount, number } from './uncertainty-args.js';

export interface OptimiseFlags {
  budget?: string;
  year?: string;
  objective?: string;
  schemes?: string;
  onOff?: string;
  bounds?: string;
  iterations?: string;
  seed?: string;
  levels?: string;
  json?: boolean;
}

const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);

/** `--bounds a=0:1.5,b=0.5:1` */
function bounds(v: string | undefined): Record<string, [number, number]> | undefined {
  if (v === undefined) return undefined;
  return Object.fromEntries(
    v.split(',').map((part) => {
      const m = /^\s*([^=\s]+)\s*=\s*([^:]+):(.+)$/.exec(part);
      if (!m) throw new UserError(`--bounds: write scheme=low:high, comma-separated, e.g. avoidable-admissions=0:1.5 (got '${part}')`);
      return [m[1]!, [number('--bounds', m[2]!), number('--bounds', m[3]!)]];
    }),
  );
}

export function optimiseCommand(file: string, opts: OptimiseFlags): void {
  const objective = (opts.objective ?? 'probability') as Objective;
  if (objective !== 'probability' && objective !== 'expected-gap') throw new UserError(`--objective: probability or expected-gap (got '${opts.objective}')`);
  const budget = opts.budget === undefined ? undefined : number('--budget', opts.budget);
  const r = optimise(loadScenario(file), {
    objective,
    year: opts.year,
    budget,
    schemes: list(opts.schemes),
    onOff: list(opts.onOff),
    bounds: bounds(opts.bounds),
    iterations: iterationCount(opts.iterations, 500),
    seed: wholeNumber('--seed', opts.seed, 1),
    levels: opts.levels === undefined ? undefined : wholeNumber('--levels', opts.levels),
  });
  if (opts.json) return void process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  const m = (x: number) => (x / 1e6).toFixed(2);
  const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
  const scale = (x: Mix, id: string) => String(Number(x.schemes.find((s) => s.id === id)!.scale.toFixed(4)));
  const mixes: [string, Mix][] = [
    ['best', r.best],
    ['grid best', r.gridBest],
    ['as written', r.asWritten],
    ['none of them', r.without],
  ];
  const out = [
    `Optimiser: ${r.objective === 'probability' ? `the mix of schemes most likely to close the ${r.year} gap` : `the mix of schemes with the lowest expected ${r.year} gap`}` +
      `${r.budget === null ? '' : `, investing at most £${m(r.budget)}m`}`,
    '',
    'Scale of each scheme (1 = as written, 0 = left out; effect and investment scale together)',
    table(['mix', ...r.varied.map((v) => v.id), 'investment £m', 'within budget', 'P(gap closes)', 'expected gap £m'], mixes.map(([name, x]) => [name, ...r.varied.map((v) => scale(x, v.id)), m(x.investment), x.withinBudget ? 'yes' : 'no', pc(x.probability), m(x.expectedGap)])),
    '',
    // the scale as in the table, then what it means for the scheme: its fraction (the written one × the scale) and its investment
    `Best mix: ${r.best.schemes
      .map((s) => {
        const written = s.fraction === null || s.scale === 0 ? null : s.fraction / s.scale;
        const what = s.scale === 1 ? 'as written' : s.scale === 0 ? 'left out' : `× ${Number(s.scale.toFixed(4))}`;
        const fraction = s.fraction === null || s.scale === 0 ? '' : s.scale === 1 ? `, fraction ${Number(s.fraction.toPrecision(4))}` : `, fraction ${Number(s.fraction.toPrecision(4))} (${Number(written!.toPrecision(4))} as written)`;
        return `${s.id} ${what}${fraction}, £${m(s.investment)}m`;
      })
      .join('; ')}`,
    ...(r.objective === 'probability' && mixes.every(([, x]) => x.probability === 0)
      ? [`No mix closes the ${r.year} gap in any of the ${r.iterations.toLocaleString('en-GB')} iterations: mixes equally unlikely to close it are ranked by their expected gap (try a later --year, or --objective expected-gap).`]
      : []),
    `(${r.evaluated} mixes judged. ${r.method})`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}
