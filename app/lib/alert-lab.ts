import type {
  BacktestScore,
  GridOptions,
  MetricDef,
  ScoreOptions,
  SweepGoal,
  ThresholdAlertDef,
  ThresholdAlertRule,
  Workbook,
} from '../../engine/index.ts';
import { metricStepMs } from '../../engine/index.ts';
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

/** The workbook's threshold rules (the ones the lab can tune), in workbook order. */
export function thresholdRules(wb: Pick<Workbook, 'alerts'>): ThresholdAlertDef[] {
  return wb.alerts.filter((a): a is ThresholdAlertDef => a.kind === 'threshold');
}

/** The incidents a rule is scored against: those of the kinds it `catches` (all when empty). */
export function incidentsFor(
  def: Pick<ThresholdAlertDef, 'catches'>,
  incidents: readonly Incident[],
): Incident[] {
  if (def.catches.length === 0) return [...incidents];
  return incidents.filter((i) => def.catches.includes(i.kind));
}

/**
 * Grid and scoring options for backtesting `def` over the replayed span, as the engine
 * evaluates it: on its own interval (else its metric's step) from the source's start to `until`,
 * with the workbook's tolerances and flap window and the rule's scope dimension.
 */
export function labOptions(
  wb: Pick<Workbook, 'backtest'>,
  def: ThresholdAlertDef,
  metric: MetricDef,
  range: TimeRange,
  until: number,
): GridOptions & ScoreOptions {
  return {
    intervalMs: def.everyMs ?? metricStepMs(metric),
    start: range.start,
    until,
    tolerance: { beforeMs: wb.backtest.toleranceBeforeMs, afterMs: wb.backtest.toleranceAfterMs },
    span: { start: range.start, end: Math.max(until, range.start + 1) },
    flapMinutes: wb.backtest.flapMs / 60_000,
    ...(def.scope ? { scope: { dimension: def.scope } } : {}),
  };
}

/** The default goal: the highest recall with at most one false alert per week. */
export const DEFAULT_GOAL: SweepGoal = { maximize: 'recall', maxFalseAlertsPerWeek: 1 };

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
  };
}

/**
 * `wb` with rule `ruleId` set to the lab's `rule` and the incident labels set to `incidents`
 * (so a downloaded workbook carries what was tuned and labelled). Throws for an unknown rule.
 */
export function withLabChanges(
  wb: Workbook,
  ruleId: string,
  rule: LabRule,
  incidents: readonly Incident[],
): Workbook {
  if (!wb.alerts.some((a) => a.id === ruleId && a.kind === 'threshold')) {
    throw new Error(`rule "${ruleId}": not a threshold rule of workbook ${wb.name}`);
  }
  return {
    ...wb,
    alerts: wb.alerts.map((a) =>
      a.id === ruleId && a.kind === 'threshold'
        ? {
            ...a,
            op: rule.op,
            value: rule.threshold,
            forMs: rule.forMs,
            keepFiringForMs: rule.keepFiringForMs,
          }
        : a,
    ),
    incidents: incidents.map((i) => ({ ...i, scope: { ...i.scope } })),
  };
}
