/** `popshift merge <shard files...> --out DIR [--samples] [--prices real:YYYY/YY[:deflator]]`: exactly the unsharded run's outputs. */
import { UserError } from '../errors.js';
import { loadScenario } from '../api.js';
import { mergeShards, simulationFiles, formatSimulation } from '../uncertainty/output.js';
import { scenarioHash } from '../uncertainty/montecarlo.js';
import { runPrices } from '../uncertainty/simulate.js';
import { simulationInRealTerms } from '../results/prices.js';
import { checkOutputs, writeOutputs } from '../results/write.js';
import { formatConvergence } from '../uncertainty/convergence.js';
import { prices } from './uncertainty-args.js';

export function mergeCommand(files: string[], opts: { out?: string; samples?: boolean; prices?: string }): void {
  if (!opts.out) throw new UserError('merge: give --out DIR for the merged results');
  const basis = prices(opts.prices);
  checkOutputs([{ kind: 'folder', path: opts.out, option: '--out' }]);
  // shards hold the run in the scenario's own prices; real terms are stated once merged, by the scenario's deflator, checked before any values are read
  let real: ReturnType<typeof runPrices>;
  const merged = mergeShards(files, opts.samples ?? false, undefined, (head, metrics) => {
    if (basis === 'cash') return;
    const scenario = loadScenario(head.file);
    const hash = scenarioHash(scenario, metrics);
    if (hash !== head.scenarioHash) {
      throw new UserError(`merge --prices: ${head.file} is not the scenario the shards ran (its hash is ${hash}, theirs ${head.scenarioHash}: it has changed since), so its deflator may not be theirs; merge without --prices for the run in the scenario's own prices, or run the shards again`);
    }
    real = runPrices(scenario, basis);
  });
  const r = real ? simulationInRealTerms(merged, real.deflator, real.year) : merged;
  writeOutputs([{ kind: 'folder', path: opts.out, option: '--out', files: simulationFiles(r, opts.samples ?? false) }], process.argv.slice(2));
  // what simulate prints of the whole run: the fan, the rank correlations and the standard errors
  process.stdout.write(formatSimulation(r) + '\n\n' + formatConvergence(r) + `\n\nMerged ${files.length} shards; wrote CSV and JSON results to ${opts.out}\n`);
}
