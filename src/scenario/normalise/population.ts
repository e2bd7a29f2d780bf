/**
 * Places and demography (MODEL.md step 1): each place's population by year
 * and age band, from its table (rows for the place where the table has a
 * place column; female and male rows summed where it has a sex column). A
 * scenario without places is one place, with the scenario's population table.
 * Places are listed in the scenario, or read from a table (one row each, for
 * systems of many practices).
 */
import { UserError } from '../../errors.js';
import type { Path } from '../load.js';
import { messages, nearest } from '../messages.js';
import { readTable, columnIndex, numberCell, uniqueRows } from '../table.js';
import type { OrgKind, PlaceDef } from '../../engine/types.js';
import type { NumberInputT, PopulationChoiceT } from '../schema.js';
import { orgRef, type Organisations } from './organisations.js';
import type { Slots } from './slots.js';

/** A place as written: listed in the scenario, or a row of a places table. */
interface PlaceEntry {
  id: string;
  name: string;
  population: { table: PopTable; place: string; basis: 'registered' | 'resident' };
  commissioner?: string;
  council?: string;
  needIndex?: NumberInputT;
  area?: string;
  /** Where a problem with it is reported: its path in the scenario; for a table row, also the file and line. */
  path: Path;
  row?: { file: string; line: number };
}

const ID = /^[a-z0-9][a-z0-9-]*$/;
const entriesOf = new WeakMap<Slots, PlaceEntry[] | undefined>();

/** The scenario's places as entries (undefined when it declares none); a places table is read once. */
function placeEntries(ctx: Slots): PlaceEntry[] | undefined {
  if (entriesOf.has(ctx)) return entriesOf.get(ctx);
  const places = ctx.sc.places;
  let out: PlaceEntry[] | undefined;
  if (places === undefined) out = undefined;
  else if (Array.isArray(places)) {
    out = places.map((pl, q) => ({
      ...pl,
      population: { table: pl.population.table, place: pl.population.place ?? pl.id, basis: pl.population.basis },
      path: ['places', q],
    }));
  } else out = readPlacesTable(ctx, places.table, places.population);
  entriesOf.set(ctx, out);
  return out;
}

/** One entry per row of a places table: place and name, and optionally commissioner, council, need_index and area. */
function readPlacesTable(ctx: Slots, file: string, population: { table: PopTable; basis: 'registered' | 'resident' }): PlaceEntry[] {
  const path = ['places', 'table'];
  const where = ctx.where(path);
  const t = readTable(file, where);
  const col = (name: string) => columnIndex(t, name, where);
  const optional = (name: string) => t.columns.indexOf(name);
  const [pc, nc, cc, kc, ic, ac] = [col('place'), col('name'), optional('commissioner'), optional('council'), optional('need_index'), optional('area')];
  const firstLine = new Map<string, number>();
  return t.rows.map((r, i) => {
    const line = t.lines[i]!;
    const bad = (column: string, problem: string): never => ctx.fail(path, messages.place.tableCell(t.file, line, column, problem));
    const id = r[pc]!.trim();
    if (!ID.test(id)) bad('place', messages.place.badId(id));
    if (firstLine.has(id)) bad('place', messages.place.duplicateRow(id, firstLine.get(id)!));
    firstLine.set(id, line);
    const name = r[nc]!.trim();
    if (!name) bad('name', 'empty');
    const text = (c: number) => (c >= 0 && r[c]!.trim() !== '' ? r[c]!.trim() : undefined);
    return {
      id,
      name,
      population: { table: population.table, place: id, basis: population.basis },
      commissioner: text(cc),
      council: text(kc),
      needIndex: text(ic) === undefined ? undefined : numberCell(t, i, ic, where),
      area: text(ac),
      path,
      row: { file: t.file, line },
    };
  });
}

/** The id of the one place of a scenario that declares none. */
export const WHOLE_PLACE = 'all';

/** A population table as written: a CSV file, or a choice among several. */
type PopTable = string | PopulationChoiceT;

