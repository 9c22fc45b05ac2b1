import { checkFinite, invalid } from '../alerts/option-checks.ts';

/** Most thresholds a sweep tries by default: enough for a smooth curve, cheap to re-run. */
export const DEFAULT_SWEEP_STEPS = 150;

/**
 * `steps` evenly spaced values from `lo` to `hi`, both included (the last is `hi` exactly);
 * one value when `lo === hi`. Throws on non-finite ends, `hi < lo` or fewer than 2 steps.
 */
export function evenlySpaced(lo: number, hi: number, steps: number): number[] {
  checkFinite('from', lo);
  checkFinite('to', hi);
  if (hi < lo) invalid('to', hi, `must be ≥ from ${lo}`);
  if (!(Number.isInteger(steps) && steps >= 2)) {
    invalid('steps', steps, 'must be an integer of at least 2');
  }
  if (lo === hi) return [lo];
  const out: number[] = [];
  for (let k = 0; k < steps; k++)
    out.push(k === steps - 1 ? hi : lo + ((hi - lo) * k) / (steps - 1));
  return out;
}

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
    invalid('steps', steps, 'must be an integer of at least 2');
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
  return evenlySpaced(lo, hi, steps);
}
