/**
 * A choice among population tables (`Model.populationVariants`): the model
 * and workspace a projection uses for the option its parameters choose.
 *
 * Each option is the model with that option's population, projected in a
 * workspace of its own (allocated on first use and kept in the caller's
 * workspace's scratch, so the engine holds no state of its own), so each option's do-nothing demand base is computed once and,
 * when no demand input is sampled, its demand is kept between projections
 * exactly as a model without a choice keeps its one.
 */
import type { Model } from './types.js';
import { allocate, type Workspace } from './project.js';

/** The options' models and workspaces, kept in the scratch of the workspace a caller passes. */
export interface VariantOptions {
  models: Model[];
  workspaces: (Workspace | undefined)[];
  /** Whether each option's workspace holds demand from an earlier projection. */
  held: Uint8Array;
}

/**
 * The model (without the choice) and workspace for the option `p` chooses, and
 * whether that workspace already holds this option's demand. The central
 * option projects in `ws` itself.
 */
export function variantFor(model: Model, p: ArrayLike<number>, ws: Workspace): { model: Model; ws: Workspace; held: boolean } {
  const v = model.populationVariants!;
  let o = ws.scratch.variants;
  if (!o) {
    const models = v.populations.map((population) => ({ ...model, population, populationVariants: undefined }));
    o = { models, workspaces: models.map((_, k) => (k === v.central ? ws : undefined)), held: new Uint8Array(models.length) };
    ws.scratch.variants = o;
  }
  const k = Math.min(v.populations.length - 1, Math.max(0, Math.round(p[v.slot]!)));
  const m = o.models[k]!;
  const w = (o.workspaces[k] ??= allocate(m));
  const held = o.held[k] === 1;
  o.held[k] = 1;
  return { model: m, ws: w, held };
}
