/** The CLI's commands: each loads through the library API and prints. */
import { UserError } from '../errors.js';
import { loadScenario, project, compare } from '../index.js';
import { formatRun, formatComparison } from '../results/format.js';
import { resultFiles, toJson, writeFilesAtomically } from '../results/export.js';

/** `popshift run <scenario> [--out DIR] [--json] [--year Y]` */
export function runCommand(file: string, opts: { out?: string; json?: boolean; year?: string }): void {
  const scenario = loadScenario(file);
  const results = project(scenario);
  if (opts.year && !results.years.includes(opts.year)) {
    throw new UserError(`--year: ${opts.year} is not in the projection (${results.baseYear} to ${results.horizon})`);
  }
  if (opts.out) writeFilesAtomically(opts.out, resultFiles(results));
  if (opts.json) process.stdout.write(JSON.stringify(toJson(results), null, 2) + '\n');
  else {
    process.stdout.write(formatRun(results, opts.year) + '\n');
    if (opts.out) process.stdout.write(`\nWrote CSV and JSON results to ${opts.out}\n`);
  }
}

/** `popshift validate <scenario>` */
export function validateCommand(file: string): void {
  const scenario = loadScenario(file);
  const m = scenario.model;
  process.stdout.write(
    `${file}: valid — ${m.services.length} services, ${m.orgs.length} organisations, ${m.schemes.length} schemes, ${m.years[0]} to ${m.years[m.nYears - 1]}\n`,
  );
}

/** `popshift compare <a> <b> [--json]` */
export function compareCommand(a: string, b: string, opts: { json?: boolean }): void {
  const c = compare(project(loadScenario(a)), project(loadScenario(b)));
  process.stdout.write((opts.json ? JSON.stringify(c, null, 2) : formatComparison(c)) + '\n');
}
