import type { TimeRange } from './replay-time.ts';
import type { VolumeHistogram } from './timeline-scale.ts';

/**
 * The timeline's volume histogram for a live source, kept in the app: each refresh counts the
 * records appended since the last one (by `_seq`, which grows in arrival order) per minute of
 * record time, and the timeline draws them re-bucketed to a round step.
 */

/** Counting granularity: one minute of record time. */
export const LIVE_BUCKET_MS = 60_000;

/** Most bars the timeline draws. */
const MAX_BARS = 300;

/** Bar widths in minutes, smallest first. */
const BAR_MINUTES = [1, 5, 15, 30, 60, 180, 360, 720, 1440, 10_080];

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * SQL counting the records with `fromSeq <= _seq < toSeq` per minute of `_ts` over the topic
 * tables `tables` (`LiveStatus.tables`; records without a timestamp are not drawn). Null when
 * there is nothing to ask.
 */
export function minuteCountsSql(
  tables: readonly string[],
  fromSeq: number,
  toSeq: number,
): string | null {
  if (tables.length === 0 || toSeq <= fromSeq) return null;
  const parts = tables.map(
    (t) =>
      `SELECT _ts // ${LIVE_BUCKET_MS} AS m, count(*) AS n FROM ${quoteIdent(t)} ` +
      `WHERE _seq >= ${fromSeq} AND _seq < ${toSeq} AND _ts IS NOT NULL GROUP BY m`,
  );
  return `SELECT m, CAST(sum(n) AS DOUBLE) AS n FROM (${parts.join(' UNION ALL ')}) GROUP BY m`;
}

/** Records per minute of record time (minute = `floor(ts / 60 000)`). */
export class MinuteCounts {
  readonly #counts = new Map<number, number>();

  /** Adds `[minute, count]` rows as `minuteCountsSql` returns them (numbers or bigints). */
  add(rows: readonly (readonly unknown[])[]): void {
    for (const [m, n] of rows) {
      const minute = Number(m);
      const count = Number(n);
      if (!Number.isFinite(minute) || !Number.isFinite(count)) {
        throw new Error(`invalid minute count row: [${String(m)}, ${String(n)}]`);
      }
      this.#counts.set(minute, (this.#counts.get(minute) ?? 0) + count);
    }
  }

  /** The counts over `range` in at most 300 bars of a round width, aligned to the epoch. */
  histogram(range: TimeRange): VolumeHistogram & { counts: Float64Array } {
    const span = Math.max(0, range.end - range.start);
    const minutes = BAR_MINUTES.find((m) => span / (m * LIVE_BUCKET_MS) < MAX_BARS) ?? 10_080;
    const step = minutes * LIVE_BUCKET_MS;
    const start = Math.floor(range.start / step) * step;
    const counts = new Float64Array(Math.floor(range.end / step) - start / step + 1);
    for (const [minute, n] of this.#counts) {
      const i = Math.floor((minute * LIVE_BUCKET_MS - start) / step);
      if (i >= 0 && i < counts.length) counts[i]! += n;
    }
    return { start, step, counts };
  }
}
