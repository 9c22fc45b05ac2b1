import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { Float64, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { AlertRuleResult, MetricFrame } from '../contract.ts';
import { quoteIdent } from './sql.ts';

/** The tables the SQL console adds beside the topic tables (unless a topic table has the name). */
export const RESULT_TABLES = {
  metrics: 'metric_series',
  alerts: 'alert_intervals',
} as const;

/**
 * (Re)creates `metric_series(metric, series, time, value)` — every sample of the metrics as of
 * the replay time, `time` a TIMESTAMP (the window's end), NaN as NULL — and
 * `alert_intervals(rule, kind, series, start, "end", firing)` — each rule's firing intervals as
 * of then, `end` NULL while still firing. A name a topic table already has is left alone.
 * Returns the names created.
 */
export function refreshResultTables(
  conn: Pick<DuckDBConnection, 'query' | 'insertArrowFromIPCStream'>,
  metrics: readonly MetricFrame[],
  alerts: readonly AlertRuleResult[],
  taken: ReadonlySet<string>,
): string[] {
  const made: string[] = [];
  if (!taken.has(RESULT_TABLES.metrics)) {
    const metric: string[] = [];
    const series: string[] = [];
    const times: number[] = [];
    const values: number[] = [];
    for (const m of metrics) {
      for (const s of m.series) {
        for (let i = 0; i < s.times.length; i++) {
          metric.push(m.id);
          series.push(s.label);
          times.push(s.times[i]!);
          values.push(s.values[i]!);
        }
      }
    }
    replace(
      conn,
      RESULT_TABLES.metrics,
      {
        metric: vectorFromArray(metric, new Utf8()),
        series: vectorFromArray(series, new Utf8()),
        time_ms: vectorFromArray(times, new Float64()),
        value: vectorFromArray(values, new Float64()),
      },
      `SELECT metric, series, epoch_ms(time_ms::BIGINT) AS time,
        CASE WHEN isnan(value) THEN NULL ELSE value END AS value`,
    );
    made.push(RESULT_TABLES.metrics);
  }
  if (!taken.has(RESULT_TABLES.alerts)) {
    const rule: string[] = [];
    const kind: string[] = [];
    const series: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (const a of alerts) {
      for (const f of a.intervals) {
        rule.push(a.id);
        kind.push(a.kind);
        series.push(f.series);
        starts.push(f.start);
        ends.push(f.end ?? NaN);
      }
    }
    replace(
      conn,
      RESULT_TABLES.alerts,
      {
        rule: vectorFromArray(rule, new Utf8()),
        kind: vectorFromArray(kind, new Utf8()),
        series: vectorFromArray(series, new Utf8()),
        start_ms: vectorFromArray(starts, new Float64()),
        end_ms: vectorFromArray(ends, new Float64()),
      },
      `SELECT rule, kind, series, epoch_ms(start_ms::BIGINT) AS start,
        CASE WHEN isnan(end_ms) THEN NULL ELSE epoch_ms(end_ms::BIGINT) END AS "end",
        isnan(end_ms) AS firing`,
    );
    made.push(RESULT_TABLES.alerts);
  }
  return made;
}

/** Replaces table `name` with `select` over the given columns (through a staging table). */
function replace(
  conn: Pick<DuckDBConnection, 'query' | 'insertArrowFromIPCStream'>,
  name: string,
  columns: Record<string, Vector>,
  select: string,
): void {
  const staging = `_tapedeck_${name}_staging`;
  conn.query(`DROP TABLE IF EXISTS ${quoteIdent(staging)}`);
  const names = Object.keys(columns);
  if (Object.values(columns)[0]!.length === 0) {
    // No rows: an empty stream creates no table; the same columns, typed, without rows.
    const types = names.map(
      (n) => `${quoteIdent(n)} ${n.endsWith('_ms') || n === 'value' ? 'DOUBLE' : 'VARCHAR'}`,
    );
    conn.query(`CREATE TABLE ${quoteIdent(staging)} (${types.join(', ')})`);
  } else {
    const table = new Table(columns);
    conn.insertArrowFromIPCStream(tableToIPC(table, 'stream'), { name: staging, create: true });
  }
  conn.query(
    `CREATE OR REPLACE TABLE ${quoteIdent(name)} AS ${select} FROM ${quoteIdent(staging)}`,
  );
  conn.query(`DROP TABLE ${quoteIdent(staging)}`);
}
