/**
 * The `popshift` command line. Thin: parses arguments, calls the library,
 * prints. A user's mistake (UserError) prints one line per problem and exits 2;
 * anything else is a bug and prints its stack only with --debug.
 */
import { Command, CommanderError } from 'commander';
import { UserError } from '../errors.js';
import { flagOf } from './flags.js';

/**
 * A command's action, imported when that command runs: `--help` loads only
 * commander, and each command only what it uses.
 */
function lazy<A extends unknown[]>(load: () => Promise<(...args: A) => unknown>): (...args: A) => Promise<void> {
  return async (...args) => void (await (await load())(...args));
}
const commands = () => import('./commands.js');

const program = new Command();
program
  .name('popshift')
  .description('Whole-population health and care budgets: demand, the funding gap, shifting care, pooled budgets and capitation.')
  .option('--debug', 'print the stack of internal errors')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command('run')
  .description('project a scenario and print funding, cost, the gap and organisation positions by year')
  .argument('<scenario>', 'scenario file (YAML or JSON), e.g. models/harrogate.yaml')
  .option('--out <dir>', 'write CSV and JSON results to this folder')
  .option('--xlsx <file>', 'write an Excel workbook of the results (with assumptions and sources) to this file')
  .option('--json', 'print the results as one JSON document instead of text')
  .option('--year <year>', 'the year for the waterfall (default: the calibration year, else the horizon)')
  .option('--iterations <n>', 'with --xlsx: add Monte Carlo percentiles from n iterations to the workbook')
  .option('--seed <n>', 'with --iterations: the random seed (default 1)')
  .option('--prices <basis>', 'cash (default), or real terms: real:2017/18 (the scenario\'s deflator) or real:2017/18:<deflator>')
  .option('--discount-rate <rate>', 'for the NPV and payback of schemes\' investment: a fraction or percentage a year (default 3.5%, HM Treasury Green Book)')
  .action(lazy(async () => (await commands()).runCommand));

program
  .command('report')
  .description('write a self-contained HTML board report: headline figures, charts, tables, assumptions and sources')
  .argument('<scenario>', 'scenario file')
  .requiredOption('--out <file>', 'the HTML file to write, e.g. report.html')
  .option('--year <year>', 'the year for the waterfall and headline figures (default: the calibration year, else the horizon)')
  .option('--iterations <n>', 'add the Monte Carlo fan and percentiles from n iterations')
  .option('--seed <n>', 'with --iterations: the random seed (default 1)')
  .option('--prices <basis>', 'cash (default), or real terms: real:2017/18 (the scenario\'s deflator) or real:2017/18:<deflator>')
  .action(lazy(async () => (await commands()).reportCommand));

program
  .command('new')
  .description('write a commented starter scenario (scenario.yaml) and its CSV tables for a place into a folder: every figure a placeholder naming its source, ready to run')
  .argument('<dir>', 'the folder to write into (made if missing), e.g. models/my-place')
  .option('--place <name>', 'the place\'s name, e.g. "Harrogate and Rural District" (default: the folder\'s name in words, models/kirklees → Kirklees)')
  .option('--force', 'replace the starter\'s files if the folder already holds them')
  .action(lazy(async () => (await import('./new.js')).newCommand));

program
  .command('validate')
  .description('check a scenario file without running it')
  .argument('<scenario>', 'scenario file')
  .action(lazy(async () => (await commands()).validateCommand));

program
  .command('compare')
  .description('print the year-by-year differences between two scenarios (b − a); with one scenario, against the scenario it extends; with --per, systems side by side per head')
  .argument('<a>', 'first scenario file (e.g. the parent), or the only one: compared with its parent')
  .argument('[others...]', 'the second scenario file (or more, with --per)')
  .option('--per <basis>', 'systems side by side: head or weighted-head (population × need index)')
  .option('--year <year>', 'the year of the table by service (default: the last both project); with --per, of the side-by-side table (default: the first all of them project)')
  .option('--json', 'print the comparison as JSON')
  .option('--prices <basis>', 'cash (default), or real terms: real:2017/18 (the scenario\'s deflator) or real:2017/18:<deflator>')
  .action(lazy(async () => (await commands()).compareCommand));

