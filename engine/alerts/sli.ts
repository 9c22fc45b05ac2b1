import type { NoDataPolicy, RollingSli, SliDef, SliSummary } from '../contract.ts';
import type { Series } from '../contract.ts';
import { gridTimes, sampleOnGrid, type GridSeries } from './eval-grid.ts';
import { checkPositive, invalid } from './option-checks.ts';

/** One minute, ms: SLI math counts bad minutes (seed 002). */
export const MINUTE_MS = 60_000;

/** What every SLI computation needs. */
export interface SliOptions {
  /** the objective as a fraction, e.g. 0.999; strictly between 0 and 1 */
  objective: number;
  noData?: NoDataPolicy;
}

/**
 * Cumulative bad and data minutes of a per-minute series: `bad[i]` and `data[i]` sum minutes
 * `0 … i − 1`, so any window's counts are two subtractions (O(n) for every rolling series).
 */
export interface MinutePrefix {
  bad: Float64Array;
  data: Float64Array;
}

/**
 * Checks a per-minute good/bad grid and builds its prefix sums. Each value is the bad fraction
 * of that minute: 1 = bad minute, 0 = good minute, a fraction in between for a minute that was
 * partly bad (e.g. its error ratio), NaN = no data (counted per `noData`).
 */
export function minutePrefix(grid: GridSeries, noData: NoDataPolicy = 'exclude'): MinutePrefix {
  if (grid.stepMs !== MINUTE_MS) {
    invalid(`grid ${grid.label} stepMs`, grid.stepMs, `SLI math works on ${MINUTE_MS} ms minutes`);
  }
  if (noData !== 'exclude' && noData !== 'good' && noData !== 'bad') {
    invalid('noData', noData, "must be 'exclude', 'good' or 'bad'");
  }
  const v = grid.values;
  const n = v.length;
  const bad = new Float64Array(n + 1);
  const data = new Float64Array(n + 1);
  const missingBad = noData === 'bad' ? 1 : 0;
  const missingData = noData === 'exclude' ? 0 : 1;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) {
      bad[i + 1] = bad[i]! + missingBad;
      data[i + 1] = data[i]! + missingData;
    } else {
      if (!(x >= 0 && x <= 1)) {
        invalid(`grid ${grid.label} value at minute ${i}`, x, 'a bad fraction must be in [0, 1]');
      }
      bad[i + 1] = bad[i]! + x;
      data[i + 1] = data[i]! + 1;
    }
  }
  return { bad, data };
}

/**
 * A per-minute good/bad `Series` (sample at each minute's end, 1 = bad, 0 = good) on a dense
 * minute grid from `start` (default its first sample) to `until` (default its last sample);
 * minutes without a sample become NaN (no data). A series without samples and no `start` has
 * no minutes: the grid is empty (not one from the epoch to `until`).
 */
export function minuteGrid(
  series: Series,
  range: { start?: number; until?: number } = {},
): GridSeries {
  if (series.times.length === 0 && range.start === undefined) {
    return {
      label: series.label,
      start: range.until ?? 0,
      stepMs: MINUTE_MS,
      values: new Float64Array(0),
    };
  }
  return sampleOnGrid(series, { intervalMs: MINUTE_MS, ...range });
}

/**
 * The minutes an SLI counts at replay time `time`, out of its minute series (sample at each
 * minute's end, NaN = no data), for a source whose first record is at `start`:
 * - a minute `[m, m + 1 min)` counts once it is finished: `time ≥ m + 1 min`. The open minute
 *   (the one holding `time`) never counts, whatever it holds so far, so neither a bad record
 *   already in it nor the absence of one yet can make it bad; with a recording replayed to its
 *   last record, a last minute the source covers only in part is therefore never counted.
 * - a minute the source covers only in part (`m < start`: the recording begins mid-minute)
 *   counts with the value of the records it has; without any it is left out under every
 *   `no_data` policy (the source did not look, so there is no evidence either way). Minutes
 *   ending at or before `start` are not covered at all and are left out too.
 * Every minute kept is then counted by the SLI's `no_data` policy (`minutePrefix`): all of them
 * lie wholly inside the source. `times` must be increasing. Returns copies (transferable apart).
 */
export function countedMinutes(minutes: Series, coverage: { start: number; time: number }): Series {
  const { times, values } = minutes;
  let from = 0;
  while (from < times.length && times[from]! <= coverage.start) from++;
  if (
    from < times.length &&
    times[from]! - MINUTE_MS < coverage.start &&
    Number.isNaN(values[from]!)
  ) {
    from++;
  }
  let to = from;
  while (to < times.length && times[to]! <= coverage.time) to++;
  return { label: minutes.label, times: times.slice(from, to), values: values.slice(from, to) };
}

