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

/** One point of a sweep: a threshold and `for`, the intervals they give and their scores. */
export interface SweepRow {
  threshold: number;
  forMs: number;
  intervals: FiringInterval[];
  score: BacktestScore;
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

/**
 * The row that best meets `goal`: among rows within its limits, the highest `maximize` score
 * (null counts lowest), then the earliest mean time to detect (null counts latest), then the
 * fewest alerts, then the earliest row. Null when no row is within the limits.
 */
export function bestThreshold(rows: readonly SweepRow[], goal: SweepGoal): SweepRow | null {
  if (goal.maximize !== 'recall' && goal.maximize !== 'precision') {
    invalid('goal.maximize', goal.maximize, "must be 'recall' or 'precision'");
  }
  const maxFalse = goal.maxFalseAlertsPerWeek ?? Infinity;
  const minRecall = goal.minRecall ?? -Infinity;
  const minPrecision = goal.minPrecision ?? -Infinity;
  let best: SweepRow | null = null;
  for (const row of rows) {
    const s = row.score;
    if (s.falseAlertsPerDay * 7 > maxFalse) continue;
    if ((s.recall ?? -Infinity) < minRecall || (s.precision ?? -Infinity) < minPrecision) continue;
    if (best === null || better(row, best, goal.maximize)) best = row;
  }
  return best;
}

function better(a: SweepRow, b: SweepRow, maximize: SweepGoal['maximize']): boolean {
  const va = a.score[maximize] ?? -Infinity;
  const vb = b.score[maximize] ?? -Infinity;
  if (va !== vb) return va > vb;
  const ta = a.score.meanTimeToDetectMs ?? Infinity;
  const tb = b.score.meanTimeToDetectMs ?? Infinity;
  if (ta !== tb) return ta < tb;
  return a.score.alerts < b.score.alerts;
}
