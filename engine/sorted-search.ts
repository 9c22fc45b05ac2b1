/** Binary searches over ascending numbers (typed arrays or plain ones), shared by the engine. */

/**
 * How many of the ascending `values` (the first `length`, default all) are `< x`; from `from`
 * on, the index of the first that is not (`from` + how many of those from there are below).
 */
export function countBelow(
  values: ArrayLike<number>,
  x: number,
  length = values.length,
  from = 0,
): number {
  let lo = from;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the ascending `values` (the first `length`, default all) are `≤ x`. */
export function countAtMost(values: ArrayLike<number>, x: number, length = values.length): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
