/**
 * A real local Apache Kafka broker for Tapedeck users and tests. Node-only: import this file by
 * path from Node code; bridge/index.ts (browser-safe) does not re-export it.
 */
export { startKafka, type KafkaBroker, type StartKafkaOptions } from './broker.ts';
export {
  fetchKafkaJars,
  kafkaRuntimePom,
  type FetchJarsOptions,
  type KafkaJars,
} from './fetch-jars.ts';
export { KafkaBrokerError, type KafkaBrokerErrorCode } from './errors.ts';
export { BROKER_DEFAULTS, DEFAULT_CACHE_ROOT, KAFKA_VERSION } from './defaults.ts';
