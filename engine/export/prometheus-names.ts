import type { Comparison } from '../contract.ts';
import { invalid } from '../alerts/option-checks.ts';

/**
 * How Tapedeck's names and numbers are spelled in Prometheus: metric, label and alert names,
 * durations, PromQL literals and label matchers. Pure, browser-safe.
 */

/** Prefix of the recording-rule style metric names Tapedeck's rules refer to. */
export const METRIC_PREFIX = 'tapedeck:';

/**
 * The recording-rule style metric name for a metric id: `rejection-ratio` →
 * `tapedeck:rejection_ratio` (every character PromQL does not allow in a name becomes `_`).
 */
export function prometheusMetricName(metricId: string): string {
  if (metricId === '') invalid('metric id', '""', 'must not be empty');
  return METRIC_PREFIX + metricId.replace(/[^a-zA-Z0-9_:]/g, '_');
}

/**
 * A valid Prometheus label name for a dimension: `restaurant-id` → `restaurant_id`. Names that
 * would start with a digit or with `__` (reserved for Prometheus itself) get a `d` in front.
 */
export function prometheusLabelName(dimension: string): string {
  if (dimension === '') invalid('dimension', '""', 'must not be empty');
  const name = dimension.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) || name.startsWith('__') ? `d${name}` : name;
}

/**
 * An alert name (it must be a valid metric name) from a rule id: `rejection-ratio-high` →
 * `RejectionRatioHigh`.
 */
export function prometheusAlertName(ruleId: string): string {
  const words = ruleId.split(/[^a-zA-Z0-9]+/).filter((w) => w !== '');
  if (words.length === 0) invalid('rule id', JSON.stringify(ruleId), 'has no letters or digits');
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[0-9]/.test(name) ? `Alert${name}` : name;
}

const UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** A duration in Prometheus notation: 5_400_000 → `1h30m`, 0 → `0s`, 1500 → `1s500ms`. */
export function prometheusDuration(ms: number): string {
  if (!(Number.isInteger(ms) && ms >= 0)) {
    invalid('duration', ms, 'must be a whole number of milliseconds ≥ 0');
  }
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) text += `${n}${unit}`;
    rest -= n * size;
  }
  return text;
}

/**
 * A number as PromQL and promtool series notation spell it: shortest round-trip decimal,
 * `Inf`/`-Inf` for the infinities. NaN is refused: Tapedeck writes no value as `stale`.
 */
export function prometheusNumber(value: number): string {
  if (Number.isNaN(value)) invalid('value', value, 'NaN has no PromQL literal here');
  if (value === Infinity) return 'Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** A PromQL string literal: `Du"bai` → `"Du\"bai"`. */
export function promqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A series selector: `tapedeck:rejection_ratio{region="Dubai"}`, no braces without labels. */
export function seriesSelector(metric: string, labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return metric;
  return `${metric}{${names.map((n) => `${n}=${promqlString(labels[n]!)}`).join(', ')}}`;
}

/** `value <op> threshold` as a PromQL comparison over `selector` (a filter: false drops the series). */
export function comparisonExpr(selector: string, op: Comparison, threshold: number): string {
  if (!['>', '>=', '<', '<='].includes(op)) {
    invalid('op', op, "must be one of '>', '>=', '<', '<='");
  }
  return `${selector} ${op} ${prometheusNumber(threshold)}`;
}
