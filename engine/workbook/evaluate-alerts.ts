import { evaluateAnomaly } from '../alerts/anomaly-baseline.ts';
import { evaluateBurnRateAlerts } from '../alerts/burn-rate-alerts.ts';
import { minuteGrid } from '../alerts/sli.ts';
import { evaluateThresholdAll } from '../alerts/threshold-rule.ts';
import type { FiringInterval, Series } from '../contract.ts';
import { metricStepMs } from './compile-metric.ts';
import type { AlertRuleDef, AlertRuleResult, Workbook } from '../contract.ts';

/** The computed series alert rules read: each metric's series and each SLI's minute series. */
export interface AlertInputs {
  metrics: readonly { id: string; series: readonly Series[] }[];
  slis: readonly { id: string; minutes: Series }[];
}

/** Where rules are evaluated; by default each series from its first to its last sample. */
export interface AlertSpan {
  /** first evaluation time (put every rule on one grid, e.g. the source's start) */
  start?: number;
  /** last evaluation time (e.g. the replay time) */
  until?: number;
}

/**
 * Evaluates every alert rule of the workbook on computed series, one alert instance per series
 * label (Prometheus keeps one per label set): `threshold` and `anomaly` rules per series of
 * their metric, `burn_rate` rules on their SLI's minute grid. A rule whose metric or SLI is not
 * among `inputs`, whose options are invalid, or whose metric has more series than the rule's
 * `maxSeries` reports `error` and no intervals, rather than a silently truncated answer. Pure.
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
      return failed(rule, err instanceof Error ? err.message : String(err));
    }
  });
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
    const grid = minuteGrid(input.minutes, span);
    const result = evaluateBurnRateAlerts(grid, {
      objective: sli.objective,
      noData: sli.noData,
      pairs: rule.pairs,
      fullWindowsOnly: rule.fullWindowsOnly,
    });
    return { id: rule.id, kind: rule.kind, error: null, series: 1, intervals: result.combined };
  }
  const def = wb.metrics.find((m) => m.id === rule.metric);
  const input = inputs.metrics.find((m) => m.id === rule.metric);
  if (!def || !input)
    return failed(rule, `metric "${rule.metric}" is not computed for this source`);
  const series = input.series;
  if (series.length > rule.maxSeries) {
    return failed(
      rule,
      `metric "${rule.metric}" has ${series.length} series, more than this rule's limit of ${rule.maxSeries}: ` +
        `narrow the metric's "by" or raise the rule's max_series`,
      series.length,
    );
  }
  const grid = { intervalMs: rule.everyMs ?? metricStepMs(def), ...span };
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
    };
    const baseline = {
      ...grid,
      windowMs: rule.windowMs,
      ...(rule.seasonal ? { seasonal: rule.seasonal } : {}),
      ...(rule.minPoints === null ? {} : { minPoints: rule.minPoints }),
      minStd: rule.minStd,
    };
    intervals = series.flatMap((s) =>
      s.times.length === 0 ? [] : evaluateAnomaly(s, anomaly, baseline).intervals,
    );
  }
  intervals.sort((a, b) => a.start - b.start || a.series.localeCompare(b.series));
  return { id: rule.id, kind: rule.kind, error: null, series: series.length, intervals };
}
