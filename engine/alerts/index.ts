export type { GridOptions, GridSeries } from './eval-grid.ts';
export { sampleOnGrid, gridToSeries, MAX_EVALUATIONS } from './eval-grid.ts';
export { firingIntervals } from './alert-state.ts';
export type { ThresholdAlertRule } from './threshold-rule.ts';
export { evaluateThreshold, evaluateThresholdAll } from './threshold-rule.ts';
export type { NoDataPolicy, SliOptions, SliSummary, RollingSli } from './sli.ts';
export { MINUTE_MS, minuteGrid, sliSummary, rollingSli } from './sli.ts';
export type { BurnRatePair, BurnRateAlertResult } from './burn-rate-alerts.ts';
export { STANDARD_BURN_RATE_PAIRS, evaluateBurnRateAlerts } from './burn-rate-alerts.ts';
export type {
  ScopeMatch,
  ScoreOptions,
  IncidentDetection,
  BacktestScore,
} from './backtest-score.ts';
export { scoreAlerts, countFlapping } from './backtest-score.ts';
export type { SweepRow, SweepGoal } from './threshold-sweep.ts';
export { sweepThreshold, bestThreshold } from './threshold-sweep.ts';
export type { BaselineOptions, Baseline, AnomalyRule } from './anomaly-baseline.ts';
export { baselineZScores, evaluateAnomaly } from './anomaly-baseline.ts';
