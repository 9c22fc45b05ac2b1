export type { GridOptions, GridSeries } from './eval-grid.ts';
export { sampleOnGrid, seriesGrid, gridToSeries, MAX_EVALUATIONS } from './eval-grid.ts';
export { firingIntervals } from './alert-state.ts';
export type { ThresholdAlertRule } from './threshold-rule.ts';
export { evaluateThreshold, evaluateThresholdAll } from './threshold-rule.ts';
export type { SliOptions } from './sli.ts';
export type { NoDataPolicy, SliSummary, RollingSli } from '../contract.ts';
export { MINUTE_MS, minuteGrid, sliSummary, rollingSli } from './sli.ts';
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
export type { SweepRow, SweepGoal } from '../backtest/threshold-sweep.ts';
export { sweepThreshold, bestThreshold } from '../backtest/threshold-sweep.ts';
export type { RuleScoring, RuleScoringInput } from '../backtest/rule-scoring.ts';
export {
  incidentsInScope,
  intervalIncidents,
  ruleScoring,
  scoreRule,
  seriesScopeValues,
} from '../backtest/rule-scoring.ts';
export type { BaselineOptions, Baseline, AnomalyRule } from './anomaly-baseline.ts';
export { baselineZScores, evaluateAnomaly } from './anomaly-baseline.ts';
