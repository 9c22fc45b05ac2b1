/**
 * The engine's defaults, in one place. The workbook's `options` override the first two per
 * workbook (`grace`, `max_series_per_rule`).
 */
export const ENGINE_DEFAULTS = Object.freeze({
  /** Kafka Streams' grace period: how long after its end a window still accepts records */
  graceMs: 0,
  /** most series one alert rule evaluates before it reports an error instead */
  maxSeriesPerRule: 100,
  /** malformed lines a source keeps with their line numbers and reasons; the rest are counted */
  malformedLinesKept: 1000,
  /** rows per Arrow record batch inserted into DuckDB (and per slice of an in-memory source) */
  insertBatchRows: 50_000,
});
