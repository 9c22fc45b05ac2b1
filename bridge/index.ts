/**
 * The bridge folder's public face, Node only: a local Kafka broker, Kafka I/O (record, replay,
 * live reading), recording files on disk, and the server that streams to the browser.
 */
export { writeRecordingFile } from './recording/file.ts';
export { KAFKA_VERSION, fetchKafkaJars, startKafka, type KafkaBroker } from './kafka/index.ts';
export {
  KAFKA_IO_DEFAULTS,
  ProgressLine,
  addConnectionOptions,
  checkTimeRange,
  connectionFromCli,
  connectionWarnings,
  describeConnection,
  describeTimePoint,
  formatBytes,
  kafkaClientConfig,
  parseSpeed,
  parseTimePoint,
  parseTopicList,
  produceRecords,
  runRecord,
  runReplay,
  untilInterrupted,
  withRedactedErrors,
  type ConnectionFlags,
  type KafkaConnectionOptions,
  type PartitionPosition,
  type ProduceProgress,
  type ReplayPlan,
} from './kafka-io/index.ts';
export { attachLiveEndpoint, type LiveEndpoint } from './serve/live-endpoint.ts';
export { startStaticServer } from './serve/static-server.ts';
export { localOrigins, newSessionToken } from './serve/upgrade-guard.ts';
export { connectTo } from './kafka-io/connection-options.ts';
export { appBuildIsStale, buildApp } from './serve/app-build.ts';
export { LIVE_DEFAULTS } from './serve/live-defaults.ts';
export { checkLiveTopics } from './serve/live-starts.ts';
export { parseTopicSelector, type TopicSelector } from './serve/topic-selector.ts';
export {
  DEFAULT_FLINK_CACHE_ROOT,
  FLINK_VERSIONS,
  FlinkError,
  fetchFlink,
  lastRecordTime,
  runFlinkSql,
  type FlinkProgress,
  type FlinkRuntime,
} from './flink/index.ts';