/**
 * A population table as year × age band (year-major): rows for one place where it has a place column, sexes summed.
 * `variant` names the rows of one variant where the table has a variant column (an option of a choice; problems are then located at `variant.path`).
 */
export function readPopulation(ctx: Slots, file: string, path: Path, key: string | undefined, variant?: { name: string; path: Path }): Float64Array {
  const where = ctx.where(variant?.path ?? [...path, 'table']);
  const t = readTable(file, where);
  const yc = t.columns.indexOf('year');
  if (yc < 0) throw new UserError(`${where}: ${messages.table.missingKeyColumn(t.file, 'year')}`);
  const pc = t.columns.indexOf('place');
  const vc = t.columns.indexOf('variant');
  if (vc >= 0 && !variant) throw new UserError(`${where}: ${messages.place.variantColumn(t.file)}`);
  const cols = ctx.bands.map((b) => columnIndex(t, b, where));
  const nB = ctx.bands.length;
  uniqueRows(t, ['variant', 'place', 'year', 'sex'], where);
  let rows = pc >= 0 && key !== undefined ? t.rows.flatMap((r, i) => (r[pc]!.trim() === key ? [i] : [])) : t.rows.map((_, i) => i);
  if (vc >= 0 && variant) {
    const all = rows;
    rows = rows.filter((r) => t.rows[r]![vc]!.trim() === variant.name);
    if (rows.length === 0 && all.length > 0) throw new UserError(`${where}: ${messages.place.noVariantRows(t.file, variant.name, [...new Set(all.map((r) => t.rows[r]![vc]!.trim()))])}`);
  }
  if (rows.length === 0) throw new UserError(`${where}: ${messages.place.noRows(t.file, key ?? '')}`);
  const out = new Float64Array(ctx.years.length * nB);
  ctx.years.forEach((y, ti) => {
    // every row for the year: one, or one per sex
    const here = rows.filter((r) => t.rows[r]![yc]!.trim() === y);
    if (here.length === 0) {
      throw new UserError(`${where}: ${pc >= 0 && key !== undefined ? messages.place.missingYear(t.file, key, y) : messages.table.missingRow(t.file, 'year', y)}`);
    }
    for (const r of here) cols.forEach((c, a) => (out[ti * nB + a]! += numberCell(t, r, c, where)));
  });
  return out;
}

/** The scenario's choice among population tables: the options, and every place's population under each. */
export interface PopulationVariants {
  names: string[];
  p: number[];
  /** The option a single run uses. */
  central: number;
  /** Where the (first) choice is written. */
  path: Path;
  /** Every place's population [(q*nY+t)*nB+a] under each option. */
  populations: Float64Array[];
}

/**
 * Every place's population [(q*nY+t)*nB+a], read before anything else
 * (profiles need the base year); with a choice among tables, the central
 * option's, and the population under every option in `variants`.
 */
