import { baselineZScores, evaluateAnomaly } from '../alerts/anomaly-baseline.ts';
import { evaluateBurnRateAlerts } from '../alerts/burn-rate-alerts.ts';
import { seriesGrid, type GridOptions } from '../alerts/eval-grid.ts';
import { minuteGrid } from '../alerts/sli.ts';
import { evaluateThresholdAll } from '../alerts/threshold-rule.ts';
import type {
  AlertRuleDef,
  AlertRuleResult,
  AnomalyAlertDef,
  BurnRateAlertDef,
  FiringInterval,
  MetricDef,
  Series,
  SliDef,
  ThresholdAlertDef,
  Workbook,
} from '../contract.ts';
import { finalOnlyRuleProblem, isFinalOnly } from './check-workbook.ts';
import { metricStepMs } from './compile-metric.ts';

/** The computed series alert rules read: each metric's series and each SLI's minute series. */
export interface AlertInputs {
  metrics: readonly { id: string; series: readonly Series[] }[];
  slis: readonly { id: string; minutes: Series }[];
}

/** How far rules are evaluated. */
export interface AlertSpan {
  /** last evaluation time: the replay time; default each rule's latest sample */
  until?: number;
}

/** A rule evaluated on the series of a workbook metric. */
export type MetricAlertDef = ThresholdAlertDef | AnomalyAlertDef;

/**
 * Where a threshold or anomaly rule is evaluated: every `every` (default its metric's step)
 * from the first sample of the metric's series up to `until`, the replay time (`seriesGrid`).
 */
export function ruleGrid(
  rule: Pick<MetricAlertDef, 'everyMs'>,
  metric: MetricDef,
  series: readonly Series[],
  until?: number,
): Required<GridOptions> {
  return seriesGrid(series, rule.everyMs ?? metricStepMs(metric), until);
}

/**
 * Evaluates one threshold or anomaly rule on its metric's series as of replay time `until`:
 * one alert instance per series label on the rule's one grid (`ruleGrid`), a sample seen for
 * one interval and a NaN or missing one absent (`sampleOnGrid`), Prometheus `for` /
 * `keep_firing_for` (`firingIntervals`). Returns the firing intervals sorted by start, then
 * series. This is the one evaluation of a metric rule: `evaluateWorkbookAlerts` (so
 * `engine.alerts()` and `tapedeck backtest`) and the alert lab, which re-evaluates a tuned rule
 * on the frame's series as a slider moves, both call it. `series` are the frame's, each sample
 * as known at its own time (DESIGN "As-of values"), so an evaluation at `t` sees only what was
 * known at `t`. Pure. Throws when the metric is `final_only` (its samples are hindsight), has
 * more series than the rule's `maxSeries`, or an option is invalid.
 */
export function evaluateMetricRule(
  rule: MetricAlertDef,
  metric: MetricDef,
  series: readonly Series[],
  until?: number,
): FiringInterval[] {
  if (isFinalOnly(metric)) throw new Error(finalOnlyRuleProblem(metric.id));
  if (series.length > rule.maxSeries) {
    throw new Error(
      `metric "${rule.metric}" has ${series.length} series, more than this rule's limit of ${rule.maxSeries}: ` +
        `narrow the metric's "by" or raise the rule's max_series`,
    );
  }
  const grid = ruleGrid(rule, metric, series, until);
  let intervals: FiringInterval[];
  if (rule.kind === 'threshold') {
    const threshold = {
      op: rule.op,
      threshold: rule.value,
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
    };
    intervals = evaluateThresholdAll([...series], threshold, grid);
  } else {
    const anomaly = {
      k: rule.k,
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
      direction: rule.direction,
      minDeviation: rule.minDeviation,
      minRelativeDeviation: rule.minRelativeDeviation,
      warmUpMs: rule.warmUpMs,
      ...(rule.clearK === null ? {} : { clearK: rule.clearK }),
    };
    const baseline = anomalyBaselineOptions(rule, grid);
    // A series without samples is absent at every evaluation: it cannot fire.
    intervals = series.flatMap((s) =>
      s.times.length === 0 ? [] : evaluateAnomaly(s, anomaly, baseline).intervals,
    );
  }
  return intervals.sort((a, b) => a.start - b.start || a.series.localeCompare(b.series));
}

/** The baseline options of an anomaly rule on its grid (`baselineZScores`). */
function anomalyBaselineOptions(rule: AnomalyAlertDef, grid: Required<GridOptions>) {
  return {
    ...grid,
    windowMs: rule.windowMs,
    ...(rule.seasonal ? { seasonal: rule.seasonal } : {}),
    ...(rule.minPoints === null ? {} : { minPoints: rule.minPoints }),
    minStd: rule.minStd,
    centre: rule.baseline,
  };
}

/**
 * Where an anomaly rule cannot fire yet on `series` up to `until`: from the metric's first
 * sample until its baseline first has enough history (`min_points`) on any series, or its
 * `warm_up` has passed, whichever is later. Null when the series have no samples. For charts.
 */
