import { quoteIdent, sqlNumber } from '../sql/sql.ts';
import type { MetricContext } from './metric-spec.ts';

/**
 * SQL fragments shared by the windowed metrics. Windows are tumbling `[start, start + size)`
 * aligned to the epoch, as in Kafka Streams, on integer milliseconds.
 */

/** Start of the window holding `column` (a floor that stays right for negative times). */
export function windowStart(column: string, sizeMs: number): string {
  const size = sqlNumber(sizeMs, 'window size');
  return `(${column} - ((${column} % ${size}) + ${size}) % ${size})`;
}

/**
 * Whether a record is late: its window was final (stream time had reached window end + grace)
 * before it was delivered. Stream time after a record is max(before, _ts) and the window end is
 * above `_ts`, so comparing with the record's own `_stream_ts` is the same test.
 */
export function isLate(sizeMs: number, graceMs: number): string {
  const reach = sqlNumber(sizeMs + graceMs, 'window size + grace');
  return `(${windowStart('_ts', sizeMs)} + ${reach} <= _stream_ts)`;
}

/**
 * The delivered rows of `topic` that have a timestamp and pass `filter`, with `ws` (window
 * start) and `late` added.
 */
export function windowedRows(
  ctx: MetricContext,
  topic: string,
  sizeMs: number,
  filter = 'TRUE',
): string {
  return `SELECT *, ${windowStart('_ts', sizeMs)} AS ws, ${isLate(sizeMs, ctx.graceMs)} AS late
    FROM ${quoteIdent(topic)}
    WHERE _seq < ${sqlNumber(ctx.delivered, 'delivered')} AND _ts IS NOT NULL AND (${filter})`;
}

/** A series label from a field: its text, or `(none)` when the record lacks it. */
export function labelOf(column: string): string {
  return `coalesce(CAST(${quoteIdent(column)} AS VARCHAR), '(none)')`;
}

/**
 * Counts per window and label of the delivered rows of `topic` that pass `filter`; late rows
 * are counted apart (`late`), not in the window.
 */
export function windowedCountSql(
  ctx: MetricContext,
  topic: string,
  sizeMs: number,
  label: string,
  filter = 'TRUE',
): string {
  return `SELECT ${label} AS label, CAST(ws + ${sqlNumber(sizeMs, 'window size')} AS DOUBLE) AS t,
      CAST(count(*) FILTER (WHERE NOT late) AS DOUBLE) AS value,
      CAST(count(*) FILTER (WHERE late) AS DOUBLE) AS late
    FROM (${windowedRows(ctx, topic, sizeMs, filter)})
    GROUP BY ALL`;
}
