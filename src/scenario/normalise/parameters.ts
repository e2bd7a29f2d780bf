/**
 * Named parameters (`$name` anywhere a number goes): from the scenario's
 * parameter tables, then its `parameters` map, which wins on a shared name.
 */
import { readTable, columnIndex, numberCell, uniqueRows } from '../table.js';
import type { Slots, ParameterDef } from './slots.js';

/** Read every parameter definition and give each its slot(s). */
export function normaliseParameters(ctx: Slots): void {
  const defs = new Map<string, ParameterDef>();
  (ctx.sc.parameterTables ?? []).forEach((file, i) => {
    const where = ctx.where(['parameterTables', i]);
    const t = readTable(file, where);
    const [n, v] = [columnIndex(t, 'name', where), columnIndex(t, 'value', where)];
    const u = t.columns.indexOf('unit');
    const s = t.columns.indexOf('source');
    uniqueRows(t, ['name'], where);
    t.rows.forEach((row, r) => {
      defs.set(row[n]!.trim(), {
        value: numberCell(t, r, v, where, true),
        path: ['parameterTables', i],
        unit: u >= 0 ? row[u] : undefined,
        source: s >= 0 ? `${row[s]} (${t.file})` : t.file,
      });
    });
  });
  for (const [name, value] of Object.entries(ctx.sc.parameters ?? {})) {
    const obj = typeof value === 'object' && value !== null && !('dist' in value) ? (value as Record<string, unknown>) : undefined;
    defs.set(name, {
      value,
      path: ['parameters', name],
      source: obj?.source as string | undefined,
      unit: obj?.unit as string | undefined,
    });
  }
  ctx.defineParameters(defs);
}
