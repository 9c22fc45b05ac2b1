import type { FiringInterval, Series } from '../contract.ts';
import type { Incident } from '../../formats/index.ts';
import {
  scoreAlerts,
  checkScoreOptions,
  type BacktestScore,
  type ScoreOptions,
} from './backtest-score.ts';
import { sampleOnGrid, type GridOptions } from '../alerts/eval-grid.ts';
import { checkNonNegative, invalid } from '../alerts/option-checks.ts';
import { checkRule, evaluateGrid, type ThresholdAlertRule } from '../alerts/threshold-rule.ts';

/** A threshold and `for` with their scores: what choosing a threshold needs of a sweep row. */
export interface ScoredRow {
  threshold: number;
  forMs: number;
  score: BacktestScore;
}

/** One point of a sweep: a threshold and `for`, the intervals they give and their scores. */
export interface SweepRow extends ScoredRow {
  intervals: FiringInterval[];
}

/**
 * Scores `rule` at every threshold (and every `for` in `forValues`, default the rule's own)
 * over all series: rows come `for`-major, thresholds in the order given, so each `for` value
 * is one trade-off curve. Each series is sampled on its grid once and reused for every row, so
 * each row costs one comparison pass and one state-machine pass per series; the intervals are
 * exactly those `evaluateThresholdAll` gives for that threshold and `for`.
 */
export function sweepThreshold(
  series: Series[],
  rule: ThresholdAlertRule,
  thresholds: number[],
  forValues: number[] | undefined,
  incidents: Incident[],
  options: GridOptions & ScoreOptions,
): SweepRow[] {
  checkRule(rule);
  checkScoreOptions(options);
  const fors = forValues ?? [rule.forMs];
  fors.forEach((f, i) => checkNonNegative(`forValues[${i}]`, f));
  thresholds.forEach((t, i) => {
    if (Number.isNaN(t)) invalid(`thresholds[${i}]`, t, 'must be a number');
  });
  const grids = series.map((s) => sampleOnGrid(s, options));
  const cond = new Uint8Array(Math.max(0, ...grids.map((g) => g.values.length)));
  const rows: SweepRow[] = [];
  for (const forMs of fors) {
    for (const threshold of thresholds) {
      const variant = { ...rule, threshold, forMs };
      const intervals: FiringInterval[] = [];
      for (const grid of grids) {
        for (const interval of evaluateGrid(grid, variant, cond)) intervals.push(interval);
      }
      rows.push({ threshold, forMs, intervals, score: scoreAlerts(intervals, incidents, options) });
    }
  }
  return rows;
}

/** What the best threshold should achieve. */
export interface SweepGoal {
  maximize: 'recall' | 'precision';
  /** rows with more false alerts per week (falseAlertsPerDay × 7) are out */
  maxFalseAlertsPerWeek?: number;
  minRecall?: number;
  minPrecision?: number;
}

/** The goal the lab and `tapedeck sweep` use unless told otherwise: the highest recall with at most one false alert a week. */
export const DEFAULT_SWEEP_GOAL: Readonly<SweepGoal> = Object.freeze({
  maximize: 'recall',
  maxFalseAlertsPerWeek: 1,
});

/** Checks a goal once, naming the bad field. */
export function checkGoal(goal: SweepGoal): void {
  if (goal.maximize !== 'recall' && goal.maximize !== 'precision') {
    invalid('goal.maximize', goal.maximize, "must be 'recall' or 'precision'");
  }
  for (const key of ['maxFalseAlertsPerWeek', 'minRecall', 'minPrecision'] as const) {
    const v = goal[key];
    if (v !== undefined && Number.isNaN(v)) invalid(`goal.${key}`, v, 'must be a number');
  }
}

/**
 * Whether a score is within the goal's limits: at most `maxFalseAlertsPerWeek` false alerts
 * a week (falseAlertsPerDay × 7), at least `minRecall` and `minPrecision` (null counts lowest).
 */
export function withinGoal(score: BacktestScore, goal: SweepGoal): boolean {
  if (score.falseAlertsPerDay * 7 > (goal.maxFalseAlertsPerWeek ?? Infinity)) return false;
  if ((score.recall ?? -Infinity) < (goal.minRecall ?? -Infinity)) return false;
  return (score.precision ?? -Infinity) >= (goal.minPrecision ?? -Infinity);
}

/**
 * The row that best meets `goal`: among rows within its limits, the highest `maximize` score
 * (null counts lowest), then the earliest mean time to detect (null counts latest), then the
 * fewest alerts, then the earliest row. Null when no row is within the limits. This is the
 * edge of the best range; `recommendThreshold` picks its middle instead.
 */
export function bestThreshold<R extends ScoredRow>(rows: readonly R[], goal: SweepGoal): R | null {
  checkGoal(goal);
  let best: R | null = null;
  for (const row of rows) {
    if (!withinGoal(row.score, goal)) continue;
    if (best === null || betterRow(row, best, goal.maximize)) best = row;
  }
  return best;
}

/**
 * Whether row `a` meets a goal better than `b`: the higher `maximize` score (null lowest), then
 * the earlier mean time to detect (null latest), then fewer alerts. False on a tie.
 */
export function betterRow(a: ScoredRow, b: ScoredRow, maximize: SweepGoal['maximize']): boolean {
  const va = a.score[maximize] ?? -Infinity;
  const vb = b.score[maximize] ?? -Infinity;
  if (va !== vb) return va > vb;
  const ta = a.score.meanTimeToDetectMs ?? Infinity;
  const tb = b.score.meanTimeToDetectMs ?? Infinity;
  if (ta !== tb) return ta < tb;
  return a.score.alerts < b.score.alerts;
}
