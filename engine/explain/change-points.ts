import type { ChangePoint, Series } from '../contract.ts';

/** Below this Welch t a split is not reported. */
export const MIN_CHANGE_SCORE = 4;
/** Fewest samples on either side of a split. */
const MIN_SIDE = 3;

/**
 * The one mean shift of `values` (NaN left out) where the Welch t statistic of the two sides,
 * `|x̄₂ − x̄₁| / √(s₁²/n₁ + s₂²/n₂)`, is largest (binary segmentation's first step): the index of the
 * first sample after it, the two means and t. A side with no variance gets a floor of 1e-9 of the
 * mean square so a clean step scores high but finite. Null with fewer than 2·3 samples.
 */
export function bestSplit(
  values: ArrayLike<number>,
): { index: number; before: number; after: number; score: number } | null {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) idx.push(i);
  const n = idx.length;
  if (n < 2 * MIN_SIDE) return null;
  const prefix = new Float64Array(n + 1);
  const prefix2 = new Float64Array(n + 1);
  idx.forEach((i, k) => {
    const v = values[i]!;
    prefix[k + 1] = prefix[k]! + v;
    prefix2[k + 1] = prefix2[k]! + v * v;
  });
  const meanSq = prefix2[n]! / n;
  const floor = Math.max(1e-12, 1e-9 * meanSq);
  let best: { index: number; before: number; after: number; score: number } | null = null;
  for (let k = MIN_SIDE; k <= n - MIN_SIDE; k++) {
    const n1 = k;
    const n2 = n - k;
    const m1 = prefix[k]! / n1;
    const m2 = (prefix[n]! - prefix[k]!) / n2;
    const v1 = Math.max(floor, (prefix2[k]! - n1 * m1 * m1) / (n1 - 1));
    const v2 = Math.max(floor, (prefix2[n]! - prefix2[k]! - n2 * m2 * m2) / (n2 - 1));
    const score = Math.abs(m2 - m1) / Math.sqrt(v1 / n1 + v2 / n2);
    if (!best || score > best.score) best = { index: idx[k]!, before: m1, after: m2, score };
  }
  return best;
}

/**
 * Change points of `series` of one metric: for each series, the best split of its samples in
 * `[from, to)` (the baseline and the window), kept when it falls in `[onsetFrom, to)` (the
 * window, give or take a sample) and scores at least `MIN_CHANGE_SCORE`.
 */
export function changePoints(
  metric: string,
  series: readonly Series[],
  span: { from: number; to: number; onsetFrom: number },
): ChangePoint[] {
  const out: ChangePoint[] = [];
  for (const s of series) {
    const values: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < s.times.length; i++) {
      const t = s.times[i]!;
      if (t < span.from || t > span.to) continue;
      times.push(t);
      values.push(s.values[i]!);
    }
    const split = bestSplit(values);
    if (!split || split.score < MIN_CHANGE_SCORE) continue;
    const time = times[split.index]!;
    if (time < span.onsetFrom || time > span.to) continue;
    out.push({
      metric,
      series: s.label,
      time,
      before: split.before,
      after: split.after,
      score: split.score,
    });
  }
  return out;
}
