/**
 * A choice among population tables (`Model.populationVariants`): the model
 * and workspace a projection uses for the option its parameters choose.
 *
 * Each option is the model with that option's population, projected in a
 * workspace of its own (allocated on first use and kept with the caller's
 * workspace), so each option's do-nothing demand base is computed once and,
 * when no demand input is sampled, its demand is kept between projections
 * exactly as a model without a choice keeps its one.
 */
import type { Model } from './types.js';
import { allocate, type Workspace } from './project.js';

interface Options {
  models: Model[];
  workspaces: (Workspace | undefined)[];
  /** Whether each option's workspace holds demand from an earlier projection. */
  held: Uint8Array;
}

const byWorkspace = new WeakMap<Workspace, Options>();

/**
 * The model (without the choice) and workspace for the option `p` chooses, and
 * whether that workspace already holds this option's demand. The central
 * option projects in `ws` itself.
 */
export function variantFor(model: Model, p: ArrayLike<number>, ws: Workspace): { model: Model; ws: Workspace; held: boolean } {
  const v = model.populationVariants!;
  let o = byWorkspace.get(ws);
  if (!o) {
    const models = v.populations.map((population) => ({ ...model, population, populationVariants: undefined }));
    o = { models, workspaces: models.map((_, k) => (k === v.central ? ws : undefined)), held: new Uint8Array(models.length) };
    byWorkspace.set(ws, o);
  }
  const k = Math.min(v.populations.length - 1, Math.max(0, Math.round(p[v.slot]!)));
  const m = o.models[k]!;
  const w = (o.workspaces[k] ??= allocate(m));
  const held = o.held[k] === 1;
  o.held[k] = 1;
  return { model: m, ws: w, held };
}
