import type { BurnRatePair } from '../contract.ts';
import type { FiringInterval, Series } from '../contract.ts';
import { firingIntervals } from './alert-state.ts';
import { gridTimes, type GridSeries } from './eval-grid.ts';
import { invalid } from './option-checks.ts';
import { budgetRatio, burnRateValues, minutePrefix, type SliOptions } from './sli.ts';

/**
 * The standard pairs (SRE workbook ch. 5, "Alerting on SLOs", and the 1d/2h ticket pair that
 * rule generators such as Sloth add): for a 30-day SLO, 14.4 over 1h spends 2% of the budget,
 * 6 over 6h 5%, 3 over 1d 10%, 1 over 3d 10%. Short windows are 1/12 of the long ones.
 */
export const STANDARD_BURN_RATE_PAIRS: readonly BurnRatePair[] = [
  { name: '1h/5m', longMinutes: 60, shortMinutes: 5, factor: 14.4, severity: 'page' },
  { name: '6h/30m', longMinutes: 360, shortMinutes: 30, factor: 6, severity: 'page' },
  { name: '1d/2h', longMinutes: 1440, shortMinutes: 120, factor: 3, severity: 'ticket' },
  { name: '3d/6h', longMinutes: 4320, shortMinutes: 360, factor: 1, severity: 'ticket' },
];

/** The outcome of a multiwindow multi-burn-rate alert over one SLI. */
export interface BurnRateAlertResult {
  /** the burn rate over each distinct window, shortest first (label `<sli> burn <n>m`) */
  burnRates: { windowMinutes: number; series: Series }[];
  /** firing intervals of each pair, in the order of the pairs given */
  pairs: { pair: BurnRatePair; intervals: FiringInterval[] }[];
  /** intervals when any pair fires (the union of the pairs' intervals) */
  combined: FiringInterval[];
}

/**
 * Evaluates a multiwindow multi-burn-rate alert (SRE workbook ch. 5) on a per-minute good/bad
 * grid, once per minute: a pair fires while `burn(long) > factor AND burn(short) > factor`
 * (no `for`, as in the workbook: the short window already makes it reset quickly once the
 * errors stop). Burn rates come from `burnRateValues`; a window with no data does not fire.
 */
export function evaluateBurnRateAlerts(
  grid: GridSeries,
  options: SliOptions & {
    pairs?: readonly BurnRatePair[];
    /**
     * Prometheus computes a long window from whatever data it has, so right after the start of
     * a replay a 6h or 3d window covers only minutes and burns hot; `true` makes a window count
     * only once it is full (a 24-hour replay then never fires the 3d/6h pair). Default false.
     */
    fullWindowsOnly?: boolean;
  },
): BurnRateAlertResult {
  budgetRatio(options.objective);
  const pairs = options.pairs ?? STANDARD_BURN_RATE_PAIRS;
  for (const p of pairs) {
    if (!(Number.isFinite(p.factor) && p.factor >= 0)) {
      invalid(`pair ${p.name} factor`, p.factor, 'must be a finite number ≥ 0');
    }
  }
  const prefix = minutePrefix(grid, options.noData);
  const n = grid.values.length;
  const windows = [...new Set(pairs.flatMap((p) => [p.longMinutes, p.shortMinutes]))].sort(
    (a, b) => a - b,
  );
  const burn = new Map<number, Float64Array>();
  for (const w of windows)
    burn.set(w, burnRateValues(prefix, w, options.objective, options.fullWindowsOnly ?? false));

  const any = new Uint8Array(n);
  const cond = new Uint8Array(n);
  const pairResults = pairs.map((pair) => {
    const long = burn.get(pair.longMinutes)!;
    const short = burn.get(pair.shortMinutes)!;
    for (let i = 0; i < n; i++) {
      const fire = long[i]! > pair.factor && short[i]! > pair.factor ? 1 : 0;
      cond[i] = fire;
      any[i] = any[i]! | fire;
    }
    const intervals = firingIntervals(cond, n, grid.start, grid.stepMs, 0, 0, grid.label);
    return { pair, intervals };
  });
  return {
    burnRates: windows.map((w) => ({
      windowMinutes: w,
      series: {
        label: `${grid.label} burn ${w}m`,
        times: gridTimes(grid.start, grid.stepMs, n),
        values: burn.get(w)!,
      },
    })),
    pairs: pairResults,
    combined: firingIntervals(any, n, grid.start, grid.stepMs, 0, 0, grid.label),
  };
}
