/**
 * The `popshift` command line. Thin: parses arguments, calls the library,
 * prints. A user's mistake (UserError) prints one line per problem and exits 2;
 * anything else is a bug and prints its stack only with --debug.
 */
import { Command, CommanderError } from 'commander';
import { UserError } from '../errors.js';
import { runCommand, validateCommand, compareCommand } from './commands.js';

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
  .option('--json', 'print the results as one JSON document instead of text')
  .option('--year <year>', 'the year for the waterfall (default: the calibration year, else the horizon)')
  .action(runCommand);

program
  .command('validate')
  .description('check a scenario file without running it')
  .argument('<scenario>', 'scenario file')
  .action(validateCommand);

program
  .command('compare')
  .description('print the year-by-year differences between two scenarios (b − a); with one scenario, against the scenario it extends')
  .argument('<a>', 'first scenario file (e.g. the parent), or the only one: compared with its parent')
  .argument('[b]', 'second scenario file')
  .option('--json', 'print the comparison as JSON')
  .action(compareCommand);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (e instanceof UserError) {
    process.stderr.write(`popshift: ${e.problems.join('\npopshift: ')}\n`);
    process.exit(e.exitCode);
  }
  const err = e as Error;
  process.stderr.write(`popshift: internal error: ${err.message}\n`);
  if (program.opts().debug) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('(run again with --debug for details)\n');
  process.exit(1);
}
