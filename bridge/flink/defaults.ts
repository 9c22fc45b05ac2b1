import { fileURLToPath } from 'node:url';

/**
 * What the embedded Flink runs: Flink 2.2.1 with flink-connector-kafka 5.0.0-2.2 (its
 * kafka-clients 4.2.0 talks to the Kafka 4.3.1 broker), on Java 17, logging through SLF4J 1.7
 * into Log4j 2 (Flink 2.2 wants the 1.x binding). flink-csv has no 2.2.1 on Maven Central; the
 * 2.2.0 format jar is used (formats are stable within a minor release).
 */
export const FLINK_VERSIONS = {
  flink: '2.2.1',
  kafkaConnector: '5.0.0-2.2',
  csv: '2.2.0',
  log4j: '2.25.4',
} as const;

/** Default root of the Flink jar cache: `<repo>/.cache/flink`, beside the Kafka jars. */
export const DEFAULT_FLINK_CACHE_ROOT = fileURLToPath(
  new URL('../../.cache/flink', import.meta.url),
);

/** The runner's Java source, compiled into the cache on first use. */
export const RUNNER_SOURCE = fileURLToPath(
  new URL('./runner/TapedeckFlinkRunner.java', import.meta.url),
);

export const FLINK_DEFAULTS = {
  /** MiniCluster JVM heap */
  heap: '1g',
  /** output lines of a failed run kept for its error */
  tailLines: 30,
} as const;
