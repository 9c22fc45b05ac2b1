import type { MetricContext } from '../metrics/index.ts';
import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import type { LatencyMetric, LatencyStat } from '../contract.ts';
import {
  deliveredRows,
  hoppingLateRow,
  isTumbling,
  labelSql,
  windowedRows,
} from './window-rows.ts';

const STAT_SQL: Record<LatencyStat, string> = {
  p50: 'quantile_cont(d, 0.5)',
  p90: 'quantile_cont(d, 0.9)',
  p95: 'quantile_cont(d, 0.95)',
  p99: 'quantile_cont(d, 0.99)',
  avg: 'avg(d)',
  min: 'min(d)',
  max: 'max(d)',
  count: 'count(d)',
};

/**
 * SQL of a latency metric: per key, the first delivered `to` record (by timestamp, then
 * delivery order) is paired with the first delivered `from` record; the pair's latency is
 * `(to._ts − from._ts) / 1000` seconds, dropped when negative or without a `from`. Pairs go in
 * the window(s) of their `to` record, under the `by` values of the `to` record; a `to` record
 * delivered after its window was final is late (counted, not aggregated), as in window-sql.ts.
 */
export function latencySql(m: LatencyMetric, ctx: MetricContext): string {
  const fromKey = quoteIdent(m.from.key);
  const toKey = quoteIdent(m.to.key);
  const starts = `SELECT CAST(${fromKey} AS VARCHAR) AS pair_key, min(_ts) AS start_ts
    FROM (${deliveredRows(ctx, m.from.topic, both(`${fromKey} IS NOT NULL`, m.from.filter))})
    GROUP BY ALL`;
  const ends = `SELECT *, CAST(${toKey} AS VARCHAR) AS pair_key
    FROM (${deliveredRows(ctx, m.to.topic, both(`${toKey} IS NOT NULL`, m.to.filter))})
    QUALIFY row_number() OVER (PARTITION BY ${toKey} ORDER BY _ts, _seq) = 1`;
  const pairs = `SELECT ends.*, (ends._ts - starts.start_ts) / 1000 AS d
    FROM (${ends}) ends JOIN (${starts}) starts USING (pair_key)
    WHERE starts.start_ts <= ends._ts`;
  const size = sqlNumber(m.window.sizeMs, 'window size');
  const label = labelSql(m.by, m.label);
  const tumbling = isTumbling(m.window);
  // Late `to` records are counted once, on the first stat's rows.
  const perStat = m.stats.map(
    (
      stat,
      i,
    ) => `SELECT ${m.stats.length > 1 ? `label || ${quoteString(` · ${stat}`)}` : 'label'} AS label,
        t, ${stat} AS value, ${i === 0 ? 'late' : '0::DOUBLE'} AS late FROM agg`,
  );
  return `WITH pairs AS (${pairs}),
    agg AS (
      SELECT ${label} AS label, CAST(ws + ${size} AS DOUBLE) AS t,
        ${m.stats.map((s) => `CAST(${STAT_SQL[s]} FILTER (WHERE NOT late) AS DOUBLE) AS ${s}`).join(', ')},
        ${tumbling ? 'CAST(count(*) FILTER (WHERE late) AS DOUBLE)' : '0::DOUBLE'} AS late
      FROM (${windowedRows('SELECT * FROM pairs', m.window, ctx.graceMs)}) GROUP BY ALL
    )
    ${perStat.join('\n    UNION ALL ')}
    ${tumbling ? '' : `UNION ALL ${hoppingLateRow('SELECT * FROM pairs', m.window, ctx.graceMs)}`}`;
}

function both(a: string, b: string | null): string {
  return b === null ? a : `${a} AND (${b})`;
}
