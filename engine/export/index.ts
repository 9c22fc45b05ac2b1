/**
 * Exports of a replay's results, browser-safe (the app offers them as downloads; the CLI writes
 * them to files): alert rules as Prometheus rules with a `promtool test rules` file, and metric
 * series as CSV or Parquet in long format.
 */
export type { ExportRule, ExportRuleSet, PrometheusAlertingRule } from './prometheus-rules.ts';
export { prometheusAlertingRule, prometheusRulesYaml } from './prometheus-rules.ts';
export type {
  PromtoolCase,
  PromtoolCaseSummary,
  PromtoolInput,
  PromtoolTestFile,
} from './prometheus-test.ts';
export { promtoolTests } from './prometheus-test.ts';
export type { ExportSeries, ThresholdExportRule } from './threshold-export.ts';
export { thresholdCase } from './threshold-export.ts';
export type { BurnRateExportRule } from './burn-rate-export.ts';
export { burnRateCase, burnRateMetricName } from './burn-rate-export.ts';
export {
  prometheusMetricName,
  prometheusLabelName,
  prometheusAlertName,
  prometheusDuration,
} from './prometheus-names.ts';
export { metricDimensions, seriesDimensions } from './series-dimensions.ts';
export type {
  ExportInputs,
  WorkbookPrometheusExport,
  WorkbookPrometheusOptions,
} from './workbook-prometheus.ts';
export { workbookToPrometheus } from './workbook-prometheus.ts';
export type { MetricSeries, SeriesExportOptions } from './series-csv.ts';
export { SERIES_EXPORT_COLUMNS, seriesCsv } from './series-csv.ts';
export { seriesParquet } from './series-parquet.ts';
export type {
  JaegerFile,
  JaegerSpan,
  JaegerTag,
  JaegerTrace,
  TraceExportOptions,
} from './trace-export.ts';
export { jaegerTraces, otlpTraces } from './trace-export.ts';
