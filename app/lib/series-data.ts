import type { Series } from '../../engine/index.ts';

/** Columns for uPlot: shared x values (ms), then one y column per series (null = gap). */
export type AlignedColumns = [number[], ...(number | null)[][]];

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Aligns series on one x axis, as uPlot draws them: the sorted union of all sample times, and
 * per series its value at each time or null where it has none. NaN (no value) becomes null too,
 * so lines break there instead of bridging the gap.
 */
export function alignSeries(series: readonly Series[]): AlignedColumns {
  const first = series[0];
  if (!first) return [[]];
  const shared = series.every((s) => sameTimes(s.times, first.times));
  const xs = shared
    ? Array.from(first.times)
    : Array.from(new Set(series.flatMap((s) => Array.from(s.times)))).sort((a, b) => a - b);
  const columns: (number | null)[][] = series.map((s) => {
    if (s.times.length !== s.values.length) {
      throw new RangeError(
        `invalid series ${s.label}: ${s.times.length} times but ${s.values.length} values`,
      );
    }
    const at = new Map<number, number>();
    if (!shared) s.times.forEach((t, i) => at.set(t, s.values[i] ?? NaN));
    return xs.map((t, i) => {
      const v = shared ? s.values[i] : at.get(t);
      return v === undefined || Number.isNaN(v) ? null : v;
    });
  });
  return [xs, ...columns];
}

/** The largest finite value across the series, or null when there is none. */
export function maxValue(series: readonly Series[]): number | null {
  let max: number | null = null;
  for (const s of series) {
    for (const v of s.values) if (Number.isFinite(v) && (max === null || v > max)) max = v;
  }
  return max;
}
