/** Most thresholds a sweep tries by default: enough for a smooth curve, cheap to re-run. */
export const DEFAULT_SWEEP_STEPS = 150;

/**
 * Thresholds to sweep for series whose values are `columns`: `steps` evenly spaced values from
 * the lowest to the highest finite value, both included (NaN and ±Infinity are ignored). A
 * threshold outside that span fires always or never, so it tells nothing new. One value when
 * every value is the same, none without a finite value.
 */
export function sweepRange(
  columns: readonly ArrayLike<number>[],
  steps = DEFAULT_SWEEP_STEPS,
): number[] {
  if (!(Number.isInteger(steps) && steps >= 2)) {
    throw new RangeError(`steps ${steps}: must be an integer of at least 2`);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const column of columns) {
    for (let i = 0; i < column.length; i++) {
      const v = column[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return [];
  if (lo === hi) return [lo];
  const out: number[] = [];
  for (let k = 0; k < steps; k++)
    out.push(k === steps - 1 ? hi : lo + ((hi - lo) * k) / (steps - 1));
  return out;
}

/**
 * The `for` values to sweep beside the rule's own: none, the rule's, and twice it (or 5
 * minutes when the rule has none), distinct and ascending.
 */
export function sweepForValues(forMs: number): number[] {
  const more = forMs > 0 ? forMs * 2 : 300_000;
  return [...new Set([0, forMs, more])].sort((a, b) => a - b);
}
