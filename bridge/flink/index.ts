/**
 * The embedded Apache Flink (a MiniCluster in one JVM) that runs the workbook's Flink SQL.
 * Node-only: re-exported by bridge/index.ts.
 */
export {
  fetchFlink,
  flinkRuntimePom,
  type FetchFlinkOptions,
  type FlinkRuntime,
} from './fetch-flink.ts';
export {
  parseProgress,
  runFlinkSql,
  type FlinkProgress,
  type FlinkRunResult,
  type RunFlinkOptions,
} from './run-flink.ts';
export { FlinkError, type FlinkErrorCode } from './flink-error.ts';
export { DEFAULT_FLINK_CACHE_ROOT, FLINK_VERSIONS } from './defaults.ts';
export { lastRecordTime } from './last-record-time.ts';
