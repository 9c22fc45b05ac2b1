/** Round bucket widths for the timeline, smallest first (ms). */
const STEPS_MS = [
  1_000, 5_000, 15_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000,
  21_600_000, 43_200_000, 86_400_000, 604_800_000,
];

/** Aim for at most this many buckets on the timeline. */
export const HISTOGRAM_BUCKETS = 300;

/**
 * The smallest round step (1 s, 5 s, 15 s, 30 s, 1 min, 5 min, 15 min, …, 1 day, 1 week) that
 * covers `[start, end]` in at most `HISTOGRAM_BUCKETS` epoch-aligned buckets.
 */
export function histogramStep(start: number, end: number): number {
  for (const step of STEPS_MS) {
    if (Math.floor(end / step) - Math.floor(start / step) + 1 <= HISTOGRAM_BUCKETS) return step;
  }
  const week = STEPS_MS[STEPS_MS.length - 1]!;
  const weeks = Math.ceil(
    (Math.floor(end / week) - Math.floor(start / week) + 1) / HISTOGRAM_BUCKETS,
  );
  return weeks * week;
}

/**
 * Counts timestamps (NaN ones are skipped) in epoch-aligned buckets of a round step between
 * the first and last: `counts[i]` covers `[start + i*step, start + (i+1)*step)`.
 */
export function histogram(
  timestamps: Float64Array,
  first: number,
  last: number,
): { start: number; step: number; counts: Float64Array } {
  if (!(last >= first)) return { start: 0, step: STEPS_MS[0]!, counts: new Float64Array(0) };
  const step = histogramStep(first, last);
  const start = Math.floor(first / step) * step;
  const counts = new Float64Array(Math.floor(last / step) - start / step + 1);
  for (let i = 0; i < timestamps.length; i++) {
    const ts = timestamps[i]!;
    if (!Number.isNaN(ts)) counts[Math.floor((ts - start) / step)]!++;
  }
  return { start, step, counts };
}
