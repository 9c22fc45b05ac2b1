/** The one place for the live endpoint's sizes and timings. */
export const LIVE_DEFAULTS = {
  /** Where a live stream starts when `--from` is not given: recent context for the charts. */
  from: '-15m',
  /** Most records in one batch sent to the browser. */
  batchRecords: 5_000,
  /** Most bytes (about) in one batch, unless a single record is larger. */
  batchBytes: 4 * 1024 * 1024,
  /** How long the first record of a batch may wait for more before the batch goes out. */
  lingerMs: 50,
  /** Batches read ahead from Kafka and held while the browser grants no credit. */
  bufferBatches: 2,
  /** How often a status message is sent (and end offsets are looked up, for lag). */
  statusIntervalMs: 1_000,
  /** How often each connection looks for topics (and partitions) created since it started. */
  topicRefreshMs: 5_000,
  /** Largest control message a client may send. */
  maxClientMessageBytes: 1024 * 1024,
} as const;

/** Batch and buffer limits of a live session. */
export interface LiveLimits {
  batchRecords: number;
  batchBytes: number;
  lingerMs: number;
  bufferBatches: number;
  statusIntervalMs: number;
  topicRefreshMs: number;
}

/** The limits with `overrides` applied; a bad value fails with `invalid <name>: <value>`. */
export function liveLimits(overrides: Partial<LiveLimits> = {}): LiveLimits {
  const limits: LiveLimits = {
    batchRecords: LIVE_DEFAULTS.batchRecords,
    batchBytes: LIVE_DEFAULTS.batchBytes,
    lingerMs: LIVE_DEFAULTS.lingerMs,
    bufferBatches: LIVE_DEFAULTS.bufferBatches,
    statusIntervalMs: LIVE_DEFAULTS.statusIntervalMs,
    topicRefreshMs: LIVE_DEFAULTS.topicRefreshMs,
    ...overrides,
  };
  for (const [name, value] of Object.entries(limits)) {
    const positive = name === 'lingerMs' ? value >= 0 : value >= 1;
    if (!Number.isInteger(value) || !positive) {
      throw new Error(
        `invalid ${name}: ${value} (expected a ${name === 'lingerMs' ? 'non-negative' : 'positive'} integer)`,
      );
    }
  }
  return limits;
}
