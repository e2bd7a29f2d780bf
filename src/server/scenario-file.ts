/**
 * A run's scenario as a file `popshift run` accepts: a YAML child scenario that
 * extends the server's scenario file (by its absolute path) and carries every
 * change made on the dashboard (assumptions and overrides) as its own fields,
 * so that running it gives the run's figures.
 */
import { stringify } from 'yaml';
import { basename } from 'node:path';

export function scenarioYaml(o: { scenarioFile: string; name: string; overrides?: Record<string, unknown> | undefined; runId: string; created: string }): string {
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
    Object.keys(changes).length ? '' : '# (Nothing was changed: it is the scenario as written.)',
  ].filter((l, i, a) => l || i !== a.length - 1);
  return `${header.join('\n')}\n${body}`;
}
