import type { MetricSpec } from './metric-spec.ts';
import { labelOf, windowedRows } from './window-sql.ts';

const WINDOW_MS = 60_000;

/**
 * Seed 000: share of decided orders that were rejected, per region per minute:
 * REJECTED / (ACCEPTED + REJECTED) on `orders`; NaN for a minute with neither.
 */
export const rejectionRatio: MetricSpec = {
  id: 'rejection-ratio',
  title: 'Rejection ratio per region',
  unit: 'ratio',
  stepMs: WINDOW_MS,
  description:
    'REJECTED / (ACCEPTED + REJECTED) orders per region in 1-minute tumbling windows; no value when no order was decided.',
  alert: { op: '>', threshold: 0.1, forMs: 3 * 60_000 },
  requires: { orders: ['status', 'region'] },
  sampling: 'window',
  missing: NaN,
  sql: (ctx) => `SELECT ${labelOf('region')} AS label, CAST(ws + ${WINDOW_MS} AS DOUBLE) AS t,
      CASE WHEN count(*) FILTER (WHERE NOT late) = 0 THEN 'NaN'::DOUBLE
        ELSE count(*) FILTER (WHERE NOT late AND status = 'REJECTED') / count(*) FILTER (WHERE NOT late)
      END AS value,
      CAST(count(*) FILTER (WHERE late) AS DOUBLE) AS late
    FROM (${windowedRows(ctx, 'orders', WINDOW_MS, `status IN ('ACCEPTED', 'REJECTED')`)})
    GROUP BY ALL`,
};
