/** The CLI's commands: each loads through the library API and prints. */
import { UserError } from '../errors.js';
import { loadScenario, project, compare } from '../index.js';
import { formatRun, formatComparison } from '../results/format.js';
import { resultFiles, toJson, writeFilesAtomically } from '../results/export.js';
import { existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** `popshift run <scenario> [--out DIR] [--json] [--year Y]` */
export function runCommand(file: string, opts: { out?: string; json?: boolean; year?: string }): void {
  const scenario = loadScenario(file);
  const results = project(scenario);
  if (opts.year && !results.years.includes(opts.year)) {
    throw new UserError(`--year: ${opts.year} is not in the projection (${results.baseYear} to ${results.horizon})`);
  }
  if (opts.out) writeOut(opts.out, resultFiles(results));
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

/** `popshift compare <a> [b] [--json]`: b − a, or a − its parent when b is left out. */
export function compareCommand(a: string, b: string | undefined, opts: { json?: boolean }): void {
  let first = a;
  let second = b;
  if (second === undefined) {
    const child = loadScenario(a);
    const parent = child.loaded.files[1];
    if (!parent) throw new UserError(`${a}: compare needs two scenarios, or one that extends another`);
    first = parent;
    second = a;
  }
  const c = compare(project(loadScenario(first)), project(loadScenario(second)));
  process.stdout.write((opts.json ? JSON.stringify(c, null, 2) : formatComparison(c)) + '\n');
}

/**
 * Write the result files to `dir`, or nothing: a folder that cannot be written
 * is the user's mistake (exit 2), and any folders made on the way are removed.
 */
function writeOut(dir: string, files: Record<string, string>): void {
  let created: string | undefined; // the top-most folder this run would create
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    created = d;
    if (dirname(d) === d) break;
  }
  try {
    writeFilesAtomically(dir, files);
  } catch (e) {
    if (created) {
      try {
        rmSync(created, { recursive: true, force: true });
      } catch {
        // It was never made (its parent is a file): nothing to remove.
      }
    }
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === 'string') throw new UserError(`--out: cannot write results to ${dir}: ${err.message}`);
    throw e;
  }
}