/** Checks an objective and returns its error-budget ratio `1 − objective`. */
export function budgetRatio(objective: number): number {
  if (!(objective > 0 && objective < 1)) {
    invalid('objective', objective, 'must be strictly between 0 and 1, e.g. 0.999');
  }
  return 1 - objective;
}

/**
 * Seed 002's service level over a period (SRE workbook ch. 2 for budget and burn rate):
 * the whole grid is the data; `periodMinutes` (default: the grid's length) sizes the error
 * budget, so a 7-day replay scored against a 30-day SLO shows the budget spent so far.
 */
export function sliSummary(
  grid: GridSeries,
  options: SliOptions & { periodMinutes?: number },
): SliSummary {
  const ratio = budgetRatio(options.objective);
  const prefix = minutePrefix(grid, options.noData);
  const n = grid.values.length;
  const periodMinutes = checkPositive('periodMinutes', options.periodMinutes ?? Math.max(n, 1));
  const badMinutes = prefix.bad[n]!;
  const dataMinutes = prefix.data[n]!;
  const errorBudgetMinutes = ratio * periodMinutes;
  const errorRatio = dataMinutes > 0 ? badMinutes / dataMinutes : null;
  return {
    minutes: n,
    dataMinutes,
    badMinutes,
    sli: errorRatio === null ? null : 1 - errorRatio,
    errorBudgetMinutes,
    budgetLeft: 1 - badMinutes / errorBudgetMinutes,
    burnRate: errorRatio === null ? null : errorRatio / ratio,
  };
}

/**
 * SLI `def`'s summary over the minutes it counts (`countedMinutes`: the frame's `SliFrame.minutes`),
 * its budget sized by its period: what a frame reports, and what the app shows for an SLI whose
 * objective, period or `no_data` is edited but not applied yet.
 */
export function sliDefSummary(
  def: Pick<SliDef, 'objective' | 'noData' | 'periodMs'>,
  minutes: Series,
): SliSummary {
  return sliSummary(minuteGrid(minutes), {
    objective: def.objective,
    noData: def.noData,
    periodMinutes: def.periodMs / MINUTE_MS,
  });
}

/**
 * The burn rate over a trailing window at every minute: sample `i` is the error ratio of
 * minutes `i − windowMinutes + 1 … i` divided by `1 − objective` (SRE workbook ch. 5). At the
 * start of the grid the window holds the minutes there are, as a Prometheus range query does
 * (or, with `fullWindowsOnly`, is NaN until it is full); a window with no data gives NaN. O(n).
 */
export function burnRateValues(
  prefix: MinutePrefix,
  windowMinutes: number,
  objective: number,
  fullWindowsOnly = false,
): Float64Array {
  const ratio = budgetRatio(objective);
  const w = windowMinutes;
  if (!(Number.isInteger(w) && w > 0)) invalid('windowMinutes', w, 'must be a positive integer');
  const n = prefix.bad.length - 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (fullWindowsOnly && i + 1 < w) {
      out[i] = NaN;
      continue;
    }
    const from = i + 1 > w ? i + 1 - w : 0;
    const data = prefix.data[i + 1]! - prefix.data[from]!;
    out[i] = data > 0 ? (prefix.bad[i + 1]! - prefix.bad[from]!) / data / ratio : NaN;
  }
  return out;
}

/**
 * SLI, bad minutes, budget left and burn rate over a sliding window of `windowMinutes` ending at
 * every minute of the grid (e.g. a 30-day rolling SLO), O(n) from prefix sums. The budget of
 * every window is `(1 − objective) × windowMinutes`, also for the partial windows at the start.
 */
export function rollingSli(
  grid: GridSeries,
  options: SliOptions & { windowMinutes: number },
): RollingSli {
  const ratio = budgetRatio(options.objective);
  const prefix = minutePrefix(grid, options.noData);
  const w = options.windowMinutes;
  const burn = burnRateValues(prefix, w, options.objective);
  const n = grid.values.length;
  const sli = new Float64Array(n);
  const bad = new Float64Array(n);
  const left = new Float64Array(n);
  const budget = ratio * w;
  for (let i = 0; i < n; i++) {
    const from = i + 1 > w ? i + 1 - w : 0;
    const b = prefix.bad[i + 1]! - prefix.bad[from]!;
    const data = prefix.data[i + 1]! - prefix.data[from]!;
    bad[i] = b;
    sli[i] = data > 0 ? 1 - b / data : NaN;
    left[i] = 1 - b / budget;
  }
  // Each series gets its own times so every buffer can be transferred on its own.
  const named = (what: string, values: Float64Array): Series => ({
    label: `${grid.label} ${what}`,
    times: gridTimes(grid.start, grid.stepMs, n),
    values,
  });
  return {
    sli: named('sli', sli),
    badMinutes: named('bad minutes', bad),
    budgetLeft: named('budget left', left),
    burnRate: named('burn rate', burn),
  };
}
