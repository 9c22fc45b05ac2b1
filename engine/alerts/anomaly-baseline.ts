import type { FiringInterval, Series } from '../contract.ts';
import { firingIntervals } from './alert-state.ts';
import { gridTimes, sampleOnGrid, type GridOptions } from './eval-grid.ts';
import { checkNonNegative, checkPositive, invalid, stepsIn } from './option-checks.ts';

/** How the baseline of each evaluation is drawn from the past. */
export interface BaselineOptions extends GridOptions {
  /** length of the baseline window, a whole number of `intervalMs` */
  windowMs: number;
  /**
   * Compare with the same time of day on past days instead of the moments just before: the
   * baseline pools the windows ending exactly `1 … periods` periods ago (`periodMs`, default
   * one day). Without it the window ends one interval before the evaluation, so a spike never
   * inflates its own baseline.
   */
  seasonal?: { periodMs?: number; periods: number };
  /** fewest valid points a baseline needs (else z is NaN); default half the pooled window, ≥ 2 */
  minPoints?: number;
  /** floor for the spread, so a flat baseline does not make every change ±∞; default 0 */
  minStd?: number;
  /**
   * the baseline's centre and spread: `'mean'` (default) the mean and sample standard
   * deviation of the pooled windows; `'median'` their median and 1.4826 × the median absolute
   * deviation (robust: a few outliers in the baseline move neither); `'ewma'` an exponentially
   * weighted mean and standard deviation of every earlier point, α = 2 / (N + 1) for a window
   * of N intervals (pandas' `ewm(span=N)`), not seasonal
   */
  centre?: BaselineCentre;
}

/** How a baseline's centre and spread are drawn (see `BaselineOptions.centre`). */
export type BaselineCentre = 'mean' | 'median' | 'ewma';

/** 1 / Φ⁻¹(3/4): scales a median absolute deviation to a normal distribution's σ. */
export const MAD_SCALE = 1.482602218505602;

/** The baseline and z-score on the evaluation grid. */
export interface Baseline {
  /** the centre: mean, median or EWMA level */
  mean: Series;
  /** the spread: standard deviation, scaled MAD or EW standard deviation (at least `minStd`) */
  std: Series;
  /** value − centre */
  deviation: Series;
  /** `(value − mean) / std`; NaN where the value or the baseline is missing */
  z: Series;
}

const DAY_MS = 86_400_000;

/**
 * The baseline of each evaluation from points before it (causal: the evaluated point never
 * counts in its own baseline) and its z-score, `(value − centre) / spread`; NaN points are
 * skipped, and too few valid points give NaN. Centre and spread as `options.centre` says: mean
 * and sample standard deviation (prefix sums, O(evaluations × windows pooled)), median and
 * scaled MAD (O(evaluations × pooled points × log)), or EWMA (O(evaluations)).
 */
export function baselineZScores(series: Series, options: BaselineOptions): Baseline {
  const grid = sampleOnGrid(series, options);
  const step = grid.stepMs;
  const w = stepsIn('windowMs', options.windowMs, step);
  const shifts: number[] = [];
  if (options.seasonal) {
    const period = stepsIn('seasonal.periodMs', options.seasonal.periodMs ?? DAY_MS, step);
    const periods = options.seasonal.periods;
    if (!(Number.isInteger(periods) && periods > 0)) {
      invalid('seasonal.periods', periods, 'must be a positive integer');
    }
    for (let d = 1; d <= periods; d++) shifts.push(d * period);
  } else {
    shifts.push(1);
  }
  const minPoints = checkPositive(
    'minPoints',
    options.minPoints ?? Math.max(2, Math.ceil((w * shifts.length) / 2)),
  );
  const minStd = checkNonNegative('minStd', options.minStd ?? 0);

  const x = grid.values;
  const m = x.length;
  const centre = options.centre ?? 'mean';
  if (centre !== 'mean' && centre !== 'median' && centre !== 'ewma') {
    invalid('centre', centre, "must be 'mean', 'median' or 'ewma'");
  }
  if (centre === 'ewma' && options.seasonal) {
    invalid('seasonal', 'with ewma', 'a seasonal baseline takes mean or median');
  }
  const mean = new Float64Array(m).fill(NaN);
  const std = new Float64Array(m).fill(NaN);
  const dev = new Float64Array(m).fill(NaN);
  const z = new Float64Array(m).fill(NaN);
  const set = (k: number, c: number, spread: number) => {
    const sd = Math.max(spread, minStd);
    const d = x[k]! - c;
    mean[k] = c;
    std[k] = sd;
    dev[k] = d;
    z[k] = sd === 0 && d === 0 ? 0 : d / sd;
  };
  if (centre === 'mean') meanBaseline(x, w, shifts, minPoints, set);
  else if (centre === 'median') medianBaseline(x, w, shifts, minPoints, set);
  else ewmaBaseline(x, w, minPoints, set);
  const named = (what: string, values: Float64Array): Series => ({
    label: `${grid.label} ${what}`,
    times: gridTimes(grid.start, step, m),
    values,
  });
  return {
    mean: named('mean', mean),
    std: named('std', std),
    deviation: named('deviation', dev),
    z: named('z', z),
  };
}

