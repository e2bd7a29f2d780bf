/**
 * A model as sent to a worker thread. A model is plain data and typed
 * arrays, which structured cloning copies, except each formula's compiled
 * function: that travels as its tree and is compiled again on arrival.
 */
import { compileFormula, type Formula } from '../engine/formulas.js';
import type { Model } from '../engine/types.js';

export type ModelMessage = Omit<Model, 'formulas'> & { formulas: Omit<Formula, 'fn'>[] };

/** The model without its functions, ready for postMessage. */
export function modelMessage(model: Model): ModelMessage {
  return { ...model, formulas: model.formulas.map(({ slot, tree }) => ({ slot, tree })) };
}

/** The model again, its formulas compiled. */
export function modelFromMessage(message: ModelMessage): Model {
  return { ...message, formulas: message.formulas.map((f) => ({ ...f, fn: compileFormula(f.tree) })) };
}
