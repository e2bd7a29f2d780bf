/**
 * A run checks its own results before anyone reads them: every figure finite,
 * organisations' positions summing to minus the gap (for the system and each
 * place), activity conserved (what leaves a service is avoided or arrives at
 * its target), and each pool's partner shares summing to its variance. A run
 * that fails stops with a UserError naming the input rather than writing a
 * wrong result. Once per deterministic projection; Monte Carlo checks its
 * summary statistics (`checkSimulation`).
 */
import { UserError } from '../errors.js';
import type { LoadedScenario, Path } from '../scenario/load.js';
import type { Model } from '../engine/types.js';
import type { Results } from './summary.js';

/** Lists of results whose items are the scenario's items of the same name (matched by id). */
const SCENARIO_LISTS = ['services', 'schemes', 'pools', 'envelopes', 'organisations', 'places'] as const;

/** Money that should agree may differ by rounding: a penny, or a billionth of the sums' size. */
const tolerance = (scale: number) => 0.01 + 1e-9 * scale;

/** Throws a UserError for the first figure of `r` that is not finite or breaks an identity. */
export function checkResults(model: Model, loaded: LoadedScenario, r: Results): void {
  checkFinite(loaded, r);
  checkPositions(loaded, r);
  checkPools(loaded, r);
  checkActivity(model, loaded, r);
}

/** Where in the scenario the results item at `list[index]` was written (by id), for messages. */
function inputPath(loaded: LoadedScenario, list: string, id: unknown): Path {
  const items = (loaded.scenario as Record<string, unknown>)[list];
  const k = Array.isArray(items) ? items.findIndex((x) => (x as { id?: unknown }).id === id) : -1;
  return k >= 0 ? [list, k] : [];
}

function checkFinite(loaded: LoadedScenario, r: Results): void {
  const walk = (v: unknown, where: string[], input: Path): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        throw new UserError(loaded.problem(input, `the projection gives ${v} for ${where.join(' ')}: an input is too large, or a rate compounds beyond what can be counted; check this item's numbers and the $parameters it uses`));
      }
    } else if (Array.isArray(v)) {
      const byYear = v.length === r.years.length && v.every((x) => typeof x === 'number' || x === null);
      v.forEach((x, i) => walk(x, [...where, byYear ? `in ${r.years[i]}` : `[${i}]`], input));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (Array.isArray(x) && (SCENARIO_LISTS as readonly string[]).includes(k) && where.length === 0) {
          x.forEach((item: { id?: unknown }) => walk(item, [`${k.replace(/s$/, '')} '${String(item.id)}'`], inputPath(loaded, k, item.id)));
        } else walk(x, [...where, k], input);
      }
    }
  };
  walk(r, [], []);
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** Σ positions = −gap, for the system and for each place, every year. */
function checkPositions(loaded: LoadedScenario, r: Results): void {
  const check = (positions: number[][], gap: number[], whose: string, input: Path) => {
    r.years.forEach((year, t) => {
      const column = positions.map((p) => p[t]!);
      const total = sum(column);
      const scale = sum(column.map(Math.abs)) + Math.abs(gap[t]!);
      if (Math.abs(total + gap[t]!) > tolerance(scale)) {
        throw new UserError(loaded.problem(input, `${whose}: organisations' positions in ${year} add up to ${total}, not minus the gap (${-gap[t]!}); the inputs are too large to add up exactly, or the model is inconsistent (please report it)`));
      }
    });
  };
  check(r.organisations.map((o) => o.position), r.system.gap, 'the system', []);
  for (const p of r.places) check(p.organisations.map((o) => o.position), p.gap, `place '${p.id}'`, inputPath(loaded, 'places', p.id));
}

/** Each pool's partners' shares add up to its variance, every year. */
function checkPools(loaded: LoadedScenario, r: Results): void {
  for (const pool of r.pools) {
    r.years.forEach((year, t) => {
      const shares = pool.partners.map((x) => x.share[t]!);
      const total = sum(shares);
      const variance = pool.variance[t]!;
      if (Math.abs(total - variance) > tolerance(sum(shares.map(Math.abs)) + Math.abs(variance))) {
        throw new UserError(loaded.problem(inputPath(loaded, 'pools', pool.id), `pool '${pool.id}': partners' shares in ${year} add up to ${total}, not the variance (${variance}); check its cover, reserve and risk-share rules`));
      }
    });
  }
}

/**
 * Activity is conserved: each service's activity is its do-nothing activity
 * less what schemes took from it (and the bed days that left with admissions),
 * plus what arrived from schemes that target it alone. Services that one of
 * several targets of a scheme receive are not checked (the split is not in the results).
 */
function checkActivity(model: Model, loaded: LoadedScenario, r: Results): void {
  const unsplit = new Set(r.schemes.filter((k) => k.targets.length > 1).flatMap((k) => k.targets));
  const parentOf = new Map(model.services.map((s) => [s.id, s.parent >= 0 ? model.services[s.parent]!.id : undefined]));
  for (const id of new Set(r.services.map((s) => s.id))) {
    if (unsplit.has(id)) continue;
    const lines = r.services.filter((s) => s.id === id);
    r.years.forEach((year, t) => {
      const activity = sum(lines.map((l) => l.activity[t]!));
      const doNothing = sum(lines.map((l) => l.doNothingActivity[t]!));
      let expected = doNothing;
      for (const k of r.schemes) {
        if (k.service === id) expected -= k.removed[t]!;
        if (k.target === id) expected += k.added[t]!;
        if (parentOf.get(id) === k.service) expected -= k.followerRemoved[t]!;
      }
      if (Math.abs(activity - expected) > 1e-6 * Math.max(1, doNothing)) {
        throw new UserError(loaded.problem(inputPath(loaded, 'services', id), `service '${id}': activity in ${year} is ${activity}, but its do-nothing activity less what schemes moved is ${expected}; check the schemes that move it (please report it if they are right)`));
      }
    });
  }
}

/** Monte Carlo: every summary statistic of every metric finite; otherwise a UserError naming the metric and year. */
export function checkSimulation<T extends { metrics: { id: string; label: string; byYear: ({ year: string } & object)[] }[] }>(file: string, s: T): T {
  for (const m of s.metrics) {
    for (const y of m.byYear) {
      for (const [stat, v] of Object.entries(y)) {
        if (typeof v === 'number' && !Number.isFinite(v)) {
          throw new UserError(`${file}: Monte Carlo gives ${v} for the ${stat} of ${m.label} (${m.id}) in ${y.year}: some draws of the uncertain inputs give a result too large to count; narrow the widest distributions or bound them (min/max)`);
        }
      }
    }
  }
  return s;
}
