import type { MetricSpec } from './metric-spec.ts';
import { windowedCountSql } from './window-sql.ts';

const WINDOW_MS = 60_000;

/** Seed 000: records on `orders-rejected` per minute (baseline ~0.5% of orders). */
export const rejectedPerMinute: MetricSpec = {
  id: 'rejected-per-minute',
  title: 'Rejected orders per minute',
  unit: 'orders',
  stepMs: WINDOW_MS,
  description: 'Records on `orders-rejected` per 1-minute tumbling window.',
  alert: { op: '>', threshold: 2, forMs: 3 * 60_000 },
  requires: { 'orders-rejected': [] },
  sampling: 'window',
  missing: 0,
  sql: (ctx) => windowedCountSql(ctx, 'orders-rejected', WINDOW_MS, `'all'`),
};
