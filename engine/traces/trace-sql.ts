import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import { parentIdSql, traceIdSql, traceparentClassSql } from './traceparent.ts';

/** A topic followed by a trace join: its DuckDB table and whether it has the key and stage columns. */
export interface TraceTopic {
  topic: string;
  table: string;
  /** the business key column exists (always, for `_key`) */
  hasKey: boolean;
  hasStage: boolean;
}

/** What the trace SQL reads: the topics in flow order, the key and stage fields, which records. */
export interface TraceScope {
  topics: readonly TraceTopic[];
  key: string;
  stage: string | null;
  /** only records with `_seq < delivered` (delivered by the replay time) */
  delivered: number;
  /** only records stamped at or after this (a metric's lookback); null = all */
  since: number | null;
}

/**
 * The records followed, one row each: `topic_rank` (flow order), `topic`, `node` (the hop end:
 * the topic, or `topic:stage`), `_seq`, `_ts`, `_partition`, `_offset`, `tp` (the header),
 * `tp_class`, `trace_id`, `parent_id`, `bkey` (the business key as text, NULL when absent).
 * Records without a timestamp cannot be placed in time and are left out.
 */
export function traceRecordsSql(scope: TraceScope): string {
  if (scope.topics.length === 0) {
    return `SELECT NULL::INTEGER AS topic_rank, NULL::VARCHAR AS topic, NULL::VARCHAR AS node,
      NULL::BIGINT AS _seq, NULL::BIGINT AS _ts, NULL::INTEGER AS _partition, NULL::BIGINT AS _offset,
      NULL::VARCHAR AS tp, NULL::VARCHAR AS tp_class, NULL::VARCHAR AS trace_id,
      NULL::VARCHAR AS parent_id, NULL::VARCHAR AS bkey WHERE FALSE`;
  }
  const n = sqlNumber(scope.delivered, 'delivered');
  const recent =
    scope.since === null ? '' : ` AND _ts >= ${sqlNumber(scope.since, 'lookback start')}`;
  const parts = scope.topics.map((t, rank) => {
    const key = t.hasKey ? `CAST(${quoteIdent(scope.key)} AS VARCHAR)` : 'NULL::VARCHAR';
    const topic = quoteString(t.topic);
    const node =
      scope.stage !== null && t.hasStage
        ? `${topic} || coalesce(':' || CAST(${quoteIdent(scope.stage)} AS VARCHAR), '')`
        : topic;
    return `SELECT ${rank} AS topic_rank, ${topic} AS topic, ${node} AS node, _seq, _ts,
        _partition, _offset, _traceparent AS tp, ${key} AS bkey
      FROM main.${quoteIdent(t.table)} WHERE _seq < ${n} AND _ts IS NOT NULL${recent}`;
  });
  return `SELECT *, ${traceIdSql('tp', 'tp_class')} AS trace_id, ${parentIdSql('tp', 'tp_class')} AS parent_id
    FROM (SELECT *, ${traceparentClassSql('tp')} AS tp_class FROM (${parts.join('\n  UNION ALL ')}))`;
}

/**
 * Every keyed record in hop order within its business key (time, then flow order, then
 * partition and offset), with the hop into it from the key's previous record:
 * `pos` (1-based), `hop_from`/`hop_to` and `hop_ms` (taken in flow order: a record of an earlier
 * topic stamped after the previous one makes the hop `hop_to ← hop_from` negative), `traced`
 * (both records share a trace id) and `break_kind` (see `TraceBreakKind`; NULL for no break and
 * for the key's first record, which has no hop). Reads the relation `recs` (`traceRecordsSql`).
 */
export const KEYED_HOPS_SQL = `
  WITH ordered AS (
    SELECT *,
      row_number() OVER k AS pos,
      lag(node) OVER k AS prev_node, lag(_ts) OVER k AS prev_ts, lag(topic) OVER k AS prev_topic,
      lag(trace_id) OVER k AS prev_trace, lag(topic_rank) OVER k AS prev_rank
    FROM recs WHERE bkey IS NOT NULL
    WINDOW k AS (PARTITION BY bkey ORDER BY _ts, topic_rank, _partition, _offset)
  ),
  piece_starts AS (
    SELECT bkey, trace_id, min(pos) AS first_pos FROM ordered
    WHERE trace_id IS NOT NULL GROUP BY ALL
  ),
  owners AS (
    SELECT trace_id, arg_min(bkey, _seq) AS owner_key FROM recs
    WHERE trace_id IS NOT NULL AND bkey IS NOT NULL GROUP BY ALL
  )
  SELECT o.*,
    CASE WHEN o.topic_rank < o.prev_rank THEN o.node ELSE o.prev_node END AS hop_from,
    CASE WHEN o.topic_rank < o.prev_rank THEN o.prev_node ELSE o.node END AS hop_to,
    CASE WHEN o.topic_rank < o.prev_rank THEN o.prev_ts - o._ts ELSE o._ts - o.prev_ts END AS hop_ms,
    coalesce(o.trace_id = o.prev_trace, FALSE) AS traced,
    CASE
      WHEN o.pos = 1 THEN NULL
      WHEN o.trace_id IS NOT NULL AND w.owner_key <> o.bkey THEN 'fan-in'
      WHEN o.topic_rank < o.prev_rank THEN 'negative-latency'
      WHEN o.trace_id IS NULL AND o.prev_trace IS NOT NULL THEN 'header-missing'
      WHEN o.trace_id IS NOT NULL AND s.first_pos = o.pos THEN 'new-trace'
    END AS break_kind
  FROM ordered o
  LEFT JOIN piece_starts s ON s.bkey = o.bkey AND s.trace_id = o.trace_id
  LEFT JOIN owners w ON w.trace_id = o.trace_id`;

/** `recs` and `hops` as CTEs over `scope`, for a query that follows. */
export function traceCtes(scope: TraceScope): string {
  return `WITH recs AS (${traceRecordsSql(scope)}), hops AS (${KEYED_HOPS_SQL})`;
}

/** The break kinds the hop table counts, in column order. */
export const HOP_BREAK_KINDS = [
  'header-missing',
  'new-trace',
  'fan-in',
  'negative-latency',
] as const;

/**
 * The hop table: per `hop_from → hop_to`, the hops (`n`), those sharing a trace id (`traced`),
 * latency p50, p95 and max (ms), hops broken (`broken`) and one count per break kind.
 */
export function hopTableSql(scope: TraceScope): string {
  return `${traceCtes(scope)} ${hopTableSelect()}`;
}

/** The hop table's SELECT over a relation `hops` (see `hopTableSql`). */
export function hopTableSelect(): string {
  const kinds = HOP_BREAK_KINDS.map(
    (k) => `count(*) FILTER (WHERE break_kind = ${quoteString(k)}) AS ${quoteIdent(k)}`,
  ).join(', ');
  return `SELECT hop_from, hop_to, count(*) AS n, count(*) FILTER (WHERE traced) AS traced,
      quantile_cont(hop_ms, 0.5) AS p50, quantile_cont(hop_ms, 0.95) AS p95, max(hop_ms) AS mx,
      count(*) FILTER (WHERE hop_ms = 0) AS zero, count(*) FILTER (WHERE topic <> prev_topic) AS crossing,
      count(break_kind) AS broken, ${kinds}
    FROM hops WHERE pos > 1 GROUP BY ALL ORDER BY n DESC, hop_from, hop_to`;
}
