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
  /** floor for the standard deviation, so a flat baseline does not make every change ±∞; default 0 */
  minStd?: number;
}

/** The baseline and z-score on the evaluation grid. */
export interface Baseline {
  mean: Series;
  std: Series;
  /** `(value − mean) / std`; NaN where the value or the baseline is missing */
  z: Series;
}

const DAY_MS = 86_400_000;

/**
 * Rolling mean and sample standard deviation of the baseline windows and the z-score of each
 * evaluation against them, skipping NaN points, O(evaluations × seasonal periods) from prefix
 * sums. The sums are taken around the first valid value so large levels lose no precision.
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

  const mean = new Float64Array(m);
  const std = new Float64Array(m);
  const z = new Float64Array(m);
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
    if (n < minPoints || n < 2) {
      mean[k] = std[k] = z[k] = NaN;
      continue;
    }
    const sd = Math.max(Math.sqrt(Math.max(0, (q - (s * s) / n) / (n - 1))), minStd);
    const dev = x[k]! - ref - s / n;
    mean[k] = ref + s / n;
    std[k] = sd;
    z[k] = sd === 0 && dev === 0 ? 0 : dev / sd;
  }
  const named = (what: string, values: Float64Array): Series => ({
    label: `${grid.label} ${what}`,
    times: gridTimes(grid.start, step, m),
    values,
  });
  return { mean: named('mean', mean), std: named('std', std), z: named('z', z) };
}

/** An anomaly rule: fire when the z-score passes `k` for `forMs`. */
export interface AnomalyRule {
  k: number;
  forMs: number;
  keepFiringForMs?: number;
  /** which side counts: `'both'` (default, |z| > k), `'above'` (z > k) or `'below'` (z < −k) */
  direction?: 'both' | 'above' | 'below';
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
  const baseline = baselineZScores(series, options);
  const z = baseline.z.values;
  const m = z.length;
  const cond = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const v = z[i]!;
    const hit =
      direction === 'above'
        ? v > rule.k
        : direction === 'below'
          ? v < -rule.k
          : Math.abs(v) > rule.k;
    cond[i] = hit ? 1 : 0;
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
