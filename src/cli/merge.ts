/** `popshift merge <shard files...> --out DIR [--samples]`: exactly the unsharded run's outputs. */
import { UserError } from '../errors.js';
import { mergeShards, simulationFiles, formatSimulation } from '../uncertainty/output.js';
import { checkOutputs, writeOutputs } from '../results/write.js';
import { formatConvergence } from '../uncertainty/convergence.js';

export function mergeCommand(files: string[], opts: { out?: string; samples?: boolean }): void {
  if (!opts.out) throw new UserError('merge: give --out DIR for the merged results');
  checkOutputs([{ kind: 'folder', path: opts.out, option: '--out' }]);
  const r = mergeShards(files, opts.samples ?? false);
  writeOutputs([{ kind: 'folder', path: opts.out, option: '--out', files: simulationFiles(r, opts.samples ?? false) }], process.argv.slice(2));
  // what simulate prints of the whole run: the fan, the rank correlations and the standard errors
  process.stdout.write(formatSimulation(r) + '\n\n' + formatConvergence(r) + `\n\nMerged ${files.length} shards; wrote CSV and JSON results to ${opts.out}\n`);
}
