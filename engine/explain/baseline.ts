import type { ExplainRequest } from '../contract.ts';
import type { Span } from './explain-sql.ts';

const DAY = 86_400_000;
/** The default baseline: the preceding period of this many window lengths (as Netdata does). */
export const DEFAULT_BASELINE_FACTOR = 4;
export const DEFAULT_BASELINE_DAYS = 7;

/**
 * The baseline of `window`: the preceding `factor` × its length (before `end` when given), cut at
 * the source's start; or
 * the same clock hours on each earlier day the source holds. With no earlier day, the preceding
 * period stands in, and `note` says so.
 */
export function baselinePeriods(
  window: Span,
  baseline: ExplainRequest['baseline'],
  sourceStart: number,
): { spans: Span[]; note?: string } {
  const length = window.to - window.from;
  if (baseline?.kind === 'same-hour') {
    const days = baseline.days ?? DEFAULT_BASELINE_DAYS;
    const spans: Span[] = [];
    for (let d = 1; d <= days; d++) {
      const from = window.from - d * DAY;
      if (from >= sourceStart) spans.push({ from, to: window.to - d * DAY });
    }
    if (spans.length) return { spans };
    const fallback = baselinePeriods(window, undefined, sourceStart);
    return {
      ...fallback,
      note: 'no earlier day in the source: the preceding period is the baseline',
    };
  }
  const factor = baseline?.factor ?? DEFAULT_BASELINE_FACTOR;
  if (!(factor > 0)) throw new RangeError(`invalid baseline factor: ${factor} (must be > 0)`);
  const end = baseline?.end ?? window.from;
  if (!(end <= window.from)) {
    throw new RangeError(
      `invalid baseline end: ${new Date(end).toISOString()} (must be at or before the window's start)`,
    );
  }
  const from = Math.max(sourceStart, end - factor * length);
  return from < end ? { spans: [{ from, to: end }] } : { spans: [] };
}