program
  .command('simulate')
  .description('Monte Carlo: sample every uncertain input, print the chance the gap closes and the fan of the gap by year')
  .argument('<scenario>', 'scenario file with inputs written as distributions')
  .option('--iterations <n>', 'number of iterations (default 10000)')
  .option('--seed <s>', 'whole-number seed (default 1): same seed, same results')
  .option('--workers <w>', "threads: a number (1 = in process) or 'auto' (default: workers on the other idle cores when the run is long enough to repay starting them)")
  .option('--out <dir>', 'write CSV and JSON results (or the shard file) to this folder')
  .option('--samples', 'with --out, also write per-iteration values (samples.csv, inputs.csv)')
  .option('--shard <k/n>', 'run shard K of N (0-based) and write a shard file for popshift merge')
  .option('--year <year>', 'the year reported first (default: the calibration year, else the horizon)')
  .option('--metric <id>', 'analyse this metric in --year: S-curve, histogram, contribution to variance (gap by default; e.g. position:<organisation>)')
  .option('--threshold <values>', 'with the analysis: P(metric ≤ each value), £ for money metrics, e.g. 29000000 or 0,29000000')
  .option('--bins <n>', 'histogram bins (default about √iterations, 10 to 40)')
  .option('--stress <inputs>', 'stress analysis: the metric with each of these inputs ($parameter or path, comma-separated) in its worst decile')
  .option('--stress-range <lo,hi>', 'with --stress: the percentile range of the input\'s samples instead, e.g. 0,10 or 90,100')
  .option('--json', 'print the run and the analysis as JSON')
  .option('--xlsx <file>', 'write a workbook: the results, Monte Carlo percentiles, S-curve, histogram, contribution to variance and stress sheets')
  .option('--sampling <method>', 'random (default: independent draws) or lhs (Latin hypercube: one iteration in each of N equal-probability strata of every input)')
  .option('--until-se <pounds>', "run more iterations (from --iterations, default 1000) until the standard errors of the focus year's gap percentiles (--se-of) are at most this many £")
  .option('--se-of <statistics>', 'with --until-se: the gap statistics to watch, among p5,p10,p50,p90,p95,mean (default p10,p50,p90)')
  .option('--max-iterations <n>', 'with --until-se: stop at this many iterations whether or not it is reached (default 200000)')
  .option('--prices <basis>', 'cash (default), or real terms: real:2017/18 (the scenario\'s deflator) or real:2017/18:<deflator>; percentiles, samples and analyses alike')
  .action(lazy(async () => (await import('./simulate.js')).simulateCommand));

program
  .command('fit')
  .description('fit normal, lognormal, gamma and PERT distributions to a column of data, rank them by AIC (with the Kolmogorov–Smirnov D), and print the scenario snippet for the best')
  .argument('<data>', 'CSV file with a header row')
  .option('--column <name>', 'the column holding the values (blank cells are left out)')
  .option('--dist <families>', 'comma-separated families to fit (default: normal,lognormal,gamma,pert)')
  .option('--json', 'print JSON')
  .action(lazy(async () => (await import('./fit.js')).fitCommand));

program
  .command('merge')
  .description('merge shard files from simulate --shard into exactly the unsharded run\'s results')
  .argument('<shards...>', 'shard files')
  .option('--out <dir>', 'folder for the merged CSV and JSON results')
  .option('--samples', 'also write per-iteration values')
  .option('--prices <basis>', 'cash (default: as the shards hold it), or real terms: real:2017/18 or real:2017/18:<deflator>, by the deflator of the scenario the shards ran')
  .action(lazy(async () => (await import('./merge.js')).mergeCommand));

