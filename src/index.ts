/**
 * popshift's library API: one explicit export list. Surfaces (CLI, server,
 * notebooks) import from here and nothing deeper.
 */
export { loadScenario, project, deflatorIndex, type PreparedScenario, type PricesOption } from './api.js';
export { UserError, type Location } from './errors.js';
export {
  waterfall,
  type Results,
  type SystemResult,
  type SectorResult,
  type OrganisationResult,
  type ServiceResult,
  type SchemeResult,
  type PoolResult,
  type EnvelopeResult,
  type CapacityResult,
  type PlaceResult,
  type Prices,
  type WaterfallStep,
} from './results/summary.js';
export { inRealTerms, simulationInRealTerms, type DeflatorIndex } from './results/prices.js';
export { reconcile, scopeGap, type Bridge, type BridgeStep, type GapScope } from './engine/reconcile.js';
export { toTables, type ResultTables } from './results/tables.js';
export { compare, compareSystems, type Comparison, type SystemComparison, type SystemPerHead, type PerBasis } from './results/compare.js';
export { project as projectModel, allocate, applyLinks, type Workspace } from './engine/project.js';
export type { Model, Projection } from './engine/types.js';
export type { CalibrationReport } from './scenario/calibrate.js';
export { solve, Unreachable, NotReached, type Solution } from './uncertainty/goalseek.js';
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
// Uncertainty: Monte Carlo, sensitivity and goal seek (MODEL.md, Uncertainty).
export { simulate, simulateBlock, shardRange, AUTO_WORKER_THRESHOLD, type SimulateOptions, type RunInfo, type RunValues } from './uncertainty/simulate.js';
export { type SimulationResult } from './uncertainty/montecarlo.js';
export { type Stats } from './uncertainty/statistics.js';
export { defaultMetrics, placeMetrics, sectorMetrics, MAX_DEFAULT_PLACES, type MetricDef } from './uncertainty/metrics.js';
export { tornado, tornadoByYear, goalSeek, type TornadoResult, type TornadoBar, type GoalSeekOptions, type GoalSeekResult, type MetricChoice } from './uncertainty/sensitivity.js';
export { analyse, analyseValues, type AnalysisOptions, type MetricAnalysis } from './uncertainty/analysis.js';
export { metricDistribution, type MetricDistribution, type CurvePoint, type HistogramBin } from './uncertainty/scurve.js';
export { contributionToVariance, type Contribution } from './uncertainty/contribution.js';
export { stress, largerIsBetter, type StressResult } from './uncertainty/stress.js';
export { spider, SPIDER_PERCENTILES, type SpiderResult, type SpiderLine, type SpiderChoice } from './uncertainty/spider.js';
export { optimise, type OptimiseOptions, type OptimiseResult, type Objective, type Mix, type MixScheme } from './uncertainty/optimise.js';
export { appraise, GREEN_BOOK_RATE, type Appraisal, type AppraisalRow } from './results/appraisal.js';
export { toSimulationTables, type SimulationTables } from './uncertainty/tables.js';
export { simulateUntil, headlineSe, SE_STATISTICS, UNTIL_SE_DEFAULT, type Convergence, type SeStatistic } from './uncertainty/convergence.js';
export { type SamplingMethod } from './uncertainty/sample.js';
export { fitDistributions, fitSnippet, FAMILIES, type Fit, type FitReport, type Family } from './uncertainty/fit.js';
export { simulationFiles, mergeShards, formatSimulation } from './uncertainty/output.js';
export { compile as compileDistribution, quantile as distributionQuantile, normalCdf, normalQuantile } from './uncertainty/distributions.js';
export { resultsWorkbook, type WorkbookOptions, type MonteCarloSummary, type MonteCarloRow, type SimulationLike } from './results/xlsx.js';
export { boardReport, type ReportOptions } from './results/report.js';
