import { evaluateThreshold } from '../../engine/index.ts';
import type { FiringInterval, Series, ThresholdRule } from '../../engine/index.ts';

/** Where the alert rule is evaluated: every `intervalMs` from `start` up to `until` (ms). */
export interface EvaluationGrid {
  intervalMs: number;
  /** first evaluation: the source's start, so every series shares one grid */
  start: number;
  /** the replay time; an interval still open there has a null end */
  until: number;
}

/**
 * The firing intervals of `rule` over every series of one metric, sorted by start. The alert
 * math runs here in the main thread on the frame's series, so editing a threshold redraws at
 * once without a worker round trip. Series without samples yet cannot fire and are skipped.
 */
export function firingIntervals(
  series: readonly Series[],
  rule: ThresholdRule,
  grid: EvaluationGrid,
): FiringInterval[] {
  if (grid.until < grid.start) return [];
  return series
    .filter((s) => s.times.length > 0)
    .flatMap((s) => evaluateThreshold(s, rule, grid))
    .sort((a, b) => a.start - b.start || a.series.localeCompare(b.series));
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
