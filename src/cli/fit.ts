/** `popshift fit <data.csv> --column C [--dist normal,lognormal,gamma,pert] [--json]` */
import { UserError } from '../errors.js';
import { readTable, columnIndex, numberCell } from '../scenario/table.js';
import { fitDistributions, fitSnippet, cannotFit, FAMILIES, MIN_VALUES, snippetNumber, type Family } from '../uncertainty/fit.js';
import { table } from '../uncertainty/output.js';

export interface FitFlags {
  column?: string;
  dist?: string;
  json?: boolean;
}

// what a problem is reported under (after the CLI's own 'popshift:'): the command
const WHERE = 'fit';

export function fitCommand(file: string, opts: FitFlags): void {
  if (opts.column === undefined) throw new UserError('--column: required (the column of the CSV holding the values to fit)');
  const families = opts.dist === undefined ? [...FAMILIES] : opts.dist.split(',').map((d) => d.trim());
  for (const f of families) if (!(FAMILIES as readonly string[]).includes(f)) throw new UserError(`--dist: '${f}' is not a family popshift fits (${FAMILIES.join(', ')})`);
  const t = readTable(file, WHERE);
  const c = columnIndex(t, opts.column, '--column');
  // blank cells are missing values; anything else must be a number
  const rows = t.rows.flatMap((r, i) => (r[c]!.trim() === '' ? [] : [i]));
  const values = rows.map((i) => numberCell(t, i, c, WHERE, true));
  const blank = t.rows.length - rows.length;
  if (values.length < MIN_VALUES) {
    throw new UserError(`${WHERE}: data table ${t.file}: column '${opts.column}' has ${values.length} value${values.length === 1 ? '' : 's'}${blank ? ` (and ${blank} blank)` : ''}; fitting needs at least ${MIN_VALUES}`);
  }
  // a family asked for by name must fit: say which cell stops it
  if (opts.dist !== undefined) {
    const sorted = [...values].sort((a, b) => a - b);
    for (const f of families as Family[]) {
      const why = cannotFit(f, sorted);
      if (!why) continue;
      const k = values.findIndex((v) => v <= 0);
      const at = (f === 'lognormal' || f === 'gamma') && k >= 0 ? `${t.file}:${t.lines[rows[k]!]}: column '${opts.column}' is ${values[k]}: ` : `${t.file}: column '${opts.column}': `;
      throw new UserError(`${WHERE}: data table ${at}${why}`);
    }
  }
  const report = fitDistributions(values, families as Family[]);
  if (report.fits.length === 0) throw new UserError(`${WHERE}: data table ${t.file}: column '${opts.column}': ${report.skipped.map((s) => s.reason).join('; ')}`);
  const best = report.fits[0]!;
  const source = `fitted to ${t.file} column ${opts.column} (n = ${report.n}) by maximum likelihood: ${best.family}, best of ${report.fits.map((f) => f.family).join(', ')} by AIC`;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ file: t.file, column: opts.column, ...report, best: best.family, snippet: fitSnippet(best, source) }, null, 2) + '\n');
    return;
  }
  const byKs = [...report.fits].sort((a, b) => a.ks - b.ks).map((f) => f.family);
  const params = (d: Record<string, unknown>) =>
    Object.entries(d)
      .filter(([k]) => k !== 'dist')
      .map(([k, v]) => `${k} ${snippetNumber(v as number)}`)
      .join(', ');
  const out = [
    `Fits to ${t.file} column '${opts.column}': ${report.n} values${blank ? ` (${blank} blank cells left out)` : ''}, by maximum likelihood, best (lowest AIC) first`,
    '',
    table(
      ['family', 'parameters', 'log-likelihood', 'AIC', 'ΔAIC', 'KS D', 'KS rank'],
      report.fits.map((f) => [f.family, params(f.dist as Record<string, unknown>), f.logLikelihood.toFixed(2), f.aic.toFixed(2), (f.aic - best.aic).toFixed(2), f.ks.toFixed(4), String(byKs.indexOf(f.family) + 1)]),
    ),
  ];
  for (const s of report.skipped) out.push(`not fitted: ${s.family} (${s.reason})`);
  out.push('', `Scenario snippet (${best.family}), for a parameter:`, '', fitSnippet(best, source).replace(/^/gm, '  '));
  process.stdout.write(out.join('\n') + '\n');
}
