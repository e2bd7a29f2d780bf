/**
 * A run's scenario as a file `popshift run` accepts: a YAML child scenario that
 * extends the server's scenario file (by its absolute path) and carries every
 * change made on the dashboard (assumptions and overrides) as its own fields,
 * so that running it gives the run's figures.
 */
import { stringify } from 'yaml';
import { basename } from 'node:path';

/** The run as a child scenario file, its header saying how to get the run's figures from it (and its Monte Carlo's, when it had one). */
export function scenarioYaml(o: {
  scenarioFile: string;
  name: string;
  overrides?: Record<string, unknown> | undefined;
  runId: string;
  created: string;
  monteCarlo?: { iterations: number; seed: number; sampling?: 'random' | 'lhs' | undefined } | undefined;
}): string {
  const { name: _name, ...changes } = o.overrides ?? {};
  const body = stringify(
    { extends: o.scenarioFile, name: `${o.name} (from the dashboard)`, ...changes },
    { lineWidth: 0 },
  );
  const header = [
    `# A popshift scenario saved from the dashboard (run ${o.runId}, ${o.created}).`,
    `# It extends ${basename(o.scenarioFile)} and changes only what is written below;`,
    '# run it with `popshift run <this file>` (or `popshift validate`) to get the',
    "# dashboard's figures. `extends` is the server's copy of the file: if you move",
    '# this file to another machine, point `extends` at your copy of it.',
    // the file holds no Monte Carlo settings, and without the run's seed and size its fan cannot be had again
    ...(o.monteCarlo
      ? [`# Its Monte Carlo figures: \`popshift simulate <this file> --iterations ${o.monteCarlo.iterations} --seed ${o.monteCarlo.seed}${o.monteCarlo.sampling === 'lhs' ? ' --sampling lhs' : ''}\`.`]
      : []),
    Object.keys(changes).length ? '' : '# (Nothing was changed: it is the scenario as written.)',
  ].filter((l, i, a) => l || i !== a.length - 1);
  return `${header.join('\n')}\n${body}`;
}