export function anomalyWarmUp(
  rule: AnomalyAlertDef,
  metric: MetricDef,
  series: readonly Series[],
  until?: number,
): { start: number; end: number } | null {
  const sampled = series.filter((s) => s.times.length > 0);
  if (sampled.length === 0) return null;
  const start = Math.min(...sampled.map((s) => s.times[0]!));
  const options = anomalyBaselineOptions(rule, ruleGrid(rule, metric, series, until));
  let ready = Infinity;
  for (const s of sampled) {
    const z = baselineZScores(s, options).z;
    const i = z.values.findIndex((v) => !Number.isNaN(v));
    if (i >= 0) ready = Math.min(ready, z.times[i]!);
  }
  const end = Math.max(ready === Infinity ? (until ?? start) : ready, start + rule.warmUpMs);
  return end > start ? { start, end } : null;
}

/**
 * A burn-rate rule on its SLI's minutes up to `until` (the replay time): the multiwindow,
 * multi-burn-rate evaluation on the SLI's minute grid, every pair's intervals combined. The one
 * evaluation of a burn-rate rule (`evaluateWorkbookAlerts`, the sweep). Pure.
 */
export function evaluateBurnRateRule(
  rule: BurnRateAlertDef,
  sli: Pick<SliDef, 'objective' | 'noData'>,
  minutes: Series,
  until?: number,
): FiringInterval[] {
  const grid = minuteGrid(minutes, until === undefined ? {} : { until });
  return evaluateBurnRateAlerts(grid, {
    objective: sli.objective,
    noData: sli.noData,
    pairs: rule.pairs,
    fullWindowsOnly: rule.fullWindowsOnly,
  }).combined;
}

/** What one rule is evaluated on: its metric's definition, or its SLI's. */
export interface RuleInputDef {
  metric: MetricDef | null;
  sli: SliDef | null;
}

/**
 * Any rule on its own input: a threshold or anomaly rule on its metric's series
 * (`evaluateMetricRule`), a burn-rate rule on its SLI's minutes (one series,
 * `evaluateBurnRateRule`), up to `until`. Throws when the definition it needs is missing or the
 * rule cannot be evaluated there.
 */
export function evaluateRuleOn(
  rule: AlertRuleDef,
  defs: RuleInputDef,
  series: readonly Series[],
  until?: number,
): FiringInterval[] {
  if (rule.kind === 'burn_rate') {
    if (!defs.sli || series.length !== 1) {
      throw new Error(`SLI "${rule.sli}" is not computed for this source`);
    }
    return evaluateBurnRateRule(rule, defs.sli, series[0]!, until);
  }
  if (!defs.metric) throw new Error(`metric "${rule.metric}" is not defined`);
  return evaluateMetricRule(rule, defs.metric, series, until);
}

/**
 * Evaluates every alert rule of the workbook on computed series up to `span.until` (the replay
 * time): `threshold` and `anomaly` rules with `evaluateMetricRule`, `burn_rate` rules on their
 * SLI's minute grid. A rule whose metric or SLI is not among `inputs`, whose options are
 * invalid, or whose metric has more series than the rule's `maxSeries` reports `error` and no
 * intervals, rather than a silently truncated answer. Pure.
 */
export function evaluateWorkbookAlerts(
  wb: Pick<Workbook, 'alerts' | 'metrics' | 'slis'>,
  inputs: AlertInputs,
  span: AlertSpan = {},
): AlertRuleResult[] {
  return wb.alerts.map((rule) => {
    try {
      return evaluateRule(wb, rule, inputs, span);
    } catch (err) {
      return failed(rule, errorMessage(err));
    }
  });
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function failed(rule: AlertRuleDef, error: string, series = 0): AlertRuleResult {
  return { id: rule.id, kind: rule.kind, error, series, intervals: [] };
}

function evaluateRule(
  wb: Pick<Workbook, 'metrics' | 'slis'>,
  rule: AlertRuleDef,
  inputs: AlertInputs,
  span: AlertSpan,
): AlertRuleResult {
  if (rule.kind === 'burn_rate') {
    const sli = wb.slis.find((s) => s.id === rule.sli);
    const input = inputs.slis.find((s) => s.id === rule.sli);
    if (!sli || !input) return failed(rule, `SLI "${rule.sli}" is not computed for this source`);
    const intervals = evaluateBurnRateRule(rule, sli, input.minutes, span.until);
    return { id: rule.id, kind: rule.kind, error: null, series: 1, intervals };
  }
  const def = wb.metrics.find((m) => m.id === rule.metric);
  const input = inputs.metrics.find((m) => m.id === rule.metric);
  if (!def || !input)
    return failed(rule, `metric "${rule.metric}" is not computed for this source`);
  const series = input.series;
  try {
    const intervals = evaluateMetricRule(rule, def, series, span.until);
    return { id: rule.id, kind: rule.kind, error: null, series: series.length, intervals };
  } catch (err) {
    return failed(rule, errorMessage(err), series.length);
  }
}
