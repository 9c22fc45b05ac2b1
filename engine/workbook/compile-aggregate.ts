import type { MetricContext } from '../metrics/index.ts';
import { sqlNumber } from '../sql/sql.ts';
import type { AggregateMetric, AggregateTerm, RatioMetric, WindowDef } from '../contract.ts';
import {
  aggregateSql,
  deliveredRows,
  hoppingLateRow,
  isTumbling,
  knownAtEnd,
  labelSql,
  lateSeqRows,
  runningRows,
  windowedRows,
} from './window-rows.ts';

/**
 * Rows `(label, t, value, late)` of `values` (SQL aggregates over the windowed rows that count,
 * `knownAtEnd`) per window and label, late rows counted as the tumbling metrics of
 * `engine/metrics` do, or apart for hopping windows.
 */
function perWindow(
  ctx: MetricContext,
  relation: string,
  window: WindowDef,
  label: string,
  value: (where: string) => string,
): string {
  const size = sqlNumber(window.sizeMs, 'window size');
  const rows = windowedRows(relation, window, ctx.graceMs);
  const known = knownAtEnd(window, ctx.graceMs);
  if (isTumbling(window)) {
    return `SELECT ${label} AS label, CAST(ws + ${size} AS DOUBLE) AS t, ${value(known)} AS value,
        CAST(count(*) FILTER (WHERE late) AS DOUBLE) AS late
      FROM (${rows}) GROUP BY ALL`;
  }
  return `SELECT ${label} AS label, CAST(ws + ${size} AS DOUBLE) AS t, ${value(known)} AS value,
        0::DOUBLE AS late
      FROM (${rows}) GROUP BY ALL
    UNION ALL ${hoppingLateRow(relation, window, ctx.graceMs)}`;
}

/** SQL of a windowed aggregate metric (count, sum, avg, min, max, quantile, count_distinct). */
export function aggregateMetricSql(m: AggregateMetric, ctx: MetricContext): string {
  const relation = deliveredRows(ctx, m.topic, m.filter);
  const term: AggregateTerm = { ...m, filter: null };
  return perWindow(ctx, relation, m.window, labelSql(m.by, m.label), (w) => aggregateSql(term, w));
}

/** The running form of an aggregate metric (`runningWindows`, `MetricSlice.openWindows`). */
export function aggregateRunningSql(m: AggregateMetric, ctx: MetricContext): string {
  const relation = deliveredRows(ctx, m.topic, m.filter);
  const term: AggregateTerm = { ...m, filter: null };
  const known = knownAtEnd(m.window, ctx.graceMs);
  const value = (over: string) => aggregateSql(term, known, over);
  return runningRows(relation, m.window, ctx.graceMs, labelSql(m.by, m.label), value);
}

/** `num / den` as a DOUBLE; NaN when the denominator is 0 or has no value. */
function divide(num: string, den: string): string {
  return `CASE WHEN ${den} IS NULL OR ${den} = 0 THEN 'NaN'::DOUBLE ELSE ${num} / ${den} END`;
}

/**
 * SQL of a ratio metric. Both terms on one topic: one pass over the rows passing the shared
 * filter and either term's filter. On two topics: each term per window and label, the
 * numerator left-joined to the denominator (a window without numerator rows has the
 * numerator's empty value: 0 for count/sum/count_distinct, else no value).
 */
export function ratioMetricSql(m: RatioMetric, ctx: MetricContext): string {
  const label = labelSql(m.by, m.label);
  const { numerator: num, denominator: den } = m;
  const relations = ratioRelations(m, ctx);
  if (relations.length === 1) {
    return perWindow(ctx, relations[0]!, m.window, label, (w) =>
      divide(aggregateSql(num, w), aggregateSql(den, w)),
    );
  }
  const side = (t: typeof num, relation: string) =>
    perWindow(ctx, relation, m.window, label, (w) => aggregateSql(t, w));
  const emptyNum =
    num.fn === 'count' || num.fn === 'sum' || num.fn === 'count_distinct' ? '0' : 'NULL';
  return `WITH num AS (${side(num, relations[0]!)}), den AS (${side(den, relations[1]!)})
    SELECT den.label, den.t, ${divide(`coalesce(num.value, ${emptyNum})`, 'den.value')} AS value,
      0::DOUBLE AS late
    FROM den LEFT JOIN num ON num.label = den.label AND num.t = den.t
    WHERE den.t IS NOT NULL
    UNION ALL SELECT NULL, NULL, NULL, sum(late) FROM (SELECT late FROM num UNION ALL SELECT late FROM den)`;
}

/**
 * The running form of a ratio metric (`runningWindows`, `MetricSlice.openWindows`), for one with both terms on one
 * topic: on two, each window's sample joins the two topics' rows, and it has none.
 */
export function ratioRunningSql(m: RatioMetric, ctx: MetricContext): string {
  const relations = ratioRelations(m, ctx);
  if (relations.length !== 1) throw new Error(`ratio "${m.id}" reads two topics: no running form`);
  const known = knownAtEnd(m.window, ctx.graceMs);
  const value = (over: string) =>
    divide(aggregateSql(m.numerator, known, over), aggregateSql(m.denominator, known, over));
  return runningRows(relations[0]!, m.window, ctx.graceMs, labelSql(m.by, m.label), value);
}

/**
 * The rows a ratio reads: both terms on one topic, one relation of the rows passing the shared
 * filter and either term's filter; on two topics, the numerator's and the denominator's.
 */
function ratioRelations(m: RatioMetric, ctx: MetricContext): string[] {
  const { numerator: num, denominator: den } = m;
  if (num.topic !== den.topic) {
    return [deliveredRows(ctx, num.topic, m.filter), deliveredRows(ctx, den.topic, m.filter)];
  }
  const either =
    num.filter === null || den.filter === null ? null : `(${num.filter}) OR (${den.filter})`;
  const shared = [m.filter, either].filter((f) => f !== null).map((f) => `(${f})`);
  return [deliveredRows(ctx, num.topic, shared.length ? shared.join(' AND ') : null)];
}

/** The late records an aggregate metric counts (`MetricSlice.lateSql`). */
export function aggregateLateSql(m: AggregateMetric, ctx: MetricContext): string {
  return lateSeqRows(deliveredRows(ctx, m.topic, m.filter), m.window, ctx.graceMs);
}

/** The late records a ratio metric counts (`MetricSlice.lateSql`): both terms' on two topics. */
export function ratioLateSql(m: RatioMetric, ctx: MetricContext): string {
  return ratioRelations(m, ctx)
    .map((relation) => lateSeqRows(relation, m.window, ctx.graceMs))
    .join(' UNION ALL ');
}
