import type {
  BacktestScore,
  FiringInterval,
  GridOptions,
  MetricAlertDef,
  MetricDef,
  ScoreOptions,
  Series,
  SweepGoal,
  SweepSet,
  ThresholdAlertDef,
  ThresholdAlertRule,
  Workbook,
} from '../../engine/index.ts';
import { evaluateMetricRule, ruleGrid, ruleScoring, sweepRange } from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import type { TimeRange } from './replay-time.ts';

const WEEK_DAYS = 7;

/** The rule the lab edits: the workbook's threshold rule with its tunable fields. */
export interface LabRule extends ThresholdAlertRule {
  keepFiringForMs: number;
}

/** The lab's editable copy of a workbook threshold rule. */
export function labRule(def: ThresholdAlertDef): LabRule {
  return {
    op: def.op,
    threshold: def.value,
    forMs: def.forMs,
    keepFiringForMs: def.keepFiringForMs,
  };
}

/** The workbook rule `def` with the lab's tuned fields. */
export function tunedRule(def: ThresholdAlertDef, rule: LabRule): ThresholdAlertDef {
  return {
    ...def,
    op: rule.op,
    value: rule.threshold,
    forMs: rule.forMs,
    keepFiringForMs: rule.keepFiringForMs,
  };
}

/** The workbook's threshold rules (the ones the lab can tune), in workbook order. */
export function thresholdRules(wb: Pick<Workbook, 'alerts'>): ThresholdAlertDef[] {
  return wb.alerts.filter((a): a is ThresholdAlertDef => a.kind === 'threshold');
}

/** What the lab scores a rule with: its incidents in scope, and grid and scoring options. */
export interface LabScoring {
  incidents: Incident[];
  options: GridOptions & ScoreOptions;
}

/** What the lab knows when it scores a rule. */
export interface LabScoringInput {
  workbook: Pick<Workbook, 'metrics' | 'backtest'>;
  rule: MetricAlertDef;
  metric: MetricDef;
  /** the metric's series in the frame (a sweep may fire any of them) */
  series: readonly Series[];
  /** the source's incident labels, as edited in the lab */
  incidents: readonly Incident[];
  range: TimeRange;
  /** the replay time */
  until: number;
}

/**
 * How the lab backtests `rule` over the replayed span `[range.start, until)`: the engine's
 * `ruleScoring` (the path `tapedeck backtest` scores with), on the rule's own grid
 * (`ruleGrid`, the one `evaluateMetricRule` evaluates on), so a sweep's rows are the very
 * evaluations the engine makes.
 */
export function labScoring(input: LabScoringInput): LabScoring {
  const { rule, metric, series, range, until } = input;
  const { incidents, options } = ruleScoring({
    workbook: input.workbook,
    rule,
    seriesLabels: series.map((s) => s.label),
    incidents: input.incidents,
    span: { start: range.start, end: Math.max(until, range.start + 1) },
  });
  return { incidents, options: { ...ruleGrid(rule, metric, series, until), ...options } };
}

/** A rule's firing intervals in the lab, or why it cannot be evaluated. */
export interface LabFiring {
  intervals: FiringInterval[];
  error: string | null;
}

/**
 * The firing intervals of `rule` (a tuned workbook rule) on its metric's `series` up to the
 * replay time `until`: the engine's own `evaluateMetricRule`, run here in the main thread on
 * the frame's series so a moved slider redraws at once, and equal to what `engine.alerts()`
 * and `tapedeck backtest` give for the same rule. The frame's samples are as known at their own
 * times (DESIGN "As-of values"), so the lab never tunes a rule on hindsight. A rule the engine
 * would report an error for (more series than its `max_series`) has no intervals and that error.
 */
export function labFiring(
  rule: MetricAlertDef,
  metric: MetricDef,
  series: readonly Series[],
  until: number,
): LabFiring {
  try {
    return { intervals: evaluateMetricRule(rule, metric, series, until), error: null };
  } catch (err) {
    return { intervals: [], error: err instanceof Error ? err.message : String(err) };
  }
}

