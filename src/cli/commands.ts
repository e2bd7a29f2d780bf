/** The CLI's commands: each loads through the library API and prints. */
import { UserError } from '../errors.js';
import { yearOption } from '../api-arguments.js';
import { loadScenario, project, type PreparedScenario } from '../api.js';
import { compare, compareSystems } from '../results/compare.js';
import { simulate } from '../uncertainty/simulate.js';
import { wholeNumber, iterationCount, prices, discountRate } from './uncertainty-args.js';
import { formatRun, formatComparison, formatSystemComparison, formatAppraisal } from '../results/format.js';
import { appraise, GREEN_BOOK_RATE } from '../results/appraisal.js';
import { checkOutputs, writeOutputs, type Output, type OutputTarget } from '../results/write.js';
// The result files (arquero), the workbook (exceljs) and the report (Vega) are loaded only
// when a command writes them, so that run, validate and compare start without them.
const resultExport = () => import('../results/export.js');
const resultsWorkbook = async (...a: Parameters<typeof import('../results/xlsx.js').resultsWorkbook>) => (await import('../results/xlsx.js')).resultsWorkbook(...a);
const boardReport = async (...a: Parameters<typeof import('../results/report.js').boardReport>) => (await import('../results/report.js')).boardReport(...a);

/** `popshift run <scenario> [--out DIR] [--xlsx FILE] [--json] [--year Y] [--discount-rate R]` */
export async function runCommand(file: string, opts: { out?: string; xlsx?: string; json?: boolean; year?: string; iterations?: string; seed?: string; prices?: string; discountRate?: string }): Promise<void> {
  const rate = discountRate(opts.discountRate, GREEN_BOOK_RATE);
  const scenario = loadScenario(file);
  if (opts.iterations && !opts.xlsx) throw new UserError('--iterations: Monte Carlo percentiles go into the workbook: give --xlsx FILE too');
  seedNeedsIterations(opts);
  const targets: OutputTarget[] = [
    ...(opts.out ? [{ kind: 'folder' as const, path: opts.out, option: '--out' }] : []),
    ...(opts.xlsx ? [{ kind: 'file' as const, path: opts.xlsx, option: '--xlsx' }] : []),
  ];
  checkOutputs(targets);
  const results = project(scenario, undefined, { prices: prices(opts.prices) });
  yearOption(opts.year, results.years);
  // Everything is built before anything is written.
  const outputs: Output[] = [];
  if (opts.out) outputs.push({ kind: 'folder', path: opts.out, option: '--out', files: (await resultExport()).resultFiles(results) });
  if (opts.xlsx) outputs.push({ kind: 'file', path: opts.xlsx, option: '--xlsx', content: await resultsWorkbook(results, { scenario, year: opts.year, monteCarlo: await monteCarlo(scenario, opts), discountRate: rate }) });
  writeOutputs(outputs, process.argv.slice(2));
  const appraisal = appraise(results, rate);
  if (opts.json) process.stdout.write(JSON.stringify({ ...(await resultExport()).toJson(results), appraisal }, null, 2) + '\n');
  else {
    process.stdout.write(formatRun(results, opts.year) + '\n');
    if (results.schemes.length) process.stdout.write('\n' + formatAppraisal(appraisal) + '\n');
    if (opts.out) process.stdout.write(`\nWrote CSV and JSON results to ${opts.out}\n`);
    if (opts.xlsx) process.stdout.write(`${opts.out ? '' : '\n'}Wrote the workbook to ${opts.xlsx}\n`);
  }
}

/** `popshift report <scenario> --out FILE [--year Y]` */
export async function reportCommand(file: string, opts: { out: string; year?: string; iterations?: string; seed?: string; prices?: string }): Promise<void> {
  const scenario = loadScenario(file);
  seedNeedsIterations(opts);
  checkOutputs([{ kind: 'file', path: opts.out, option: '--out' }]);
  const results = project(scenario, undefined, { prices: prices(opts.prices) });
  yearOption(opts.year, results.years);
  const html = await boardReport(scenario, results, { year: opts.year, monteCarlo: await monteCarlo(scenario, opts) });
  writeOutputs([{ kind: 'file', path: opts.out, option: '--out', content: html }], process.argv.slice(2));
  process.stdout.write(`Wrote the board report to ${opts.out}\n`);
}

/** A --seed with no --iterations would seed nothing: refused rather than ignored. */
function seedNeedsIterations(opts: { iterations?: string; seed?: string }): void {
  if (opts.seed !== undefined && opts.iterations === undefined) throw new UserError('--seed: seeds the Monte Carlo that --iterations adds; give --iterations N too');
}

/** Monte Carlo percentiles for an export, when `--iterations` is given: in the export's price base (`--prices`), as its other figures are. */
async function monteCarlo(scenario: PreparedScenario, opts: { iterations?: string; seed?: string; year?: string; prices?: string }) {
  if (opts.iterations === undefined) return undefined;
  return simulate(scenario, { iterations: iterationCount(opts.iterations), seed: wholeNumber('--seed', opts.seed, 1), year: opts.year, prices: prices(opts.prices) });
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
 * left out; with --per, two or more systems side by side per head.
 */
export function compareCommand(a: string, others: string[], opts: { json?: boolean; prices?: string; per?: string; year?: string }): void {
  const basis = prices(opts.prices);
  // b − a is of two scenarios: three or more are refused rather than quietly shown per head
  if (opts.per === undefined && others.length > 1) {
    const files = [a, ...others];
    throw new UserError(`compare: ${files.length} scenarios (${files.join(', ')}) without --per: the difference b − a is of two scenarios; compare them two at a time, or put them side by side with --per head or --per weighted-head`);
  }
  if (opts.per !== undefined) {
    const per = opts.per;
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
    const parent = child.loaded.parents[0];
    if (!parent) throw new UserError(`${a}: compare needs two scenarios, or one that extends another`);
    first = parent;
    second = a;
  }
  const ra = project(loadScenario(first), undefined, { prices: basis });
  const rb = project(loadScenario(second), undefined, { prices: basis });
  // b − a organisation by organisation is for two scenarios of one system: two systems' organisations share ids (ccg, council) but not their books
  const places = (r: typeof ra) => r.places.map((p) => p.id).sort();
  if (places(ra).join() !== places(rb).join()) {
    const some = (ids: string[]) => (ids.length > 4 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', '));
    throw new UserError(`compare: ${first} and ${second} are different systems (places ${some(places(ra))}; and ${some(places(rb))}), so their organisations cannot be set against each other; put them side by side with --per head or --per weighted-head`);
  }
  const c = compare(ra, rb);
  if (!c.years.length) throw new UserError(`compare: ${first} and ${second} share no year`);
  // --year picks the year of the table by service (the tables by year print every year)
  if (opts.year !== undefined && !c.years.includes(opts.year)) throw new UserError(`--year: ${opts.year} is not a year both project (${c.years[0]} to ${c.years[c.years.length - 1]})`);
  process.stdout.write((opts.json ? JSON.stringify(c, null, 2) : formatComparison(c, opts.year)) + '\n');
}
