/**
 * The seed systems beyond Harrogate, one module each (data/README.md has a section per system).
 * Each derives its tables into data/<folder>/ from the reference data; derive.ts writes them
 * with the Harrogate and national tables, all or nothing.
 */
import type { NccRow } from '../national-cost-collection.js';
import type { SuPopulation } from '../population.js';
import { CHESHIRE } from './cheshire.js';
import { ENGLAND_REBASED } from './council-population.js';
import { DEVON } from './devon.js';
import { NORTH_YORKSHIRE_YORK } from './north-yorkshire-york.js';
import { PLYMOUTH } from './plymouth.js';

/** What every system's derivation may read: the reference folder and the sources loaded once. */
export interface SystemInputs {
  /** The reference-data folder. */
  dir: string;
  /** Strategy Unit single-year population: North Yorkshire, England and the other seed places. */
  su: SuPopulation;
  /** NHS England National Cost Collection 2023/24 national schedule. */
  ncc: readonly NccRow[];
}

/** One system's derivation: its folder under data/, its files in the order written, and their text. */
export interface SystemDerivation {
  folder: string;
  files: readonly string[];
  derive(inputs: SystemInputs): Record<string, string>;
}

/** Every system, in the order derived. */
export const SYSTEMS: readonly SystemDerivation[] = [NORTH_YORKSHIRE_YORK, CHESHIRE, ENGLAND_REBASED, DEVON, PLYMOUTH];
