import type { TimeRange } from './replay-time.ts';

/** Pixel math of the timeline strip: time ↔ x across the whole source, and the volume histogram. */

/** x (px from the left edge) of time `t` on a strip `width` px wide spanning `range`. */
export function timeToX(t: number, range: TimeRange, width: number): number {
  const span = range.end - range.start;
  if (span <= 0) return 0;
  return ((t - range.start) / span) * width;
}

/** Time at `x` px on a strip `width` px wide spanning `range`, clamped to the range. */
export function xToTime(x: number, range: TimeRange, width: number): number {
  if (!(width > 0)) throw new RangeError(`invalid timeline width: ${width} (must be > 0)`);
  const f = Math.min(1, Math.max(0, x / width));
  return range.start + f * (range.end - range.start);
}

/** The record-volume histogram of a source: `counts[i]` covers `[start + i·step, …)`. */
export interface VolumeHistogram {
  start: number;
  step: number;
  counts: ArrayLike<number>;
}

/**
 * An SVG path (closed area, baseline at `height`) of the histogram drawn over `range` in a
 * `width × height` box, bar heights scaled to the largest count. Empty when there is no volume.
 */
export function histogramPath(
  histogram: VolumeHistogram,
  range: TimeRange,
  width: number,
  height: number,
): string {
  const { start, step, counts } = histogram;
  if (!(step > 0)) throw new RangeError(`invalid histogram step: ${step} (must be > 0)`);
  let max = 0;
  for (let i = 0; i < counts.length; i++) max = Math.max(max, counts[i] ?? 0);
  if (max === 0 || counts.length === 0) return '';
  const r = (n: number): number => Math.round(n * 100) / 100;
  const parts: string[] = [`M${r(timeToX(start, range, width))},${height}`];
  for (let i = 0; i < counts.length; i++) {
    const x0 = r(timeToX(start + i * step, range, width));
    const x1 = r(timeToX(start + (i + 1) * step, range, width));
    const y = r(height - ((counts[i] ?? 0) / max) * height);
    parts.push(`L${x0},${y}L${x1},${y}`);
  }
  parts.push(`L${r(timeToX(start + counts.length * step, range, width))},${height}Z`);
  return parts.join('');
}

/** Evenly spaced tick times on whole hours across `range`, about `target` of them. */
export function hourTicks(range: TimeRange, target: number): number[] {
  const hour = 3_600_000;
  const span = range.end - range.start;
  if (span <= 0 || target < 1) return [];
  const every = [1, 2, 3, 4, 6, 12, 24].find((h) => span / (h * hour) <= target) ?? 24;
  const step = every * hour;
  const ticks: number[] = [];
  for (let t = Math.ceil(range.start / step) * step; t <= range.end; t += step) ticks.push(t);
  return ticks;
}

/**
 * Rows for boxes `[x0, x1)` so that no two boxes in a row come closer than `gap`: each box
 * goes into the first row where it fits, taken in order of `x0`. Returns the row of each box,
 * in input order. Used to keep incident labels on the timeline from overlapping.
 */
export function stackRows(boxes: readonly { x0: number; x1: number }[], gap = 6): number[] {
  const rowEnds: number[] = [];
  const rows = new Array<number>(boxes.length).fill(0);
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[a]!.x0 - boxes[b]!.x0);
  for (const i of order) {
    const box = boxes[i]!;
    let row = rowEnds.findIndex((end) => box.x0 >= end + gap);
    if (row === -1) row = rowEnds.push(box.x1) - 1;
    else rowEnds[row] = box.x1;
    rows[i] = row;
  }
  return rows;
}
