import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type {
  TraceBreakGroup,
  TraceBreakKind,
  TraceContextStats,
  TraceDetail,
  TraceHop,
  TraceListFilter,
  TraceListItem,
  TraceOptions,
  TraceparentClass,
  TraceparentFault,
  TraceReport,
  TraceSpan,
} from '../contract.ts';
import { toQueryResult } from '../sql/read-only-sql.ts';
import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import { criticalPath } from './critical-path.ts';
import {
  HOP_BREAK_KINDS,
  hopTableSelect,
  KEYED_HOPS_SQL,
  traceCtes,
  traceRecordsSql,
  type TraceScope,
  type TraceTopic,
} from './trace-sql.ts';
import { parseTraceparent, traceparentClassSql } from './traceparent.ts';

/** A topic of the loaded source and its DuckDB table (see `SourceSummary.tables`). */
export interface SourceTable {
  topic: string;
  table: string;
}

const FAULTS_KEPT = 1000;
/** The temporary tables one report reads (dropped before it returns). */
const RECS = 'temp.tapedeck_trace_recs';
const HOPS = 'temp.tapedeck_trace_hops';

/** Rows of a query as objects keyed by column name (bigints as numbers where exact). */
function rowsOf(conn: DuckDBConnection, sql: string): Record<string, unknown>[] {
  const { columns, rows } = toQueryResult(conn.query(sql));
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
}

/**
 * `traceparent` headers per topic by class over every replayed record, and the malformed and
 * all-zero ones listed with the parser's reason (first 1000, by topic, partition and offset).
 */
export function traceContextStats(
  conn: DuckDBConnection,
  tables: readonly SourceTable[],
): TraceContextStats {
  const topics = tables.map(({ topic, table }) => {
    const [row] = rowsOf(
      conn,
      `SELECT count(*) AS records,
        count(*) FILTER (WHERE c = 'valid') AS valid, count(*) FILTER (WHERE c = 'missing') AS missing,
        count(*) FILTER (WHERE c = 'malformed') AS malformed, count(*) FILTER (WHERE c = 'zero-id') AS zero
      FROM (SELECT ${traceparentClassSql('_traceparent')} AS c FROM main.${quoteIdent(table)})`,
    );
    return {
      topic,
      records: Number(row!.records),
      valid: Number(row!.valid),
      missing: Number(row!.missing),
      malformed: Number(row!.malformed),
      zeroId: Number(row!.zero),
    };
  });
  const faults: TraceparentFault[] = [];
  let faultCount = 0;
  for (const [i, { topic, table }] of tables.entries()) {
    const bad = topics[i]!.malformed + topics[i]!.zeroId;
    faultCount += bad;
    if (bad === 0 || faults.length >= FAULTS_KEPT) continue;
    const rows = rowsOf(
      conn,
      `SELECT _partition, CAST(_offset AS VARCHAR) AS off, _traceparent AS tp FROM main.${quoteIdent(table)}
      WHERE ${traceparentClassSql('_traceparent')} IN ('malformed', 'zero-id')
      ORDER BY _partition, _offset LIMIT ${FAULTS_KEPT - faults.length}`,
    );
    for (const r of rows) {
      const value = String(r.tp);
      faults.push({
        topic,
        partition: Number(r._partition),
        offset: String(r.off),
        value: value.length > 120 ? `${value.slice(0, 120)}…` : value,
        reason: parseTraceparent(value).reason ?? 'invalid',
      });
    }
  }
  return { topics, faults, faultCount };
}

/**
 * Trace joins over the loaded source's tables on DuckDB (see `trace-sql.ts` for the rules):
 * the report and single traces as of a number of delivered records.
 */
export class TraceJoin {
  constructor(
    private readonly conn: DuckDBConnection,
    private readonly tables: readonly SourceTable[],
  ) {}

