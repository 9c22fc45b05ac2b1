import type {
  BacktestScore,
  Margin,
  SweepGoal,
  TrainTestSweep,
  ThresholdAlertDef,
} from '../../engine/index.ts';
import type { TimePoint } from '../alerts-as-code/backtest-report.ts';
import { ruleCondition } from '../alerts-as-code/backtest-report.ts';
import type { IncompleteItem } from '../alerts-as-code/replay-outcome.ts';
import type { SweepRole, SweepSource } from './sweep-sources.ts';

/** Version tag of the `--json` document; bumped on any incompatible change of its shape. */
export const SWEEP_FORMAT = 'tapedeck-sweep/1';

const DAY_MS = 86_400_000;

/** A score in brief: counts, ratios (null when undefined) and rates per week. */
export interface ScoreSummary {
  incidents: number;
  detected: number;
  recall: number | null;
  precision: number | null;
  alerts: number;
  trueAlerts: number;
  falseAlerts: number;
  alertsPerWeek: number;
  falseAlertsPerWeek: number;
  meanTimeToDetectMs: number | null;
  flapping: number;
  /**
   * NAB's early-detection scores, normalised (0 = no alerts, 100 = perfect) per profile, with
   * the raw sums; null when none was computed
   */
  earlyDetection: {
    standard: number | null;
    lowFalseAlarms: number | null;
    lowMisses: number | null;
    raw: { standard: number; lowFalseAlarms: number; lowMisses: number };
  } | null;
}

/** One recording of the sweep. */
export interface RecordingReport {
  recording: string;
  labels: string | null;
  role: SweepRole;
  span: { start: TimePoint; end: TimePoint; days: number };
  records: number;
  malformedLines: number;
  /** series of the rule's metric on this recording */
  series: number;
  /** ids of the incidents the rule is scored against here */
  incidents: string[];
  /** false when the rule could not be swept here (see `incomplete`) */
  swept: boolean;
}

/** One swept threshold and `for`, scored on the training recordings pooled. */
export interface RowReport {
  threshold: number;
  forMs: number;
  /** within a safe range: meets the goal's limits with the best score to maximize */
  safe: boolean;
  score: ScoreSummary;
}

/** A safe range: neighbouring swept values at one `for` that all meet the goal at its best. */
export interface RangeReport {
  forMs: number;
  from: number;
  to: number;
  width: number;
  /** swept values in it */
  values: number;
}

/** A threshold's score on each recording, with the per-incident detections. */
export interface PerRecordingScore {
  recording: string;
  score: BacktestScore;
}

/**
 * The whole `tapedeck sweep --json` document (shape `tapedeck-sweep/1`): the rule and goal, the
 * recordings (train and held out), every swept row scored on the training recordings pooled,
 * the safe ranges, the recommendation (the middle of the widest safe range) with its margin,
 * the edge pick for comparison, and the recommendation's scores on the held-out recordings.
 * Times are `{ iso, ms }`, durations ms, thresholds in the metric's unit.
 */
export interface SweepReport {
  format: typeof SWEEP_FORMAT;
  workbook: string;
  rule: {
    id: string;
    title: string;
    metric: string;
    op: ThresholdAlertDef['op'];
    /** the workbook's threshold and `for` */
    value: number;
    forMs: number;
    keepFiringForMs: number;
    catches: string[];
    scope: string | null;
    condition: string;
  };
  goal: SweepGoal;
  recordings: RecordingReport[];
  /** the thresholds and `for` values swept */
  values: number[];
  forValues: number[];
  /** `for`-major, thresholds ascending */
  rows: RowReport[];
  safeRanges: RangeReport[];
  recommendation: {
    threshold: number;
    forMs: number;
    condition: string;
    score: ScoreSummary;
    safeRange: RangeReport;
    /** how far the threshold moves each way before recall or false alerts change (see `Margin`) */
    margin: Margin;
    perRecording: PerRecordingScore[];
  } | null;
  /** what the best row alone picks (the edge of its range): the highest score, then the earliest detection */
  edge: { threshold: number; forMs: number; score: ScoreSummary } | null;
  /** the recommendation on the held-out recordings; null without any (or without a recommendation) */
  heldOut: {
    threshold: number;
    forMs: number;
    /** whether the pooled held-out score meets the goal's limits */
    withinGoal: boolean;
    score: ScoreSummary;
    perRecording: PerRecordingScore[];
  } | null;
  /** what a recording could not compute (it is left out of the sweep): non-empty makes the command exit 3 unless `--allow-incomplete` */
  incomplete: (IncompleteItem & { recording: string })[];
}

