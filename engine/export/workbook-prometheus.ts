import type { FiringInterval, Series } from '../contract.ts';
import { metricStepMs } from '../workbook/compile-metric.ts';
import type { AlertRuleDef, Workbook } from '../contract.ts';
import { burnRateCase } from './burn-rate-export.ts';
import { prometheusRulesYaml } from './prometheus-rules.ts';
import { promtoolTests, type PromtoolCase } from './prometheus-test.ts';
import { metricDimensions, seriesDimensions } from './series-dimensions.ts';
import { thresholdCase } from './threshold-export.ts';

/**
 * The computed series the rules read (as `evaluateWorkbookAlerts` takes them): a frame's, whose
 * samples are as known at their own times (DESIGN "As-of values"), so the promtool test's input
 * series are what Prometheus would have scraped live, not values later records changed.
 */
export interface ExportInputs {
  metrics: readonly { id: string; series: readonly Series[] }[];
  slis: readonly { id: string; minutes: Series }[];
}

export interface WorkbookPrometheusOptions {
  /** the rules file name the test file loads; default `rules.yml` */
  ruleFile?: string;
  /**
   * last evaluation time: the replay time. A frame's windowed series end with the open window,
   * its partial value stamped at the window's end, after the replay time; with `until` it is
   * neither an input of the tests nor a reason to expect an alert. Default: each series' last
   * sample (right only for series that hold finished windows alone).
   */
  until?: number;
  /** where the rules came from, for the header comment (e.g. the workbook and recording files) */
  source?: string;
  /** checked evaluation times per rule, at most; default 60 */
  maxEvalTimes?: number;
}

/** A workbook's rules as Prometheus files, and what was (not) exported. */
export interface WorkbookPrometheusExport {
  /** `rules.yml`: alerting rules, one group per evaluation interval */
  rules: string;
  /** `rules.test.yml`: a `promtool test rules` file built from the replay */
  tests: string;
  exported: {
    id: string;
    alert: string;
    intervalMs: number;
    /** checked evaluation times and how many of them expect the alert firing */
    checks: number;
    firingChecks: number;
    /** Tapedeck's firing intervals the expected alerts follow (the backtest's) */
    intervals: FiringInterval[];
  }[];
  /** rules left out, with the reason */
  skipped: { id: string; reason: string }[];
}

/**
 * Exports a workbook's alert rules to Prometheus with a promtool test built from the replayed
 * series: threshold rules per metric series (`threshold-export.ts`), burn-rate rules on their
 * SLI (`burn-rate-export.ts`). Anomaly rules have no PromQL equivalent here and are skipped, as
 * are rules whose metric or SLI this source does not compute or that exceed `max_series`.
 * Browser-safe: the app can offer the same files as downloads.
 */
export function workbookToPrometheus(
  wb: Workbook,
  inputs: ExportInputs,
  options: WorkbookPrometheusOptions = {},
): WorkbookPrometheusExport {
  const cases: PromtoolCase[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const rule of wb.alerts) {
    try {
      const made = ruleCase(wb, rule, inputs, options.until);
      if (typeof made === 'string') skipped.push({ id: rule.id, reason: made });
      else cases.push(made);
    } catch (err) {
      skipped.push({ id: rule.id, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  const ruleFile = options.ruleFile ?? 'rules.yml';
  const tests = promtoolTests(cases, {
    ruleFiles: [ruleFile],
    ...(options.maxEvalTimes === undefined ? {} : { maxEvalTimes: options.maxEvalTimes }),
  });
  const rules = prometheusRulesYaml({
    name: wb.name,
    rules: cases.map((c) => c.rule),
    source: options.source ?? `workbook ${wb.name}`,
  });
  const exported = cases.map((c) => {
    const summary = tests.cases.find((s) => s.id === c.rule.id)!;
    const firing = summary.evalTimes.filter((t) =>
      c.intervals.some((iv) => iv.start <= t && (iv.end === null || t < iv.end)),
    );
    return {
      id: c.rule.id,
      alert: summary.alert,
      intervalMs: c.rule.intervalMs,
      checks: summary.evalTimes.length,
      firingChecks: firing.length,
      intervals: [...c.intervals],
    };
  });
  return { rules, tests: tests.yaml, exported, skipped };
}

/** The promtool case of one rule, or why it is not exported. */
function ruleCase(
  wb: Workbook,
  rule: AlertRuleDef,
  inputs: ExportInputs,
  until: number | undefined,
): PromtoolCase | string {
  const common = {
    id: rule.id,
    labels: { severity: rule.severity },
    summary: rule.title,
    description: rule.description || rule.title,
  };
  if (rule.kind === 'anomaly') {
    return 'anomaly rules (z-score against a rolling baseline) have no Prometheus export';
  }
  if (rule.kind === 'burn_rate') {
    const sli = wb.slis.find((s) => s.id === rule.sli);
    const input = inputs.slis.find((s) => s.id === rule.sli);
    if (!sli || !input) return `SLI "${rule.sli}" is not computed for this source`;
    return burnRateCase(
      {
        ...common,
        sliId: sli.id,
        objective: sli.objective,
        noData: sli.noData,
        pairs: rule.pairs,
        fullWindowsOnly: rule.fullWindowsOnly,
      },
      input.minutes,
      until === undefined ? {} : { until },
    );
  }
  const def = wb.metrics.find((m) => m.id === rule.metric);
  const input = inputs.metrics.find((m) => m.id === rule.metric);
  if (!def || !input) return `metric "${rule.metric}" is not computed for this source`;
  if (input.series.length > rule.maxSeries) {
    return `metric "${rule.metric}" has ${input.series.length} series, more than the rule's max_series ${rule.maxSeries}`;
  }
  if (input.series.every((s) => s.times.length === 0)) {
    return `metric "${rule.metric}" has no samples in this replay`;
  }
  const dimensions = metricDimensions(
    def,
    input.series.map((s) => s.label),
  );
  return thresholdCase(
    {
      ...common,
      metricId: def.id,
      dimensions,
      op: rule.op,
      threshold: rule.value,
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
      intervalMs: rule.everyMs ?? metricStepMs(def),
    },
    input.series.map((series) => ({
      dimensions: seriesDimensions(def, series.label, dimensions),
      series,
    })),
    until,
  );
}
