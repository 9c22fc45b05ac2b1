import type { MetricContext } from '../metrics/index.ts';
import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import type { SqlMetric } from '../contract.ts';

/**
 * The user's query with every topic table shadowed by a CTE of the same name holding only the
 * records delivered by the frame's replay time, so raw SQL sees what the replay has seen — and,
 * with `since`, only those whose record time is `since` or later (a metric's `lookback`). The
 * CTEs are inlined where used (`NOT MATERIALIZED`): a query that reads a topic twice (a self
 * join) would otherwise have DuckDB copy every column of its rows once before reading the few
 * it needs (the kitchen's payment metrics: 43 → 18 ms a query at 1M records).
 */
export function deliveredScope(
  sql: string,
  topics: readonly string[],
  delivered: number,
  since: number | null = null,
): string {
  if (topics.length === 0) return `SELECT * FROM (${sql})`;
  const n = sqlNumber(delivered, 'delivered');
  const recent = since === null ? '' : ` AND _ts >= ${sqlNumber(since, 'lookback start')}`;
  const ctes = topics.map(
    (t) =>
      `${quoteIdent(t)} AS NOT MATERIALIZED (SELECT * FROM main.${quoteIdent(t)} WHERE _seq < ${n}${recent})`,
  );
  return `WITH ${ctes.join(', ')} SELECT * FROM (${sql})`;
}

/**
 * SQL of a raw-SQL metric. The query reads topic tables by name (e.g. `"orders-rejected"`), each
 * holding only delivered records, and returns one row per sample:
 * - `window_start` (ms since epoch) with `window:` — the sample sits at `window_start + size`;
 *   or `t` (ms since epoch) with `every:` — the sample sits at `t`, a multiple of `every`;
 * - `dimension` (optional): the series label (any type, shown as text; NULL → `(none)`);
 *   without it every row belongs to the metric's `label` series;
 * - `value`: the sample (cast to DOUBLE; NULL = no value).
 * Rows off the sample grid are ignored; raw SQL has no late-record accounting (late = 0).
 * `columns` are the query's output columns (the engine reads them once per source).
 */
export function rawSqlMetricSql(
  m: SqlMetric,
  ctx: MetricContext,
  topics: readonly string[],
  columns: readonly string[],
): string {
  const has = (c: string) => columns.some((x) => x.toLowerCase() === c);
  const label = has('dimension')
    ? `coalesce(CAST(dimension AS VARCHAR), '(none)')`
    : quoteString(m.label);
  const t = m.window
    ? `CAST(window_start AS DOUBLE) + ${sqlNumber(m.window.sizeMs, 'window size')}`
    : 'CAST(t AS DOUBLE)';
  const since = m.lookbackMs === null ? null : (ctx.earliest ?? ctx.time) - m.lookbackMs;
  return `SELECT ${label} AS label, ${t} AS t, CAST(value AS DOUBLE) AS value, 0::DOUBLE AS late
    FROM (${deliveredScope(m.sql, topics, ctx.delivered, since)})`;
}

/**
 * The topics of `topics` a raw-SQL query can read (`MetricSpec.reads`): a query reads a topic's
 * table by naming it, so those whose name occurs in its text (case-insensitively, as DuckDB
 * matches identifiers; a name inside another or in a comment only adds a topic), and every topic
 * when it names tables by a computed string (`query_table`, `query`: the workbook check refuses
 * them, see `workbookSqlProblem`; were one to run, it would count as reading every topic).
 */
export function rawSqlTopics(sql: string, topics: readonly string[]): string[] {
  const text = sql.toLowerCase();
  if (/\bquery(_table)?\s*\(/.test(text)) return [...topics];
  return topics.filter((t) => text.includes(t.toLowerCase()));
}

/** Why a raw-SQL metric's columns do not fit its contract, or null when they do. */
export function rawSqlColumnsProblem(m: SqlMetric, columns: readonly string[]): string | null {
  const has = (c: string) => columns.some((x) => x.toLowerCase() === c);
  const time = m.window ? 'window_start' : 't';
  const missing = [time, 'value'].filter((c) => !has(c));
  if (missing.length === 0) return null;
  return `the query returns ${columns.join(', ') || 'no columns'}; it must return ${missing.join(' and ')} (${
    m.window ? 'window: rows give window_start' : 'every: rows give t'
  }, [dimension], value)`;
}
