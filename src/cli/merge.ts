/** `popshift merge <shard files...> --out DIR [--samples]`: exactly the unsharded run's outputs. */
import { UserError } from '../errors.js';
import { mergeShards, simulationFiles, formatSimulation } from '../uncertainty/output.js';
import { writeFilesAtomically } from '../results/export.js';

export function mergeCommand(files: string[], opts: { out?: string; samples?: boolean }): void {
  if (!opts.out) throw new UserError('merge: give --out DIR for the merged results');
  const r = mergeShards(files, opts.samples ?? false);
  writeFilesAtomically(opts.out, simulationFiles(r, opts.samples ?? false));
  process.stdout.write(formatSimulation(r) + `\n\nMerged ${files.length} shards; wrote CSV and JSON results to ${opts.out}\n`);
}
