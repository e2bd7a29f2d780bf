/**
 * What a scenario assumed and where each figure came from, gathered once for
 * the workbook's "Assumptions and sources" sheet and the board report:
 *
 * - every named parameter with its value as run (calibrated values included),
 *   unit and source; a series parameter (a rate by year) with its value in
 *   each year;
 * - the data tables read (population, rates, parameter tables) and what read them;
 * - every other `source` written in the scenario (funding, schemes, pools,
 *   envelopes, calibration), by where it was written.
 */
import type { PreparedScenario } from '../../api.js';
import { displayPath } from '../../scenario/load.js';

export interface ParameterRow {
  name: string;
  /** The value as run (after calibration); null for a series (see `byYear`). */
  value: number | null;
  /** A series' value in each year from the second (the change from the year before). */
  byYear: { year: string; value: number }[] | null;
  unit: string;
  source: string;
  /** E.g. "fitted by calibration (written as 0)". */
  note: string;
}

export interface DataTableRow {
  /** The file, relative to the working directory where it is below it. */
  file: string;
  /** Where the scenario reads it, e.g. `services[ae].activity.rates (column ae_attendances)`. */
  usedBy: string[];
  /** A source written beside the table reference, if any. */
  source: string;
}

export interface SourceRow {
  /** Where the source was written, e.g. `funding[ccg-allocation]`. */
  where: string;
  /** The thing's name or id, if it has one. */
  name: string;
  source: string;
}

export interface Assumptions {
  parameters: ParameterRow[];
  tables: DataTableRow[];
  sources: SourceRow[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A readable path: array elements by their id where they have one. */
function pathText(path: (string | number)[], values: unknown[]): string {
  let out = '';
  path.forEach((k, i) => {
    if (typeof k === 'number') {
      const el = values[i + 1];
      const id = isObj(el) ? [el.id, el.partner, el.organisation].find((x): x is string => typeof x === 'string') : undefined;
      out += `[${id ?? k}]`;
    } else out += out ? `.${k}` : k;
  });
  return out;
}

/** Gather a prepared scenario's assumptions and sources. */
export function assumptionsOf(scenario: PreparedScenario): Assumptions {
  const m = scenario.model;
  const cal = scenario.calibration;
  const parameters: ParameterRow[] = [];
  for (const [name, p] of m.parameters) {
    const byYear = p.series ? m.years.slice(1).map((year, i) => ({ year, value: m.p0[p.slot + i + 1]! })) : null;
    parameters.push({
      name,
      value: p.series ? null : m.p0[p.slot]!,
      byYear,
      unit: p.unit ?? '',
      source: p.source ?? '',
      note: cal && cal.parameter === name ? `fitted by calibration (written as ${cal.initial}) so the do-nothing gap in ${cal.year} is £${Math.round(cal.target).toLocaleString('en-GB')}` : '',
    });
  }

  const tables = new Map<string, DataTableRow>();
  const addTable = (file: string, where: string, source: string) => {
    const key = displayPath(file);
    let row = tables.get(key);
    if (!row) tables.set(key, (row = { file: key, usedBy: [], source: '' }));
    if (!row.usedBy.includes(where)) row.usedBy.push(where);
    if (source && !row.source.split('; ').includes(source)) row.source = row.source ? `${row.source}; ${source}` : source;
  };
  const sources: SourceRow[] = [];
  const walk = (v: unknown, path: (string | number)[], values: unknown[]) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, i], [...values, x]));
      return;
    }
    if (!isObj(v)) return;
    if (typeof v.table === 'string') {
      const col = typeof v.column === 'string' ? ` (column ${v.column})` : '';
      addTable(v.table, pathText(path, values) + col, typeof v.source === 'string' && !path.includes('parameters') ? v.source : '');
    }
    if (typeof v.source === 'string' && path[0] !== 'parameters' && path.length > 0) {
      const name = typeof v.name === 'string' ? v.name : typeof v.id === 'string' ? v.id : typeof v.partner === 'string' ? v.partner : typeof v.parameter === 'string' ? v.parameter : '';
      sources.push({ where: pathText(path, values), name, source: v.source });
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'source') walk(x, [...path, k], [...values, x]);
  };
  const sc = scenario.loaded.scenario as unknown as Obj;
  walk(sc, [], [sc]);
  const pt = sc.parameterTables;
  if (Array.isArray(pt)) pt.forEach((f, i) => typeof f === 'string' && addTable(f, `parameterTables[${i}] (named parameters)`, ''));
  return { parameters, tables: [...tables.values()], sources };
}
