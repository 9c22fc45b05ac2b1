import type { Series } from '../contract.ts';
import { checkFinite, checkPositive, invalid } from './option-checks.ts';

/**
 * A series resampled onto a regular evaluation grid: `values[k]` is the value seen at evaluation
 * time `start + k * stepMs`, NaN when the series was absent then.
 */
export interface GridSeries {
  label: string;
  start: number;
  stepMs: number;
  values: Float64Array;
}

/** Where the evaluation grid lies. */
export interface GridOptions {
  /** time between evaluations, ms */
  intervalMs: number;
  /** first evaluation time; default the series' first sample time */
  start?: number;
  /** last evaluation time (inclusive, if on the grid); default the series' last sample time */
  until?: number;
}

/** A guard against a typo such as `intervalMs: 1` over a week allocating gigabytes. */
export const MAX_EVALUATIONS = 20_000_000;

/** Number of grid points `start, start + step, …` that are ≤ `until`. */
export function gridLength(start: number, stepMs: number, until: number): number {
  if (until < start) return 0;
  const length = Math.floor((until - start) / stepMs) + 1;
  if (length > MAX_EVALUATIONS) {
    invalid('intervalMs', stepMs, `${length} evaluations exceed the limit of ${MAX_EVALUATIONS}`);
  }
  return length;
}

/**
 * Samples `series` at every evaluation time `e` of the grid the way a Prometheus instant query
 * with a lookback of one interval does: the value is that of the latest sample with
 * `e − intervalMs < time ≤ e`; with no such sample (or a NaN one) the series is absent at `e`
 * (NaN). `times` must be non-decreasing. O(samples + evaluations).
 */
export function sampleOnGrid(series: Series, options: GridOptions): GridSeries {
  const { times, values, label } = series;
  const stepMs = checkPositive('intervalMs', options.intervalMs);
  const n = times.length;
  if (values.length !== n) {
    invalid(`series ${label} values length`, values.length, `must equal times length ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    if (Number.isNaN(t) || (i > 0 && t < times[i - 1]!)) {
      invalid(`series ${label} times[${i}]`, t, 'times must be non-decreasing numbers');
    }
  }
  const start = checkFinite('start', options.start ?? (n > 0 ? times[0]! : 0));
  const until = checkFinite('until', options.until ?? (n > 0 ? times[n - 1]! : start - stepMs));
  const m = gridLength(start, stepMs, until);
  const out = new Float64Array(m);
  let j = 0;
  for (let k = 0; k < m; k++) {
    const e = start + k * stepMs;
    while (j < n && times[j]! <= e) j++;
    out[k] = j > 0 && times[j - 1]! > e - stepMs ? values[j - 1]! : NaN;
  }
  return { label, start, stepMs, values: out };
}

/**
 * The one grid a rule evaluates all its series on: every `intervalMs` from the earliest first
 * sample of any series (the first moment a value of the rule's input is known) up to `until`
 * (the replay time; default the latest sample). Every series is sampled on this grid, so
 * Prometheus's one-evaluation-for-all-label-sets holds even where series begin at different
 * times. The start depends only on the series, not on where the source's first record falls,
 * so whoever holds the same series and replay time gets the same grid. With no samples at all
 * the grid starts at `until` (nothing can fire on it).
 */
export function seriesGrid(
  series: readonly Series[],
  intervalMs: number,
  until?: number,
): Required<GridOptions> {
  let first = Infinity;
  let last = -Infinity;
  for (const s of series) {
    if (s.times.length === 0) continue;
    first = Math.min(first, s.times[0]!);
    last = Math.max(last, s.times[s.times.length - 1]!);
  }
  const end = until ?? (last === -Infinity ? 0 : last);
  return { intervalMs, start: first === Infinity ? end : first, until: end };
}

/** The times of a grid, for handing a grid back as a `Series`. */
export function gridTimes(start: number, stepMs: number, length: number): Float64Array {
  const times = new Float64Array(length);
  for (let k = 0; k < length; k++) times[k] = start + k * stepMs;
  return times;
}

/** A grid as a `Series` whose sample `k` is known at evaluation time `k`. */
export function gridToSeries(grid: GridSeries): Series {
  return {
    label: grid.label,
    times: gridTimes(grid.start, grid.stepMs, grid.values.length),
    values: grid.values,
  };
}
