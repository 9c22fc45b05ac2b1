/** The one place for the Kafka input/output commands' timings and sizes. */
export const KAFKA_IO_DEFAULTS = {
  clientId: 'tapedeck',
  /** Prefix of the throwaway consumer group each read uses (`tapedeck-<random>`). */
  groupIdPrefix: 'tapedeck-',
  /** Where `tapedeck replay` writes unless `--topic-prefix` says otherwise. */
  replayTopicPrefix: 'replay.',
  /** The header every replayed record carries; its value is one id per replay run. */
  replayHeader: 'tapedeck-replay-id',
  /** The header with a replayed record's offset in the recording: where `--resume` continues. */
  replayOffsetHeader: 'tapedeck-replay-offset',
  /** The header with a replayed record's own timestamp, when it is sent stamped with the time. */
  originalTimestampHeader: 'tapedeck-original-timestamp',
  /** `--resume` reads a target partition backwards from its end: first this many records… */
  resumeTailRecords: 1_000,
  /** …then windows this many times larger, until the replay's last record is found. */
  resumeTailGrowth: 16,
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  retry: { initialRetryTime: 300, retries: 5 },
  /** Batches read ahead of the recording writer before the consumer waits. */
  readAheadBatches: 8,
  /** Records and bytes the producer holds ahead to merge partitions into timestamp order. */
  lookaheadRecords: 10_000,
  lookaheadBytes: 64 * 1024 * 1024,
  /** Most records and bytes in one produce request. */
  sendBatchRecords: 1_000,
  sendBatchBytes: 4 * 1024 * 1024,
  /** Most bytes of one partition in one request: under the broker's default 1 MB batch limit. */
  partitionBatchBytes: 768 * 1024,
  /** How long the first records may gather before the replay clock is anchored to them. */
  anchorGraceMs: 200,
  /** Longest single sleep while pacing, so an abort or a progress update is never far off. */
  maxPacingSleepMs: 500,
  /** Progress redraws: often on a terminal, seldom when stderr is a file or pipe. */
  progressTtyMs: 200,
  progressPlainMs: 5_000,
  /** Live reads: longest fetch wait, so a resumed (or newly fed) partition is read soon. */
  liveMaxWaitMs: 100,
  /** Live reads: wait before building a new consumer when kafkajs gives up restarting its own. */
  liveRestartDelayMs: 1_000,
} as const;
