import type { MetricContext } from '../metrics/index.ts';
import { isLate, labelOf, windowStart } from '../metrics/window-sql.ts';
import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import type { AggregateTerm, WindowDef } from '../contract.ts';

/**
 * SQL fragments of compiled workbook metrics. Windows follow `engine/metrics/window-sql.ts`:
 * `[s, s + size)` on integer ms aligned to the epoch, and a record is late for a window when
 * stream time had reached the window's end + grace before it was delivered.
 */

/** The delivered rows of `topic` (its table: see `MetricContext.tables`) with a timestamp that pass `filter`. */
export function deliveredRows(ctx: MetricContext, topic: string, filter: string | null): string {
  const since =
    ctx.since === undefined ? '' : ` AND _stream_ts >= ${sqlNumber(ctx.since, 'since')}`;
  return `SELECT * FROM ${quoteIdent(ctx.tables?.get(topic) ?? topic)}
    WHERE _seq < ${sqlNumber(ctx.delivered, 'delivered')}${since} AND _ts IS NOT NULL AND (${filter ?? 'TRUE'})`;
}

/**
 * The rows of `relation` (which has `_ts` and `_stream_ts`) once per window holding them, with
 * `ws` (window start) and `late` (that window was final before the row was delivered). A
 * tumbling window holds each row once; a hopping window of size `n·hop` holds it `n` times:
 * windows `s = k·hop` with `s ≤ _ts < s + size`.
 */
export function windowedRows(relation: string, window: WindowDef, graceMs: number): string {
  const { sizeMs, hopMs } = window;
  if (sizeMs === hopMs) {
    return `SELECT *, ${windowStart('_ts', sizeMs)} AS ws, ${isLate(sizeMs, graceMs)} AS late
      FROM (${relation})`;
  }
  const reach = sqlNumber(sizeMs + graceMs, 'window size + grace');
  return `SELECT *, (ws + ${reach} <= _stream_ts) AS late FROM (
      SELECT *, unnest(range(${firstWindow(window)}, ${windowStart('_ts', hopMs)} + ${hopMs}, ${hopMs})) AS ws
      FROM (${relation}))`;
}

/**
 * Whether a row of `windowedRows` counts in its window's sample, which sits at the window's end
 * and holds what was known then (DESIGN "As-of values"): it is not late and was delivered by
 * the window's end. Without a grace period a row that is not late was delivered before the
 * end; with one, a row delivered during the grace period is not late (Kafka Streams still adds
 * it to the window) but came after the sample, so it changes no sample a rule could have seen.
 * `row`: the alias that qualifies the columns, if any.
 */
export function knownAtEnd(window: WindowDef, graceMs: number, row = ''): string {
  const c = row === '' ? '' : `${row}.`;
  if (graceMs <= 0) return `NOT ${c}late`;
  return `NOT ${c}late AND ${c}_stream_ts <= ${c}ws + ${sqlNumber(window.sizeMs, 'window size')}`;
}

/**
 * The running form of per-window rows (`runningWindows`, `MetricSlice.openWindows`): one row
 * `(label, t, seq, value)` per row of `relation` and window holding it (late ones too: they
 * make a label's window exist, as in the grouped form), `value` being `value(over)` — the
 * grouped form's sample SQL, each aggregate followed by `over` — over the rows of the label
 * and window delivered up to and including this one.
 */
export function runningRows(
  relation: string,
  window: WindowDef,
  graceMs: number,
  label: string,
  value: (over: string) => string,
): string {
  return `SELECT ${label} AS label, CAST(ws + ${sqlNumber(window.sizeMs, 'window size')} AS DOUBLE) AS t,
      CAST(_seq AS DOUBLE) AS seq, ${value('OVER running')} AS value
    FROM (${windowedRows(relation, window, graceMs)})
    WINDOW running AS (PARTITION BY ${label}, ws ORDER BY _seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
}

/** Start of the earliest hopping window holding `_ts`. */
function firstWindow({ sizeMs, hopMs }: WindowDef): string {
  return `(${windowStart(`(_ts - ${sqlNumber(sizeMs, 'window size')})`, hopMs)} + ${hopMs})`;
}

/**
 * The delivery position (`seq`) of each row of `relation` that a metric over `window` counts
 * as late: the rows `windowedRows` marks late (tumbling), or those that missed their earliest
 * window (hopping, as `hoppingLateRow` counts them); each row once.
 */
export function lateSeqRows(relation: string, window: WindowDef, graceMs: number): string {
  if (isTumbling(window)) {
    return `SELECT _seq AS seq FROM (${windowedRows(relation, window, graceMs)}) WHERE late`;
  }
  const reach = sqlNumber(window.sizeMs + graceMs, 'window size + grace');
  return `SELECT _seq AS seq FROM (${relation}) WHERE ${firstWindow(window)} + ${reach} <= _stream_ts`;
}

/** Whether a metric over this window counts late rows in its own rows (tumbling) or apart (hopping). */
export function isTumbling(window: WindowDef): boolean {
  return window.sizeMs === window.hopMs;
}

/**
 * For hopping windows: one row `(NULL, NULL, NULL, late)` counting the rows of `relation` that
 * missed at least one of their windows (the earliest one was final before they arrived); they
 * still count in their windows that were open.
 */
export function hoppingLateRow(relation: string, window: WindowDef, graceMs: number): string {
  const reach = sqlNumber(window.sizeMs + graceMs, 'window size + grace');
  return `SELECT NULL::VARCHAR AS label, NULL::DOUBLE AS t, NULL::DOUBLE AS value,
      CAST(count(*) FILTER (WHERE ${firstWindow(window)} + ${reach} <= _stream_ts) AS DOUBLE) AS late
    FROM (${relation})`;
}

/** The series label of a row: `by` values joined with ` · `, or the fixed `label`. */
export function labelSql(by: readonly string[], label: string): string {
  if (by.length === 0) return quoteString(label);
  if (by.length === 1) return labelOf(by[0]!);
  return `concat_ws(' · ', ${by.map(labelOf).join(', ')})`;
}

/** The number a numeric aggregate reads: a field or expression as DOUBLE (text that is not a number is NULL). */
function operand(term: AggregateTerm): string {
  const raw = term.field !== null ? quoteIdent(term.field) : `(${term.expr})`;
  return term.fn === 'count_distinct' ? raw : `TRY_CAST(${raw} AS DOUBLE)`;
}

/**
 * An aggregate over the rows where `where` holds, as a DOUBLE. `count`, `sum` and
 * `count_distinct` of no rows are 0; the others NULL (no value). With `over` (`OVER w`), the
 * same aggregate as a window function.
 */
export function aggregateSql(term: AggregateTerm, where: string, over = ''): string {
  const filter = `FILTER (WHERE ${where}${term.filter === null ? '' : ` AND (${term.filter})`})`;
  const rows = over === '' ? filter : `${filter} ${over}`;
  const x = term.fn === 'count' ? '' : operand(term);
  switch (term.fn) {
    case 'count':
      return `CAST(count(*) ${rows} AS DOUBLE)`;
    case 'sum':
      return `coalesce(sum(${x}) ${rows}, 0)::DOUBLE`;
    case 'avg':
    case 'min':
    case 'max':
      return `CAST(${term.fn}(${x}) ${rows} AS DOUBLE)`;
    case 'quantile':
      return `CAST(quantile_cont(${x}, ${sqlNumber(term.q ?? NaN, 'q')}) ${rows} AS DOUBLE)`;
    case 'count_distinct':
      return `CAST(count(DISTINCT ${x}) ${rows} AS DOUBLE)`;
  }
}