/** What the lab exposes of a score (and tests read from `data-scores`). */
export interface ScoreView {
  recall: number | null;
  precision: number | null;
  alerts: number;
  trueAlerts: number;
  falseAlerts: number;
  meanTimeToDetectMs: number | null;
  alertsPerDay: number;
  alertsPerWeek: number;
  flapping: number;
  perIncident: BacktestScore['perIncident'];
  /** NAB's early-detection score, standard profile, normalised; null when not computed */
  earlyDetection: number | null;
}

/** A score as the lab shows it, with alerts per week beside alerts per day. */
export function scoreView(score: BacktestScore): ScoreView {
  return {
    recall: score.recall,
    precision: score.precision,
    alerts: score.alerts,
    trueAlerts: score.trueAlerts,
    falseAlerts: score.falseAlerts,
    meanTimeToDetectMs: score.meanTimeToDetectMs,
    alertsPerDay: score.alertsPerDay,
    alertsPerWeek: score.alertsPerDay * WEEK_DAYS,
    flapping: score.flapping,
    perIncident: score.perIncident,
    earlyDetection: score.earlyDetection?.standard.normalized ?? null,
  };
}

/** What the lab's sweep is asked: `trainTestSweep`'s input but the goal (it may change after). */
export interface LabSweepRequest {
  train: SweepSet[];
  test: SweepSet[];
  rule: ThresholdAlertRule;
  thresholds: number[];
  forValues: number[];
}

/**
 * The lab's sweep: chosen on this replay (as of the replay time: `series` and `scoring`) and
 * the other sources marked for training, pooled, and tested on the held-out ones, as
 * `tapedeck sweep --recording … --holdout …` does. Thresholds are `sweepRange` over every
 * training set's values (this replay's alone when there is no other), `for` the rule's own or
 * `forValues`. Sources without a set (still loading, or the rule cannot run there) take no part.
 */
export function labSweepRequest(input: {
  series: readonly Series[];
  scoring: LabScoring;
  others: readonly { role: 'train' | 'holdout'; set: SweepSet | null }[];
  rule: ThresholdAlertRule;
  forValues?: number[];
}): LabSweepRequest {
  const here: SweepSet = {
    name: 'this replay',
    series: input.series,
    incidents: input.scoring.incidents,
    options: input.scoring.options,
  };
  const sets = (role: 'train' | 'holdout') =>
    input.others.flatMap((o) => (o.role === role && o.set ? [o.set] : []));
  const train = [here, ...sets('train')];
  return {
    train,
    test: sets('holdout'),
    rule: {
      op: input.rule.op,
      threshold: input.rule.threshold,
      forMs: input.rule.forMs,
      keepFiringForMs: input.rule.keepFiringForMs,
    },
    thresholds: sweepRange(train.flatMap((t) => t.series.map((s) => s.values))),
    forValues: input.forValues ?? [input.rule.forMs],
  };
}

/** What the lab shows on hover of an early-detection score: the formula and every profile. */
export function earlyDetectionTitle(score: Pick<BacktestScore, 'earlyDetection'>): string {
  const e = score.earlyDetection;
  const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(1));
  const head =
    "NAB's early-detection score (Lavin & Ahmad 2015): the first alert in an incident's " +
    'window earns 2·σ(−5·position) − 1 scaled to 1 at its start (earlier = more); each alert ' +
    'outside every window costs fp × the same sigmoid of its distance past the previous ' +
    'window; each missed window costs fn; the first 15% of rows (at most 750) are probation. ' +
    '100 × (raw − no alerts) / (perfect − no alerts).';
  if (!e) return head;
  return (
    `${head}\nstandard (fp 0.11): ${fmt(e.standard.normalized)} (raw ${e.standard.raw.toFixed(3)})` +
    `\nfewer false alarms (fp 0.22): ${fmt(e.lowFalseAlarms.normalized)}` +
    `\nfewer misses (fn 2): ${fmt(e.lowMisses.normalized)}` +
    `\n${e.windows} window${e.windows === 1 ? '' : 's'} scored, ${e.probationAlerts} alert${e.probationAlerts === 1 ? '' : 's'} in probation`
  );
}
