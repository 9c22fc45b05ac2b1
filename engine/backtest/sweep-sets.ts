import type { Series } from '../contract.ts';
import type { Incident } from '../../formats/index.ts';
import type { BacktestScore, IncidentDetection, ScoreOptions } from './backtest-score.ts';
import type { GridOptions } from '../alerts/eval-grid.ts';
import type { ThresholdAlertRule } from '../alerts/threshold-rule.ts';
import { sweepThreshold, type ScoredRow } from './threshold-sweep.ts';
import { poolEarlyDetection } from './early-detection.ts';

const DAY_MS = 86_400_000;

/**
 * One recording (or seed) a rule is swept on: its metric series, the incidents the rule is
 * scored against there, and its grid and scoring options (as `ruleScoring` and `ruleGrid` give
 * them). Sets are independent: a rule's state never carries from one set into the next.
 */
export interface SweepSet {
  /** names the set in reports, e.g. the recording's file name */
  name: string;
  series: readonly Series[];
  incidents: readonly Incident[];
  options: GridOptions & ScoreOptions;
}

/** One point of a sweep over several sets: the pooled score and each set's own, in set order. */
export interface SetSweepRow extends ScoredRow {
  perSet: BacktestScore[];
}

/** Days in a set's replayed span: what its alerts per day are divided by. */
function spanDays(options: ScoreOptions): number {
  return (options.span.end - options.span.start) / DAY_MS;
}

/**
 * The scores of several sets as one: counts summed (incidents, detections, alerts, true and
 * false alerts, flapping), recall and precision from the sums, alerts per day over the sum of
 * the sets' days, mean time to detect over every detected incident, and `perIncident` every
 * set's in set order (ids may repeat across sets: `perSet` tells them apart). One set pools to
 * exactly its own score.
 */
export function poolScores(
  parts: readonly { score: BacktestScore; days: number }[],
): BacktestScore {
  let incidents = 0;
  let detected = 0;
  let alerts = 0;
  let trueAlerts = 0;
  let falseAlerts = 0;
  let flapping = 0;
  let days = 0;
  const perIncident: IncidentDetection[] = [];
  for (const { score, days: d } of parts) {
    incidents += score.incidents;
    detected += score.detected;
    alerts += score.alerts;
    trueAlerts += score.trueAlerts;
    falseAlerts += score.falseAlerts;
    flapping += score.flapping;
    days += d;
    for (const p of score.perIncident) perIncident.push(p);
  }
  // Summed in incident order, as `scoreAlerts` does, so one set gives its own mean to the bit.
  let ttdSum = 0;
  for (const p of perIncident) if (p.detected) ttdSum += p.timeToDetectMs!;
  const early = poolEarlyDetection(parts.map((p) => p.score.earlyDetection));
  return {
    incidents,
    detected,
    alerts,
    trueAlerts,
    falseAlerts,
    recall: incidents > 0 ? detected / incidents : null,
    precision: alerts > 0 ? trueAlerts / alerts : null,
    alertsPerDay: days > 0 ? alerts / days : 0,
    falseAlertsPerDay: days > 0 ? falseAlerts / days : 0,
    meanTimeToDetectMs: detected > 0 ? ttdSum / detected : null,
    flapping,
    perIncident,
    ...(early ? { earlyDetection: early } : {}),
  };
}

/**
 * Sweeps `rule` over every set (`sweepThreshold` on each: its own grid, incidents and span)
 * and pools each row's scores across the sets (`poolScores`). Rows come as `sweepThreshold`
 * gives them: `for`-major, thresholds in the order given.
 */
export function sweepSets(
  sets: readonly SweepSet[],
  rule: ThresholdAlertRule,
  thresholds: number[],
  forValues: number[] | undefined,
): SetSweepRow[] {
  const perSet = sets.map((set) =>
    sweepThreshold([...set.series], rule, thresholds, forValues, [...set.incidents], set.options),
  );
  const days = sets.map((set) => spanDays(set.options));
  const count = (forValues ?? [rule.forMs]).length * thresholds.length;
  const rows: SetSweepRow[] = [];
  for (let i = 0; i < count; i++) {
    const scores = perSet.map((rowsOfSet) => rowsOfSet[i]!.score);
    rows.push({
      threshold: thresholds[i % thresholds.length]!,
      forMs: (forValues ?? [rule.forMs])[Math.floor(i / thresholds.length)]!,
      score: poolScores(scores.map((score, s) => ({ score, days: days[s]! }))),
      perSet: scores,
    });
  }
  return rows;
}

/** A chosen threshold's scores on sets it was not chosen on. */
export interface HeldOutScores {
  threshold: number;
  forMs: number;
  /** each held-out set's score, in set order */
  perSet: { name: string; score: BacktestScore }[];
  /** the sets' scores pooled (`poolScores`) */
  pooled: BacktestScore;
}

/**
 * The scores of `rule` at `threshold` and `forMs` on held-out sets: the test half of a
 * train/test split, where the threshold was chosen on other sets (`recommendThreshold`).
 */
export function heldOutScores(
  sets: readonly SweepSet[],
  rule: ThresholdAlertRule,
  threshold: number,
  forMs: number,
): HeldOutScores {
  const [row] = sweepSets(sets, rule, [threshold], [forMs]);
  return {
    threshold,
    forMs,
    perSet: sets.map((set, s) => ({ name: set.name, score: row!.perSet[s]! })),
    pooled: row!.score,
  };
}
