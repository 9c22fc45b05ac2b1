import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { startKafka, type KafkaBroker } from '../kafka/index.ts';
import type { KafkaConnectionOptions } from '../kafka-io/connection-options.ts';
import { readAllRecording } from '../../formats/index.ts';
import { openRecordingFile } from '../recording/file.ts';
import type { KafkaRecord } from '../../formats/index.ts';

/** A real broker for one test file, with a kafkajs client and a scratch folder. */
export interface TestKafka {
  broker: KafkaBroker;
  kafka: Kafka;
  connection: KafkaConnectionOptions;
  /** a temp folder for the file's recordings, removed by `stop()` */
  dir: string;
  stop(): Promise<void>;
}

/** Starts a real Apache Kafka on a free 127.0.0.1 port with a fresh data folder. */
export async function startTestKafka(): Promise<TestKafka> {
  const broker = await startKafka({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'tapedeck-kafka-io-'));
  const kafka = new Kafka({
    clientId: 'tapedeck-test',
    brokers: [broker.bootstrap],
    logLevel: logLevel.NOTHING,
  });
  return {
    broker,
    kafka,
    connection: { brokers: [broker.bootstrap] },
    dir,
    stop: async () => {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A topic name no other test uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Creates `topic` with `partitions` partitions and waits until its leaders are known. */
export async function createTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Produces each group of messages in one send, in order, with an idempotent producer (a plain
 * one can write duplicates on a fresh broker while it retries).
 */
export async function produce(kafka: Kafka, topic: string, ...groups: Message[][]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const messages of groups) await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

/** The end (high-water) offset of each partition of `topic`, in partition order, as strings. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.sort((a, b) => a.partition - b.partition).map((o) => o.high);
  } finally {
    await admin.disconnect();
  }
}

/** Reads a recording file whole; a malformed line fails the test that reads it. */
export async function readRecordingFile(path: string): Promise<KafkaRecord[]> {
  const { records, malformed } = await readAllRecording(openRecordingFile(path));
  if (malformed.length > 0) {
    throw new Error(
      `recording "${path}" has malformed lines: ${JSON.stringify(malformed.slice(0, 3))}`,
    );
  }
  return records;
}

/** Records ordered by topic, partition, then offset: the order-independent view of a recording. */
export function byPartitionAndOffset(records: KafkaRecord[]): KafkaRecord[] {
  return [...records].sort((a, b) =>
    a.topic !== b.topic
      ? a.topic < b.topic
        ? -1
        : 1
      : a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0),
  );
}
