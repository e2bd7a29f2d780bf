/**
 * Schemes (MODEL.md step 3): shifts, avoidance, length of stay and efficiencies,
 * in the order listed, each with its phasing over the years and its investment.
 */
import type { Path } from '../load.js';
import { messages, nearest } from '../messages.js';
import type { ScenarioScheme } from '../schema.js';
import { SchemeKind, type InvestmentDef, type SchemeDef, type SchemeTargetDef, type ServiceDef, type PlaceDef } from '../../engine/types.js';
import type { NormalisedServices } from './services.js';
import { orgRef, type Organisations } from './organisations.js';
import { placeRefs } from './population.js';
import { serviceIds, serviceRef } from './services.js';
import type { Slots } from './slots.js';

/**
 * The schemes, with their source and target services resolved and their
 * phasing by year; each acts on the source's flows in the scheme's places and
 * sends what it moves to the targets' flows in the same place.
 */
export function normaliseSchemes(ctx: Slots, svc: NormalisedServices, places: readonly PlaceDef[], orgs: Organisations): SchemeDef[] {
  const { services, flows } = svc;
  const ids = serviceIds(services);
  const unique = ctx.uniqueIds('scheme');
  return (ctx.sc.schemes ?? []).map((k, i) => {
    const at = (...p: (string | number)[]) => ['schemes', i, ...p];
    unique(k.id, at('id'));
    const source = serviceRef(ctx, k.service, at('service'), ids);
    const { kind, targets, fractionSlot, daysSlot } = effect(ctx, k, at, source, services, ids);
    const qs = placeRefs(ctx, places, k.places, at('places'));
    if (kind === SchemeKind.Efficiency && k.places) ctx.fail(at('places'), messages.scheme2.efficiencyPlaces());
    const inPlaces = new Set(qs);
    const sources = Array.from(services[source]!.flows).filter((f) => inPlaces.has(flows[f]!.place));
    const targetStart = [0];
    const targetFlows: number[] = [];
    const targetOf: number[] = [];
    for (const f of sources) {
      targets.forEach((g, m) => {
        for (const tf of services[g.service]!.flows) {
          if (flows[tf]!.place !== flows[f]!.place) continue;
          targetFlows.push(tf);
          targetOf.push(m);
        }
      });
      targetStart.push(targetFlows.length);
    }
    if (kind !== SchemeKind.Los && services[source]!.parent >= 0 && kind !== SchemeKind.Efficiency) {
      ctx.fail(at('service'), messages.scheme.followerSource(k.service));
    }
    const bands = new Uint8Array(ctx.bands.length);
    if (k.ageBands) {
      k.ageBands.forEach((b, j) => {
        const a = ctx.bands.indexOf(b);
        if (a < 0) ctx.fail(at('ageBands', j), messages.unknownReference('age band', b, nearest(b, ctx.bands)));
        bands[a] = 1;
      });
    } else bands.fill(1);
    const investments: InvestmentDef[] = (k.investment ?? []).map((inv, j) => {
      const oneOffSlots = new Int32Array(ctx.years.length).fill(-1);
      for (const [y, v] of Object.entries(inv.oneOff ?? {})) {
        const t = ctx.yearIndex(y, at('investment', j, 'oneOff', y));
        oneOffSlots[t] = ctx.num(v, at('investment', j, 'oneOff', y), { min: 0, what: 'investment' });
      }
      const org = orgRef(ctx, orgs, inv.organisation, at('investment', j, 'organisation'), ['commissioner', 'council', 'provider'], 'investor');
      // the scheme's places that the investor serves or provides for (else all of the scheme's)
      const mine = qs.filter((q) => places[q]!.commissioner === org || places[q]!.council === org || flows.some((f) => f.place === q && f.provider === org));
      return {
        org,
        places: Int32Array.from(mine.length ? mine : qs),
        oneOffSlots,
        recurrentSlot: inv.recurrent === undefined ? -1 : ctx.num(inv.recurrent, at('investment', j, 'recurrent'), { min: 0, what: 'investment' }),
      };
    });
    return {
      id: k.id,
      name: k.name ?? k.id,
      kind,
      service: source,
      sources: Int32Array.from(sources),
      lines: kind === SchemeKind.Efficiency ? Int32Array.from(services[source]!.lines) : new Int32Array(0),
      targets,
      targetStart: Int32Array.from(targetStart),
      targetFlows: Int32Array.from(targetFlows),
      targetOf: Int32Array.from(targetOf),
      places: Int32Array.from(qs),
      bands,
      phase: phase(ctx, k.phasing, at('phasing')),
      fractionSlot,
      daysSlot,
      realisationSlot: ctx.num(k.realisation ?? 1, at('realisation'), { min: 0, max: 1, what: 'realisation' }),
      scopeSlot: ctx.num(k.scope ?? 1, at('scope'), { min: 0, max: 1, what: 'scope' }),
      investments,
      rationale: k.rationale,
      evidence: k.source,
    };
  });
}

