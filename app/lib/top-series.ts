import type { Series } from '../../engine/index.ts';

/** Series drawn on one chart at most; the rest are listed as hidden, never silently dropped. */
export const MAX_DRAWN_SERIES = 12;

/** The series a chart draws and how many it leaves out. */
export interface DrawnSeries {
  drawn: Series[];
  hidden: number;
}

/**
 * The series to draw when a metric has more than `max`: those that fire (all of them, they are
 * what the chart is about), then the highest peaks, in the metric's own order. A metric grouped
 * by a high-cardinality field stays readable; firing intervals are still computed on every
 * series.
 */
export function drawnSeries(
  series: readonly Series[],
  firing: ReadonlySet<string>,
  max = MAX_DRAWN_SERIES,
): DrawnSeries {
  if (series.length <= max) return { drawn: [...series], hidden: 0 };
  const peak = (s: Series) => {
    let m = -Infinity;
    for (const v of s.values) if (v > m) m = v;
    return m;
  };
  const ranked = series
    .map((s, i) => ({ s, i, fires: firing.has(s.label), peak: peak(s) }))
    .sort((a, b) => Number(b.fires) - Number(a.fires) || b.peak - a.peak || a.i - b.i);
  const keep = Math.max(max, ranked.filter((r) => r.fires).length);
  const chosen = ranked.slice(0, keep).sort((a, b) => a.i - b.i);
  return { drawn: chosen.map((r) => r.s), hidden: series.length - chosen.length };
}
