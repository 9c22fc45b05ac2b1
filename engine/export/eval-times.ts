import type { FiringInterval } from '../contract.ts';

/**
 * The evaluation times worth checking in a `promtool test rules` group, on the grid
 * `first + k × step` up to `last`, at most `max` of them, ascending. In order of priority:
 * 1. every firing interval's start and end (the transitions);
 * 2. the evaluations just before them (still pending / last firing);
 * 3. a point inside each interval, the first and last evaluations, and the middle of each
 *    quiet stretch between intervals (nothing may fire there).
 * Within a priority, earlier times come first, so a flapping rule keeps its first transitions.
 */
export function pickEvalTimes(
  intervals: readonly FiringInterval[],
  first: number,
  last: number,
  step: number,
  max: number,
): number[] {
  const onGrid = (t: number) => t >= first && t <= last;
  const snap = (t: number) => first + Math.floor((t - first) / step) * step;
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const transitions: number[] = [];
  const neighbours: number[] = [];
  const others: number[] = [first, last];
  for (const iv of sorted) {
    const stop = iv.end ?? last + step;
    transitions.push(iv.start);
    if (iv.end !== null) transitions.push(iv.end);
    neighbours.push(iv.start - step, stop - step);
    others.push(snap((iv.start + stop - step) / 2));
  }
  // Quiet stretches: gaps in the union of all intervals.
  let busyUntil = first;
  for (const iv of sorted) {
    if (iv.start > busyUntil) others.push(snap((busyUntil + iv.start) / 2));
    busyUntil = Math.max(busyUntil, iv.end ?? Infinity);
  }
  if (busyUntil <= last) others.push(snap((busyUntil + last) / 2));

  const chosen = new Set<number>();
  for (const group of [transitions, neighbours, others]) {
    for (const t of [...group].sort((a, b) => a - b)) {
      if (chosen.size >= max) break;
      if (onGrid(t)) chosen.add(t);
    }
  }
  return [...chosen].sort((a, b) => a - b);
}
