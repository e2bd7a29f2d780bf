/** Demography (MODEL.md step 1): population by year and age band, from the population table. */
import { UserError } from '../../errors.js';
import { messages } from '../messages.js';
import { readTable, columnIndex, numberCell } from '../table.js';
import type { Slots } from './slots.js';

/** Population as year × age band (year-major), one row of the table per projection year. */
export function normalisePopulation(ctx: Slots): Float64Array {
  const where = ctx.where(['population', 'table']);
  const t = readTable(ctx.sc.population.table, where);
  const yc = t.columns.indexOf('year');
  if (yc < 0) throw new UserError(`${where}: ${messages.table.missingKeyColumn(t.file, 'year')}`);
  const cols = ctx.bands.map((b) => columnIndex(t, b, where));
  const out = new Float64Array(ctx.years.length * ctx.bands.length);
  ctx.years.forEach((y, ti) => {
    const r = t.rows.findIndex((row) => row[yc]!.trim() === y);
    if (r < 0) throw new UserError(`${where}: ${messages.table.missingRow(t.file, 'year', y)}`);
    cols.forEach((c, a) => (out[ti * ctx.bands.length + a] = numberCell(t, r, c, where)));
  });
  return out;
}
