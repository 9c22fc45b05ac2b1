import { clusterBadMinutes } from './cluster-bad-minutes.ts';
import type { MetricSpec } from './metric-spec.ts';
import { ordersPerAggregator } from './orders-per-aggregator.ts';
import { rejectedPerMinute } from './rejected-per-minute.ts';
import { rejectionRatio } from './rejection-ratio.ts';
import { restaurantClosedSeconds } from './restaurant-closed-seconds.ts';

export type { MetricContext, MetricSpec } from './metric-spec.ts';
export { metricInfo } from './metric-spec.ts';
export { denseSeries, sampleGrid } from './series-grid.ts';

/** The built-in metrics, in display order. */
export const BUILT_IN_METRICS: readonly MetricSpec[] = [
  ordersPerAggregator,
  rejectedPerMinute,
  rejectionRatio,
  restaurantClosedSeconds,
  clusterBadMinutes,
];
