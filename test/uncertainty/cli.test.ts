/** The uncertainty commands' bad input, spawned as a user runs them (started together). */
import { describe, it, expect, beforeAll } from 'vitest';
import { popshift, SPAWN_TIMEOUT, type CliRun as Run } from '../helpers.js';
const F = (n: string) => `test/uncertainty/fixtures/${n}.yaml`;

const cases: Record<string, { args: string[]; message: RegExp }> = {
  p10AboveP90: { args: ['simulate', F('p10-above-p90'), '--iterations', '10'], message: /p10-above-p90\.yaml:3:\d+: parameters\.admissionCost\.value: p10 \(1100\) must not be above p90 \(900\)/ },
  negativeSd: { args: ['simulate', F('negative-sd'), '--iterations', '10'], message: /negative-sd\.yaml:3:\d+: .*standard deviation cannot be negative/ },
  boundsExclude: { args: ['tornado', F('bounds-exclude')], message: /bounds \[2000, 3000\] exclude the whole distribution/ },
  notPsd: { args: ['simulate', F('not-psd'), '--iterations', '10'], message: /not-psd\.yaml:\d+:\d+: correlations: .*not positive semi-definite.*correlations\[2\]/ },
  triangular: { args: ['simulate', F('triangular-mode'), '--iterations', '10'], message: /triangular needs min ≤ mode ≤ max/ },
  iterationsOne: { args: ['simulate', F('tiny-uncertain'), '--iterations', '1'], message: /--iterations: .*at least 2: a spread and rank correlations need two \(got 1\)/ },
  sampling: { args: ['simulate', F('tiny-uncertain'), '--iterations', '10', '--sampling', 'sobol'], message: /--sampling: random or lhs \(got 'sobol'\)/ },
  untilSe: { args: ['simulate', F('tiny-uncertain'), '--until-se', 'small'], message: /--until-se: expected a number \(got 'small'\)/ },
  seOf: { args: ['simulate', F('tiny-uncertain'), '--until-se', '1000', '--se-of', 'p50,median'], message: /--se-of: statistics of the gap among p5, p10, p50, p90, p95, mean, comma-separated \(got 'p50,median'\)/ },
  seOfWithoutUntil: { args: ['simulate', F('tiny-uncertain'), '--se-of', 'p50'], message: /--se-of: goes with --until-se/ },
  maxWithoutUntil: { args: ['simulate', F('tiny-uncertain'), '--max-iterations', '5000'], message: /--max-iterations: goes with --until-se/ },
  unreachable: { args: ['goalseek', F('tiny-uncertain'), '--input', '$shiftFraction', '--target', '-1000000000'], message: /not reached with \$shiftFraction from 0\.2 to 0\.7: gap goes from/ },
};

let runs: Record<string, Run>;
let good: Run;
beforeAll(async () => {
  const names = Object.keys(cases);
  const all = await Promise.all([...names.map((n) => popshift(...cases[n]!.args)), popshift('simulate', F('tiny-uncertain'), '--iterations', '500', '--seed', '2', '--sampling', 'lhs', '--until-se', '1', '--max-iterations', '1500')]);
  runs = Object.fromEntries(names.map((n, i) => [n, all[i]!]));
  good = all[names.length]!;
}, SPAWN_TIMEOUT);

describe('popshift simulate / tornado / goalseek: bad input exits 2 with one clear line', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      expect(runs[name]!.code).toBe(2);
      expect(runs[name]!.stderr).toMatch(c.message);
      expect(runs[name]!.stderr).not.toMatch(/internal error/);
    });
  }
  it('a good run prints the chance the gap closes and the fan, with no progress bar when piped', () => {
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/Probability the system gap closes in 2022\/23: \d+\.\d%/);
    expect(good.stdout).toMatch(/year\s+p5\s+p10\s+p50\s+p90\s+p95/);
    expect(good.stderr).not.toMatch(/simulating \[/);
    // the convergence report: each percentile's standard error, and what --until-se did
    expect(good.stdout).toMatch(/Standard error of each percentile of the system gap, £m, cash, base-year prices 2020\/21 uplifted by each line.s inflation \(Latin hypercube sampling/);
    expect(good.stdout).toMatch(/--until-se: NOT reached: the 2022\/23 gap's p(10|50|90) still has a standard error of £[\d,]+ > £1 at the maximum, 1,500 iterations \(runs of 500, 1,500\)/);
  });
});
