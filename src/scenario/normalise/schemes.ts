/**
 * Schemes (MODEL.md step 3): shifts, avoidance, length of stay and efficiencies,
 * in the order listed, each with its phasing over the years and its investment.
 */
import type { Path } from '../load.js';
import { messages, nearest } from '../messages.js';
import type { ScenarioScheme } from '../schema.js';
import { SchemeKind, type InvestmentDef, type SchemeDef, type ServiceDef } from '../../engine/types.js';
import { orgRef, type Organisations } from './organisations.js';
import { serviceIds, serviceRef } from './services.js';
import type { Slots } from './slots.js';

/** The schemes, with their source and target services resolved and their phasing by year. */
export function normaliseSchemes(ctx: Slots, services: ServiceDef[], orgs: Organisations): SchemeDef[] {
  const ids = serviceIds(services);
  const unique = ctx.uniqueIds('scheme');
  return (ctx.sc.schemes ?? []).map((k, i) => {
    const at = (...p: (string | number)[]) => ['schemes', i, ...p];
    unique(k.id, at('id'));
    const source = serviceRef(ctx, k.service, at('service'), ids);
    const { kind, target, fractionSlot, daysSlot, conversionSlot } = effect(ctx, k, at, source, services, ids);
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
      return {
        org: orgRef(ctx, orgs, inv.organisation, at('investment', j, 'organisation'), ['commissioner', 'council', 'provider'], 'investor'),
        oneOffSlots,
        recurrentSlot: inv.recurrent === undefined ? -1 : ctx.num(inv.recurrent, at('investment', j, 'recurrent'), { min: 0, what: 'investment' }),
      };
    });
    return {
      id: k.id,
      name: k.name ?? k.id,
      kind,
      source,
      target,
      bands,
      phase: phase(ctx, k.phasing, at('phasing')),
      fractionSlot,
      daysSlot,
      conversionSlot,
      realisationSlot: ctx.num(k.realisation ?? 1, at('realisation'), { min: 0, max: 1, what: 'realisation' }),
      scopeSlot: ctx.num(k.scope ?? 1, at('scope'), { min: 0, max: 1, what: 'scope' }),
      investments,
      rationale: k.rationale,
      evidence: k.source,
    };
  });
}

/** What a scheme does to its source: its kind, target and the slots of its size. */
function effect(ctx: Slots, k: ScenarioScheme, at: (...p: (string | number)[]) => Path, source: number, services: ServiceDef[], ids: Map<string, number>) {
  let target = -1;
  let kind: SchemeKind;
  let daysSlot = -1;
  let conversionSlot = -1;
  let fractionSlot = -1;
  const unit = { min: 0, max: 1, what: 'fraction' };
  switch (k.type) {
    case 'shift':
      kind = SchemeKind.Shift;
      target = serviceRef(ctx, k.target, at('target'), ids);
      if (target === source) ctx.fail(at('target'), messages.scheme.selfShift(k.id, k.service));
      if (services.some((s) => s.parent === target)) ctx.fail(at('target'), `service '${k.target}' has bed days that follow it; shift to a service without bed days`);
      if (services[target]!.parent >= 0) ctx.fail(at('target'), `service '${k.target}' is bed days that follow admissions; shift to its admissions instead`);
      fractionSlot = ctx.num(k.fraction, at('fraction'), unit);
      conversionSlot = ctx.num(k.conversion, at('conversion'), { min: 0, what: 'conversion' });
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
      if (k.target !== undefined) {
        target = serviceRef(ctx, k.target, at('target'), ids);
        if (target === source) ctx.fail(at('target'), messages.scheme.selfShift(k.id, k.service));
        if (services[target]!.parent >= 0 || services.some((s) => s.parent === target)) ctx.fail(at('target'), `service '${k.target}' cannot receive bed days: it has or follows admissions`);
        conversionSlot = ctx.num(k.conversion ?? 1, at('conversion'), { min: 0, what: 'conversion' });
      } else if (k.conversion !== undefined) ctx.fail(at('conversion'), messages.scheme.targetNeedsConversion());
      break;
    case 'efficiency':
      kind = SchemeKind.Efficiency;
      fractionSlot = ctx.num(k.fraction, at('fraction'), unit);
      break;
  }
  return { kind, target, fractionSlot, daysSlot, conversionSlot };
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
