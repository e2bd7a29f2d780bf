/**
 * Deflators: named price indices (GDP deflator, NHS cost inflation) as annual
 * rates covering every year of the projection, for real-terms funding growth
 * and for presenting results in real terms.
 */
import { messages } from '../messages.js';
import type { DeflatorDef } from '../../engine/types.js';
import type { Slots } from './slots.js';

/** The scenario's deflators, each a series of numbers covering the horizon. */
export function normaliseDeflators(ctx: Slots): DeflatorDef[] {
  const unique = ctx.uniqueIds('deflator');
  return (ctx.sc.deflators ?? []).map((d, i) => {
    const at = (...k: (string | number)[]) => ['deflators', i, ...k];
    unique(d.id, at('id'));
    if (typeof d.rates === 'object' && 'dist' in d.rates) ctx.fail(at('rates'), messages.deflator.uncertain(d.id));
    const end = ctx.seriesEnd(d.rates);
    if (end !== undefined && end < ctx.sc.horizon) ctx.fail(at('rates'), messages.deflator.notCovering(d.id, end, ctx.sc.horizon));
    return { id: d.id, name: d.name, slot: ctx.series(d.rates, at('rates'), { min: -1 }), source: d.source };
  });
}