export function normalisePopulation(ctx: Slots): { population: Float64Array; variants?: PopulationVariants } {
  const sc = ctx.sc;
  const n = ctx.years.length * ctx.bands.length;
  /** Each place's table, where it is written, and its key in a table of many places. */
  let entries: { table: PopTable; path: Path; key: string | undefined }[];
  if (!sc.places) {
    if (!sc.population) ctx.fail([], messages.place.noPopulation());
    entries = [{ table: sc.population.table, path: ['population'], key: undefined }];
  } else {
    if (sc.population) ctx.fail(['population'], messages.place.bothPopulations());
    const unique = ctx.uniqueIds('place');
    entries = placeEntries(ctx)!.map((pl) => {
      unique(pl.id, pl.row ? pl.path : [...pl.path, 'id']);
      return { table: pl.population.table, path: pl.row ? ['places', 'population'] : [...pl.path, 'population'], key: pl.population.place };
    });
  }
  const choices = entries.filter((e): e is typeof e & { table: PopulationChoiceT } => typeof e.table !== 'string');
  const first = choices[0];
  if (!first) {
    const out = new Float64Array(entries.length * n);
    entries.forEach((e, q) => out.set(readPopulation(ctx, e.table as string, e.path, e.key), q * n));
    return { population: out };
  }
  const spec = (c: PopulationChoiceT) => JSON.stringify(c.options.map((o) => [o.name, o.p]));
  for (const c of choices) if (spec(c.table) !== spec(first.table)) ctx.fail([...c.path, 'table', 'options'], messages.place.choiceDiffers(label(first.path)));
  const options = first.table.options;
  const names = options.map((o) => o.name);
  const p = options.map((o) => o.p);
  const central = first.table.central !== undefined ? names.indexOf(first.table.central) : p.indexOf(Math.max(...p));
  const populations = options.map(() => new Float64Array(entries.length * n));
  entries.forEach((e, q) => {
    if (typeof e.table === 'string') {
      const pop = readPopulation(ctx, e.table, e.path, e.key);
      for (const out of populations) out.set(pop, q * n);
      return;
    }
    const choice = e.table;
    const read = choice.options.map((o, k) => readPopulation(ctx, o.table, e.path, e.key, { name: o.name, path: [...e.path, 'table', 'options', k, 'table'] }));
    const base = read[central]!;
    read.forEach((pop, k) => {
      // the base year is where activity rates come from: every option must agree there
      for (let a = 0; a < ctx.bands.length; a++) {
        if (Math.abs(pop[a]! - base[a]!) > 1e-9 * Math.max(1, Math.abs(base[a]!))) {
          ctx.fail([...e.path, 'table', 'options', k, 'table'], messages.place.variantBaseYear(names[k]!, ctx.years[0]!, ctx.bands[a]!, pop[a]!, base[a]!));
        }
      }
      populations[k]!.set(pop, q * n);
    });
  });
  return { population: populations[central]!, variants: { names, p, central, path: [...first.path, 'table'], populations } };
}

function label(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** The places, with the commissioner and council serving each (after parameters and organisations). */
export function normalisePlaces(ctx: Slots, orgs: Organisations): PlaceDef[] {
  const sc = ctx.sc;
  if (!sc.places) {
    return [{ id: WHOLE_PLACE, name: sc.name, commissioner: -1, council: -1, basis: sc.population?.basis ?? 'registered', needIndexSlot: ctx.num(1, ['population']), area: '' }];
  }
  return placeEntries(ctx)!.map((pl) => {
    const at = (key: string): Path => (pl.row ? pl.path : [...pl.path, key]);
    const ref = (id: string | undefined, key: string, kinds: OrgKind[], role: string): number => {
      if (id === undefined) return -1;
      // a table row's problem names its file and line
      if (pl.row && !orgs.index.has(id)) {
        ctx.fail(pl.path, messages.place.tableCell(pl.row.file, pl.row.line, key, messages.unknownReference('organisation', id, nearest(id, orgs.index.keys()))));
      }
      return orgRef(ctx, orgs, id, at(key), kinds, role);
    };
    return {
      id: pl.id,
      name: pl.name,
      commissioner: ref(pl.commissioner, 'commissioner', ['commissioner'], "place's commissioner"),
      council: ref(pl.council, 'council', ['council'], "place's council"),
      basis: pl.population.basis,
      needIndexSlot: ctx.num(pl.needIndex ?? 1, at('needIndex'), { min: 0, what: 'need index' }),
      area: pl.area ?? '',
    };
  });
}

/** The indices of the places `ids` (every place when undefined). */
export function placeRefs(ctx: Slots, places: readonly PlaceDef[], ids: readonly string[] | undefined, path: Path): number[] {
  if (ids === undefined) return places.map((_, q) => q);
  return ids.map((id, k) => {
    const q = places.findIndex((p) => p.id === id);
    if (q < 0) ctx.fail([...path, k], messages.place.unknown(id, nearest(id, places.map((p) => p.id))));
    return q;
  });
}
