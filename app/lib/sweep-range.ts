/**
 * The thresholds the lab sweeps are the engine's `sweepRange` (the CLI's default too), so the
 * lab and `tapedeck sweep` try the same values on the same series.
 */
export { DEFAULT_SWEEP_STEPS, sweepRange } from '../../engine/index.ts';

/**
 * The `for` values to sweep beside the rule's own: none, the rule's, and twice it (or 5
 * minutes when the rule has none), distinct and ascending.
 */
export function sweepForValues(forMs: number): number[] {
  const more = forMs > 0 ? forMs * 2 : 300_000;
  return [...new Set([0, forMs, more])].sort((a, b) => a - b);
}
