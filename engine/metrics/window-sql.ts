import { quoteIdent, sqlNumber } from '../sql/sql.ts';

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

/** A series label from a field: its text, or `(none)` when the record lacks it. */
export function labelOf(column: string): string {
  return `coalesce(CAST(${quoteIdent(column)} AS VARCHAR), '(none)')`;
}
