import type { Series } from '../../engine/index.ts';

/** Series drawn on one chart at most; the rest are listed as hidden, never silently dropped. */
export const MAX_DRAWN_SERIES = 12;

/** The series a chart draws, how many it leaves out, and those without any value. */
export interface DrawnSeries {
  drawn: Series[];
  /** series with values left out past `max` */
  hidden: number;
  /**
   * the labels of series with no value at any sample time so far (e.g. `(none)`: an average of
   * a field the records without the grouping field never have): nothing to draw, so they are
   * listed instead of shown in the legend as `–`
   */
  empty: string[];
}

/**
 * The series to draw: those with a value, and when there are more than `max` of them, those
 * that fire (all of them, they are what the chart is about), then the highest peaks, in the
 * metric's own order. A metric grouped by a high-cardinality field stays readable; firing
 * intervals are still computed on every series.
 */
export function drawnSeries(
  series: readonly Series[],
  firing: ReadonlySet<string>,
  max = MAX_DRAWN_SERIES,
): DrawnSeries {
  const withValue: Series[] = [];
  const empty: string[] = [];
  for (const s of series) {
    if (hasValue(s)) withValue.push(s);
    else empty.push(s.label);
  }
  if (withValue.length <= max) return { drawn: withValue, hidden: 0, empty };
  const peak = (s: Series) => {
    let m = -Infinity;
    for (const v of s.values) if (v > m) m = v;
    return m;
  };
  const ranked = withValue
    .map((s, i) => ({ s, i, fires: firing.has(s.label), peak: peak(s) }))
    .sort((a, b) => Number(b.fires) - Number(a.fires) || b.peak - a.peak || a.i - b.i);
  const keep = Math.max(max, ranked.filter((r) => r.fires).length);
  const chosen = ranked.slice(0, keep).sort((a, b) => a.i - b.i);
  return { drawn: chosen.map((r) => r.s), hidden: withValue.length - chosen.length, empty };
}

/** Whether `s` has a value at some sample time (a series without any has nothing to draw). */
export function hasValue(s: Series): boolean {
  return s.values.some((v) => !Number.isNaN(v));
}
