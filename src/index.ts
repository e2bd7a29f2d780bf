/**
 * popshift's library API: one explicit export list. Surfaces (CLI, server,
 * notebooks) import from here and nothing deeper.
 */
export { loadScenario, project, type PreparedScenario } from './api.js';
export { UserError, type Location } from './errors.js';
export { waterfall, type Results, type SystemResult, type OrganisationResult, type ServiceResult, type SchemeResult, type WaterfallStep } from './results/summary.js';
export { toTables, type ResultTables } from './results/tables.js';
export { compare, type Comparison } from './results/compare.js';
export { project as projectModel, allocate, applyLinks, type Workspace } from './engine/project.js';
export type { Model, Projection } from './engine/types.js';
export type { CalibrationReport } from './scenario/calibrate.js';
export { solve, Unreachable, type Solution } from './uncertainty/goalseek.js';
export {
  settle,
  validateSchedule,
  acaRiskCorridor,
  msspSchedule,
  type SettlementSchedule,
  type SharedSavingsSchedule,
  type RiskCorridorSchedule,
  type CorridorBand,
  type SettlementInput,
  type SettlementResult,
} from './engine/settlement.js';
