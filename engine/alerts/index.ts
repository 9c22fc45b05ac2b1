export type { GridOptions, GridSeries } from './eval-grid.ts';
export { sampleOnGrid, seriesGrid, gridToSeries, MAX_EVALUATIONS } from './eval-grid.ts';
export { firingIntervals } from './alert-state.ts';
export type { ThresholdAlertRule } from './threshold-rule.ts';
export { evaluateThreshold, evaluateThresholdAll } from './threshold-rule.ts';
export type { SliOptions } from './sli.ts';
export type { NoDataPolicy, SliSummary, RollingSli } from '../contract.ts';
export { MINUTE_MS, minuteGrid, sliDefSummary, sliSummary, rollingSli } from './sli.ts';
export type { BurnRateAlertResult } from './burn-rate-alerts.ts';
export type { BurnRatePair } from '../contract.ts';
export { STANDARD_BURN_RATE_PAIRS, evaluateBurnRateAlerts } from './burn-rate-alerts.ts';
export type {
  ScopeMatch,
  ScoreOptions,
  IncidentDetection,
  BacktestScore,
} from '../backtest/backtest-score.ts';
export { scoreAlerts, countFlapping } from '../backtest/backtest-score.ts';
export type { ScoredRow, SweepRow, SweepGoal } from '../backtest/threshold-sweep.ts';
export {
  sweepThreshold,
  bestThreshold,
  betterRow,
  checkGoal,
  withinGoal,
  DEFAULT_SWEEP_GOAL,
} from '../backtest/threshold-sweep.ts';
export type { HeldOutScores, SetSweepRow, SweepSet } from '../backtest/sweep-sets.ts';
export { heldOutScores, poolScores, sweepSets } from '../backtest/sweep-sets.ts';
export type { Margin, MarginSide, Recommendation, SafeRange } from '../backtest/safe-range.ts';
export {
  middleRow,
  recommendThreshold,
  safeRanges,
  thresholdMargin,
} from '../backtest/safe-range.ts';
export { DEFAULT_SWEEP_STEPS, evenlySpaced, sweepRange } from '../backtest/sweep-values.ts';
export type {
  RuleSweepSetInput,
  SourceSweepSet,
  TrainTestSweep,
} from '../backtest/train-test-sweep.ts';
export { ruleSweepSet, sourceSweepSet, trainTestSweep } from '../backtest/train-test-sweep.ts';
export type { RuleScoring, RuleScoringInput } from '../backtest/rule-scoring.ts';
export {
  incidentsInScope,
  intervalIncidents,
  ruleScoring,
  ruleTolerance,
  scoreRule,
  seriesScopeValues,
} from '../backtest/rule-scoring.ts';
export type { BaselineOptions, Baseline, AnomalyRule } from './anomaly-baseline.ts';
export { baselineZScores, evaluateAnomaly } from './anomaly-baseline.ts';
export type {
  Candidate,
  ParamMargin,
  ParamRange,
  ParamSetting,
  RuleParamName,
  RuleSearch,
  RuleSearchInput,
  SearchPlan,
} from '../backtest/rule-search.ts';
export {
  DURATION_PARAMS,
  MAX_CANDIDATES,
  RULE_PARAM_NAMES,
  candidateSettings,
  compareCandidates,
  ruleParams,
  searchRule,
  withParams,
} from '../backtest/rule-search.ts';
export { MAX_PARAM_VALUES, parseParamRange } from '../backtest/param-spec.ts';
