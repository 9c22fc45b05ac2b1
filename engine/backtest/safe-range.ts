import { invalid } from '../alerts/option-checks.ts';
import {
  betterRow,
  checkGoal,
  withinGoal,
  type ScoredRow,
  type SweepGoal,
} from './threshold-sweep.ts';

/**
 * A maximal run of neighbouring swept thresholds (one `for` value, in threshold order) whose
 * every row is safe: within the goal's limits and reaching the best `maximize` score any row
 * within the limits reaches (`safeRanges`).
 */
export interface SafeRange<R extends ScoredRow = ScoredRow> {
  forMs: number;
  /** lowest and highest swept threshold of the run */
  from: number;
  to: number;
  /** `to − from`, in the metric's unit (0 for a run of one value) */
  width: number;
  /** the run's rows, by ascending threshold */
  rows: R[];
}

/** How far the threshold can move one way before recall or false alerts change. */
export interface MarginSide {
  /** |recommended − value|: the move that keeps recall and false alerts as they are */
  distance: number;
  /** the farthest swept threshold this way with the same recall and false alerts */
  value: number;
  /** the next swept threshold beyond `value`, where they change; null when the sweep ends first */
  changesAt: number | null;
  /** recall and false alerts at `changesAt` (null when it is null) */
  recallThere: number | null;
  falseAlertsThere: number | null;
}

/** The margin around a threshold: below (lower values) and above (higher values). */
export interface Margin {
  below: MarginSide;
  above: MarginSide;
}

/** The threshold a sweep recommends, the safe range it is the middle of, and its margin. */
export interface Recommendation<R extends ScoredRow = ScoredRow> {
  row: R;
  range: SafeRange<R>;
  margin: Margin;
}

/** Each `for` value's rows by ascending threshold (stable), `for` values ascending. */
function curves<R extends ScoredRow>(rows: readonly R[]): R[][] {
  const byFor = new Map<number, R[]>();
  for (const row of rows) {
    const list = byFor.get(row.forMs);
    if (list) list.push(row);
    else byFor.set(row.forMs, [row]);
  }
  return [...byFor.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, list]) => list.sort((a, b) => a.threshold - b.threshold));
}

/** Equality up to rounding: widths and distances of evenly spaced values differ in the last bits. */
function tolerance(rows: readonly ScoredRow[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    lo = Math.min(lo, r.threshold);
    hi = Math.max(hi, r.threshold);
  }
  return 1e-9 * (hi > lo ? hi - lo : 1);
}

/**
 * The safe ranges of a sweep: a row is safe when it is within the goal's limits (`withinGoal`)
 * and its `maximize` score equals the best any such row reaches (null counting lowest); a safe
 * range is a maximal run of safe rows neighbouring in threshold order at one `for` value.
 * Ranges come by ascending `for`, then threshold. None when no row is within the limits.
 */
export function safeRanges<R extends ScoredRow>(
  rows: readonly R[],
  goal: SweepGoal,
): SafeRange<R>[] {
  checkGoal(goal);
  const value = (r: ScoredRow) => r.score[goal.maximize] ?? -Infinity;
  let best: number | null = null;
  for (const r of rows) {
    if (withinGoal(r.score, goal) && (best === null || value(r) > best)) best = value(r);
  }
  if (best === null) return [];
  const ranges: SafeRange<R>[] = [];
  for (const curve of curves(rows)) {
    let run: R[] = [];
    const close = () => {
      if (run.length === 0) return;
      const from = run[0]!.threshold;
      const to = run[run.length - 1]!.threshold;
      ranges.push({ forMs: run[0]!.forMs, from, to, width: to - from, rows: run });
      run = [];
    };
    for (const r of curve) {
      if (withinGoal(r.score, goal) && value(r) === best) run.push(r);
      else close();
    }
    close();
  }
  return ranges;
}

/**
 * The row of a safe range nearest its midpoint `(from + to) / 2`; of two equally near, the
 * better by `betterRow` (earlier mean time to detect, then fewer alerts), then the lower.
 */
export function middleRow<R extends ScoredRow>(
  range: SafeRange<R>,
  maximize: SweepGoal['maximize'],
  eps = tolerance(range.rows),
): R {
  const mid = (range.from + range.to) / 2;
  let pick = range.rows[0]!;
  for (const r of range.rows) {
    const d = Math.abs(r.threshold - mid) - Math.abs(pick.threshold - mid);
    if (d < -eps || (d <= eps && betterRow(r, pick, maximize))) pick = r;
  }
  return pick;
}

/**
 * How far the threshold of `row` can move below and above before recall or the number of false
 * alerts changes, read from the swept thresholds of its `for` value: from `row`, each way, the
 * farthest neighbouring swept value with the same recall and false alerts, and the next one,
 * where they change. The true change point lies between the two; a finer sweep narrows it.
 */
export function thresholdMargin<R extends ScoredRow>(rows: readonly R[], row: R): Margin {
  const curve = curves(rows.filter((r) => r.forMs === row.forMs))[0] ?? [];
  const at = curve.indexOf(row);
  if (at < 0) invalid('row', `${row.threshold} for ${row.forMs} ms`, 'must be one of the rows');
  const same = (r: ScoredRow) =>
    r.score.recall === row.score.recall && r.score.falseAlerts === row.score.falseAlerts;
  const side = (step: -1 | 1): MarginSide => {
    let k = at;
    while (curve[k + step] !== undefined && same(curve[k + step]!)) k += step;
    const next = curve[k + step];
    return {
      distance: Math.abs(curve[k]!.threshold - row.threshold),
      value: curve[k]!.threshold,
      changesAt: next?.threshold ?? null,
      recallThere: next ? next.score.recall : null,
      falseAlertsThere: next ? next.score.falseAlerts : null,
    };
  };
  return { below: side(-1), above: side(1) };
}

/**
 * The threshold a sweep recommends for `goal`: the middle (`middleRow`) of the widest safe
 * range (`safeRanges`), not its edge, so the threshold can move both ways before the scores
 * change. Of equally wide ranges, the one whose middle row is better by `betterRow` (earlier
 * mean time to detect, then fewer alerts), then the first (lowest `for`, then threshold).
 * Null when no row is within the goal's limits.
 */
export function recommendThreshold<R extends ScoredRow>(
  rows: readonly R[],
  goal: SweepGoal,
): Recommendation<R> | null {
  const eps = tolerance(rows);
  let pick: { range: SafeRange<R>; row: R } | null = null;
  for (const range of safeRanges(rows, goal)) {
    const row = middleRow(range, goal.maximize, eps);
    if (pick === null) {
      pick = { range, row };
      continue;
    }
    const wider = range.width - pick.range.width;
    if (wider > eps || (wider >= -eps && betterRow(row, pick.row, goal.maximize))) {
      pick = { range, row };
    }
  }
  return pick === null ? null : { ...pick, margin: thresholdMargin(rows, pick.row) };
}
