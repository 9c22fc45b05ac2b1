/**
 * Kafka in and out for the `tapedeck` CLI: connection options, time ranges, a read that disturbs
 * no consumer group, recording a range to a file, and producing records (paced) back into Kafka.
 * Node-only: import this file by path from Node code.
 */
export {
  SASL_MECHANISMS,
  connectionSecrets,
  connectionWarnings,
  describeConnection,
  kafkaClientConfig,
  type KafkaConnectionOptions,
  type SaslMechanism,
} from './connection-options.ts';
export {
  addConnectionOptions,
  connectionFromCli,
  parseBrokers,
  type ConnectionEnv,
  type ConnectionFlags,
} from './cli-connection.ts';
export { formatBytes, parseTopicList, untilInterrupted, withRedactedErrors } from './cli-run.ts';
export { KAFKA_IO_DEFAULTS } from './defaults.ts';
export { checkPacing, dueAt, parseSpeed, type Pacing, type Speed } from './pacing.ts';
export { resolvePartitionRanges, type PartitionRange } from './partition-ranges.ts';
export {
  ProduceFailed,
  produceRecords,
  type PartitionSent,
  type ProduceProgress,
  type ProduceRecordsOptions,
  type ProduceSummary,
} from './produce-records.ts';
export { ProgressLine, formatProgress, type PartitionProgress } from './progress-line.ts';
export { RangeReader, type PartitionPosition, type ReadRangesOptions } from './read-range.ts';
export {
  LiveReader,
  type LivePartition,
  type LiveReaderEvent,
  type LiveReaderOptions,
  type LiveReaderState,
  type LiveStart,
} from './live-reader.ts';
export { toKafkaMessage, toKafkaRecord } from './record-conversion.ts';
export { runRecord, type RecordOptions, type RecordSummary } from './record-topics.ts';
export { redactingLogCreator } from './kafkajs-log.ts';
export { REDACTED, redactSecrets } from './redaction.ts';
export {
  ReplayFailed,
  runReplay,
  type ReplayOptions,
  type ReplayPlan,
  type ReplaySummary,
} from './replay-recording.ts';
export { assertNoWriteIntoReadTopics, prefixTopic } from './target-topics.ts';
export { checkTimeRange, describeTimePoint, parseTimePoint, type TimePoint } from './time-point.ts';