/** What a scheme does to its source: its kind, targets and the slots of its size. */
function effect(ctx: Slots, k: ScenarioScheme, at: (...p: (string | number)[]) => Path, source: number, services: ServiceDef[], ids: Map<string, number>) {
  let targets: SchemeTargetDef[] = [];
  let kind: SchemeKind;
  let daysSlot = -1;
  let fractionSlot = -1;
  const unit = { min: 0, max: 1, what: 'fraction' };
  switch (k.type) {
    case 'shift':
      kind = SchemeKind.Shift;
      if (k.target === undefined && k.targets === undefined) ctx.fail(at(), messages.scheme2.needsTarget());
      if (k.target !== undefined && k.conversion === undefined) ctx.fail(at(), messages.scheme2.needsConversion());
      fractionSlot = ctx.num(k.fraction, at('fraction'), unit);
      targets = schemeTargets(ctx, k, at, source, services, ids, (target, id, path) => {
        if (services.some((s) => s.parent === target)) ctx.fail(path, `service '${id}' has bed days that follow it; shift to a service without bed days`);
        if (services[target]!.parent >= 0) ctx.fail(path, `service '${id}' is bed days that follow admissions; shift to its admissions instead`);
      });
      break;
    case 'avoid':
      kind = SchemeKind.Avoid;
      fractionSlot = ctx.num(k.fraction, at('fraction'), unit);
      break;
    case 'los':
      kind = SchemeKind.Los;
      if (services[source]!.parent < 0) ctx.fail(at('service'), messages.scheme.losNeedsBedDays(k.service));
      if ((k.fraction === undefined) === (k.days === undefined)) ctx.fail(at(), messages.scheme.losNeedsOne());
      if (k.fraction !== undefined) fractionSlot = ctx.num(k.fraction, at('fraction'), unit);
      if (k.days !== undefined) daysSlot = ctx.num(k.days, at('days'), { min: 0, what: 'days' });
      if (k.target === undefined && k.targets === undefined && k.conversion !== undefined) ctx.fail(at('conversion'), messages.scheme.targetNeedsConversion());
      targets = schemeTargets(ctx, k, at, source, services, ids, (target, id, path) => {
        if (services[target]!.parent >= 0 || services.some((s) => s.parent === target)) ctx.fail(path, `service '${id}' cannot receive bed days: it has or follows admissions`);
      });
      break;
    case 'efficiency':
      kind = SchemeKind.Efficiency;
      fractionSlot = ctx.num(k.fraction, at('fraction'), unit);
      break;
  }
  return { kind, targets, fractionSlot, daysSlot };
}

/** A shift's or length-of-stay scheme's targets: one `target` with `conversion`, or `targets` with shares summing to 1. */
function schemeTargets(
  ctx: Slots,
  k: Extract<ScenarioScheme, { type: 'shift' | 'los' }>,
  at: (...p: (string | number)[]) => Path,
  source: number,
  services: ServiceDef[],
  ids: Map<string, number>,
  checkTarget: (target: number, id: string, path: Path) => void,
): SchemeTargetDef[] {
  if (k.target !== undefined && k.targets !== undefined) ctx.fail(at('targets'), messages.scheme2.targetOrTargets());
  const resolve = (id: string, path: Path) => {
    const t = serviceRef(ctx, id, path, ids);
    if (t === source) ctx.fail(path, messages.scheme.selfShift(k.id, k.service));
    checkTarget(t, id, path);
    return t;
  };
  if (k.target !== undefined) {
    const service = resolve(k.target, at('target'));
    return [{ service, splitSlot: ctx.num(1, at('target')), conversionSlot: ctx.num(k.conversion ?? 1, at('conversion'), { min: 0, what: 'conversion' }) }];
  }
  if (k.targets === undefined) return [];
  const out = k.targets.map((g, m) => ({
    service: resolve(g.service, at('targets', m, 'service')),
    splitSlot: ctx.num(g.share, at('targets', m, 'share'), { min: 0, max: 1, what: 'share' }),
    conversionSlot: ctx.num(g.conversion ?? 1, at('targets', m, 'conversion'), { min: 0, what: 'conversion' }),
  }));
  const sum = out.reduce((acc, g) => acc + ctx.p[g.splitSlot]!, 0);
  if (Math.abs(sum - 1) > 1e-9) ctx.fail(at('targets'), messages.scheme2.targetsSum(sum));
  return out;
}

/** Share of full effect by year: explicit fractions, or a ramp from the start year. */
function phase(ctx: Slots, ph: ScenarioScheme['phasing'], path: Path): Float64Array {
  const nY = ctx.years.length;
  const out = new Float64Array(nY);
  const start = ctx.yearIndex(ph.start, [...path, 'start']);
  if (ph.fractions) {
    let last = 0;
    for (let t = 0; t < nY; t++) {
      const y = ctx.years[t]!;
      if (y in ph.fractions) last = ctx.check(ph.fractions[y]!, [...path, 'fractions', y], { min: 0, max: 1, what: 'phasing fraction' });
      out[t] = t < start ? 0 : last;
    }
    for (const y of Object.keys(ph.fractions)) {
      if (!ctx.years.includes(y)) ctx.fail([...path, 'fractions', y], messages.scheme.fractionsOutsideHorizon(y));
    }
    return out;
  }
  const years = ph.years ?? 1;
  const ramp = ph.ramp ?? 'linear';
  for (let t = start; t < nY; t++) {
    const x = (t - start + 1) / years; // share of the ramp completed by the end of year t
    if (ramp === 'step' || x >= 1) out[t] = x >= 1 || ramp === 'step' ? (ramp === 'step' && x < 1 ? 0 : 1) : x;
    else if (ramp === 'linear') out[t] = x;
    else out[t] = sCurve(x);
  }
  return out;
}

/** Smooth ramp from 0 to 1 over x in [0, 1] (logistic, rescaled to hit 0 and 1 at the ends). */
function sCurve(x: number): number {
  const k = 10;
  const f = (u: number) => 1 / (1 + Math.exp(-k * (u - 0.5)));
  return (f(x) - f(0)) / (f(1) - f(0));
}
