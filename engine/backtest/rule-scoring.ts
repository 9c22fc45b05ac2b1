import type { Incident } from '../../formats/index.ts';
import type { AlertRuleDef, FiringInterval, MetricDef, Workbook } from '../contract.ts';
import { metricDimensions } from '../export/series-dimensions.ts';
import { metricStepMs } from '../workbook/compile-metric.ts';
import {
  scoreAlerts,
  type BacktestScore,
  type ScopeMatch,
  type ScoreOptions,
} from './backtest-score.ts';

/** What the engine joins `by` values and a latency stat with in a series label (`labelSql`). */
const LABEL_SEPARATOR = ' · ';

/** What scoring one workbook rule needs besides its firing intervals. */
export interface RuleScoringInput {
  /** the rule's metric definitions (for its series' dimensions) and backtest tolerances */
  workbook: Pick<Workbook, 'metrics' | 'backtest'>;
  rule: AlertRuleDef;
  /**
   * labels of the rule's series: every series of its metric when the intervals are not known
   * yet (a threshold sweep), at least those of the intervals scored
   */
  seriesLabels: readonly string[];
  /** every incident label of the source; the rule's are picked from them */
  incidents: readonly Incident[];
  /** the replayed span `[start, end)`: the source's first record to the replay time */
  span: { start: number; end: number };
}

/** A rule's incidents in scope and the options its intervals are scored with. */
export interface RuleScoring {
  /** the incidents the rule is scored against, in the order given */
  incidents: Incident[];
  options: ScoreOptions;
}

/**
 * The incidents `rule` is scored against: none for a rule with `scored: false`; else of a kind
 * it `catches` (any kind when it names none), overlapping the replayed span (`start < span.end` and `end > span.start`: an incident after
 * the replay time has not happened yet, one before the first record has no data), and — for a
 * rule with a `scope` — with a value for that scope key (an incident without one cannot be
 * told apart by series, so it is left out, as `ScopeMatch.unscoped: 'ignore'` does).
 */
export function incidentsInScope(
  rule: Pick<AlertRuleDef, 'catches' | 'scope' | 'scored'>,
  incidents: readonly Incident[],
  span: { start: number; end: number },
): Incident[] {
  if (rule.scored === false) return [];
  return incidents.filter(
    (i) =>
      (rule.catches.length === 0 || rule.catches.includes(i.kind)) &&
      i.start < span.end &&
      i.end > span.start &&
      (rule.scope === null || i.scope[rule.scope] !== undefined),
  );
}

/**
 * The scope value(s) of each series label, for `ScopeMatch.seriesValues`. A label is split on
 * ` · `; when the metric's dimensions (`metricDimensions`) include `dimension` and the label
 * has one part per dimension, its value is the part in that position (`Dubai · p95` of a
 * latency metric by region with two stats → `Dubai`). Otherwise the position is unknown (a
 * burn-rate rule, a scope key the metric is not split by, a label with a ` · ` inside a value)
 * and the series matches an incident whose scope value equals any part or the whole label.
 */
export function seriesScopeValues(
  dimension: string,
  metric: MetricDef | undefined,
  labels: readonly string[],
): Record<string, string | string[]> {
  const dims = metric ? metricDimensions(metric, labels) : [];
  const position = dims.indexOf(dimension);
  const values: Record<string, string | string[]> = {};
  for (const label of labels) {
    const parts = label.split(LABEL_SEPARATOR);
    if (position >= 0 && parts.length === dims.length) values[label] = parts[position]!;
    else values[label] = parts.length === 1 ? label : [label, ...parts];
  }
  return values;
}

/** The metric a threshold or anomaly rule reads; none for a burn-rate rule or an unknown id. */
function ruleMetric(wb: Pick<Workbook, 'metrics'>, rule: AlertRuleDef): MetricDef | undefined {
  return rule.kind === 'burn_rate' ? undefined : wb.metrics.find((m) => m.id === rule.metric);
}

/**
 * How a workbook rule is backtested — the one path the alert lab, the threshold sweep and
 * `tapedeck backtest` share: its incidents in scope (`incidentsInScope`) and scoring options
 * with its tolerances (`ruleTolerance`) and the workbook's flap window, the replayed span and,
 * for a rule with a `scope`, each series label's scope value (`seriesScopeValues`).
 */
export function ruleScoring(input: RuleScoringInput): RuleScoring {
  const { workbook: wb, rule, span } = input;
  let scope: ScopeMatch | undefined;
  if (rule.scope !== null) {
    const labels = [...new Set(input.seriesLabels)];
    const seriesValues = seriesScopeValues(rule.scope, ruleMetric(wb, rule), labels);
    scope = { dimension: rule.scope, seriesValues };
  }
  return {
    incidents: incidentsInScope(rule, input.incidents, span),
    options: {
      tolerance: ruleTolerance(wb, rule),
      span: { start: span.start, end: span.end },
      flapMinutes: wb.backtest.flapMs / 60_000,
      ...(scope ? { scope } : {}),
      rowMs: scoringRowMs(wb, rule),
    },
  };
}

/** A rule's backtest tolerances: its own `tolerance`, else the workbook's. */
export function ruleTolerance(
  wb: Pick<Workbook, 'backtest'>,
  rule: AlertRuleDef,
): { beforeMs: number; afterMs: number } {
  return {
    beforeMs: rule.tolerance?.beforeMs ?? wb.backtest.toleranceBeforeMs,
    afterMs: rule.tolerance?.afterMs ?? wb.backtest.toleranceAfterMs,
  };
}

/**
 * The rows a rule's early-detection score counts in: its evaluation step (`every`, else its
 * metric's step; a burn-rate rule's SLI minutes). A rule on an unknown metric: a minute.
 */
export function scoringRowMs(wb: Pick<Workbook, 'metrics'>, rule: AlertRuleDef): number {
  if (rule.kind === 'burn_rate') return 60_000;
  const metric = ruleMetric(wb, rule);
  return rule.everyMs ?? (metric ? metricStepMs(metric) : 60_000);
}

/** A workbook rule's firing intervals scored against its incidents in scope (see `ruleScoring`). */
export function scoreRule(
  intervals: readonly FiringInterval[],
  scoring: RuleScoring,
): BacktestScore {
  return scoreAlerts(intervals, scoring.incidents, scoring.options);
}

/** Ids of the incidents one firing interval detects under `scoring`, in incident order. */
export function intervalIncidents(interval: FiringInterval, scoring: RuleScoring): string[] {
  return scoreAlerts([interval], scoring.incidents, scoring.options)
    .perIncident.filter((d) => d.detected)
    .map((d) => d.incidentId);
}
