import type { MetricSpec } from './metric-spec.ts';
import { windowedRows } from './window-sql.ts';

const WINDOW_MS = 60_000;

/** A report is bad when either count is above zero; text or missing counts read as 0. */
const BAD_REPORT = `(coalesce(TRY_CAST(OfflinePartitionsCount AS DOUBLE), 0) > 0
  OR coalesce(TRY_CAST(UnderMinIsrPartitionCount AS DOUBLE), 0) > 0)`;

/**
 * Seed 002: a minute is bad (1) when any broker report in it has OfflinePartitionsCount > 0 or
 * UnderMinIsrPartitionCount > 0, good (0) otherwise, and has no value without any report.
 */
export const clusterBadMinutes: MetricSpec = {
  id: 'cluster-bad-minutes',
  title: 'Kafka cluster bad minutes',
  unit: 'bad minute',
  stepMs: WINDOW_MS,
  description:
    '1 when a `cluster-metrics` report in the minute has offline or under-min-ISR partitions, else 0; no value for a minute without reports.',
  alert: { op: '>', threshold: 0, forMs: 0 },
  requires: { 'cluster-metrics': ['OfflinePartitionsCount', 'UnderMinIsrPartitionCount'] },
  sampling: 'window',
  missing: NaN,
  sql: (ctx) => `SELECT 'bad' AS label, CAST(ws + ${WINDOW_MS} AS DOUBLE) AS t,
      CASE WHEN count(*) FILTER (WHERE NOT late) = 0 THEN 'NaN'::DOUBLE
        ELSE CAST(bool_or(NOT late AND ${BAD_REPORT}) AS DOUBLE)
      END AS value,
      CAST(count(*) FILTER (WHERE late) AS DOUBLE) AS late
    FROM (${windowedRows(ctx, 'cluster-metrics', WINDOW_MS)})
    GROUP BY ALL`,
};