  /** The topics followed with their columns, in flow order (see `TraceOptions.topics`). */
  scope(options: TraceOptions, delivered: number, since: number | null = null): TraceScope {
    let names = options.topics;
    if (names.length === 0) {
      const firsts = this.tables.flatMap(({ topic, table }) => {
        const [row] = rowsOf(
          this.conn,
          `SELECT min(_seq) AS first FROM main.${quoteIdent(table)} WHERE _traceparent IS NOT NULL`,
        );
        return row!.first === null ? [] : [{ topic, first: Number(row!.first) }];
      });
      names = firsts.sort((a, b) => a.first - b.first).map((f) => f.topic);
      names = this.flowOrder(this.topicsOf(names, options), options, delivered);
    }
    const topics = this.topicsOf(names, options);
    return { topics, key: options.key, stage: options.stage, delivered, since };
  }

  /**
   * The topics in flow order as the data shows it: by the average rank, within each business
   * key, of the topic's first record (ties share a rank); topics without keyed records last.
   */
  private flowOrder(topics: TraceTopic[], options: TraceOptions, delivered: number): string[] {
    const scope = { topics, key: options.key, stage: null, delivered, since: null };
    const ranked = rowsOf(
      this.conn,
      `WITH recs AS (${traceRecordsSql(scope)}),
        firsts AS (SELECT bkey, topic, min(_ts) AS first_ts FROM recs WHERE bkey IS NOT NULL GROUP BY ALL)
      SELECT topic, avg(r) AS ar FROM (
        SELECT topic, rank() OVER (PARTITION BY bkey ORDER BY first_ts) AS r FROM firsts
      ) GROUP BY topic`,
    );
    const rank = new Map(ranked.map((r) => [String(r.topic), Number(r.ar)]));
    return topics
      .map((t, i) => ({ topic: t.topic, i, r: rank.get(t.topic) ?? Infinity }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map((t) => t.topic);
  }

  /** Each topic's table and whether it has the key and stage columns; throws for an unknown topic. */
  private topicsOf(names: readonly string[], options: TraceOptions): TraceTopic[] {
    const byTopic = new Map(this.tables.map((t) => [t.topic, t.table]));
    return names.map((topic) => {
      const table = byTopic.get(topic);
      if (table === undefined) {
        throw new Error(
          `invalid trace option topics: the source has no topic ${JSON.stringify(topic)}`,
        );
      }
      const columns = new Set(
        rowsOf(
          this.conn,
          `SELECT column_name AS c FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ${quoteString(table)}`,
        ).map((r) => String(r.c)),
      );
      return {
        topic,
        table,
        hasKey: options.key === '_key' || columns.has(options.key),
        hasStage: options.stage !== null && columns.has(options.stage),
      };
    });
  }

  /** The report as of `delivered` records (`time` is only echoed). */
  report(
    options: TraceOptions,
    delivered: number,
    time: number,
    filter: TraceListFilter = {},
  ): TraceReport {
    const scope = this.scope(options, delivered);
    // The join runs once into temporary tables; the report's queries read them.
    this.conn.query(
      `CREATE OR REPLACE TEMP TABLE ${RECS} AS SELECT * FROM (${traceRecordsSql(scope)})`,
    );
    this.conn.query(
      `CREATE OR REPLACE TEMP TABLE ${HOPS} AS WITH recs AS (SELECT * FROM ${RECS}) SELECT * FROM (${KEYED_HOPS_SQL})`,
    );
    try {
      return this.reportFrom(options, scope, time, filter);
    } finally {
      this.conn.query(`DROP TABLE IF EXISTS ${RECS}; DROP TABLE IF EXISTS ${HOPS}`);
    }
  }

  private reportFrom(
    options: TraceOptions,
    scope: TraceScope,
    time: number,
    filter: TraceListFilter,
  ): TraceReport {
    const ctes = `WITH recs AS (SELECT * FROM ${RECS}), hops AS (SELECT * FROM ${HOPS})`;
    const [counts] = rowsOf(
      this.conn,
      `${ctes} SELECT count(*) AS records, count(bkey) AS keyed, count(DISTINCT bkey) AS keys,
        count(DISTINCT trace_id) AS traces FROM recs`,
    );
    const hops: TraceHop[] = rowsOf(this.conn, `${ctes} ${hopTableSelect()}`).map((r) => {
      const breaks: TraceHop['breaks'] = {};
      for (const k of HOP_BREAK_KINDS) if (Number(r[k]) > 0) breaks[k] = Number(r[k]);
      return {
        from: String(r.hop_from),
        to: String(r.hop_to),
        count: Number(r.n),
        traced: Number(r.traced),
        p50Ms: Number(r.p50),
        p95Ms: Number(r.p95),
        maxMs: Number(r.mx),
        latencyMeasurable: !(Number(r.crossing) === Number(r.n) && Number(r.zero) === Number(r.n)),
        breaks,
        breakRate: Number(r.broken) / Number(r.n),
      };
    });
    const breaks: TraceBreakGroup[] = rowsOf(
      this.conn,
      `${ctes} SELECT break_kind AS kind, hop_from AS f, hop_to AS t, count(*) AS n,
          list(bkey ORDER BY _seq)[1:5] AS examples
        FROM hops WHERE break_kind IS NOT NULL GROUP BY ALL
      UNION ALL
      SELECT 'orphan', NULL, node, count(*), list(trace_id ORDER BY _seq)[1:5]
        FROM recs WHERE bkey IS NULL AND trace_id IS NOT NULL GROUP BY ALL
      ORDER BY n DESC, kind, f, t`,
    ).map((r) => ({
      kind: r.kind as TraceBreakKind,
      from: r.f === null ? null : String(r.f),
      to: String(r.t),
      count: Number(r.n),
      examples: (r.examples as unknown[]).map(String),
    }));
    const keys = `keys AS (
      SELECT bkey, min(_ts) AS start_ts, max(_ts) AS end_ts, count(*) AS records,
        count(*) FILTER (WHERE trace_id IS NULL) AS untraced, count(DISTINCT trace_id) AS pieces,
        count(break_kind) > 0 AS broken,
        list(DISTINCT break_kind) FILTER (WHERE break_kind IS NOT NULL) AS kinds,
        list(trace_id ORDER BY pos) FILTER (WHERE trace_id IS NOT NULL) AS tids,
        list([break_kind, hop_from, hop_to] ORDER BY pos) FILTER (WHERE break_kind IS NOT NULL) AS bhops
      FROM hops GROUP BY bkey),
      flagged AS (SELECT *, pieces > 1 OR (pieces > 0 AND untraced > 0) AS stitched FROM keys)`;
    const [totals] = rowsOf(
      this.conn,
      `${ctes}, ${keys} SELECT count(*) FILTER (WHERE broken) AS broken,
        count(*) FILTER (WHERE stitched) AS stitched FROM flagged`,
    );
    const where = listWhere(filter);
    const [listed] = rowsOf(
      this.conn,
      `${ctes}, ${keys} SELECT count(*) AS n FROM flagged WHERE ${where}`,
    );
    const list: TraceListItem[] = rowsOf(
      this.conn,
      `${ctes}, ${keys} SELECT * FROM flagged WHERE ${where}
      ORDER BY start_ts DESC, bkey LIMIT ${sqlNumber(options.listLimit, 'list limit')}`,
    ).map((r) => ({
      key: String(r.bkey),
      traceIds: [...new Set(((r.tids as unknown[] | null) ?? []).map(String))],
      start: Number(r.start_ts),
      end: Number(r.end_ts),
      durationMs: Number(r.end_ts) - Number(r.start_ts),
      records: Number(r.records),
      untraced: Number(r.untraced),
      broken: Boolean(r.broken),
      breakKinds: ((r.kinds as unknown[] | null) ?? []).map(String).sort() as TraceBreakKind[],
      breakHops: ((r.bhops as string[][] | null) ?? []).map(([kind, from, to]) => ({
        kind: kind as TraceBreakKind,
        from: from!,
        to: to!,
      })),
      stitched: Boolean(r.stitched),
    }));
    return {
      time,
      options,
      topics: scope.topics.map((t) => t.topic),
      records: Number(counts!.records),
      keyedRecords: Number(counts!.keyed),
      keys: Number(counts!.keys),
      traceIds: Number(counts!.traces),
      brokenKeys: Number(totals!.broken),
      stitchedKeys: Number(totals!.stitched),
      hops,
      breaks,
      list,
      listTotal: Number(listed!.n),
    };
  }

  /** One business key's trace as of `delivered` records; throws when the key has no record. */
  detail(options: TraceOptions, key: string, delivered: number): TraceDetail {
    const [detail] = this.detailsWhere(options, delivered, `bkey = ${quoteString(key)}`);
    if (!detail) {
      throw new Error(`trace ${JSON.stringify(key)}: no delivered record has this ${options.key}`);
    }
    return detail;
  }

  /** Every trace passing `filter` with its records, latest start first, at most `options.listLimit`. */
  details(options: TraceOptions, delivered: number, filter: TraceListFilter = {}): TraceDetail[] {
    const keys = this.report(options, delivered, 0, filter).list.map((t) => t.key);
    if (keys.length === 0) return [];
    const order = new Map(keys.map((k, i) => [k, i]));
    const where = `bkey IN (${keys.map(quoteString).join(', ')})`;
    return this.detailsWhere(options, delivered, where).sort(
      (a, b) => order.get(a.key)! - order.get(b.key)!,
    );
  }

  private detailsWhere(options: TraceOptions, delivered: number, where: string): TraceDetail[] {
    const scope = this.scope(options, delivered);
    const all = rowsOf(
      this.conn,
      `${traceCtes(scope)} SELECT bkey, topic, node, _partition, CAST(_offset AS VARCHAR) AS off, _ts,
        tp_class, trace_id, parent_id, hop_ms, break_kind, pos
      FROM hops WHERE ${where} ORDER BY bkey, pos`,
    );
    const byKey = new Map<string, Record<string, unknown>[]>();
    for (const r of all) {
      const k = String(r.bkey);
      const list = byKey.get(k) ?? [];
      list.push(r);
      byKey.set(k, list);
    }
    return [...byKey].map(([key, rows]) => detailOf(key, rows));
  }
}

function detailOf(key: string, rows: Record<string, unknown>[]): TraceDetail {
  const traceIds = [
    ...new Set(rows.flatMap((r) => (r.trace_id === null ? [] : [String(r.trace_id)]))),
  ];
  const critical = criticalPath(rows.map((r) => (r.trace_id === null ? null : String(r.trace_id))));
  const spans: TraceSpan[] = rows.map((r, i) => ({
    topic: String(r.topic),
    partition: Number(r._partition),
    offset: String(r.off),
    time: Number(r._ts),
    node: String(r.node),
    traceparent: r.tp_class as TraceparentClass,
    traceId: r.trace_id === null ? null : String(r.trace_id),
    parentId: r.parent_id === null ? null : String(r.parent_id),
    hopMs: r.hop_ms === null ? null : Number(r.hop_ms),
    break: (r.break_kind ?? null) as TraceBreakKind | null,
    critical: critical[i]!,
  }));
  const start = spans[0]!.time;
  const end = Math.max(...spans.map((s) => s.time));
  const untraced = spans.some((s) => s.traceId === null);
  return {
    key,
    traceIds,
    start,
    end,
    durationMs: end - start,
    stitched: traceIds.length > 1 || (traceIds.length > 0 && untraced),
    spans,
  };
}

function listWhere(filter: TraceListFilter): string {
  const terms = ['TRUE'];
  if (filter.key) terms.push(`contains(bkey, ${quoteString(filter.key)})`);
  if (filter.minDurationMs !== undefined) {
    terms.push(`end_ts - start_ts >= ${sqlNumber(filter.minDurationMs, 'minimum duration')}`);
  }
  if (filter.broken !== undefined) terms.push(filter.broken ? 'broken' : 'NOT broken');
  return terms.join(' AND ');
}
