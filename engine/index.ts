/**
 * The engine's public face, browser-safe: the contract (`contract.ts`: the `EngineApi` the worker
 * serves and every type that crosses it) and the pure functions the app runs on results
 * (alert, SLI and scoring math, workbook parsing). Node callers use `engine/node.ts`, which adds
 * the engine itself on Node's DuckDB-WASM; the app loads `engine/worker.ts` as a worker URL.
 */
export type * from './contract.ts';
export * from './alerts/index.ts';
export { META_COLUMNS } from './ingest/meta-columns.ts';
export { ANY_FAULT, FAULT_COLUMNS } from './browse/fault-columns.ts';
export { isLate } from './metrics/window-sql.ts';
export * from './workbook/index.ts';
export { explanationMarkdown } from './explain/explanation-markdown.ts';
export { DEFAULT_BASELINE_FACTOR } from './explain/baseline.ts';
export { incidentMetric } from './explain/incident-metric.ts';
export {
  scoreExplanation,
  summarizeByLabel,
  summarizeExplanations,
} from './explain/explanation-score.ts';
export type { ExplanationScore, ExplanationSummary } from './explain/explanation-score.ts';
export {
  csvFields,
  metricSeriesOf,
  parseSeriesFile,
  seriesSpan,
  sliMinutes,
} from './series/series-file.ts';
export type { SeriesSamples, SeriesSpan } from './series/series-file.ts';
