import type { Comparison, Series } from '../contract.ts';
import { sampleOnGrid } from '../alerts/eval-grid.ts';
import { invalid } from '../alerts/option-checks.ts';
import { evaluateThresholdAll } from '../alerts/threshold-rule.ts';
import type { PromtoolCase } from './prometheus-test.ts';
import {
  comparisonExpr,
  prometheusLabelName,
  prometheusMetricName,
  seriesSelector,
} from './prometheus-names.ts';

/** One series of a metric with its dimension values (its Prometheus labels). */
export interface ExportSeries {
  /** dimension → value, e.g. `{ region: 'Dubai' }`; `{}` for a metric with one series */
  dimensions: Readonly<Record<string, string>>;
  series: Series;
}

/** A threshold rule to export: `metric <op> threshold` held for `forMs`, per series. */
export interface ThresholdExportRule {
  id: string;
  metricId: string;
  /** the metric's dimensions: one Prometheus label each */
  dimensions: readonly string[];
  /** restricts the rule to series with these dimension values (label matchers) */
  match?: Readonly<Record<string, string>>;
  op: Comparison;
  threshold: number;
  forMs: number;
  keepFiringForMs: number;
  intervalMs: number;
  labels: Readonly<Record<string, string>>;
  summary: string;
  description: string;
}

/** Prometheus labels of a series: one per dimension, names made valid. */
export function promLabels(dimensions: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(dimensions)) out[prometheusLabelName(name)] = value;
  return out;
}

/**
 * A threshold rule and its promtool case from the replayed series of its metric. The expr
 * compares the recording-rule metric `tapedeck:<metric id>` (one label per dimension); the
 * inputs are every series sampled on the rule's evaluation grid (`sampleOnGrid`, from the first
 * sample to `until`, default the last sample), and the expected firing intervals are
 * `evaluateThresholdAll` on exactly that grid — the backtest's own evaluation. Pass the replay
 * time as `until`: an open window's partial value, stamped after it, is then left out.
 */
export function thresholdCase(
  rule: ThresholdExportRule,
  series: readonly ExportSeries[],
  until?: number,
): PromtoolCase {
  for (const name of Object.keys(rule.match ?? {})) {
    if (!rule.dimensions.includes(name)) {
      invalid(
        `rule ${rule.id} match`,
        name,
        `not one of the metric's dimensions (${rule.dimensions.join(', ') || 'none'})`,
      );
    }
  }
  const metric = prometheusMetricName(rule.metricId);
  const matchers = promLabels(rule.match ?? {});
  const withSamples = series.filter((s) => s.series.times.length > 0);
  if (withSamples.length === 0) {
    invalid(
      `rule ${rule.id} metric ${rule.metricId}`,
      'no samples',
      'nothing to export a test from',
    );
  }
  const start = Math.min(...withSamples.map((s) => s.series.times[0]!));
  const end = until ?? Math.max(...withSamples.map((s) => s.series.times.at(-1)!));
  const grid = { intervalMs: rule.intervalMs, start, until: end };
  const instanceLabels: Record<string, Record<string, string>> = {};
  const bySelector = new Map<string, string>();
  for (const s of series) {
    const label = s.series.label;
    if (instanceLabels[label]) invalid(`rule ${rule.id} series`, label, 'appears twice');
    instanceLabels[label] = promLabels(s.dimensions);
    const selector = seriesSelector(metric, instanceLabels[label]);
    const other = bySelector.get(selector);
    if (other !== undefined) {
      invalid(`rule ${rule.id} series`, `"${other}" and "${label}"`, `both become ${selector}`);
    }
    bySelector.set(selector, label);
  }
  const watched = series.filter((s) =>
    Object.entries(rule.match ?? {}).every(([k, v]) => s.dimensions[k] === v),
  );
  const intervals = evaluateThresholdAll(
    watched.map((s) => s.series),
    {
      op: rule.op,
      threshold: rule.threshold,
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
    },
    grid,
  );
  const labelNames = rule.dimensions.map(prometheusLabelName);
  return {
    rule: {
      id: rule.id,
      intervalMs: rule.intervalMs,
      expr: comparisonExpr(seriesSelector(metric, matchers), rule.op, rule.threshold),
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
      labels: rule.labels,
      summary: rule.summary,
      description: rule.description,
      reads: [labelNames.length > 0 ? `${metric} by (${labelNames.join(', ')})` : metric],
    },
    origin: start,
    inputs: series.map((s) => ({
      selector: seriesSelector(metric, instanceLabels[s.series.label]!),
      values: sampleOnGrid(s.series, grid).values,
    })),
    intervals,
    instanceLabels,
  };
}
