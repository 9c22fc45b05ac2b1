import { fileURLToPath } from 'node:url';

/**
 * The Apache Kafka release Tapedeck runs. 4.3.1 is the newest 4.x release whose artifacts are all
 * on Maven Central (4.4.0's kafka-tools-api jar is missing there); kafkajs 2.2.4 is proven against
 * it by broker.test.ts. See VERSION-NOTE.md.
 */
export const KAFKA_VERSION = '4.3.1';

/** Log4j 2 version Kafka 4.3 itself depends on; Kafka logs through SLF4J 1.7, hence the 1.x binding. */
export const LOG4J_VERSION = '2.25.4';

/** Default root of the jar cache: `<repo>/.cache/kafka`; each version gets its own folder below it. */
export const DEFAULT_CACHE_ROOT = fileURLToPath(new URL('../../.cache/kafka', import.meta.url));

/** The single defaults place for the local broker's timings and sizes. */
export const BROKER_DEFAULTS = {
  host: '127.0.0.1',
  heap: '512m',
  readyTimeoutMs: 90_000,
  readyPollMs: 250,
  stopTimeoutMs: 30_000,
  logTailLines: 40,
} as const;
