/**
 * Places and demography (MODEL.md step 1): each place's population by year
 * and age band, from its table (rows for the place where the table has a
 * place column; female and male rows summed where it has a sex column). A
 * scenario without places is one place, with the scenario's population table.
 */
import { UserError } from '../../errors.js';
import type { Path } from '../load.js';
import { messages, nearest } from '../messages.js';
import { readTable, columnIndex, numberCell } from '../table.js';
import type { PlaceDef } from '../../engine/types.js';
import { orgRef, type Organisations } from './organisations.js';
import type { Slots } from './slots.js';

/** The id of the one place of a scenario that declares none. */
export const WHOLE_PLACE = 'all';

/** A population table as year × age band (year-major): rows for one place where it has a place column, sexes summed. */
export function readPopulation(ctx: Slots, file: string, path: Path, key: string | undefined): Float64Array {
  const where = ctx.where([...path, 'table']);
  const t = readTable(file, where);
  const yc = t.columns.indexOf('year');
  if (yc < 0) throw new UserError(`${where}: ${messages.table.missingKeyColumn(t.file, 'year')}`);
  const pc = t.columns.indexOf('place');
  const cols = ctx.bands.map((b) => columnIndex(t, b, where));
  const nB = ctx.bands.length;
  const rows = pc >= 0 && key !== undefined ? t.rows.flatMap((r, i) => (r[pc]!.trim() === key ? [i] : [])) : t.rows.map((_, i) => i);
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

/** Every place's population [(q*nY+t)*nB+a], read before anything else (profiles need the base year). */
export function normalisePopulation(ctx: Slots): Float64Array {
  const sc = ctx.sc;
  if (!sc.places) {
    if (!sc.population) ctx.fail([], messages.place.noPopulation());
    return readPopulation(ctx, sc.population.table, ['population'], undefined);
  }
  if (sc.population) ctx.fail(['population'], messages.place.bothPopulations());
  const unique = ctx.uniqueIds('place');
  const n = ctx.years.length * ctx.bands.length;
  const out = new Float64Array(sc.places.length * n);
  sc.places.forEach((pl, q) => {
    unique(pl.id, ['places', q, 'id']);
    out.set(readPopulation(ctx, pl.population.table, ['places', q, 'population'], pl.population.place ?? pl.id), q * n);
  });
  return out;
}

/** The places, with the commissioner and council serving each (after parameters and organisations). */
export function normalisePlaces(ctx: Slots, orgs: Organisations): PlaceDef[] {
  const sc = ctx.sc;
  if (!sc.places) {
    return [{ id: WHOLE_PLACE, name: sc.name, commissioner: -1, council: -1, basis: sc.population?.basis ?? 'registered', needIndexSlot: ctx.num(1, ['population']) }];
  }
  return sc.places.map((pl, q) => {
    const at = (...k: (string | number)[]) => ['places', q, ...k];
    return {
      id: pl.id,
      name: pl.name,
      commissioner: pl.commissioner === undefined ? -1 : orgRef(ctx, orgs, pl.commissioner, at('commissioner'), ['commissioner'], "place's commissioner"),
      council: pl.council === undefined ? -1 : orgRef(ctx, orgs, pl.council, at('council'), ['council'], "place's council"),
      basis: pl.population.basis,
      needIndexSlot: ctx.num(pl.needIndex ?? 1, at('needIndex'), { min: 0, what: 'need index' }),
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
