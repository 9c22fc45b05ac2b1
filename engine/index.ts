import { BUILT_IN_METRICS, metricInfo } from './metrics/index.ts';
import type { MetricInfo } from './api.ts';

/**
 * The engine folder's public face for the app. Browser-safe only: the Node entry
 * (`engine/node.ts`) and the worker entry (`engine/worker.ts`) are imported by path.
 */
export type * from './api.ts';
export * from './alerts/index.ts';
export { META_COLUMNS } from './meta-columns.ts';

/** Ids of the built-in metrics, in display order. */
export const METRIC_IDS = BUILT_IN_METRICS.map((m) => m.id);

/** The built-in metrics as `SourceSummary.metrics` lists them (a source offers those its topics allow). */
export const BUILT_IN_METRIC_INFO: readonly MetricInfo[] = BUILT_IN_METRICS.map(metricInfo);
