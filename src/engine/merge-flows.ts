/**
 * A smaller model for Monte Carlo when no figure by place is recorded: the
 * flows of one line that differ only in their place are merged into one.
 * Every figure Monte Carlo records is a sum over flows of something linear
 * in a flow's activity (line totals, tariff and cost-per-case payments, the
 * default block value, commissioners' and providers' positions), so summing
 * the flows first changes them by rounding only; a Devon-sized system (4,014
 * flows, 138 places) projects as 51 lines' worth of flows.
 *
 * A flow is merged only when nothing singles it out: no scheme reads or
 * changes it (flowsNeedingBands), its payment is linear in activity (tariff,
 * cost per case, none, or a default block), and no sampled input reaches
 * its scale or share (those are folded into the merged flow's demand
 * base). With pools or envelopes (whose scopes and settlements are by flow
 * and place) the model is kept as it is.
 */
import { ActivityKind, Pay, type FlowDef, type Model } from './types.js';
import { demandBase, flowsNeedingBands } from './demand.js';
import { derivedWeights, weightBasis } from './funding.js';
import { applyLinks, project } from './project.js';

export interface MergedFlows {
  model: Model;
  /** The merged model's demand base (demandBase of the full model, summed over each merged flow's members). */
  base: Float64Array;
}

/**
 * `model` with mergeable flows merged, given the slots that vary between
 * projections (`varying`, from varyingSlots); null when nothing would merge.
 */
export function mergeFlows(model: Model, varying: Uint8Array): MergedFlows | null {
  if (model.pools.length || model.envelopes.length) return null;
  const { nYears: nY, nBands: nB, flows } = model;
  // the central parameters with links and formulas applied: the values of the slots that never vary
  const p = Float64Array.from(model.p0);
  applyLinks(model, p);
  const derived = model.funding.some((f) => !f.weights);
  // derived funding weights read every flow's base-year activity by band and unit cost: fixed only if none varies
  if (derived && flows.some((f) => varying[f.unitCostSlot] || varying[f.scaleSlot] || varying[f.shareSlot])) return null;

  const alone = flowsNeedingBands(model);
  const payLinear = (f: FlowDef) => f.payment.model === Pay.Tariff || f.payment.model === Pay.CostPerCase || f.payment.model === Pay.None || (f.payment.model === Pay.Block && f.payment.amountSlot < 0);
  const mergeable = (f: FlowDef, i: number) => !alone[i] && payLinear(f) && !varying[f.scaleSlot] && (f.activityKind === ActivityKind.Follows || !varying[f.shareSlot]);

  // groups, parents before followers: a follower merges with followers of its parent's group
  const group = new Int32Array(flows.length).fill(-1);
  const members: number[][] = [];
  const byKey = new Map<string, number>();
  for (const f of model.order) {
    const flow = flows[f]!;
    const parentGroup = flow.activityKind === ActivityKind.Follows ? group[flow.parent]! : -1;
    const pay = flow.payment;
    const key = mergeable(flow, f)
      ? [flow.line, flow.commissioner, flow.activityKind, parentGroup, flow.growthSlot, flow.unitCostSlot, pay.model, pay.amountSlot, pay.upliftSlot].join(' ')
      : `alone ${f}`;
    let g = byKey.get(key);
    if (g === undefined) {
      g = members.length;
      byKey.set(key, g);
      members.push([]);
    }
    group[f] = g;
    members[g]!.push(f);
  }
  if (members.length > 0.75 * flows.length) return null;

  // each flow's constant multiplier of its demand base: scale × share, through its parent for bed days
  const k = new Float64Array(flows.length);
  for (const f of model.order) {
    const flow = flows[f]!;
    k[f] = flow.activityKind === ActivityKind.Follows ? k[flow.parent]! * p[flow.scaleSlot]! : p[flow.scaleSlot]! * p[flow.shareSlot]!;
  }
  const full = demandBase(model);
  const newFlows: FlowDef[] = [];
  const kMerged = new Float64Array(members.length);
  const base = new Float64Array(members.length * nY);
  const shape = new Float64Array(members.length * nB);
  members.forEach((m, g) => {
    const first = flows[m[0]!]!;
    const follows = first.activityKind === ActivityKind.Follows;
    // the member whose own scale (× share) is largest: zero only if every member's is
    const own = (f: number) => Math.abs(follows ? p[flows[f]!.scaleSlot]! : p[flows[f]!.scaleSlot]! * p[flows[f]!.shareSlot]!);
    const rep = m.reduce((a, b) => (own(b) > own(a) ? b : a));
    const flow = flows[rep]!;
    const parent = follows ? group[flow.parent]! : -1;
    kMerged[g] = follows ? kMerged[parent]! * p[flow.scaleSlot]! : p[flow.scaleSlot]! * p[flow.shareSlot]!;
    newFlows.push({ ...flow, parent, followers: new Int32Array(0) });
    shape.set(model.shape.subarray(rep * nB, rep * nB + nB), g * nB);
    for (let t = 0; t < nY; t++) {
      let sum = 0;
      for (const f of m) sum += k[f]! * full[f * nY + t]!;
      base[g * nY + t] = m.length === 1 ? full[rep * nY + t]! : kMerged[g] !== 0 ? sum / kMerged[g]! : 0;
    }
  });
  newFlows.forEach((nf, g) => {
    const followers = new Set<number>();
    for (const f of members[g]!) for (const fl of flows[f]!.followers) followers.add(group[fl]!);
    nf.followers = Int32Array.from(followers);
  });
  const remap = (xs: Int32Array) => Int32Array.from(xs, (f) => group[f]!);
  const distinct = (xs: Int32Array) => Int32Array.from(new Set(remap(xs)));

  // derived funding weights are fixed (checked above): worked out once from the full model's base year
  let fundingDefs = model.funding;
  if (derived) {
    const act = project(model, p).doNothingActivity;
    fundingDefs = model.funding.map((f) => (f.weights ? f : { ...f, weights: derivedWeights(model, p, weightBasis(model, f.org, f.places), act, new Float64Array(nB)) }));
  }
  const merged: Model = {
    ...model,
    flows: newFlows,
    shape,
    order: Int32Array.from(members.keys()),
    lines: model.lines.map((l) => ({ ...l, flows: distinct(l.flows) })),
    services: model.services.map((s) => ({ ...s, flows: distinct(s.flows) })),
    schemes: model.schemes.map((sc) => ({ ...sc, sources: remap(sc.sources), targetFlows: remap(sc.targetFlows) })),
    funding: fundingDefs,
  };
  return { model: merged, base };
}
