import type { Comparison, FiringInterval, Series, ThresholdRule } from '../contract.ts';
import { firingIntervals } from './alert-state.ts';
import { sampleOnGrid, type GridOptions, type GridSeries } from './eval-grid.ts';
import { checkNonNegative, invalid } from './option-checks.ts';

/** A threshold rule with Prometheus's optional `keep_firing_for` (ms, default 0). */
export type ThresholdAlertRule = ThresholdRule & { keepFiringForMs?: number };

/**
 * Writes `cond[k] = values[k] <op> threshold ? 1 : 0`. A NaN value (series absent) compares
 * false under every operator, as an absent series drops out of a PromQL comparison.
 */
export function compareInto(
  values: Float64Array,
  op: Comparison,
  threshold: number,
  cond: Uint8Array,
): void {
  const m = values.length;
  switch (op) {
    case '>':
      for (let k = 0; k < m; k++) cond[k] = values[k]! > threshold ? 1 : 0;
      return;
    case '>=':
      for (let k = 0; k < m; k++) cond[k] = values[k]! >= threshold ? 1 : 0;
      return;
    case '<':
      for (let k = 0; k < m; k++) cond[k] = values[k]! < threshold ? 1 : 0;
      return;
    case '<=':
      for (let k = 0; k < m; k++) cond[k] = values[k]! <= threshold ? 1 : 0;
      return;
    default:
      invalid('op', op, "must be one of '>', '>=', '<', '<='");
  }
}

/** Checks a rule's fields, naming the first bad one. */
export function checkRule(rule: ThresholdAlertRule): void {
  if (Number.isNaN(rule.threshold)) invalid('threshold', rule.threshold, 'must be a number');
  checkNonNegative('forMs', rule.forMs);
  checkNonNegative('keepFiringForMs', rule.keepFiringForMs ?? 0);
}

/**
 * Evaluates a rule over a series already sampled on its grid; `cond` is scratch space of at
 * least the grid's length. Shared by `evaluateThreshold` and the sweep so both give the same
 * answer by construction.
 */
export function evaluateGrid(
  grid: GridSeries,
  rule: ThresholdAlertRule,
  cond: Uint8Array,
): FiringInterval[] {
  const m = grid.values.length;
  compareInto(grid.values, rule.op, rule.threshold, cond);
  return firingIntervals(
    cond,
    m,
    grid.start,
    grid.stepMs,
    rule.forMs,
    rule.keepFiringForMs ?? 0,
    grid.label,
  );
}

/**
 * Evaluates a Prometheus-style threshold rule (`value <op> threshold`, `for`,
 * `keep_firing_for`) over one series: the series is sampled at every `intervalMs` from its
 * first sample time (or `options.start`) up to `options.until` (default: its last sample time),
 * each evaluation seeing the latest sample no older than one interval (see `sampleOnGrid`), and
 * the alert state follows rules/alerting.go (see `firingIntervals`). Returns the firing
 * intervals `[start, end)`; `end` is null for an alert still firing at the last evaluation.
 * O(samples + evaluations).
 */
export function evaluateThreshold(
  series: Series,
  rule: ThresholdAlertRule,
  options: GridOptions,
): FiringInterval[] {
  checkRule(rule);
  const grid = sampleOnGrid(series, options);
  return evaluateGrid(grid, rule, new Uint8Array(grid.values.length));
}

/**
 * `evaluateThreshold` for each series (one alert instance per series label, as Prometheus keeps
 * one per label set). Returns all intervals, grouped by series in input order and by start
 * within a series; each interval's `series` names its series. Pass `options.start` to put all
 * series on one grid (`seriesGrid` gives a rule's; `evaluateMetricRule` evaluates a workbook
 * rule on it).
 */
export function evaluateThresholdAll(
  series: Series[],
  rule: ThresholdAlertRule,
  options: GridOptions,
): FiringInterval[] {
  checkRule(rule);
  const out: FiringInterval[] = [];
  let cond = new Uint8Array(0);
  for (const s of series) {
    const grid = sampleOnGrid(s, options);
    if (cond.length < grid.values.length) cond = new Uint8Array(grid.values.length);
    for (const interval of evaluateGrid(grid, rule, cond)) out.push(interval);
  }
  return out;
}
