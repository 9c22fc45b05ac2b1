import type { MetricInfo } from './api.ts';
import { KITCHEN_WORKBOOK, parseWorkbook, workbookMetricInfo } from './workbook/index.ts';

/**
 * The engine folder's public face for the app. Browser-safe only: the Node entry
 * (`engine/node.ts`) and the worker entry (`engine/worker.ts`) are imported by path.
 */
export type * from './api.ts';
export * from './alerts/index.ts';
export { META_COLUMNS } from './meta-columns.ts';
export * from './workbook/index.ts';

/** The default (kitchen) workbook's metrics as `SourceSummary.metrics` lists them (a source offers those its topics allow). */
export const BUILT_IN_METRIC_INFO: readonly MetricInfo[] = workbookMetricInfo(
  parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name),
);

/** Ids of the default workbook's metrics, in display order. */
export const METRIC_IDS = BUILT_IN_METRIC_INFO.map((m) => m.id);