type SetBaseline = (k: number, centre: number, spread: number) => void;

/**
 * Mean and sample standard deviation of the pooled windows, from prefix sums taken around the
 * first valid value so large levels lose no precision: O(evaluations × windows pooled).
 */
function meanBaseline(
  x: Float64Array,
  w: number,
  shifts: readonly number[],
  minPoints: number,
  set: SetBaseline,
): void {
  const m = x.length;
  let ref = 0;
  for (let k = 0; k < m; k++) {
    if (!Number.isNaN(x[k]!)) {
      ref = x[k]!;
      break;
    }
  }
  const count = new Float64Array(m + 1);
  const sum = new Float64Array(m + 1);
  const sumSq = new Float64Array(m + 1);
  for (let k = 0; k < m; k++) {
    const d = x[k]! - ref;
    const valid = !Number.isNaN(d);
    count[k + 1] = count[k]! + (valid ? 1 : 0);
    sum[k + 1] = sum[k]! + (valid ? d : 0);
    sumSq[k + 1] = sumSq[k]! + (valid ? d * d : 0);
  }
  for (let k = 0; k < m; k++) {
    let n = 0;
    let s = 0;
    let q = 0;
    for (const shift of shifts) {
      const hi = k - shift + 1;
      if (hi <= 0) continue;
      const lo = hi > w ? hi - w : 0;
      n += count[hi]! - count[lo]!;
      s += sum[hi]! - sum[lo]!;
      q += sumSq[hi]! - sumSq[lo]!;
    }
    if (n < minPoints || n < 2) continue;
    set(k, ref + s / n, Math.sqrt(Math.max(0, (q - (s * s) / n) / (n - 1))));
  }
}

/** Median of the first `n` values of `a` (sorted in place). */
function medianOf(a: Float64Array, n: number): number {
  const v = a.subarray(0, n).sort();
  const h = n >> 1;
  return n % 2 === 1 ? v[h]! : (v[h - 1]! + v[h]!) / 2;
}

/** Median and `MAD_SCALE` × median absolute deviation of the pooled windows' valid points. */
function medianBaseline(
  x: Float64Array,
  w: number,
  shifts: readonly number[],
  minPoints: number,
  set: SetBaseline,
): void {
  const pool = new Float64Array(w * shifts.length);
  const abs = new Float64Array(w * shifts.length);
  for (let k = 0; k < x.length; k++) {
    let n = 0;
    for (const shift of shifts) {
      const hi = k - shift + 1;
      for (let j = Math.max(0, hi - w); j < hi; j++) {
        if (!Number.isNaN(x[j]!)) pool[n++] = x[j]!;
      }
    }
    if (n < minPoints || n < 2) continue;
    const med = medianOf(pool, n);
    for (let j = 0; j < n; j++) abs[j] = Math.abs(pool[j]! - med);
    set(k, med, MAD_SCALE * medianOf(abs, n));
  }
}