program
  .command('tornado')
  .description('swing of a metric as each uncertain input goes from its p10 to its p90 (a choice: between the options giving the least and the most), the others central (with --spider, through every decile)')
  .argument('<scenario>', 'scenario file')
  .option('--metric <id>', 'gap (default), do-nothing-gap, cost, funding, investment, position:<organisation>')
  .option('--year <year>', 'default: the calibration year, else the horizon')
  .option('--spider', 'also the spider: the metric with each input at p10, p20, … p90, the others central; a choice among named options (population tables) has no percentiles, so it is given at each option by name instead')
  .option('--json', 'print JSON')
  .option('--xlsx <file>', 'write a workbook: the results, and Tornado and Spider sheets')
  .option('--out <dir>', 'write the tornado and spider as JSON and as Vega-Lite chart specs')
  .action(lazy(async () => (await import('./tornado.js')).tornadoCommand));

program
  .command('goalseek')
  .description('the value of one input that brings a metric to a target, or the gap closing to a target probability')
  .argument('<scenario>', 'scenario file')
  .option('--input <name>', '$parameter name or uncertain input path')
  .option('--target <value>', 'target value of the metric')
  .option('--probability <p>', 'target probability that the system gap closes (Monte Carlo)')
  .option('--metric <id>', 'gap (default), do-nothing-gap, cost, funding, investment, position:<organisation>')
  .option('--year <year>', 'default: the calibration year, else the horizon')
  .option('--range <lo,hi>', "search range for the input (default: its distribution's range)")
  .option('--iterations <n>', 'with --probability: iterations per evaluation (default 1000)')
  .option('--seed <s>', 'with --probability: seed (default 1)')
  .option('--json', 'print JSON')
  .action(lazy(async () => (await import('./goalseek.js')).goalSeekCommand));

program
  .command('optimise')
  .description('the mix and scale of schemes, within an investment budget, most likely to close the gap in a year (or with the lowest expected gap), on common random numbers')
  .argument('<scenario>', 'scenario file with uncertain inputs and schemes')
  .option('--budget <pounds>', 'most the mix may invest over the projection, £ at central values (default: no limit)')
  .option('--year <year>', 'default: the calibration year, else the horizon')
  .option('--objective <goal>', 'probability (default: maximise P(gap closes)) or expected-gap (minimise the mean gap)')
  .option('--schemes <ids>', 'schemes to vary, comma-separated (default: every scheme)')
  .option('--on-off <ids>', 'schemes that are all or nothing (scale 0 or 1); the others vary continuously')
  .option('--bounds <id=lo:hi,...>', 'scale bounds of continuous schemes (default 0:1, i.e. up to the scheme as written)')
  .option('--iterations <n>', 'iterations every mix is judged on (default 500)')
  .option('--seed <s>', 'seed of the common random numbers (default 1)')
  .option('--levels <n>', 'grid scales per continuous scheme (default 5)')
  .option('--json', 'print JSON')
  .action(lazy(async () => (await import('./optimise.js')).optimiseCommand));

program
  .command('serve')
  .description('print a scenario\'s headline figures, then serve the API and board dashboard')
  .argument('[scenario]', 'scenario file the dashboard opens on', 'models/harrogate.yaml')
  .option('--port <n>', 'port to listen on (default: the PORT variable, else 3000; 0 for any free port)')
  .option('--host <address>', 'address to listen on (default: the HOST variable, else 127.0.0.1, this machine only)')
  .option('--cache-dir <dir>', 'folder for finished runs, kept across restarts (default: a new folder under the system temporary folder, removed on exit)')
  .option('--cache-runs <n>', 'at most this many finished runs on disk (default 1000)')
  .option('--cache-mb <n>', 'at most this many megabytes of finished runs on disk (default 512)')
  .action(lazy(async () => (await import('../server/serve.js')).serveCommand));

// A reader that stops early (`popshift run … | head`) closes the pipe: nothing more can be printed, so stop quietly, as other commands do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (e instanceof UserError) {
    const command = program.args[0];
    process.stderr.write(`popshift: ${e.said((option) => flagOf(option, command)).join('\npopshift: ')}\n`);
    process.exit(e.exitCode);
  }
  const err = e as Error;
  process.stderr.write(`popshift: internal error: ${err.message}\n`);
  if (program.opts().debug) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('(run again with --debug for details)\n');
  process.exit(1);
}
