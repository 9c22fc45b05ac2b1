import { evaluateThresholdAll, seriesGrid } from '../../engine/index.ts';
import type { FiringInterval, Series, ThresholdRule } from '../../engine/index.ts';

/** When the alert rule is evaluated: every `intervalMs` (the metric's step, unless the rule says) up to `until` (the replay time, ms). */
export interface EvaluationGrid {
  intervalMs: number;
  /** the replay time; an interval still open there has a null end */
  until: number;
}

/**
 * The firing intervals of a chart's rule over every series of its metric, sorted by start then
 * series: the engine's evaluation (`evaluateThresholdAll` on the rule's one grid, `seriesGrid`,
 * as `tapedeck backtest` and the alert lab do), run here in the main thread on the frame's series
 * so editing a threshold redraws at once without a worker round trip.
 */
export function firingIntervals(
  series: readonly Series[],
  rule: ThresholdRule,
  { intervalMs, until }: EvaluationGrid,
): FiringInterval[] {
  const grid = seriesGrid(series, rule.everyMs ?? intervalMs, until);
  if (grid.until < grid.start) return [];
  const live = series.filter((s) => s.times.length > 0);
  const keepFiringForMs = rule.keepFiringForMs ?? 0;
  return evaluateThresholdAll(live, { ...rule, keepFiringForMs }, grid).sort(
    (a, b) => a.start - b.start || a.series.localeCompare(b.series),
  );
}

/**
 * The union of firing intervals as disjoint `[start, end)` spans sorted by start, an open
 * interval ending at `now`. Charts shade this once, so overlapping series don't stack their shading.
 */
export function firingUnion(
  firing: readonly FiringInterval[],
  now: number,
): { start: number; end: number }[] {
  const spans = firing
    .map((f) => ({ start: f.start, end: f.end ?? Math.max(now, f.start) }))
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