/**
 * Exponentially weighted mean and standard deviation of every valid point before each
 * evaluation, α = 2 / (w + 1): level ← level + α·d, variance ← (1 − α)(variance + α·d²) with
 * d = x − level (Finch 2009, "Incremental calculation of weighted mean and variance"). A
 * missing point leaves both as they were.
 */
function ewmaBaseline(x: Float64Array, w: number, minPoints: number, set: SetBaseline): void {
  const alpha = 2 / (w + 1);
  let n = 0;
  let level = 0;
  let variance = 0;
  for (let k = 0; k < x.length; k++) {
    if (n >= minPoints && n >= 2) set(k, level, Math.sqrt(variance));
    const v = x[k]!;
    if (Number.isNaN(v)) continue;
    if (n === 0) level = v;
    else {
      const d = v - level;
      level += alpha * d;
      variance = (1 - alpha) * (variance + alpha * d * d);
    }
    n++;
  }
}

/** An anomaly rule: fire when the z-score passes `k` for `forMs`. */
export interface AnomalyRule {
  k: number;
  forMs: number;
  keepFiringForMs?: number;
  /** which side counts: `'both'` (default, |z| > k), `'above'` (z > k) or `'below'` (z < −k) */
  direction?: 'both' | 'above' | 'below';
  /**
   * hysteresis: once the condition holds (|z| past `k`), it keeps holding while |z| is past
   * `clearK` (≤ k), so a value hovering at the fire level does not flap; default `k`
   */
  clearK?: number;
  /** the deviation must also be at least this, in the metric's unit; default 0 */
  minDeviation?: number;
  /** … and at least this share of the centre's magnitude (0.1 = 10%); default 0 */
  minRelativeDeviation?: number;
  /** no alert before this long after the series' first sample; default 0 */
  warmUpMs?: number;
}

/**
 * Alerts on deviations from a baseline (see `baselineZScores`) with the same `for` /
 * `keep_firing_for` state machine as threshold rules; a missing z-score counts as false.
 * Intervals carry the series' own label.
 */
export function evaluateAnomaly(
  series: Series,
  rule: AnomalyRule,
  options: BaselineOptions,
): Baseline & { intervals: FiringInterval[] } {
  checkPositive('k', rule.k);
  checkNonNegative('forMs', rule.forMs);
  const direction = rule.direction ?? 'both';
  if (direction !== 'both' && direction !== 'above' && direction !== 'below') {
    invalid('direction', direction, "must be 'both', 'above' or 'below'");
  }
  const clearK = rule.clearK ?? rule.k;
  if (!(clearK >= 0 && clearK <= rule.k))
    invalid('clearK', clearK, `must be from 0 to k (${rule.k})`);
  const minDeviation = checkNonNegative('minDeviation', rule.minDeviation ?? 0);
  const minRelative = checkNonNegative('minRelativeDeviation', rule.minRelativeDeviation ?? 0);
  const warmUpMs = checkNonNegative('warmUpMs', rule.warmUpMs ?? 0);
  const baseline = baselineZScores(series, options);
  const z = baseline.z.values;
  const dev = baseline.deviation.values;
  const centre = baseline.mean.values;
  const times = baseline.z.times;
  const warmUntil = series.times.length > 0 ? series.times[0]! + warmUpMs : Infinity;
  const m = z.length;
  const past = (v: number, level: number) =>
    direction === 'above' ? v > level : direction === 'below' ? v < -level : Math.abs(v) > level;
  const cond = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    if (times[i]! < warmUntil) continue;
    if (Math.abs(dev[i]!) < Math.max(minDeviation, minRelative * Math.abs(centre[i]!))) continue;
    const v = z[i]!;
    cond[i] = past(v, rule.k) || (i > 0 && cond[i - 1] === 1 && past(v, clearK)) ? 1 : 0;
  }
  const start = m > 0 ? baseline.z.times[0]! : 0;
  const intervals = firingIntervals(
    cond,
    m,
    start,
    options.intervalMs,
    rule.forMs,
    checkNonNegative('keepFiringForMs', rule.keepFiringForMs ?? 0),
    series.label,
  );
  return { ...baseline, intervals };
}
