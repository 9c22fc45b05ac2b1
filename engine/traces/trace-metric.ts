import type { LatencyStat, TraceMetric } from '../contract.ts';
import type { MetricContext } from '../metrics/index.ts';
import { windowStart } from '../metrics/window-sql.ts';
import { sqlNumber } from '../sql/sql.ts';
import { traceCtes } from './trace-sql.ts';

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
 * SQL of a trace metric: metric rows `(label, t, value, late)`, one per hop and window of the
 * hop's later record, over the records delivered by `ctx` and stamped at or after its earliest
 * sample time minus the lookback. Late is 0: the engine computes each sample as of its time
 * (`asOf: 'recompute'`), so a record delivered after its window closed changes no sample.
 */
export function traceMetricSql(m: TraceMetric, ctx: MetricContext): string {
  const scope = {
    topics: m.topics.map((topic) => ({
      topic,
      table: ctx.tables?.get(topic) ?? topic,
      hasKey: true,
      hasStage: m.stage !== null,
    })),
    key: m.key,
    stage: m.stage,
    delivered: ctx.delivered,
    since: (ctx.earliest ?? ctx.time) - m.lookbackMs,
  };
  const size = sqlNumber(m.window.sizeMs, 'window size');
  const value =
    m.measure === 'hop_latency'
      ? STAT_SQL[m.stat]
      : `count(break_kind) FILTER (WHERE break_kind <> 'orphan') / count(*)`;
  return `${traceCtes(scope)}
    SELECT hop_from || ' → ' || hop_to AS label, CAST(ws + ${size} AS DOUBLE) AS t,
      CAST(${value} AS DOUBLE) AS value, 0::DOUBLE AS late
    FROM (SELECT *, hop_ms / 1000 AS d, ${windowStart('_ts', m.window.sizeMs)} AS ws FROM hops WHERE pos > 1)
    GROUP BY ALL`;
}