function at(ms: number): TimePoint {
  return { iso: new Date(ms).toISOString(), ms };
}

/** A score in brief (`ScoreSummary`). */
export function scoreSummary(s: BacktestScore): ScoreSummary {
  return {
    incidents: s.incidents,
    detected: s.detected,
    recall: s.recall,
    precision: s.precision,
    alerts: s.alerts,
    trueAlerts: s.trueAlerts,
    falseAlerts: s.falseAlerts,
    alertsPerWeek: s.alertsPerDay * 7,
    falseAlertsPerWeek: s.falseAlertsPerDay * 7,
    meanTimeToDetectMs: s.meanTimeToDetectMs,
    flapping: s.flapping,
    earlyDetection: s.earlyDetection
      ? {
          standard: s.earlyDetection.standard.normalized,
          lowFalseAlarms: s.earlyDetection.lowFalseAlarms.normalized,
          lowMisses: s.earlyDetection.lowMisses.normalized,
          raw: {
            standard: s.earlyDetection.standard.raw,
            lowFalseAlarms: s.earlyDetection.lowFalseAlarms.raw,
            lowMisses: s.earlyDetection.lowMisses.raw,
          },
        }
      : null,
  };
}

/** Everything a sweep report is built from. */
export interface SweepReportInput {
  workbookName: string;
  rule: ThresholdAlertDef;
  goal: SweepGoal;
  sources: readonly SweepSource[];
  values: number[];
  forValues: number[];
  result: TrainTestSweep;
}

/** The sweep's `--json` document (see `SweepReport`). */
export function sweepReport(input: SweepReportInput): SweepReport {
  const { rule, result } = input;
  const train = input.sources.filter((s) => s.role === 'train' && s.set !== null);
  const held = input.sources.filter((s) => s.role === 'holdout' && s.set !== null);
  const range = (r: TrainTestSweep['ranges'][number]): RangeReport => ({
    forMs: r.forMs,
    from: r.from,
    to: r.to,
    width: r.width,
    values: r.rows.length,
  });
  const safe = new Set(result.ranges.flatMap((r) => r.rows));
  const rows = [...result.rows].sort((a, b) => a.forMs - b.forMs || a.threshold - b.threshold);
  const rec = result.recommendation;
  const tuned = (threshold: number, forMs: number) =>
    ruleCondition({ ...rule, value: threshold, forMs });
  return {
    format: SWEEP_FORMAT,
    workbook: input.workbookName,
    rule: {
      id: rule.id,
      title: rule.title,
      metric: rule.metric,
      op: rule.op,
      value: rule.value,
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
      catches: [...rule.catches],
      scope: rule.scope,
      condition: ruleCondition(rule),
    },
    goal: { ...input.goal },
    recordings: input.sources.map((s) => ({
      recording: s.recording,
      labels: s.labels,
      role: s.role,
      span: {
        start: at(s.span.start),
        end: at(s.span.end),
        days: (s.span.end - s.span.start) / DAY_MS,
      },
      records: s.accounting.records,
      malformedLines: s.accounting.malformedLines,
      series: s.set?.series.length ?? 0,
      incidents: s.set?.incidents.map((i) => i.id) ?? [],
      swept: s.set !== null,
    })),
    values: [...input.values],
    forValues: [...input.forValues],
    rows: rows.map((r) => ({
      threshold: r.threshold,
      forMs: r.forMs,
      safe: safe.has(r),
      score: scoreSummary(r.score),
    })),
    safeRanges: result.ranges.map(range),
    recommendation: rec && {
      threshold: rec.row.threshold,
      forMs: rec.row.forMs,
      condition: tuned(rec.row.threshold, rec.row.forMs),
      score: scoreSummary(rec.row.score),
      safeRange: range(rec.range),
      margin: rec.margin,
      perRecording: train.map((s, i) => ({ recording: s.recording, score: rec.row.perSet[i]! })),
    },
    edge: result.edge && {
      threshold: result.edge.threshold,
      forMs: result.edge.forMs,
      score: scoreSummary(result.edge.score),
    },
    heldOut: result.heldOut && {
      threshold: result.heldOut.threshold,
      forMs: result.heldOut.forMs,
      withinGoal: result.heldOut.withinGoal,
      score: scoreSummary(result.heldOut.pooled),
      perRecording: held.map((s, i) => ({
        recording: s.recording,
        score: result.heldOut!.perSet[i]!.score,
      })),
    },
    incomplete: input.sources.flatMap((s) =>
      s.incomplete.map((item) => ({ recording: s.recording, ...item })),
    ),
  };
}
