/** The CLI's commands: each loads through the library API and prints. */
import { UserError } from '../errors.js';
import { loadScenario, project, type PreparedScenario } from '../api.js';
import type { Results } from '../results/summary.js';
import { compare, compareSystems } from '../results/compare.js';
import { simulate } from '../uncertainty/simulate.js';
import { wholeNumber, prices } from './uncertainty-args.js';
import { formatRun, formatComparison, formatSystemComparison } from '../results/format.js';
// The result files (arquero), the workbook (exceljs) and the report (Vega) are loaded only
// when a command writes them, so that run, validate and compare start without them.
const resultExport = () => import('../results/export.js');
const resultsWorkbook = async (...a: Parameters<typeof import('../results/xlsx.js').resultsWorkbook>) => (await import('../results/xlsx.js')).resultsWorkbook(...a);
const boardReport = async (...a: Parameters<typeof import('../results/report.js').boardReport>) => (await import('../results/report.js')).boardReport(...a);
import { existsSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, resolve, basename, join } from 'node:path';

/** `popshift run <scenario> [--out DIR] [--xlsx FILE] [--json] [--year Y]` */
export async function runCommand(file: string, opts: { out?: string; xlsx?: string; json?: boolean; year?: string; iterations?: string; seed?: string; prices?: string }): Promise<void> {
  const scenario = loadScenario(file);
  const results = project(scenario, undefined, { prices: prices(opts.prices) });
  if (opts.year && !results.years.includes(opts.year)) {
    throw new UserError(`--year: ${opts.year} is not in the projection (${results.baseYear} to ${results.horizon})`);
  }
  // Everything is built before anything is written.
  if (opts.iterations && !opts.xlsx) throw new UserError('--iterations: Monte Carlo percentiles go into the workbook: give --xlsx FILE too');
  const workbook = opts.xlsx ? await resultsWorkbook(results, { scenario, year: opts.year, monteCarlo: await monteCarlo(scenario, opts) }) : undefined;
  if (opts.out) await writeOut(opts.out, results);
  if (opts.xlsx && workbook) writeFileWhole(opts.xlsx, workbook, '--xlsx');
  if (opts.json) process.stdout.write(JSON.stringify((await resultExport()).toJson(results), null, 2) + '\n');
  else {
    process.stdout.write(formatRun(results, opts.year) + '\n');
    if (opts.out) process.stdout.write(`\nWrote CSV and JSON results to ${opts.out}\n`);
    if (opts.xlsx) process.stdout.write(`${opts.out ? '' : '\n'}Wrote the workbook to ${opts.xlsx}\n`);
  }
}

/** `popshift report <scenario> --out FILE [--year Y]` */
export async function reportCommand(file: string, opts: { out: string; year?: string; iterations?: string; seed?: string; prices?: string }): Promise<void> {
  const scenario = loadScenario(file);
  const results = project(scenario, undefined, { prices: prices(opts.prices) });
  if (opts.year && !results.years.includes(opts.year)) {
    throw new UserError(`--year: ${opts.year} is not in the projection (${results.baseYear} to ${results.horizon})`);
  }
  const html = await boardReport(scenario, results, { year: opts.year, monteCarlo: await monteCarlo(scenario, opts) });
  writeFileWhole(opts.out, html, '--out');
  process.stdout.write(`Wrote the board report to ${opts.out}\n`);
}

/** Monte Carlo percentiles for an export, when `--iterations` is given. */
async function monteCarlo(scenario: PreparedScenario, opts: { iterations?: string; seed?: string; year?: string }) {
  if (opts.iterations === undefined) return undefined;
  return simulate(scenario, { iterations: wholeNumber('--iterations', opts.iterations), seed: wholeNumber('--seed', opts.seed, 1), year: opts.year });
}

/**
 * Write one file whole or not at all: into a temporary file beside it, then
 * renamed over it. A file that cannot be written is the user's mistake (exit 2).
 */
function writeFileWhole(file: string, content: string | Buffer, option: string): void {
  const target = resolve(file);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === 'string') {
      const why =
        err.code === 'ENOENT' ? `the folder ${dirname(file)} does not exist`
        : err.code === 'ENOTDIR' ? `${dirname(file)} is not a folder`
        : err.code === 'EISDIR' ? 'it is a folder'
        : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied'
        : err.code;
      throw new UserError(`${option}: cannot write ${file}: ${why}`);
    }
    throw e;
  }
}

/** `popshift validate <scenario>` */
export function validateCommand(file: string): void {
  const scenario = loadScenario(file);
  const m = scenario.model;
  process.stdout.write(
    `${file}: valid — ${m.services.length} services, ${m.orgs.length} organisations, ${m.schemes.length} schemes, ${m.years[0]} to ${m.years[m.nYears - 1]}, ${m.places.length} place${m.places.length === 1 ? '' : 's'} (${m.flows.length} flows on ${m.lines.length} provider lines)\n`,
  );
}

/**
 * `popshift compare <a> [b …] [--per head|weighted-head] [--json]`: b − a, or a − its parent when b is
 * left out; with --per (or three or more scenarios), the systems side by side per head.
 */
export function compareCommand(a: string, others: string[], opts: { json?: boolean; prices?: string; per?: string; year?: string }): void {
  const basis = prices(opts.prices);
  if (opts.per !== undefined || others.length > 1) {
    const per = opts.per ?? 'head';
    if (per !== 'head' && per !== 'weighted-head') throw new UserError(`--per: '${per}' is not head or weighted-head`);
    if (others.length === 0) throw new UserError('compare --per needs two or more scenarios');
    const c = compareSystems([a, ...others].map((f) => project(loadScenario(f), undefined, { prices: basis })), per);
    if (!c.years.length) throw new UserError(`compare: the scenarios share no year (${[a, ...others].join(', ')})`);
    if (opts.year !== undefined && !c.years.includes(opts.year)) throw new UserError(`--year: ${opts.year} is not a year all of them project (${c.years[0]} to ${c.years[c.years.length - 1]})`);
    process.stdout.write((opts.json ? JSON.stringify(c, null, 2) : formatSystemComparison(c, opts.year)) + '\n');
    return;
  }
  let first = a;
  let second = others[0];
  if (second === undefined) {
    const child = loadScenario(a);
    const parent = child.loaded.files[1];
    if (!parent) throw new UserError(`${a}: compare needs two scenarios, or one that extends another`);
    first = parent;
    second = a;
  }
  const c = compare(project(loadScenario(first), undefined, { prices: basis }), project(loadScenario(second), undefined, { prices: basis }));
  process.stdout.write((opts.json ? JSON.stringify(c, null, 2) : formatComparison(c)) + '\n');
}

/**
 * Write the result files to `dir`, or nothing: a folder that cannot be written
 * is the user's mistake (exit 2), and any folders made on the way are removed.
 */
async function writeOut(dir: string, results: Results): Promise<void> {
  const { resultFiles, writeFilesAtomically } = await resultExport();
  const files = resultFiles(results);
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
