/**
 * A straightforward implementation of one projection — plain objects and
 * arrays, no typed arrays, no reuse — written only to show in `npm run bench`
 * what the engine's design gains. It computes the system gap of the same model
 * (demand, schemes, cost, funding), which the bench checks against the engine.
 * It handles one place with one provider per service (as the Harrogate default
 * has): each flow is its own line. Funding (allocations grown by weighted
 * population, real growth and a deflator) is the engine's own step: the
 * comparison is of demand, schemes and cost.
 */
import { applyLinks, type Model } from '../src/index.js';
import { funding as engineFunding, fundingScratch } from '../src/engine/funding.js';

interface Cell {
  band: string;
  persons: number;
  activity: number;
}

interface ServiceYear {
  year: string;
  cells: Cell[];
  costMultiplier: number;
}

/** The system gap by year, the slow, obvious way. */
export function naiveGap(model: Model, pIn: Float64Array): number[] {
  const linked = Float64Array.from(pIn);
  applyLinks(model, linked); // links and formulas, as the engine applies them
  const p: number[] = Array.from(linked);
  const years = model.years.map((y) => y);
  const bands = model.bands.map((b) => b);
  const rate = (slot: number, t: number) => (t === 0 ? 0 : p[slot + t]!);
  const index = (slot: number, sign = 1) => {
    const out = [1];
    for (let t = 1; t < years.length; t++) out.push(out[t - 1]! * (1 + sign * rate(slot, t)));
    return out;
  };

  if (model.flows.length !== model.lines.length) throw new Error('naiveGap handles one place with one provider per service');
  // demand: a list of years of cells of objects, per flow
  const demand: ServiceYear[][] = model.flows.map(() => []);
  const order = [...model.flows.keys()].sort((a, b) => Number(model.flows[a]!.parent >= 0) - Number(model.flows[b]!.parent >= 0));
  for (const s of order) {
    const svc = model.flows[s]!;
    const growth = index(svc.growthSlot);
    demand[s] = years.map((year, t) => ({
      year,
      costMultiplier: 1,
      cells: bands.map((band, a) => {
        const persons = model.population[t * bands.length + a]!;
        const shape = model.shape[s * bands.length + a]! * p[svc.scaleSlot]! * growth[t]!;
        const activity = svc.parent >= 0 ? demand[svc.parent]![t]!.cells[a]!.activity * shape : shape * persons;
        return { band, persons, activity };
      }),
    }));
  }
  const sum = (cells: Cell[]) => cells.reduce((acc, c) => acc + c.activity, 0);
  const baseActivity = model.flows.map((_, s) => sum(demand[s]![0]!.cells));

  // schemes, in order, on what remains
  for (const sc of model.schemes) {
    const real = p[sc.realisationSlot]! * p[sc.scopeSlot]!;
    const fraction = sc.fractionSlot >= 0 ? p[sc.fractionSlot]! : 0;
    // one place, one provider a service: each target service has one flow
    const targets = sc.targets.map((g) => ({ flow: model.services[g.service]!.flows[0]!, units: p[g.conversionSlot]! * p[g.splitSlot]! }));
    const source = sc.kind === 3 ? model.lines[sc.lines[0]!]!.flows[0]! : sc.sources[0]!;
    years.forEach((_, t) => {
      const phi = Math.min(1, Math.max(0, fraction * sc.phase[t]! * real));
      if (sc.kind === 3) {
        demand[source]![t]!.costMultiplier *= 1 - phi;
        return;
      }
      bands.forEach((_, a) => {
        if (!sc.bands[a]) return;
        const cell = demand[source]![t]!.cells[a]!;
        let cut = phi * cell.activity;
        if (sc.kind === 2 && sc.daysSlot >= 0) {
          const adm = demand[model.flows[source]!.parent]![t]!.cells[a]!.activity;
          cut = adm > 0 ? Math.min(cell.activity, p[sc.daysSlot]! * sc.phase[t]! * real * adm) : 0;
        }
        cell.activity -= cut;
        for (const g of targets) demand[g.flow]![t]!.cells[a]!.activity += cut * g.units;
        if (sc.kind !== 2) {
          model.flows.forEach((f, fi) => {
            if (f.parent === source) demand[fi]![t]!.cells[a]!.activity *= 1 - phi;
          });
        }
      });
    });
  }

  // cost and funding
  const cost = years.map(() => 0);
  model.flows.forEach((flow, s) => {
    const svc = model.lines[flow.line]!;
    const u = p[svc.unitCostSlot]!;
    const a0 = baseActivity[s]!;
    const base = u * a0;
    const size = p[svc.stepSizeSlot]!;
    const steps0 = size > 0 && a0 > 0 ? Math.ceil(a0 / size) : 0;
    const fixed = p[svc.fixedShareSlot]! * base;
    const stepCost = steps0 > 0 ? (p[svc.stepShareSlot]! * base) / steps0 : 0;
    const variable = (1 - p[svc.fixedShareSlot]! - (steps0 > 0 ? p[svc.stepShareSlot]! : 0)) * u;
    const inflation = index(svc.inflationSlot);
    const efficiency = index(svc.efficiencySlot, -1);
    demand[s]!.forEach((sy, t) => {
      const act = sum(sy.cells);
      const steps = steps0 > 0 ? Math.ceil(act / size - 1e-9) : 0;
      cost[t]! += inflation[t]! * efficiency[t]! * sy.costMultiplier * (fixed + variable * act + stepCost * steps);
    });
  });
  const investment = years.map((_, t) =>
    model.schemes.reduce(
      (acc, sc) =>
        acc +
        sc.investments.reduce((a, v) => a + (v.oneOffSlots[t]! >= 0 ? p[v.oneOffSlots[t]!]! : 0) + (v.recurrentSlot >= 0 ? p[v.recurrentSlot]! * sc.phase[t]! : 0), 0),
      0,
    ),
  );
  // the engine's funding step needs base-year activity by flow and band for its weights
  const nB = bands.length;
  const act = new Float64Array(model.flows.length * years.length * nB);
  demand.forEach((sy, s) => sy.forEach((y, t) => y.cells.forEach((c, a) => (act[(s * years.length + t) * nB + a] = c.activity))));
  const orgFunding = new Float64Array(model.orgs.length * years.length);
  engineFunding(model, Float64Array.from(p), act, orgFunding, new Float64Array(model.orgs.length * model.places.length * years.length), fundingScratch(model));
  const funding = years.map((_, t) => model.orgs.reduce((acc, _o, o) => acc + orgFunding[o * years.length + t]!, 0));
  return years.map((_, t) => cost[t]! + investment[t]! - funding[t]!);
}
