import type { MetricSpec } from './metric-spec.ts';
import { labelOf, windowedCountSql } from './window-sql.ts';

const WINDOW_MS = 5 * 60_000;

/** Seed 000: orders placed per aggregator in 5-minute tumbling windows. */
export const ordersPerAggregator: MetricSpec = {
  id: 'orders-per-aggregator',
  title: 'Orders per aggregator',
  unit: 'orders',
  stepMs: WINDOW_MS,
  description:
    'Orders placed (status PLACED on `orders`) per aggregator in 5-minute tumbling windows.',
  alert: { op: '<', threshold: 1, forMs: 30 * 60_000 },
  requires: { orders: ['status', 'aggregator'] },
  sampling: 'window',
  missing: 0,
  sql: (ctx) =>
    windowedCountSql(ctx, 'orders', WINDOW_MS, labelOf('aggregator'), `status = 'PLACED'`),
};
